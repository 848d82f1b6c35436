"""/partyday and /partydays: members' days of joining the Party, for political birthdays."""

from __future__ import annotations

from telegram import Update

from bot.locales import Translator
from bot.services.party_days import MonthOfBirthdays, PartyDay
from bot.tgbot.context import StudyContext, caller_from, require_private_chat
from bot.tgbot.handlers.groups import explained
from bot.tgbot.render import escape, reply, reply_long


async def partyday(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        require_private_chat(update, "partyday-private-only")
        with explained(actor, "usage-partyday"):
            day = await unit.party_days.partyday(actor, context.args or [])
    await reply(update, party_day_text(Translator(actor.locale), day))


async def partydays(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        require_private_chat(update, "partyday-private-only")
        month = await unit.party_days.month(actor, context.args or [])
    await reply_long(update, month_lines(Translator(actor.locale), month))


def party_day_text(t: Translator, day: PartyDay) -> str:
    whose = "yours" if day.yours else "other"
    name = escape(day.name)
    if day.joined is None:
        key = "cleared" if day.changed else "none"
        return t(f"partyday-{key}-{whose}", name=name)
    assert day.years is not None and day.next_birthday is not None
    key = "set" if day.changed else "show"
    return t(
        f"partyday-{key}-{whose}",
        name=name,
        date=day.joined.isoformat(),
        age=t("party-age", years=day.years),
        next=day.next_birthday.isoformat(),
    )


def month_lines(t: Translator, month: MonthOfBirthdays) -> list[str]:
    count = len(month.anniversaries)
    if count:
        lines = [t("partydays-header", year=str(month.year), month=month.month, count=count)]
    else:
        lines = [t("partydays-none", year=str(month.year), month=month.month)]
    for one in month.anniversaries:
        username = f" @{one.username}" if one.username else ""
        lines.append(
            t(
                "partydays-line",
                month=one.day.month,
                day=one.day.day,
                name=escape(one.name) + escape(username),
                id=str(one.member_id),
                years=one.years,
            )
        )
    if month.without_date:
        lines.append(t("partydays-missing", count=month.without_date))
    return lines
