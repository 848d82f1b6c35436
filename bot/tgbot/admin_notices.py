"""Telling people outside the update at hand: the admins what went wrong with the content
files at start-up, or what members did that an admin had decided otherwise (a removed
member coming back); a member what an organiser did to them (moved, given points)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.config import Config
from bot.content.banks import BankCatalog
from bot.content.schedules import ScheduleCatalog
from bot.locales import Translator, translate

log = logging.getLogger(__name__)
# A Telegram message holds 4096 characters; a long problem list is cut with a pointer to
# `studybot check`, which prints all of it.
MAX_LISTED = 15


async def report_content_problems(
    bot: Bot, config: Config, banks: BankCatalog, schedules: ScheduleCatalog
) -> None:
    """A broken bank or schedule never stops the bot: it starts without it and the admins
    hear why."""
    failed = (*banks.failed_files, *schedules.failed_files)
    if not failed:
        return
    t = Translator(config.language)
    locale = config.language
    problems = (*banks.errors, *schedules.errors)
    errors = [p.render(lambda mid, args: translate(locale, mid, args)) for p in problems]
    for line in errors:
        log.warning("content problem: %s", line)
    lines = [t("admin-content-failed", files=t("list-separator").join(failed))]
    lines += errors[:MAX_LISTED]
    if len(errors) > MAX_LISTED:
        lines.append(t("admin-more-problems", count=len(errors) - MAX_LISTED))
    # Plain text: the problems quote the files, which may hold anything.
    await tell_admins(bot, config, "\n".join(lines), parse_mode=None)


async def tell_admins(bot: Bot, config: Config, text: str, **send_options: Any) -> None:
    """Send every admin `text`; the others still hear when one cannot be reached."""
    for admin in config.admins:
        await tell(bot, admin, text, **send_options)


async def tell(bot: Bot, chat_id: int, text: str, **send_options: Any) -> None:
    """Send `text` to someone outside the update at hand (an admin, a member moved or
    given points): one who cannot be reached (never started the bot, blocked it) is
    logged, and what they were told of stands all the same."""
    try:
        await bot.send_message(chat_id, text, **send_options)
    except TelegramError as exc:
        log.warning("could not tell %s: %s (%s)", chat_id, exc, text[:80])
