"""/award and /unaward: organisers give points by hand, and take a slip back."""

from __future__ import annotations

from telegram import Bot, Update

from bot.locales import Translator
from bot.services.awards import AwardNote
from bot.tgbot.admin_notices import tell
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import escape, reply


async def award(update: Update, context: StudyContext) -> None:
    message = update.effective_message
    if message is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        notes = await unit.awards.give(
            actor, context.args or [], message.chat_id, message.message_id
        )
    t = Translator(actor.locale)
    lines = [t("award-given" if note.new else "award-seen", **_args(note)) for note in notes]
    await reply(update, "\n".join([*lines, t("award-undo-hint")]))
    for note in notes:
        if note.new:
            await _tell(context.bot, note, "award-you-got", context.services.config.language)


async def unaward(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        note = await unit.awards.take_back(actor, context.args or [])
    await reply(update, Translator(actor.locale)("award-revoked", **_args(note)))
    await _tell(context.bot, note, "award-you-lost", context.services.config.language)


def _args(note: AwardNote) -> dict[str, str | int]:
    return {
        "id": str(note.award_id),
        "name": escape(note.member_name),
        "points": note.points,
        "reason": escape(note.reason),
        "by": escape(note.given_by),
    }


async def _tell(bot: Bot, note: AwardNote, message_id: str, default_locale: str) -> None:
    """The member hears of it in their private chat; one who blocked the bot does not, and
    the award stands all the same."""
    t = Translator(note.member_locale or default_locale)
    await tell(bot, note.member_id, t(message_id, **_args(note)))
