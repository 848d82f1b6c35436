"""Organiser commands for pushes, and the buttons on a push (已学习, start the quiz)."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.locales import Translator
from bot.services.dispatch import Addressee
from bot.services.errors import BadCommandUsage, UserFacingError
from bot.tgbot.admin_notices import report_pushes_without_banks
from bot.tgbot.callbacks import callback_number
from bot.tgbot.context import StudyContext, caller_from, in_private_chat
from bot.tgbot.push_render import ACK_PREFIX
from bot.tgbot.render import escape, reply


def _schedule_id(context: StudyContext, usage_id: str) -> str:
    if not context.args or len(context.args) != 1:
        raise BadCommandUsage(usage_id)
    return context.args[0]


def _sent_at(update: Update) -> datetime | None:
    """When the member sent the command: the same on a replayed update."""
    message = update.effective_message
    return message.date if message is not None else None


def _when(context: StudyContext, moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(context.services.config.zone).strftime("%Y-%m-%d %H:%M")


def _missing_groups_line(t: Translator, schedule_id: str, groups: tuple[str, ...]) -> str:
    return t(
        "push-audience-groups-missing",
        id=schedule_id,
        groups=t("push-audience-groups-separator").join(escape(group) for group in groups),
    )


async def schedules(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        rows = await unit.pushes.overview(actor)
    t = Translator(actor.locale)
    if not rows:
        await reply(update, t("push-none"))
        return
    lines = [t("push-list-header")]
    for row in rows:
        state = t("push-paused") if row.paused else ("" if row.enabled else t("push-disabled"))
        last = (
            t(
                "push-last",
                when=_when(context, row.last_fire),
                # Only a sent fire has recipients to count; a skipped one reached nobody.
                status=t("fire-" + row.last_status, count=row.last_recipients),
            )
            if row.last_status
            else t("push-never")
        )
        lines.append(
            t(
                "push-list-line",
                id=row.schedule_id,
                title=escape(row.title),
                next=_when(context, row.next_fire),
                last=last,
                state=state,
            )
        )
        if row.missing_groups:
            lines.append(_missing_groups_line(t, row.schedule_id, row.missing_groups))
    await reply(update, "\n".join(lines))


async def preview(update: Update, context: StudyContext) -> None:
    schedule_id = _schedule_id(context, "usage-preview")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        payload = await unit.pushes.preview(actor, schedule_id)
    t = Translator(actor.locale)
    await reply(update, t("push-preview-note", id=schedule_id))
    chat = update.effective_chat
    if chat is not None:
        # The push's own sending code, so the preview has its files and photos too (and
        # never starts a contest: that is not part of what one chat is sent). {姓名} is the
        # organiser's; {党龄} stays as written, since it is each member's own.
        sender = context.bot_data.pushes.sender
        addressee = Addressee(actor.first_name, None)
        await sender.send_content(chat.id, t, payload, 0, addressee=addressee)


async def push_now(update: Update, context: StudyContext) -> None:
    schedule_id = _schedule_id(context, "usage-pushnow")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        result = await unit.pushes.push_now(actor, schedule_id, _sent_at(update))
    if result.recipients:
        context.bot_data.pushes.dispatcher.wake.set()
    await report_pushes_without_banks(context.bot, context.services, [result])
    await reply(
        update, Translator(actor.locale)("push-queued", id=schedule_id, count=result.recipients)
    )


async def _pause(update: Update, context: StudyContext, *, paused: bool) -> None:
    schedule_id = _schedule_id(context, "usage-pause" if paused else "usage-resume")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        changed = await unit.pushes.set_paused(actor, schedule_id, paused=paused)
    key = ("push-now-paused" if paused else "push-now-resumed") if changed else "push-unchanged"
    await reply(update, Translator(actor.locale)(key, id=schedule_id))


async def pause(update: Update, context: StudyContext) -> None:
    await _pause(update, context, paused=True)


async def resume(update: Update, context: StudyContext) -> None:
    await _pause(update, context, paused=False)


async def push_stats(update: Update, context: StudyContext) -> None:
    schedule_id = _schedule_id(context, "usage-pushstats")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        stats = await unit.pushes.stats(actor, schedule_id)
    t = Translator(actor.locale)

    def share(part: int, whole: int) -> str:
        return f"{part * 100 // whole}%" if whole else "—"

    lines = [
        t("stats-header", id=schedule_id, when=_when(context, stats.fire_time)),
        t(
            "stats-line",
            recipients=stats.recipients,
            sent=stats.by_status.get("sent", 0),
            pending=stats.by_status.get("pending", 0) + stats.by_status.get("sending", 0),
            failed=stats.by_status.get("failed", 0),
            blocked=stats.by_status.get("blocked", 0),
            uncertain=stats.by_status.get("uncertain", 0),
        ),
    ]
    if stats.by_status.get("blocked", 0):
        lines.append(t("stats-blocked-why"))
    if stats.muted_chats:
        chats = t("list-separator").join(
            str(chat.chat_id)
            if chat.group is None
            else t("stats-muted-chat", chat=str(chat.chat_id), group=escape(chat.group))
            for chat in stats.muted_chats
        )
        lines.append(t("stats-muted-why", count=len(stats.muted_chats), chats=chats))
    if not stats.asks_ack:
        lines.append(t("stats-no-ack"))
    else:
        lines.append(
            t(
                "stats-acks",
                count=stats.acknowledged,
                share=share(stats.acknowledged, stats.recipients),
            )
        )
        lines.extend(
            t(
                "stats-group",
                group=escape(group.group or t("stats-no-group")),
                count=group.acknowledged,
                total=group.recipients,
                share=share(group.acknowledged, group.recipients),
            )
            for group in stats.groups
        )
    await reply(update, "\n".join(lines))


async def nudge(update: Update, context: StudyContext) -> None:
    schedule_id = _schedule_id(context, "usage-nudge")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        result = await unit.pushes.nudge(actor, schedule_id, _sent_at(update))
    if result.recipients:
        context.bot_data.pushes.dispatcher.wake.set()
    await reply(
        update, Translator(actor.locale)("push-nudged", id=schedule_id, count=result.recipients)
    )


async def on_ack(update: Update, context: StudyContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    fire_id = callback_number(query.data.removeprefix(ACK_PREFIX))
    if fire_id is None:
        raise UserFacingError("push-ack-unknown")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        result = await unit.pushes.acknowledge(actor, fire_id)
    t = Translator(actor.locale)
    if result.already:
        await query.answer(t("push-ack-already"))
        return
    await query.answer(t("push-ack-thanks", points=result.points))
    message = query.message
    markup = getattr(message, "reply_markup", None)
    # A group chat's push is one message for every member: marked done for one, it would
    # read as done for all. The toast above is the member's own confirmation there.
    if markup is not None and message is not None and in_private_chat(update):
        rows = [
            [
                button
                if button.callback_data != query.data
                else InlineKeyboardButton(t("push-ack-done"), callback_data=query.data)
                for button in row
            ]
            for row in markup.inline_keyboard
        ]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))


async def reload(update: Update, context: StudyContext) -> None:
    """Apply edited bank and schedule files without a restart."""
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    summary = context.services.reload_content(actor)
    engine = context.bot_data.pushes
    if context.job_queue is not None:
        engine.schedule_jobs(context.job_queue)
    async with context.services.unit() as unit:
        missing = await unit.pushes.missing_groups(actor)
    t = Translator(actor.locale)
    lines = [t("reload-done", banks=summary.banks, schedules=summary.schedules)]
    lines += [escape(line) for line in summary.problems(actor.locale)]
    lines += [_missing_groups_line(t, id_, groups) for id_, groups in missing.items()]
    await reply(update, "\n".join(lines))
