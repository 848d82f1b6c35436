"""/start, /help, /lang and the fallback for commands the bot does not know."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.locales import Translator
from bot.services.errors import UserFacingError
from bot.services.groups import Membership
from bot.tgbot.context import StudyContext, caller_from, in_private_chat
from bot.tgbot.handlers.groups import (
    bot_group_status_changed,
    membership_text,
    tell_admins_of_return,
)
from bot.tgbot.handlers.quiz import private_chat_changed
from bot.tgbot.private_chat import answer_personally
from bot.tgbot.render import Html, escape, help_text, refusal_text, reply


async def start(update: Update, context: StudyContext) -> None:
    """/start; from a group's invite link (t.me/bot?start=CODE) it also joins that group."""
    code = context.args[0] if context.args else None
    joined: Membership | UserFacingError | None = None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        if code is not None:
            try:
                joined = await unit.groups.join(actor, code)
            except UserFacingError as refusal:
                joined = refusal
    t = Translator(actor.locale)
    greeting = "start-welcome" if actor.new else "start-welcome-back"
    parts = [t(greeting, name=escape(actor.first_name))]
    if isinstance(joined, Membership):
        parts.append(membership_text(t, joined, admin=False))
    elif joined is not None:
        parts.append(t("start-link-refused", problem=Html(refusal_text(t, joined))))
    parts.append(t("start-about"))
    await reply(update, "\n\n".join(parts))
    if isinstance(joined, Membership):
        await tell_admins_of_return(context, joined)


async def help_command(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await answer_personally(update, context, help_text(Translator(actor.locale), actor.role))


async def lang(update: Update, context: StudyContext) -> None:
    choice = context.args[0].lower() if context.args else None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor = await unit.members.set_language(actor, choice)
    await reply(update, Translator(actor.locale)("lang-switched"))


async def unknown_command(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await answer_personally(update, context, Translator(actor.locale)("unknown-command"))


async def edited_message(update: Update, context: StudyContext) -> None:
    """A member edited a message the bot already handled. Handling it again would take the
    new text as the answer to the next question (or run a command twice), so no handler
    sees it; in a private chat the member is told why nothing changes."""
    if in_private_chat(update):
        async with context.services.unit() as unit:
            actor = await unit.members.identify(caller_from(update))
        await reply(update, Translator(actor.locale)("edit-not-read"))
    raise ApplicationHandlerStop


async def anonymous_sender(update: Update, context: StudyContext) -> None:
    """A command sent as the group (an admin who remains anonymous) or as a channel: Telegram
    names no person, only a placeholder account. Nobody to check a role for or to score, so
    no handler sees it (it would register the placeholder as a member called "Group")."""
    await reply(update, Translator(context.services.config.language)("anonymous-sender"))
    raise ApplicationHandlerStop


async def on_my_chat_member(update: Update, context: StudyContext) -> None:
    """The bot's own membership changed: blocked or unblocked in a member's private chat,
    added to or removed from a group chat (a channel has no members to greet)."""
    change = update.my_chat_member
    if change is None:
        return
    if change.chat.type == ChatType.PRIVATE:
        await private_chat_changed(change, context)
    elif change.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        await bot_group_status_changed(change, context)


async def media_not_understood(update: Update, context: StudyContext) -> None:
    """A sticker, photo or voice message: nothing the bot reads, but not left unanswered
    (a member in a quiz would wonder whether it counted)."""
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await reply(update, Translator(actor.locale)("media-not-understood"))


async def private_only(update: Update, context: StudyContext) -> None:
    """/quiz and the like sent in a group chat: said in the private chat, where they work."""
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await answer_personally(update, context, Translator(actor.locale)("quiz-private-only"))


async def unknown_button(update: Update, context: StudyContext) -> None:
    if update.callback_query is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    await update.callback_query.answer(Translator(actor.locale)("quiz-stale"))
