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
from bot.services.dispatch import DeliveryJob, Gate, Outcome
from bot.tgbot.flood_retry import NO_RETRY, RetryChoice
from bot.tgbot.push_render import push_keyboard, push_text
from bot.tgbot.retry import retry_after_seconds

# Starts a group contest in a chat: (chat id, the push's `contest` payload, fire id).
ContestStarter = Callable[[int, Mapping[str, Any], int], Awaitable[None]]


class TelegramSender:
    def __init__(self, bot: ExtBot[RetryChoice], contests: ContestStarter | None = None) -> None:
        self._bot = bot
        self._contests = contests  # bot.tgbot.handlers.contests; None: contests ignored
        # A file is uploaded once per process; later sends reuse Telegram's file_id.
        self._uploaded: dict[str, str] = {}

    async def send(self, job: DeliveryJob, gate: Gate) -> Outcome:
        t = Translator(job.locale)
        payload = job.payload
        first_message: int | None = None
        try:
            await gate(job.chat_id)
            message = await self._bot.send_message(
                job.chat_id,
                push_text(t, payload),
                reply_markup=push_keyboard(t, payload, job.fire_id),
                rate_limit_args=NO_RETRY,
            )
            first_message = message.message_id
            if payload.get("kind") != "nudge":
                for ref in payload.get("files", []):
                    await gate(job.chat_id)
                    await self._send_file(job.chat_id, str(ref))
                for photo in payload.get("photos", []):
                    await gate(job.chat_id)
                    await self._bot.send_photo(job.chat_id, str(photo), rate_limit_args=NO_RETRY)
        except TelegramError as error:
            return _outcome(error, partly_sent=first_message is not None)
        contest = payload.get("contest")
        if contest and self._contests is not None and job.chat_id < 0:
            # The push's text was the invitation; the contest follows with its countdown.
            await gate(job.chat_id)
            await self._contests(job.chat_id, contest, job.fire_id)
        return Outcome("sent", message_id=first_message)

    async def _send_file(self, chat_id: int, ref: str) -> None:
        if classify_file_ref(ref) != "path":
            await self._bot.send_document(chat_id, ref, rate_limit_args=NO_RETRY)
            return
        if ref in self._uploaded:
            await self._bot.send_document(chat_id, self._uploaded[ref], rate_limit_args=NO_RETRY)
            return
        path = Path(ref)
        content = await asyncio.to_thread(path.read_bytes)
        sent = await self._bot.send_document(
            chat_id, InputFile(content, filename=path.name), rate_limit_args=NO_RETRY
        )
        if sent.document is not None:
            self._uploaded[ref] = sent.document.file_id


def _outcome(error: TelegramError, *, partly_sent: bool) -> Outcome:
    """Telegram's answer mapped to what the outbox does next."""
    detail = f"{type(error).__name__}: {error}"[:300]
    if partly_sent:
        # The text went out; repeating it would send it twice. Report instead.
        return Outcome("uncertain", error="partly sent: " + detail)
    if isinstance(error, RetryAfter):
        return Outcome("retry", error=detail, retry_after=retry_after_seconds(error))
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
