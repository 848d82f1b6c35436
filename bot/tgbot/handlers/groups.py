"""Study groups: /newgroup /renamegroup /delgroup /newcode /grouplist /move /removemember
/linkgroup (admins and organisers), /join and /leave (members)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import ChatMember, ChatMemberRestricted, ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import JobQueue

from bot.locales import Translator
from bot.services.errors import BadCommandUsage, PermissionDenied, UserFacingError
from bot.services.groups import GroupInfo, Membership
from bot.services.identity import Actor, Role
from bot.services.unit import Services
from bot.tgbot.admin_notices import tell, tell_admins
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.muted_chats import tell_admins_may_post, tell_admins_muted
from bot.tgbot.render import Html, escape, refusal_text, reply, reply_long

_WHITESPACE = re.compile(r"\s")
# How long a supergroup's greeting waits for the service messages of an upgrade that made it
# (Telegram sends them with the update that adds the bot, in no set order).
UPGRADE_GRACE = timedelta(seconds=10)
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'"})


def command_args(update: Update) -> list[str]:
    """The words after the command; "quoted words" stay together (names with spaces). Any
    whitespace separates them: a new line, or the full-width space of a Chinese keyboard,
    which shlex would otherwise keep inside a word."""
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    _, _, rest = _WHITESPACE.sub(" ", text).partition(" ")
    rest = rest.translate(_QUOTES).strip()
    try:
        return shlex.split(rest)
    except ValueError:  # an unbalanced quote: plain words
        return rest.split()


@contextmanager
def explained(actor: Actor, usage_id: str) -> Iterator[None]:
    """A mistake in the arguments is answered with what was wrong and the command's usage;
    text the person typed is escaped, since replies are HTML."""
    try:
        yield
    except (BadCommandUsage, PermissionDenied):
        raise
    except UserFacingError as exc:
        t = Translator(actor.locale)
        raise UserFacingError(
            "error-with-usage", problem=Html(refusal_text(t, exc)), usage=Html(t(usage_id))
        ) from exc


def invite_line(t: Translator, bot_username: str, code: str) -> str:
    """A group's invite link: a member who opens it starts the bot with the join code, and
    /start puts them in the group (no code to type)."""
    link = f"https://t.me/{bot_username}?start={code}"
    # A link of its own, at the end of its line: Telegram runs an address written in the text
    # on past the Chinese words after it, and the code would not be the group's.
    return t("group-invite-link", link=f'<a href="{link}">{link}</a>')


def group_line(t: Translator, group: GroupInfo) -> str:
    # The chat id is what a schedule's audience.chats needs; the bot is the one to know it.
    chat = "" if group.chat_id is None else t("group-chat-linked", chat=str(group.chat_id))
    if group.bot_absent:
        chat += t("group-chat-bot-absent")
    elif group.bot_muted:
        chat += t("group-chat-bot-muted")
    return t(
        "group-line",
        id=str(group.id),
        name=escape(group.name),
        code=group.join_code,
        members=group.members,
        chat=chat,
    )


# ---- admins -----------------------------------------------------------------------------


async def newgroup(update: Update, context: StudyContext) -> None:
    name = " ".join(command_args(update))
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        with explained(actor, "usage-newgroup"):
            group = await unit.groups.create(actor, name)
    t = Translator(actor.locale)
    created = t("group-created", name=escape(group.name), code=group.join_code)
    await reply(update, created + "\n" + invite_line(t, context.bot.username, group.join_code))


async def renamegroup(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if len(args) != 2:
            raise BadCommandUsage("usage-renamegroup")
        with explained(actor, "usage-renamegroup"):
            old, group = await unit.groups.rename(actor, args[0], args[1])
    t = Translator(actor.locale)
    await reply(update, t("group-renamed", old=escape(old), name=escape(group.name)))


async def delgroup(update: Update, context: StudyContext) -> None:
    ref = " ".join(command_args(update))
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if not ref:
            raise BadCommandUsage("usage-delgroup")
        with explained(actor, "usage-delgroup"):
            removal = await unit.groups.remove(actor, ref)
    t = Translator(actor.locale)
    await reply(update, t("group-removed", name=escape(removal.name), members=removal.members))


async def newcode(update: Update, context: StudyContext) -> None:
    ref = " ".join(command_args(update))
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if not ref:
            raise BadCommandUsage("usage-newcode")
        with explained(actor, "usage-newcode"):
            group = await unit.groups.new_join_code(actor, ref)
    t = Translator(actor.locale)
    new_code = t("group-new-code", name=escape(group.name), code=group.join_code)
    await reply(update, new_code + "\n" + invite_line(t, context.bot.username, group.join_code))


async def grouplist(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        groups = await unit.groups.list(actor)
    t = Translator(actor.locale)
    if not groups:
        await reply(update, t("group-list-empty"))
        return
    lines = [t("group-list-header", count=len(groups))]
    lines += [
        group_line(t, group) + "\n" + invite_line(t, context.bot.username, group.join_code)
        for group in groups
    ]
    await reply_long(update, lines)


async def move(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if len(args) < 2:
            raise BadCommandUsage("usage-move")
        with explained(actor, "usage-move"):
            moved = await unit.groups.move(actor, args[0], " ".join(args[1:]))
        locale = await unit.members.locale_of(moved.member_id)
    await reply(update, membership_text(Translator(actor.locale), moved, admin=True))
    if moved.changed and moved.member_id != actor.member_id:
        await _tell_moved_member(context, moved, Translator(locale))


async def _tell_moved_member(context: StudyContext, moved: Membership, t: Translator) -> None:
    """Where the admin put them, so that the member does not find out from /me some day."""
    if moved.group is not None:
        text = t("group-you-were-moved", group=escape(moved.group.name))
    elif moved.previous is not None:
        text = t("group-you-were-moved-out", old=escape(moved.previous))
    else:
        return  # back in the programme in no group: the admin's reply says so
    if moved.rejoined:
        text += "\n" + t("group-rejoined")
    await tell(context.bot, moved.member_id, text)


async def removemember(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if len(args) != 1:
            raise BadCommandUsage("usage-removemember")
        with explained(actor, "usage-removemember"):
            removed = await unit.groups.remove_member(actor, args[0])
    t = Translator(actor.locale)
    message_id = "member-removed" if removed.changed else "member-already-removed"
    text = t(message_id, name=escape(removed.member_name), id=str(removed.member_id))
    if removed.changed and removed.previous is not None:
        text += "\n" + t("member-removed-code-hint", group=escape(removed.previous))
    await reply(update, text)


async def linkgroup(update: Update, context: StudyContext) -> None:
    chat = update.effective_chat
    ref = " ".join(command_args(update))
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        actor.require(Role.ADMIN)  # before the usage: members learn nothing more
        if not ref or chat is None:
            raise BadCommandUsage("usage-linkgroup")
        with explained(actor, "usage-linkgroup"):
            link = await unit.groups.link_chat(actor, ref, chat.id)
    t = Translator(actor.locale)
    text = t("group-linked", name=escape(link.group.name), code=link.group.join_code)
    if not link.changed:
        text = t("group-already-linked", name=escape(link.group.name))
    elif link.replaced is not None:
        text += "\n" + t("group-link-replaced", old=escape(link.replaced))
    await reply(update, text)


async def on_chat_migrated(update: Update, context: StudyContext) -> None:
    """A group chat became a supergroup (a new chat id): a study group linked to it and a
    contest running in it follow. Telegram posts one service message in the old chat and one
    in the new; either will do."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    await follow_upgraded_chat(context.services, old, new)


