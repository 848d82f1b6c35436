"""The webhook server: the secret header, compared in constant time, and malformed posts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from bot.sandbox.state import BotApiSandbox
from bot.services.identity import Actor, Caller
from bot.services.members import MemberService
from bot.tgbot.webhook import SECRET_HEADER, WebhookServer, secret_matches
from tests.harness import BotHarness
from tests.tgbot.conftest import HarnessFactory

SECRET = "Abc_123-xyz"
MEMBER = 5101


@pytest.fixture
async def hook(make_harness: HarnessFactory) -> AsyncIterator[tuple[BotHarness, str]]:
    harness = await make_harness()
    server = WebhookServer(
        harness.app, listen="127.0.0.1", port=0, path="/telegram/", secret=SECRET
    )
    await server.start()
    yield harness, f"http://127.0.0.1:{server.port}/telegram"
    await server.stop()


def _start_update(sandbox: BotApiSandbox) -> dict[str, Any]:
    sandbox.user(MEMBER, "赵六")
    sandbox.send_message(MEMBER, "/start")
    [update] = sandbox.take_updates()
    return update


def test_secret_matches_only_the_exact_value() -> None:
    assert secret_matches(SECRET, SECRET)
    assert not secret_matches(None, SECRET)
    assert not secret_matches("", SECRET)
    assert not secret_matches(SECRET[:-1], SECRET)
    assert not secret_matches(SECRET + "x", SECRET)
    assert not secret_matches(SECRET.lower(), SECRET)


async def test_an_update_with_the_secret_is_handled_before_the_answer(
    hook: tuple[BotHarness, str],
) -> None:
    harness, url = hook
    update = _start_update(harness.sandbox)
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 200
    # Answered once handled: the welcome is already there.
    assert "你好，赵六" in (harness.sandbox.sent(MEMBER)[0].text or "")


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "0"])
async def test_a_missing_or_wrong_secret_gets_403_and_nothing_happens(
    hook: tuple[BotHarness, str], secret: str | None
) -> None:
    harness, url = hook
    update = _start_update(harness.sandbox)
    headers = {} if secret is None else {SECRET_HEADER: secret}
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json=update, headers=headers)
    assert response.status_code == 403
    assert harness.sandbox.sent(MEMBER) == []


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"message": {}}', b'{"update_id": 7, "message": {"text": "x"}}'],
)
async def test_a_body_that_is_no_update_gets_400(
    hook: tuple[BotHarness, str], body: bytes
) -> None:
    _, url = hook
    async with httpx.AsyncClient() as client:
        response = await client.post(url, content=body, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400


async def test_only_post_on_the_path(hook: tuple[BotHarness, str]) -> None:
    _, url = hook
    async with httpx.AsyncClient() as client:
        assert (await client.get(url, headers={SECRET_HEADER: SECRET})).status_code == 405
        other = url.replace("/telegram", "/other")
        assert (
            await client.post(other, json={}, headers={SECRET_HEADER: SECRET})
        ).status_code == 404


async def test_an_update_the_database_could_not_serve_is_refused_and_served_when_sent_again(
    hook: tuple[BotHarness, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database away for a moment (restarting, failing over): the update is answered
    503, so Telegram sends it again, and the member gets the real answer then, rather than
    an apology now and their tap lost."""
    harness, url = hook
    update = _start_update(harness.sandbox)
    identify = MemberService.identify

    async def database_away(self: MemberService, caller: Caller) -> Actor:
        refused = ConnectionRefusedError(111, "Connection refused")
        raise OperationalError("SELECT members…", {}, refused)

    async with httpx.AsyncClient() as client:
        monkeypatch.setattr(MemberService, "identify", database_away)
        response = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
        assert response.status_code == 503
        assert harness.sandbox.sent(MEMBER) == []  # no apology: the real answer follows
        monkeypatch.setattr(MemberService, "identify", identify)
        response = await client.post(url, json=update, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 200
    assert "你好，赵六" in (harness.sandbox.sent(MEMBER)[0].text or "")
