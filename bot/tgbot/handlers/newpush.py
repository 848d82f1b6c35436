"""/newpush: compose a push in chat (content, audience, time, preview, confirm); /cancel."""

from __future__ import annotations

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.locales import Translator
from bot.services.drafts import NOW, DraftView, Step
from bot.services.errors import UserFacingError
from bot.services.identity import Actor
from bot.tgbot.context import StudyContext, caller_from, in_private_chat
from bot.tgbot.push_render import push_keyboard, push_text
from bot.tgbot.render import escape, refusal_text, reply, take_buttons_off

PREFIX = "np:"
PATTERN = r"^np:"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=PREFIX + data)


async def _show(update: Update, context: StudyContext, actor: Actor, view: DraftView) -> None:
    t = Translator(actor.locale)
    chat = update.effective_chat
    if view.step == Step.AUDIENCE:
        rows = [[_button(t("newpush-all"), "aud:all")]]
        if chat is not None and chat.id < 0:
            rows.append([_button(t("newpush-here"), "aud:here")])
        rows += [[_button(name, f"aud:group:{ref}")] for ref, name in view.groups]
        await reply(update, t("newpush-ask-audience"), reply_markup=InlineKeyboardMarkup(rows))
    elif view.step == Step.TIME:
        for message_id, args in view.warnings:
            await reply(update, t(message_id, **{k: escape(str(v)) for k, v in args.items()}))
        markup = InlineKeyboardMarkup([[_button(t("newpush-now"), "now")]])
        await reply(update, _typed_here(t, chat, t("newpush-ask-time")), reply_markup=markup)
    elif view.step == Step.CONFIRM:
        payload = {"kind": "manual", **view.data}
        await reply(update, push_text(t, payload), reply_markup=push_keyboard(t, payload, 0))
        when = t("newpush-now") if view.data["time"] == NOW else escape(view.data["time"])
        markup = InlineKeyboardMarkup(
            [[_button(t("newpush-confirm"), "ok"), _button(t("newpush-cancel"), "cancel")]]
        )
        lines = [t("newpush-ask-confirm", when=when)]
        lines += [
            t("newpush-time-warning", warning=escape(t(message_id, **args)))
            for message_id, args in view.warnings
        ]
        await reply(update, "\n\n".join(lines), reply_markup=markup)
    else:
        await reply(update, _typed_here(t, chat, t("newpush-ask-content")))


def _typed_here(t: Translator, chat: Chat | None, question: str) -> str:
    """A step that waits for a message: in a group chat, the bot sees only the messages that
    reply to it (privacy mode), so the organiser is asked to reply."""
    if chat is None or chat.type == ChatType.PRIVATE:
        return question
    return question + "\n" + t("newpush-reply-in-group")


async def new_push(update: Update, context: StudyContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        view = await unit.drafts.start(actor, chat.id)
    await _show(update, context, actor, view)


async def cancel(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        cancelled = await unit.drafts.cancel(actor)
    t = Translator(actor.locale)
    await reply(update, t("newpush-cancelled" if cancelled else "newpush-nothing"))


async def on_message(update: Update, context: StudyContext) -> None:
    """Runs before the other message handlers: a draft waiting for content or a time takes
    the message, and nothing else sees it."""
    message = update.effective_message
    if message is None:
        return
    view: DraftView | None
    try:
        async with context.services.unit() as unit:
            caller = caller_from(update)
            chat_id = message.chat_id
            if not in_private_chat(update) and not await unit.drafts.waits_in(
                caller.user_id, chat_id
            ):
                return  # a reply to the bot about something else, by anyone in the group
            actor = await unit.members.identify(caller)
            if message.photo:
                view = await unit.drafts.give_file(
                    actor, "photo", message.photo[-1].file_id, message.caption, chat_id=chat_id
                )
            elif message.document is not None:
                view = await unit.drafts.give_file(
                    actor,
                    "document",
                    message.document.file_id,
                    message.caption,
                    message.document.file_name,
                    chat_id=chat_id,
                )
            else:
                view = await unit.drafts.give_text(actor, message.text or "", chat_id)
    except UserFacingError as refusal:
        # Said here, not by the error handler, so that no later handler takes the message.
        await reply(update, refusal_text(Translator(actor.locale), refusal))
        raise ApplicationHandlerStop from None
    if view is None:
        return
    await _show(update, context, actor, view)
    raise ApplicationHandlerStop


async def on_button(update: Update, context: StudyContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    action = query.data.removeprefix(PREFIX)
    view: DraftView | None = None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        if action.startswith("aud:"):
            view = await unit.drafts.choose_audience(actor, action.removeprefix("aud:"))
        elif action == "now":
            view = await unit.drafts.give_text(actor, NOW)
        elif action == "ok":
            confirmed = await unit.drafts.confirm(actor)
            if isinstance(confirmed, DraftView):
                view = confirmed
            else:
                scheduled = confirmed
        else:
            await unit.drafts.cancel(actor)
    await query.answer()
    await take_buttons_off(query)
    t = Translator(actor.locale)
    if view is not None:
        await _show(update, context, actor, view)
    elif action == "ok":
        await context.services.load_chat_schedules()
        engine = context.bot_data.pushes
        if context.job_queue is not None:
            engine.schedule_jobs(context.job_queue)
        schedule = scheduled.schedule
        if scheduled.immediate:
            async with context.services.unit() as unit:
                result = await unit.pushes.push_now(actor, schedule.id)
            engine.dispatcher.wake.set()
            await reply(update, t("push-queued", id=schedule.id, count=result.recipients))
        else:
            await reply(
                update, t("newpush-scheduled", id=schedule.id, title=escape(schedule.title))
            )
    else:
        await reply(update, t("newpush-cancelled"))
