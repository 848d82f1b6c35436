"""The real `studybot run` process, polling the sandbox over HTTP on 127.0.0.1."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url
from tornado.httpclient import AsyncHTTPClient
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.storage.migrate import revisions_oldest_first
from tests.e2e.process import BotProcess, free_port, write_config

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


async def test_a_url_written_for_psycopg_runs_the_bot_through_asyncpg(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    """The URL a host gives for psycopg, with libpq's sslmode: the bot was refused at start
    (unsupported database URL); now it runs on asyncpg, LISTEN for content included, and says
    in one line what it changed."""
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    psycopg = make_url(database_url).set(drivername="postgresql+psycopg", query={})
    given = psycopg.render_as_string(hide_password=False) + "?sslmode=prefer"
    sandbox = server.sandbox
    sandbox.user(MEMBER, "王五")
    bot = BotProcess(write_config(tmp_path, server, given), TOKEN, tmp_path / "bot.log")
    await bot.start()
    try:
        sandbox.send_message(MEMBER, "/start")
        [welcome] = await sandbox.wait_sent(1, chat_id=MEMBER, timeout=30)
        assert "你好，王五" in (welcome.text or "")
    finally:
        code = await bot.stop()
    assert code == 0, bot.log()
    assert (
        "数据库地址 database_url 按 asyncpg 使用：postgresql+psycopg → postgresql+asyncpg、"
        "sslmode=prefer → ssl=prefer"
    ) in bot.log()


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


async def test_start_up_migrates_the_database_once(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    """The check before the start brings the schema up to date; the application's own start
    opened a migration context again (on PostgreSQL taking the migration lock again) to find
    nothing to do."""
    bot = BotProcess(write_config(tmp_path, server, database_url), TOKEN, tmp_path / "bot.log")
    await bot.start()
    sandbox = server.sandbox
    await sandbox.wait_for(
        lambda: any(method == "getUpdates" for method, _ in sandbox.calls), timeout=30
    )
    await bot.signal(signal.SIGINT)
    assert await bot.wait() == 0, bot.log()
    log = bot.log()
    last_step = log.rindex(f"Running upgrade {revisions_oldest_first()[-2]} ->")
    assert "alembic.runtime.migration: Context impl" not in log[last_step:]


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


async def _run_to_exit(config: Path, token: str) -> tuple[int, str]:
    bot = BotProcess(config, token, config.parent / "bot.log")
    await bot.start()
    code = await bot.wait(timeout=60)
    return code, bot.log()


async def test_a_rejected_token_is_said_in_one_line_per_language(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    code, log = await _run_to_exit(write_config(tmp_path, server, database_url), "4242:WRONG")
    assert code == 3
    assert "不接受这个机器人令牌" in log and "does not accept this bot token" in log
    assert "Traceback" not in log and "4242:WRONG" not in log


async def test_an_unreachable_bot_api_is_said_in_one_line_per_language(
    tmp_path: Path, database_url: str
) -> None:
    closed = SandboxServer(BotApiSandbox(token=TOKEN))
    await closed.start()
    port = closed.port
    await closed.stop()  # nothing listens there any more
    config = write_config(tmp_path, closed, database_url)
    code, log = await _run_to_exit(config, TOKEN)
    assert code == 4
    assert f"连不上 Bot API 服务器 http://127.0.0.1:{port}/bot" in log
    assert "proxy_url" in log and "Traceback" not in log and TOKEN not in log


class _ForwardingProxy(RequestHandler):
    """An HTTP proxy, as far as plain-HTTP requests go: the request line holds the full URL."""

    def initialize(self, seen: list[str]) -> None:
        self.seen = seen

    async def _forward(self) -> None:
        self.seen.append(self.request.uri)
        response = await AsyncHTTPClient().fetch(
            self.request.uri,
            method=self.request.method,
            headers={k: v for k, v in self.request.headers.items() if k.lower() != "host"},
            body=self.request.body if self.request.method == "POST" else None,
            raise_error=False,
            request_timeout=60,
        )
        self.set_status(response.code)
        self.set_header("Content-Type", response.headers.get("Content-Type", "application/json"))
        self.finish(response.body)

    async def get(self, _: str) -> None:
        await self._forward()

    async def post(self, _: str) -> None:
        await self._forward()


async def test_the_bot_reaches_the_bot_api_through_proxy_url(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    seen: list[str] = []
    proxy = HTTPServer(Application([(r"(.*)", _ForwardingProxy, {"seen": seen})]))
    [sock] = bind_sockets(0, "127.0.0.1")
    proxy.add_sockets([sock])
    proxy_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = write_config(tmp_path, server, database_url, proxy_url=proxy_url)
    bot = BotProcess(config, TOKEN, tmp_path / "bot.log")
    await bot.start()
    try:
        server.sandbox.user(MEMBER, "王五")
        server.sandbox.send_message(MEMBER, "/start")
        [welcome] = await server.sandbox.wait_sent(1, chat_id=MEMBER, timeout=30)
        assert "你好，王五" in (welcome.text or "")
    finally:
        code = await bot.stop()
        proxy.stop()
    assert code == 0, bot.log()
    methods = {uri.rsplit("/", 1)[-1] for uri in seen}
    assert {"getMe", "getUpdates", "sendMessage"} <= methods  # every call went through it


class _NotABotApi(RequestHandler):
    """What a wrong bot_api_base_url may find: a web page, or a server with errors of its own."""

    def initialize(self, status: int, body: str) -> None:
        self.status, self.body = status, body

    def post(self, _: str) -> None:
        self.set_status(self.status)
        self.finish(self.body)


def _serve(status: int, body: str) -> tuple[HTTPServer, str]:
    server = HTTPServer(Application([(r"(.*)", _NotABotApi, {"status": status, "body": body})]))
    [sock] = bind_sockets(0, "127.0.0.1")
    server.add_sockets([sock])
    return server, f"http://127.0.0.1:{sock.getsockname()[1]}/bot"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, "<html><body>Welcome to nginx!</body></html>"),
        (400, '{"ok": false, "error_code": 400, "description": "Bad Request: wrong method"}'),
        (403, '{"ok": false, "error_code": 403, "description": "Forbidden"}'),
    ],
)
async def test_a_server_that_is_not_a_bot_api_is_said_without_a_traceback(
    tmp_path: Path, status: int, body: str
) -> None:
    from bot.config import parse_config
    from bot.tgbot.runner import EXIT_API_REFUSED, check_bot_api

    server, url = _serve(status, body)
    try:
        config = parse_config(
            {"token": TOKEN, "bot_api_base_url": url}, base_dir=tmp_path, environ={}
        )
        refusal = await check_bot_api(config)
    finally:
        server.stop()
    assert refusal is not None
    code, message = refusal
    assert code == EXIT_API_REFUSED
    assert f"服务器 {url} 有应答，但不是 Bot API 服务器的应答" in message
    assert "answered, but not as a Bot API server" in message and TOKEN not in message


async def test_a_web_page_at_the_bot_api_address_stops_the_process_in_one_line(
    tmp_path: Path, database_url: str
) -> None:
    server, url = _serve(200, "<html><body>Welcome to nginx!</body></html>")
    fake = SandboxServer(BotApiSandbox(token=TOKEN))
    config = write_config(tmp_path, fake, database_url, bot_api_base_url=url)
    try:
        code, log = await _run_to_exit(config, TOKEN)
    finally:
        server.stop()
    assert code == 5, log
    assert "bot_api_base_url" in log and "Traceback" not in log and TOKEN not in log


async def test_a_database_that_cannot_be_opened_stops_the_process_in_one_line(
    server: SandboxServer, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    missing = f"sqlite+aiosqlite:///{tmp_path / 'a-file' / 'studybot.db'}"
    code, log = await _run_to_exit(write_config(tmp_path, server, missing), TOKEN)
    assert code == 6, log
    assert "连不上数据库" in log and "Cannot open the database" in log
    assert "Traceback" not in log and TOKEN not in log


async def test_a_webhook_url_the_bot_api_refuses_stops_the_process_in_one_line(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    webhook = {
        "listen": "127.0.0.1",
        "port": free_port(),
        "url": "http://bot.example.org",  # Telegram calls https addresses only
        "secret_token": "s3cret",
    }
    config = write_config(tmp_path, server, database_url, mode="webhook", webhook=webhook)
    code, log = await _run_to_exit(config, TOKEN)
    assert code == 2, log  # a config mistake: systemd does not restart it (deploy/)
    assert "不接受 webhook 地址 http://bot.example.org/telegram" in log
    assert "does not accept the webhook URL http://bot.example.org/telegram" in log
    assert "webhook.url" in log and "Traceback" not in log and TOKEN not in log


async def test_a_webhook_port_another_program_holds_stops_the_process_in_one_line(
    server: SandboxServer, tmp_path: Path, database_url: str
) -> None:
    """Two instances started on one port (or an old one still stopping): an OSError
    traceback, exit 1, and again every 3 seconds under systemd."""
    [holder] = bind_sockets(0, "127.0.0.1")
    port = holder.getsockname()[1]
    webhook = {
        "listen": "127.0.0.1",
        "port": port,
        "url": "https://bot.example.org",
        "secret_token": "s3cret",
    }
    config = write_config(tmp_path, server, database_url, mode="webhook", webhook=webhook)
    try:
        code, log = await _run_to_exit(config, TOKEN)
    finally:
        holder.close()
    assert code == 8, log
    assert f"无法在 127.0.0.1:{port} 上接收 webhook 请求" in log
    assert f"cannot listen for webhook requests on 127.0.0.1:{port}" in log
    assert "STUDYBOT_WEBHOOK_PORT" in log and "Traceback" not in log and TOKEN not in log


async def test_a_database_of_a_newer_bot_stops_the_process_in_one_line(
    server: SandboxServer, tmp_path: Path
) -> None:
    """The program rolled back to an older release, the database left as the newer one made
    it: one line per language saying so, and an exit code systemd does not restart on (it
    restarted every 3 seconds, with a traceback of 150 lines each time)."""
    path = tmp_path / "studybot.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        db.execute("INSERT INTO alembic_version VALUES ('9999_from_a_newer_bot')")
    config = write_config(tmp_path, server, f"sqlite+aiosqlite:///{path}")
    code, log = await _run_to_exit(config, TOKEN)
    assert code == 7, log
    assert "9999_from_a_newer_bot" in log and "比这个版本的机器人新" in log
    assert "newer than this release of the bot" in log
    assert "Traceback" not in log and TOKEN not in log


async def test_a_migration_that_fails_stops_the_process_in_one_line(
    server: SandboxServer, tmp_path: Path
) -> None:
    """A database whose tables are not what its revision says (a partial restore, tables
    made by hand): the migration fails, said in one line with its cause, no restart loop."""
    path = tmp_path / "studybot.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        # At 0007 the next migration (0008) alters quiz_sessions, which is not there. (The one
        # before head was taken before: 0009 only creates a table, and does not fail.)
        db.execute("INSERT INTO alembic_version VALUES (?)", ("0007",))
    config = write_config(tmp_path, server, f"sqlite+aiosqlite:///{path}")
    code, log = await _run_to_exit(config, TOKEN)
    assert code == 7, log
    assert "升级失败" in log and "failed" in log and "quiz_sessions" in log
    assert "studybot db upgrade" in log
    assert "Traceback" not in log and TOKEN not in log
