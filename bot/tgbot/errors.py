"""The one error handler: polite answers for expected failures, logs with context for bugs."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict, Forbidden, TelegramError

from bot.locales import Translator, in_every_language
from bot.services.errors import UserFacingError
from bot.storage.db import lost_the_database
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import refusal_text, reply
from bot.tgbot.retry import network_trouble

log = logging.getLogger(__name__)


async def _locale_of(update: Update, context: StudyContext) -> str:
    try:
        async with context.services.unit() as unit:
            actor = await unit.members.identify(caller_from(update))
        return actor.locale
    except Exception:  # the database may be what failed; answer in the default language
        return context.services.config.language


async def _tell(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)


async def on_error(update: object, context: StudyContext) -> None:
    error = context.error
    if not isinstance(update, Update) or update.effective_user is None:
        if isinstance(error, Conflict):
            # Telegram's 409 to one of two processes polling with one token, every poll.
            log.error(in_every_language("deploy-polling-conflict").replace("\n", " / "))
        elif network_trouble(error):
            # Polling retries by itself; one line is enough to see the network is down.
            log.warning("network trouble outside an update: %s", error)
        else:
            log.error("error outside an update: %r", error, exc_info=error)
        return
    if isinstance(error, UserFacingError):
        t = Translator(await _locale_of(update, context))
        await _tell(update, refusal_text(t, error))
        return
    retry_later = context.bot_data.retry_later
    if retry_later is not None and error is not None and lost_the_database(error):
        # No apology: Telegram sends the update again and it is served then (what it did
        # before the failure is not done twice: every write is keyed).
        log.warning("database away; update %s to be sent again: %r", update.update_id, error)
        retry_later.add(update.update_id)
        return
    chat = update.effective_chat
    log.error(
        "error handling update %s from user %s in chat %s: %r",
        update.update_id,
        update.effective_user.id,
        chat.id if chat else None,
        error,
        exc_info=error,
    )
    if isinstance(error, Forbidden) or network_trouble(error):
        return  # we cannot reach the person anyway
    try:
        await _tell(update, Translator(await _locale_of(update, context))("error-internal"))
    except TelegramError:
        log.warning("could not tell user %s about the error", update.effective_user.id)
