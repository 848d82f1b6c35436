"""Typed shared state for handlers instead of string keys in bot_data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackContext, ExtBot

from bot.services.errors import UserFacingError
from bot.services.identity import Caller
from bot.services.unit import Services
from bot.tgbot.rate_limiter import RequestKind

if TYPE_CHECKING:
    from bot.tgbot.handlers.contests import ContestRunner
    from bot.tgbot.leadership import Leadership
    from bot.tgbot.private_chat import GroupNotices
    from bot.tgbot.push_engine import PushEngine


class BotData:
    """Filled in post_init, once the database is ready."""

    engine: AsyncEngine
    reading_engine: AsyncEngine  # long reads (bot.storage.db.create_reading_engine)
    services: Services
    pushes: PushEngine
    contests: ContestRunner
    group_notices: GroupNotices  # members named in a group chat's next notice
    leadership: Leadership  # only in an application with a job queue
    # Set by the webhook server (bot/tgbot/webhook.py): the updates the database could not
    # serve, answered 503 so that Telegram sends them again. None when polling: an update
    # once fetched is not fetched again.
    retry_later: set[int] | None = None


# The bot's requests pass BudgetRateLimiter (bot/tgbot/rate_limiter.py).
StudyBot = ExtBot[RequestKind]


class StudyContext(CallbackContext[StudyBot, dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        return self.bot_data.services


StudyApplication = Application[
    StudyBot, StudyContext, dict[Any, Any], dict[Any, Any], BotData, Any
]


def in_private_chat(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def require_private_chat(update: Update, refusal: str) -> None:
    """What is one member's own, or every member's, is not given or shown before a group."""
    if not in_private_chat(update):
        raise UserFacingError(refusal)


def caller_from(update: Update) -> Caller:
    """The plain value services take: only what Telegram tells us about the sender."""
    user = update.effective_user
    if user is None:
        raise ValueError("update without a sender")
    return Caller(
        user_id=user.id,
        first_name=user.first_name,
        username=user.username,
        language_code=user.language_code,
        in_private_chat=in_private_chat(update),
    )