async def follow_upgraded_chat(services: Services, old: int, new: int) -> None:
    """Chat `old` is now supergroup `new`: its study group link and its running contest
    follow. The upgrade's service messages call this, and so does a post Telegram refused
    with the new id before they came; a second call changes nothing."""
    async with services.unit() as unit:
        await unit.groups.follow_chat(old, new)
        await unit.contests.follow_chat(old, new)


# ---- members ------------------------------------------------------------------------------


async def bot_group_status_changed(change: ChatMemberUpdated, context: StudyContext) -> None:
    """The bot was added to or removed from a group chat, or, staying in it, lost or got
    back the right to send messages there (a promotion alone says nothing)."""
    was_in = _present(change.old_chat_member.status)
    is_in = _present(change.new_chat_member.status)
    if is_in and not was_in:
        await bot_joined_group(change, context)
    elif was_in and not is_in:
        await bot_left_group(change, context)
    elif is_in:
        await bot_rights_changed(change, context)


def _present(status: str) -> bool:
    return status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


def _may_post(member: ChatMember) -> bool:
    """Whether the bot, in the chat, may send messages there: a restricted member may not
    when its admins took that right."""
    return not isinstance(member, ChatMemberRestricted) or member.can_send_messages


async def bot_rights_changed(change: ChatMemberUpdated, context: StudyContext) -> None:
    """Still in the chat, the bot was muted there or may post again: the admins hear which
    chat and what to do once (a replayed notice, or a push that was refused first, leave it
    told), and hear when pushes resume."""
    chat_id, title = change.chat.id, change.chat.title or ""
    if _may_post(change.new_chat_member):
        async with context.services.unit() as unit:
            unmuted = await unit.groups.bot_may_post_in_chat(chat_id)
        if unmuted:
            await tell_admins_may_post(context.bot, context.services, chat_id, title)
        return
    async with context.services.unit() as unit:
        muted = await unit.groups.bot_muted_in_chat(chat_id)
    if muted is not None:
        by = change.from_user.full_name if change.from_user is not None else ""
        await tell_admins_muted(context.bot, context.services, muted, title, by=by)


