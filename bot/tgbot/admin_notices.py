"""Telling people outside the update at hand: the admins what went wrong with the content
files at start-up, or what members did that an admin had decided otherwise (a removed
member coming back); a member what an organiser did to them (moved, given points)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.content.problems import Problem
from bot.locales import Translator, translate
from bot.services.pushes import FireResult
from bot.services.unit import Services

log = logging.getLogger(__name__)
# A Telegram message holds 4096 characters; a long problem list is cut with a pointer to
# `studybot check`, which prints all of it.
MAX_LISTED = 15


async def report_content_problems(bot: Bot, services: Services) -> None:
    """A broken bank or schedule never stops the bot: it starts without it and the admins
    hear why."""
    banks, schedules = services.catalog, services.schedules
    failed = (*banks.failed_files, *schedules.failed_files)
    if not failed:
        return
    problems = (*banks.errors, *schedules.errors, *schedules.without_their_banks)
    for line in _rendered(problems, services.config.language):
        log.warning("content problem: %s", line)

    def compose(t: Translator) -> str:
        errors = _rendered(problems, t.locale)
        lines = [t("admin-content-failed", files=t("list-separator").join(failed))]
        lines += errors[:MAX_LISTED]
        if len(errors) > MAX_LISTED:
            lines.append(t("admin-more-problems", count=len(errors) - MAX_LISTED))
        return "\n".join(lines)

    # Plain text: the problems quote the files, which may hold anything.
    await tell_admins(bot, services, compose, parse_mode=None)


async def report_pushes_without_banks(
    bot: Bot, services: Services, results: Iterable[FireResult]
) -> None:
    """Each push that went out without its quiz button or contest, because the bank was
    left out for errors in its file, is reported once (when its fire is claimed), with the
    lines of that file to fix."""
    catalog = services.catalog
    left_out = [(result, bank) for result in results for bank in result.banks_left_out]
    if not left_out:
        return

    def compose(t: Translator) -> str:
        lines: list[str] = []
        for result, bank in left_out:
            file = catalog.broken.get(bank, "")
            lines.append(
                t(
                    "admin-push-without-bank",
                    id=result.schedule_id,
                    time=result.fire_time.strftime("%Y-%m-%d %H:%M"),
                    bank=bank,
                    file=file,
                )
            )
            errors = _rendered((p for p in catalog.errors if p.path == file), t.locale)
            lines += errors[:MAX_LISTED]
            if len(errors) > MAX_LISTED:
                lines.append(t("admin-more-problems", count=len(errors) - MAX_LISTED))
        return "\n".join(lines)

    await tell_admins(bot, services, compose, parse_mode=None)


def _rendered(problems: Iterable[Problem], locale: str) -> list[str]:
    return [problem.render(partial(translate, locale)) for problem in problems]


async def tell_admins(
    bot: Bot, services: Services, compose: Callable[[Translator], str], **send_options: Any
) -> None:
    """Send every admin what `compose` writes, in the admin's own language (the config's
    for one the bot has not met yet); the others still hear when one cannot be reached."""
    async with services.unit() as unit:
        locales = {admin: await unit.members.locale_of(admin) for admin in services.config.admins}
    for admin, locale in locales.items():
        await tell(bot, admin, compose(Translator(locale)), **send_options)


async def tell(bot: Bot, chat_id: int, text: str, **send_options: Any) -> None:
    """Send `text` to someone outside the update at hand (an admin, a member moved or
    given points): one who cannot be reached (never started the bot, blocked it) is
    logged, and what they were told of stands all the same."""
    try:
        await bot.send_message(chat_id, text, **send_options)
    except TelegramError as exc:
        log.warning("could not tell %s: %s (%s)", chat_id, exc, text[:80])
