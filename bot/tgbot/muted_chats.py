"""Group chats where the bot may not post: its admins took the bot's right to send messages
(the bot is still in the chat). The admins hear which chat, which push, and what to do, once
per chat until the bot can post there again; Telegram's notice of the restriction tells them
before any push fails, and a push refused while that notice got lost tells them too."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.locales import Translator
from bot.services.dispatch import DeliveryJob
from bot.services.groups import ChatMuted
from bot.services.unit import Services
from bot.tgbot.admin_notices import tell_admins
from bot.tgbot.render import escape

log = logging.getLogger(__name__)


async def tell_admins_muted(
    bot: Bot,
    services: Services,
    muted: ChatMuted,
    title: str,
    *,
    by: str | None = None,
    refused_push: str | None = None,
) -> None:
    """`by`: who took the right (Telegram's notice); `refused_push`: the schedule whose push
    the chat refused (no notice came, or it came too late)."""
    chat = str(muted.chat_id)
    pushes = [
        schedule.id
        for schedule in services.current_schedules().schedules
        if muted.chat_id in schedule.audience.chats
    ]

    def notice(t: Translator) -> str:
        if refused_push is not None:
            lines = [t("group-bot-muted-push", id=refused_push, title=escape(title), chat=chat)]
        else:
            lines = [t("group-bot-muted", by=escape(by or ""), title=escape(title), chat=chat)]
        if muted.group is not None:
            lines.append(t("group-bot-muted-linked", name=escape(muted.group)))
        if pushes:
            lines.append(t("group-bot-muted-pushes", ids=t("list-separator").join(pushes)))
        lines.append(t("group-bot-muted-fix"))
        return "\n".join(lines)

    await tell_admins(bot, services, notice)


async def tell_admins_may_post(bot: Bot, services: Services, chat_id: int, title: str) -> None:
    await tell_admins(
        bot,
        services,
        lambda t: t("group-bot-may-post", title=escape(title), chat=str(chat_id)),
    )


class RefusedPushNotice:
    """The dispatcher's hook for a group chat that refused a push because the bot may not
    post there, recorded for the first time since it last could."""

    def __init__(self, bot: Bot, services: Services) -> None:
        self._bot = bot
        self._services = services

    async def __call__(self, job: DeliveryJob) -> None:
        async with self._services.unit() as unit:
            muted = await unit.groups.muted_chat(job.chat_id)
        title = await self._title(job.chat_id)
        await tell_admins_muted(
            self._bot, self._services, muted, title, refused_push=job.schedule_id
        )

    async def _title(self, chat_id: int) -> str:
        """The chat's name, which admins know it by; its id alone when Telegram says none."""
        try:
            chat = await self._bot.get_chat(chat_id)
        except TelegramError as error:
            log.warning("no title for muted chat %s: %s", chat_id, error)
            return ""
        return chat.title or ""
