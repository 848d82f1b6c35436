"""PTB's rate limiter: every request the bot makes passes here. A reply takes its turn in the
bot's one send budget (bot/services/send_budget.py), ahead of any broadcast, and one that
Telegram turns away all the same with a short RetryAfter is sent again after the wait.

Members are served side by side (bot/tgbot/update_order.py), and a push may be going out to
thousands at the same time: unpaced, the replies at the daily quiz's peak would pass
Telegram's 30 messages a second and draw 429s for themselves and for the broadcast. Paced,
they go first and the broadcast slows down to make room. The retry stays for what the budget
cannot see: other processes sending with the same token (several processes share the rate
only among their dispatchers), and Telegram's own judgement. Without it the handler would
fail after the answer was recorded, and the member would not get the next question.

The push dispatcher's sends took their turn in its gate and must see every RetryAfter to hold
the budget, so they pass straight through (`DISPATCHED`); a long wait is not sat out in a
handler either and is raised as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.services.send_budget import Priority, SendBudget
from bot.tgbot.retry import retry_after_seconds

log = logging.getLogger(__name__)

RequestKind = Literal["dispatched"]
DISPATCHED: RequestKind = "dispatched"
# Longest wait a reply sits out, and how many times it tries again.
MAX_WAIT_SECONDS = 10.0
ATTEMPTS = 3
# Besides send... (sendMessage, sendPhoto, ...), what Telegram counts as a new message.
_CHAT_SENDS = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})
_NOT_SENDS = frozenset({"sendChatAction"})

Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]


def counted_against(endpoint: str, data: dict[str, Any]) -> tuple[bool, int | None]:
    """Whether Telegram counts the request against the bot's limits, and the chat whose own
    limits it counts against too: a new message counts in its chat, an edit or a stopped
    poll in the bot's limit only (None), anything else (answering a button, reading a chat)
    in none. The sandbox (bot/sandbox/flood.py) counts the same way."""
    if endpoint.startswith("editMessage") or endpoint == "stopPoll":
        return True, None
    is_send = endpoint.startswith("send") and endpoint not in _NOT_SENDS
    if not is_send and endpoint not in _CHAT_SENDS:
        return False, None
    chat_id = data.get("chat_id")
    return True, chat_id if isinstance(chat_id, int) else None


class BudgetRateLimiter(BaseRateLimiter[RequestKind]):
    def __init__(
        self, budget: SendBudget, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ):
        self._budget = budget
        self._sleep = sleep

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RequestKind | None,
    ) -> Result:
        if rate_limit_args == DISPATCHED:
            return await callback(*args, **kwargs)
        counted, chat_id = counted_against(endpoint, data)
        attempt = 1
        while True:
            try:
                if not counted:
                    return await callback(*args, **kwargs)
                return await self._in_turn(callback, args, kwargs, chat_id)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if wait > MAX_WAIT_SECONDS or attempt == ATTEMPTS:
                    raise
                log.warning(
                    "%s: Telegram asked to wait %.0f s; sending again then", endpoint, wait
                )
                attempt += 1
                await self._sleep(wait)

    async def _in_turn(
        self, callback: Callback, args: Any, kwargs: dict[str, Any], chat_id: int | None
    ) -> Result:
        ticket = await self._budget.departure(chat_id, Priority.REPLY)
        try:
            return await callback(*args, **kwargs)
        finally:
            self._budget.landed(ticket)
