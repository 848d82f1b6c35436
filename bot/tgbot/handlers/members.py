"""/start, /help, /lang and the fallback for commands the bot does not know."""

from __future__ import annotations

from telegram import Update

from bot.locales import Translator
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import escape, help_text, reply


async def start(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    t = Translator(actor.locale)
    greeting = "start-welcome" if actor.created else "start-welcome-back"
    await reply(update, t(greeting, name=escape(actor.first_name)) + "\n\n" + t("start-about"))


async def help_command(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await reply(update, help_text(Translator(actor.locale), actor.role))


async def lang(update: Update, context: StudyContext) -> None:
    choice = context.args[0].lower() if context.args else None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor = await unit.members.set_language(actor, choice)
    await reply(update, Translator(actor.locale)("lang-switched"))


async def unknown_command(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await reply(update, Translator(actor.locale)("unknown-command"))


async def private_only(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await reply(update, Translator(actor.locale)("quiz-private-only"))


async def unknown_button(update: Update, context: StudyContext) -> None:
    if update.callback_query is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await update.callback_query.answer(Translator(actor.locale)("quiz-stale"))
