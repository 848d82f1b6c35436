"""The HTTP transport: a PTB Bot on its default HTTPXRequest, and the control API."""

from __future__ import annotations

import asyncio
import base64
import logging
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import InvalidToken
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.sandbox import BotApiSandbox, SandboxServer

USER = 42


@pytest.fixture
async def server(sandbox: BotApiSandbox) -> AsyncIterator[SandboxServer]:
    async with SandboxServer(sandbox) as server:
        yield server


@pytest.fixture
async def http_bot(sandbox: BotApiSandbox, server: SandboxServer) -> AsyncIterator[Bot]:
    async with Bot(
        sandbox.token, base_url=server.base_url, base_file_url=server.file_base_url
    ) as bot:
        yield bot


@pytest.fixture
async def control(server: SandboxServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.control_url + "/") as client:
        yield client


async def act(client: httpx.AsyncClient, action: str, **args: object) -> object:
    response = await client.post(action, json=args)
    assert response.status_code == 200, response.text
    return response.json()["result"]


async def test_binds_loopback_on_a_free_port(server: SandboxServer) -> None:
    assert server.port > 0
    assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
    assert server.file_base_url == f"http://127.0.0.1:{server.port}/file/bot"


async def test_ptb_over_http(
    http_bot: Bot, sandbox: BotApiSandbox, control: httpx.AsyncClient
) -> None:
    await act(control, "user", user_id=USER, first_name="Wang")
    await act(control, "send_message", user_id=USER, text="/start")
    (update,) = await http_bot.get_updates()
    assert update.message is not None and update.message.text == "/start"

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ack:7")]])
    sent = await http_bot.send_message(
        USER, "<b>Material</b>", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Material"
    query_id = await act(
        control, "press_button", user_id=USER, message_id=sent.message_id, callback_data="ack:7"
    )
    updates = await http_bot.get_updates(offset=update.update_id + 1)
    query = updates[0].callback_query
    assert query is not None and query.id == query_id and query.data == "ack:7"
    await query.answer("收到")
    assert await act(control, "callback_answers") == [
        {"query_id": query_id, "text": "收到", "show_alert": False}
    ]

    document = await http_bot.send_document(USER, b"a,b\n", filename="export.csv")
    assert document.document is not None
    file = await document.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"a,b\n"
    last = await act(control, "last", chat_id=USER)
    assert isinstance(last, dict)
    assert last["kind"] == "document" and last["file_name"] == "export.csv"
    assert base64.b64decode(last["file_base64"]) == b"a,b\n"

    stats = await act(control, "stats")
    assert isinstance(stats, dict) and stats["sends_ok"] == 2


async def test_user_upload_downloads_over_http(http_bot: Bot, control: httpx.AsyncClient) -> None:
    content = base64.b64encode(b"id: bank\n").decode()
    await act(control, "send_document", user_id=USER, file_name="b.yaml", content_base64=content)
    (update,) = await http_bot.get_updates()
    assert update.message is not None and update.message.document is not None
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"id: bank\n"


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    http_bot: Bot, sandbox: BotApiSandbox, control: httpx.AsyncClient
) -> None:
    started = time.monotonic()
    polling = asyncio.create_task(http_bot.get_updates(timeout=10))
    await sandbox.wait_for(lambda: any(method == "getUpdates" for method, _ in sandbox.calls))
    await act(control, "send_message", user_id=USER, text="hi")
    updates = await asyncio.wait_for(polling, 5)
    assert [u.message.text for u in updates if u.message] == ["hi"]
    assert time.monotonic() - started < 5


