"""Starting the real `studybot run` process against the sandbox's HTTP server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert

from bot.sandbox.server import SandboxServer
from bot.storage import migrate
from bot.storage.db import create_engine
from bot.storage.models import Member
from tests.harness import member_rows

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(folder: Path, server: SandboxServer, database_url: str, **extra: Any) -> Path:
    raw: dict[str, Any] = {
        "bot_api_base_url": server.base_url,
        "bot_api_file_url": server.file_base_url,
        "database_url": database_url,
        "log_level": "DEBUG",
        "quizzes_dir": str(REPO / "quizzes"),
        "schedules_dir": str(REPO / "schedules"),
    }
    raw.update(extra)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


async def prepare_members(database_url: str, ids: Iterable[int]) -> None:
    """A migrated database with these members registered, before any bot process starts."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(insert(Member), member_rows(ids, now))
    await engine.dispose()


class BotProcess:
    """`python -m bot run` as a child process; stderr is kept for the log assertions."""

    def __init__(self, config: Path, token: str, log_path: Path) -> None:
        self.config = config
        self.token = token
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("STUDYBOT_DATABASE_URL",)}
        env["TELEGRAM_BOT_TOKEN"] = self.token
        self._log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "-c",
            str(self.config),
            "run",
            cwd=str(self.config.parent),
            env=env,
            stdout=self._log,
            stderr=self._log,
        )

    async def signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    async def wait(self, timeout: float = 20.0) -> int:  # noqa: ASYNC109
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), timeout)
        self._log.close()
        return code

    async def stop(self) -> int:
        await self.signal(signal.SIGTERM)
        return await self.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")
