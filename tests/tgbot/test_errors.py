"""The one error handler: a refusal quotes what the person typed, whatever it holds."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, Conflict

import bot.tgbot.private_chat as private_chat
from tests.tgbot.conftest import HarnessFactory

MEMBER = 2001


async def test_a_refusal_quotes_typed_angle_brackets(make_harness: HarnessFactory) -> None:
    harness = await make_harness()
    # Members copy usage lines literally: "/practice <题库或标签>".
    [refusal] = await harness.say(MEMBER, "/practice <题库或标签>")
    assert refusal.plain_text == "没有找到“<题库或标签>”对应的题库或标签。发送 /banks 查看题库。"


async def test_a_request_telegram_refuses_mid_update_is_owned_up_to_and_logged_as_such(
    make_harness: HarnessFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PTB's BadRequest is a NetworkError, but a refused request is the bot's fault, not the
    network's: the member is told something went wrong (not left waiting), and a job's
    refused request is not logged as network trouble."""
    harness = await make_harness()

    async def refused(*_: object) -> None:
        raise BadRequest("Can't parse entities: unsupported start tag")

    monkeypatch.setattr(private_chat, "reply", refused)  # the /help text Telegram cannot parse
    [said] = await harness.say(MEMBER, "/help")
    assert "出了点问题" in said.plain_text
    error = BadRequest("Chat not found")
    await harness.app.process_error(None, error)
    assert "network trouble" not in caplog.text
    assert "Chat not found" in caplog.text


async def test_a_second_process_polling_with_the_same_token_is_named_in_one_line(
    make_harness: HarnessFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram answers 409 to one of two processes polling with one token (an old server
    left running after a move): the log says what is going on, not a traceback a poll."""
    harness = await make_harness()
    conflict = Conflict("Conflict: terminated by other getUpdates request")
    await harness.app.process_error(None, conflict)
    [record] = [r for r in caplog.records if "getUpdates" in r.getMessage()]
    assert "同一个令牌" in record.getMessage() and "same token" in record.getMessage()
    assert record.exc_info is None


@pytest.mark.parametrize("command", ["/practice", "/join", "/rank", "/start", "/partyday"])
async def test_a_refusal_quotes_a_very_long_typed_text_clipped(
    make_harness: HarnessFactory, command: str
) -> None:
    """A member pastes a whole article after a command: the refusal quotes its beginning,
    not all of it (Telegram refuses a message over 4096 characters, and the member got
    nothing at all)."""
    harness = await make_harness()
    typed = "学习贯彻党的二十大精神" * 370
    refused_before = harness.sandbox.stats.errors.total()
    [refusal] = await harness.say(MEMBER, f"{command} {typed}")
    assert "学习贯彻党的二十大精神" in refusal.plain_text and "…" in refusal.plain_text
    assert len(refusal.plain_text) < 1000
    assert harness.sandbox.stats.errors.total() == refused_before
