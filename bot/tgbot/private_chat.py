"""A member's private chat with the bot: whether the bot can write there, and the answers
meant for one member (/me, /rank, /help, ...) that go there when asked for in a group chat.

Telegram lets a bot post about 20 messages a minute in one group. Answered in the group,
200 members sending /me after a push would take ten minutes of the group's quota: the
group fills with other people's scores, the last member waits ten minutes, and the group's
own pushes and contest questions wait behind the replies. So such an answer goes to the
member's private chat, where each member has a quota of their own, and the group sees
nothing of it.

A bot cannot write first to a member who never opened its private chat (or who blocked
it). Those members are named in a notice in the group with the link to the private chat:
one notice for everyone asking meanwhile, and at most one per NOTICE_SPACING in a group,
so a burst costs the group a few messages, however many ask. Nobody is left out: whoever
asks while a notice waits for its moment is named in it, or in the next one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Update, User
from telegram.error import Forbidden

from bot.locales import Translator
from bot.services.unit import Services
from bot.tgbot.context import StudyContext, in_private_chat
from bot.tgbot.render import chunked, escape, private_chat_link, reply

# Least time between two notices in one group: at most 10 a minute, half of what Telegram
# allows there, so pushes and contests in the group keep the other half.
NOTICE_SPACING = 6.0


async def member_left_the_chat(services: Services, member_id: int) -> None:
    """The bot cannot write to the member (they blocked it, or never opened the private
    chat): out of the pushes' reach, and their quiz ends."""
    async with services.unit() as unit:
        await unit.members.set_reachable(member_id, False)
        await unit.quiz.leave(member_id)


async def answer_personally(update: Update, context: StudyContext, text: str) -> None:
    """`text` for the update's sender alone: in the private chat it came from, or from a
    group into the sender's private chat; a sender the bot cannot write to is named in the
    group's next notice instead."""
    user = update.effective_user
    chat = update.effective_chat
    if in_private_chat(update) or user is None or chat is None:
        await reply(update, text)
        return
    try:
        await context.bot.send_message(user.id, text)
        return
    except Forbidden:
        # Never opened the private chat, or blocked the bot: pushes need not try either.
        await member_left_the_chat(context.services, user.id)
    notices = context.bot_data.group_notices
    await notices.name(chat.id, mention(user), functools.partial(send_notice, context, chat.id))


def mention(user: User) -> str:
    """The member's name as a link that notifies them (they may have no @username)."""
    return f'<a href="tg://user?id={user.id}">{escape(user.first_name)}</a>'


async def send_notice(context: StudyContext, chat_id: int, mentions: list[str]) -> None:
    """The notice naming `mentions` in group `chat_id`, in the organisation's language
    (members of one group may have chosen different ones)."""
    t = Translator(context.services.config.language)
    link = private_chat_link(context.bot.username)
    names = t("list-separator").join(mentions)
    await context.bot.send_message(
        chat_id, t("personal-answer-needs-private-chat", names=names, link=link)
    )


# Room the notice's own words leave for the names within Telegram's 4096 characters (the
# English separator ", " adds a character a name: still within), and a count of names far
# below the entities Telegram formats in one message.
NAMES_MAX_CHARS = 3500
NAMES_MAX = 50


@dataclass
class _Group:
    waiting: list[str] = field(default_factory=list)
    last_notice: float = -math.inf
    sending: bool = False


class GroupNotices:
    """Gathers, per group chat, the members to name in its next notice, and sends the
    notices spaced out (on the send budget's clock, which tests fake)."""

    def __init__(
        self,
        monotonic: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        spacing: float = NOTICE_SPACING,
    ) -> None:
        self._monotonic = monotonic
        self._sleep = sleep
        self._spacing = spacing
        self._groups: dict[int, _Group] = {}

    async def name(
        self, chat_id: int, member: str, send: Callable[[list[str]], Awaitable[None]]
    ) -> None:
        """Name `member` in group `chat_id`'s next notice. The first to ask while no notice
        is on its way sends it, and the ones after it as long as members are waiting;
        everyone else returns at once. A notice Telegram refuses (the bot was removed from
        the group) fails that handler as any refused reply does; whoever still waits is
        named by the next member to ask."""
        group = self._groups.setdefault(chat_id, _Group())
        group.waiting.append(member)
        if group.sending:
            return
        group.sending = True
        try:
            while group.waiting:
                delay = group.last_notice + self._spacing - self._monotonic()
                if delay > 0:
                    await self._sleep(delay)
                batch = next(chunked(group.waiting, NAMES_MAX_CHARS))[:NAMES_MAX]
                del group.waiting[: len(batch)]
                group.last_notice = self._monotonic()
                await send(batch)
        finally:
            group.sending = False
