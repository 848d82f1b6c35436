"""The real `studybot run` process, polling the sandbox over HTTP on 127.0.0.1."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from tests.e2e.process import BotProcess, write_config

TOKEN = "4242:E2E-secret-token"
MEMBER = 3001


@pytest.fixture
async def server() -> AsyncIterator[SandboxServer]:
    sandbox = BotApiSandbox(token=TOKEN)
    async with SandboxServer(sandbox) as running:
        yield running


async def test_start_help_lang_against_the_real_process(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    sandbox = server.sandbox
    sandbox.user(MEMBER, "王五")
    bot = BotProcess(write_config(tmp_path, server, database_url), TOKEN, tmp_path / "bot.log")
    await bot.start()
    try:
        sandbox.send_message(MEMBER, "/start")
        [welcome] = await sandbox.wait_sent(1, chat_id=MEMBER, timeout=30)
        assert "你好，王五" in (welcome.text or "")
        sandbox.send_message(MEMBER, "/help")
        help_text = (await sandbox.wait_sent(2, chat_id=MEMBER, timeout=10))[-1].text or ""
        assert "/quiz" in help_text
        sandbox.send_message(MEMBER, "/lang en")
        switched = (await sandbox.wait_sent(3, chat_id=MEMBER, timeout=10))[-1].text or ""
        assert "Switched to English" in switched
        # The command menu was published in both languages at start-up.
        assert dict(sandbox.commands("zh"))["help"]
    finally:
        code = await bot.stop()
    assert code == 0, bot.log()
    log = bot.log()
    assert TOKEN not in log
    assert "getUpdates" in log  # DEBUG logging really ran, so the check above means something


async def test_sigint_stops_cleanly(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    bot = BotProcess(write_config(tmp_path, server, database_url), TOKEN, tmp_path / "bot.log")
    await bot.start()
    sandbox = server.sandbox
    await sandbox.wait_for(
        lambda: any(method == "getUpdates" for method, _ in sandbox.calls), timeout=30
    )
    await bot.signal(signal.SIGINT)
    assert await bot.wait() == 0, bot.log()


async def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    import asyncio
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=str(tmp_path),
        env=env,
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 30)
    text = err.decode()
    assert process.returncode == 2
    assert "@BotFather" in text and "studybot console" in text
    assert len(text.strip().splitlines()) == 1
