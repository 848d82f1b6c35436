"""/grant and /revoke: admins hand out and take back the organiser role."""

from __future__ import annotations

from telegram import Update

from bot.locales import Translator
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import escape, reply


async def _change(update: Update, context: StudyContext, *, organiser: bool) -> None:
    target = context.args[0] if context.args and len(context.args) == 1 else None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        change = await unit.members.set_organiser(actor, target, organiser=organiser)
    t = Translator(actor.locale)
    if organiser:
        message_id = "role-granted" if change.changed else "role-already-organiser"
    else:
        message_id = "role-revoked" if change.changed else "role-not-organiser"
    await reply(update, t(message_id, name=escape(change.first_name), id=str(change.member_id)))


async def grant(update: Update, context: StudyContext) -> None:
    await _change(update, context, organiser=True)


async def revoke(update: Update, context: StudyContext) -> None:
    await _change(update, context, organiser=False)
