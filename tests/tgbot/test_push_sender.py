"""How Telegram's refusals of a push to a group chat are read: the bot muted there (still in
the chat: tried again, admins told) or the bot out of it (the chat is skipped until it is
back). The sandbox gives the 400 a muted bot gets; these are the wordings it does not."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.services.dispatch import DeliveryJob
from bot.tgbot.push_sender import TelegramSender


class _Refusing:
    """A bot whose every send Telegram refuses with `error`."""

    def __init__(self, error: TelegramError) -> None:
        self._error = error

    async def send_message(self, *_: Any, **__: Any) -> Any:
        raise self._error


class _Gate:
    async def __call__(self, chat_id: int) -> None:
        return None

    def done(self) -> None:
        return None


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (BadRequest("Bad Request: not enough rights to send text messages to the chat"), "muted"),
        (Forbidden("Forbidden: not enough rights to send text messages to the chat"), "muted"),
        (Forbidden("Forbidden: CHAT_WRITE_FORBIDDEN"), "muted"),
        (BadRequest("Bad Request: CHAT_WRITE_FORBIDDEN"), "muted"),
        (BadRequest("Bad Request: have no rights to send a message"), "muted"),
        (Forbidden("Forbidden: bot was kicked from the group chat"), "blocked"),
        (Forbidden("Forbidden: bot is not a member of the supergroup chat"), "blocked"),
    ],
)
async def test_a_group_chat_that_muted_the_bot_is_not_taken_for_one_it_left(
    error: TelegramError, kind: str
) -> None:
    sender = TelegramSender(_Refusing(error))  # type: ignore[arg-type]
    job = DeliveryJob(
        id=1,
        fire_id=1,
        chat_id=-1001234505001,
        member_id=None,
        payload={"kind": "scheduled", "title": "每日学习提示", "text": "今日学习"},
        locale="zh",
        attempts=0,
    )
    outcome = await sender.send(job, _Gate())
    assert outcome.kind == kind
