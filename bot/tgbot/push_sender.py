"""Sends one delivery through PTB and tells the dispatcher what happened, in its terms."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from telegram import InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.content.schedules import classify_file_ref
from bot.locales import Translator
from bot.services.dispatch import Addressee, DeliveryJob, Gate, Outcome
from bot.tgbot.push_render import push_keyboard, push_text
from bot.tgbot.rate_limiter import DISPATCHED, RequestKind
from bot.tgbot.retry import retry_after_seconds

# How Telegram words a refusal to post in a group chat the bot is still in, where its admins
# took the bot's right to send messages (400 or 403 alike, depending on the chat): not to be
# read as the bot's removal, which any other 403 from a group chat is.
_MUTED_REFUSALS = ("not enough rights to send", "have no rights to send", "chat_write_forbidden")

# Starts a group contest in a chat: (chat id, the push's `contest` payload, fire id).
ContestStarter = Callable[[int, Mapping[str, Any], int], Awaitable[None]]
# Returns when the next message to a chat may leave: a delivery's `Gate`.
Pace = Callable[[int], Awaitable[None]]


class TelegramSender:
    def __init__(self, bot: ExtBot[RequestKind], contests: ContestStarter | None = None) -> None:
        self._bot = bot
        self._contests = contests  # bot.tgbot.handlers.contests; None: contests ignored
        # A file is uploaded once per process; later sends reuse Telegram's file_id.
        self._uploaded: dict[str, str] = {}

    @property
    def bot(self) -> ExtBot[RequestKind]:
        return self._bot

    async def send(self, job: DeliveryJob, gate: Gate) -> Outcome:
        payload = job.payload
        sent: list[int] = []
        t = Translator(job.locale)
        # A group chat is greeted as a whole.
        addressee = job.addressee or Addressee(t("push-everyone"), None)
        try:
            await self.send_content(
                job.chat_id, t, payload, job.fire_id, gate, sent=sent, addressee=addressee
            )
        except TelegramError as error:
            return _outcome(error, partly_sent=bool(sent))
        contest = payload.get("contest")
        if contest and self._contests is not None and job.chat_id < 0:
            # The push's text was the invitation; the contest follows with its countdown,
            # whose messages take their turns as the contest's later steps do.
            gate.done()
            await self._contests(job.chat_id, contest, job.fire_id)
        return Outcome("sent", message_id=sent[0])

    async def send_content(
        self,
        chat_id: int,
        t: Translator,
        payload: dict[str, Any],
        fire_id: int,
        gate: Pace | None = None,
        *,
        sent: list[int] | None = None,
        addressee: Addressee | None = None,
    ) -> None:
        """The push's messages to one chat: its text and buttons, then its files and photos.

        /preview sends them too (fire id 0, no `gate`), so an organiser sees exactly what
        members get. The dispatcher's sends wait for its gate and must see every RetryAfter
        to hold its budget; a preview's take their turns and sit out a brief wait like any
        reply. The id of each message is appended to `sent` as it goes, so a failure
        part-way is known to be part-way.
        """
        pace = gate or _as_a_reply
        kind = DISPATCHED if gate is not None else None
        sent = [] if sent is None else sent
        await pace(chat_id)
        message = await self._bot.send_message(
            chat_id,
            push_text(t, payload, addressee),
            reply_markup=push_keyboard(t, payload, fire_id),
            rate_limit_args=kind,
        )
        sent.append(message.message_id)
        if payload.get("kind") == "nudge":
            return  # a reminder points to the push the member already has
        for ref in payload.get("files", []):
            await pace(chat_id)
            sent.append(await self._send_file(chat_id, str(ref), kind))
        for photo in payload.get("photos", []):
            await pace(chat_id)
            message = await self._bot.send_photo(chat_id, str(photo), rate_limit_args=kind)
            sent.append(message.message_id)

    async def _send_file(self, chat_id: int, ref: str, kind: RequestKind | None) -> int:
        if classify_file_ref(ref) != "path":
            message = await self._bot.send_document(chat_id, ref, rate_limit_args=kind)
            return message.message_id
        if ref in self._uploaded:
            message = await self._bot.send_document(
                chat_id, self._uploaded[ref], rate_limit_args=kind
            )
            return message.message_id
        path = Path(ref)
        content = await asyncio.to_thread(path.read_bytes)
        message = await self._bot.send_document(
            chat_id, InputFile(content, filename=path.name), rate_limit_args=kind
        )
        if message.document is not None:
            self._uploaded[ref] = message.document.file_id
        return message.message_id


async def _as_a_reply(_chat_id: int) -> None:
    """A send outside the outbox (/preview) waits for its turn in the rate limiter
    (bot/tgbot/rate_limiter.py), as replies do: nothing to wait for here."""


def is_muted_refusal(error: TelegramError) -> bool:
    """Telegram refused a message because the bot may not post in the chat (muted by its
    admins), as opposed to being out of it."""
    text = error.message.casefold()
    return any(refusal in text for refusal in _MUTED_REFUSALS)


def _outcome(error: TelegramError, *, partly_sent: bool) -> Outcome:
    """Telegram's answer mapped to what the outbox does next."""
    detail = f"{type(error).__name__}: {error}"[:300]
    if partly_sent:
        # The text went out; repeating it would send it twice. Report instead.
        return Outcome("uncertain", error="partly sent: " + detail)
    if isinstance(error, RetryAfter):
        return Outcome("retry", error=detail, retry_after=retry_after_seconds(error))
    if isinstance(error, BadRequest | Forbidden) and is_muted_refusal(error):
        return Outcome("muted", error=detail)
    if isinstance(error, Forbidden):
        return Outcome("blocked", error=detail)
    if isinstance(error, ChatMigrated):
        return Outcome("migrated", error=detail, new_chat_id=error.new_chat_id)
    if isinstance(error, TimedOut):
        # The request may have reached Telegram: outcome unknown, never resent blindly.
        return Outcome("uncertain", error=detail)
    if isinstance(error, BadRequest):
        return Outcome("failed", error=detail)
    if isinstance(error, NetworkError):
        return Outcome("retry", error=detail)
    return Outcome("failed", error=detail)