async def test_json_query_and_form_requests(server: SandboxServer, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    api = f"{server.base_url}{sandbox.token}"
    async with httpx.AsyncClient() as client:
        me = (await client.get(f"{api}/getMe")).json()
        assert me["ok"] and me["result"]["username"] == "studybot_sandbox_bot"
        by_json = await client.post(f"{api}/sendMessage", json={"chat_id": USER, "text": "1"})
        assert by_json.json()["result"]["text"] == "1"
        by_query = await client.get(f"{api}/sendMessage", params={"chat_id": USER, "text": "2"})
        assert by_query.json()["result"]["text"] == "2"
        by_form = await client.post(
            f"{api}/SENDMESSAGE", data={"chat_id": str(USER), "text": "true"}
        )
        assert by_form.json()["result"]["text"] == "true"
        bad_json = await client.post(
            f"{api}/sendMessage", content=b"{", headers={"Content-Type": "application/json"}
        )
        assert bad_json.status_code == 400
        unauthorized = await client.get(f"{server.base_url}1:WRONG/getMe")
        assert unauthorized.status_code == 401
        assert unauthorized.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
        missing = await client.get(f"{server.file_base_url}{sandbox.token}/documents/nope.txt")
        assert missing.status_code == 404


async def test_wrong_token_is_invalid_token_for_ptb(server: SandboxServer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("1:WRONG", base_url=server.base_url):  # initialize() calls getMe
            pass


async def test_control_errors(control: httpx.AsyncClient) -> None:
    assert (await control.post("teleport", json={})).status_code == 404
    assert (await control.post("user", json={"nobody": 1})).status_code == 400
    stale = await control.post(
        "press_button", json={"user_id": USER, "message_id": 1, "callback_data": "x"}
    )
    assert stale.status_code == 400 and "does not exist" in stale.json()["error"]
    waited = await control.post("wait_sent", json={"count": 1, "timeout": 0.05})
    assert waited.status_code == 408


async def test_control_wait_sent_group_and_migration(
    http_bot: Bot, control: httpx.AsyncClient
) -> None:
    await act(control, "group_chat", chat_id=-9, title="Team", members={"1": "creator"})

    async def send_later() -> None:
        await http_bot.send_message(-9, "contest starts")

    sending = asyncio.create_task(send_later())
    sent = await act(control, "wait_sent", count=1, chat_id=-9, timeout=5)
    await sending
    assert isinstance(sent, list) and sent[0]["plain_text"] == "contest starts"
    new_id = await act(control, "migrate_group", chat_id=-9)
    assert isinstance(new_id, int) and new_id < -1_000_000_000_000
    await act(control, "reset")
    assert await act(control, "sent") == []


async def test_stop_does_not_wait_for_a_pending_long_poll(
    server: SandboxServer, sandbox: BotApiSandbox
) -> None:
    client = httpx.AsyncClient()
    polling = asyncio.create_task(
        client.get(f"{server.base_url}{sandbox.token}/getUpdates", params={"timeout": 30})
    )
    await sandbox.wait_for(lambda: bool(sandbox.calls))
    async with asyncio.timeout(3):
        await server.stop()
    with pytest.raises(httpx.HTTPError):
        await polling
    await client.aclose()


async def test_token_is_not_logged(
    http_bot: Bot, sandbox: BotApiSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.sandbox.server"):
        await http_bot.get_me()
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.sandbox.server"]
    assert lines == ["200 POST /bot<token>/getMe"]


async def test_application_polls_over_http(sandbox: BotApiSandbox, server: SandboxServer) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "欢迎")

    app = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(server.base_url)
        .base_file_url(server.file_base_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await app.start()
        try:
            sandbox.send_message(USER, "/start")
            (welcome,) = await sandbox.wait_sent(1, chat_id=USER)
        finally:
            await app.updater.stop()
            await app.stop()
    assert welcome.text == "欢迎"


async def test_standalone_process_prints_its_base_url() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        async with asyncio.timeout(20):
            base_url = (await process.stdout.readline()).decode().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/bot")
        async with httpx.AsyncClient() as client:
            me = (await client.get(f"{base_url}123456:SANDBOX-TOKEN/getMe")).json()
        assert me["result"]["id"] == 123456
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), 10) == 0