async def bot_joined_group(change: ChatMemberUpdated, context: StudyContext) -> None:
    """Added to a group chat: what to do there next, and the chat's id (a schedule's
    audience.chats needs it, and nothing shows it before the chat is linked). Back in a
    chat it had been removed from: pushes resume, and the admins hear so.

    A supergroup the bot "joins" may be its basic group upgraded, which Telegram tells in
    this update and in the upgrade's service messages, in no set order: such a chat is not
    greeted (it is the same group, maybe mid-contest), and a supergroup is greeted only once
    the service messages have had UPGRADE_GRACE to come."""
    chat_id = change.chat.id
    may_post = _may_post(change.new_chat_member)
    async with context.services.unit() as unit:
        back = await unit.groups.bot_back_in_chat(chat_id)
        if may_post:
            await unit.groups.bot_may_post_in_chat(chat_id)
    if not may_post:
        # Added without the right to post: a greeting would be refused; the admins hear why.
        await bot_rights_changed(change, context)
        return
    jobs: JobQueue[Any] | None = context.job_queue
    if change.chat.type == ChatType.SUPERGROUP and jobs is not None:
        at = context.services.clock() + UPGRADE_GRACE
        jobs.run_once(_greeting_job, when=at, data=PendingGreeting(chat_id, at))
    else:
        await greet_group(context, chat_id)
    if back:
        title = escape(change.chat.title or "")
        await tell_admins(
            context.bot,
            context.services,
            lambda admin_t: admin_t("group-bot-back", title=title, chat=str(chat_id)),
        )


@dataclass(frozen=True, slots=True)
class PendingGreeting:
    chat_id: int
    at: datetime  # when it is sent, unless the chat turned out to be an upgraded one


async def _greeting_job(context: StudyContext) -> None:
    pending = context.job.data if context.job is not None else None
    if isinstance(pending, PendingGreeting):
        await greet_group(context, pending.chat_id)


async def greet_group(context: StudyContext, chat_id: int) -> None:
    """What to do in the chat, and its id; nothing in a supergroup that was this group's
    basic group before (it was greeted then)."""
    async with context.services.unit() as unit:
        if await unit.groups.is_upgraded_chat(chat_id):
            return
        linked = await unit.groups.group_of_chat(chat_id)
    t = Translator(context.services.config.language)
    lines = [t("group-bot-added", chat=str(chat_id))]
    if linked is not None:
        lines.append(t("group-already-linked", name=escape(linked.name)))
    await context.bot.send_message(chat_id, "\n".join(lines))


async def bot_left_group(change: ChatMemberUpdated, context: StudyContext) -> None:
    """Removed from a group chat: pushes skip the chat from now on, a contest running there
    ends (scored: nobody loses what they answered), and the admins hear which chat, who
    removed the bot and how to bring it back. Told once, however often the update comes."""
    chat_id = change.chat.id
    async with context.services.unit() as unit:
        gone = await unit.groups.bot_left_chat(chat_id, change.chat.title or "")
    ended = await context.bot_data.contests.chat_lost(chat_id)
    if gone is None:
        return
    by = escape(change.from_user.full_name if change.from_user is not None else "")

    def notice(t: Translator) -> str:
        lines = [t("group-bot-removed", by=by, title=escape(gone.title), chat=str(chat_id))]
        if gone.group is not None:
            lines.append(t("group-bot-removed-linked", name=escape(gone.group)))
        if ended is not None:
            lines.append(t("group-bot-removed-contest", count=len(ended.placings)))
        lines.append(t("group-bot-removed-fix"))
        return "\n".join(lines)

    await tell_admins(context.bot, context.services, notice)


async def join(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    chat = update.effective_chat
    in_group_chat = chat is not None and chat.id < 0
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        with explained(actor, "usage-join"):
            joined = await unit.groups.join(
                actor, " ".join(args) or None, chat.id if in_group_chat and chat else None
            )
    await reply(update, membership_text(Translator(actor.locale), joined, admin=False))
    await tell_admins_of_return(context, joined)


async def tell_admins_of_return(context: StudyContext, joined: Membership) -> None:
    """A member an admin removed from the programme came back by a join code or an invite
    link (as /join always allowed: they chose to): the admins hear who, where, and how to
    undo it, rather than finding them ranked again some day."""
    if not joined.rejoined or joined.group is None:
        return
    name, group = escape(joined.member_name), escape(joined.group.name)

    def compose(t: Translator) -> str:
        return t("member-came-back", name=name, id=str(joined.member_id), group=group)

    await tell_admins(context.bot, context.services, compose)


async def leave(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        left = await unit.groups.leave(actor)
    t = Translator(actor.locale)
    await reply(update, t("group-left", name=escape(left.previous or "")))


def membership_text(t: Translator, change: Membership, *, admin: bool) -> str:
    name = escape(change.member_name)
    rejoined = t("group-rejoined-admin", name=name) if admin else t("group-rejoined")
    if change.group is None:
        if change.rejoined:
            return rejoined
        if change.previous is None:
            return t("group-already-in-none-admin", name=name)
        return t("group-moved-out", name=name, old=escape(change.previous))
    group = escape(change.group.name)
    if not change.changed:
        key = "group-already-member-admin" if admin else "group-already-member"
        return t(key, name=name, group=group)
    if admin:
        text = t("group-moved", name=name, group=group)
    else:
        text = t("group-joined", group=group, members=change.group.members)
        if change.previous is not None:
            text += "\n" + t("group-joined-left-old", old=escape(change.previous))
    if change.rejoined:
        text += "\n" + rejoined
    return text
