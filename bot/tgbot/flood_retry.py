"""A reply that Telegram turns away with a short RetryAfter is sent again after the wait.

Members are served side by side (bot/tgbot/update_order.py), so at the daily quiz's peak the
bot's replies can pass Telegram's 30 messages a second and a few come back 429. Without a
retry the handler would fail after the answer was recorded, and the member would not get
the next question. The push dispatcher paces itself and must see every RetryAfter to hold
its pacer, so its sends opt out (`NO_RETRY`); a long wait is not sat out in a handler either
and is raised as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.tgbot.retry import retry_after_seconds

log = logging.getLogger(__name__)

RetryChoice = Literal["no-retry"]
NO_RETRY: RetryChoice = "no-retry"
# Longest wait a reply sits out, and how many times it tries again.
MAX_WAIT_SECONDS = 10.0
ATTEMPTS = 3

Result = bool | dict[str, Any] | list[dict[str, Any]]


class RetryBriefFloodWaits(BaseRateLimiter[RetryChoice]):
    def __init__(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self._sleep = sleep

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RetryChoice | None,
    ) -> Result:
        attempt = 1
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if rate_limit_args == NO_RETRY or wait > MAX_WAIT_SECONDS or attempt == ATTEMPTS:
                    raise
                log.warning(
                    "%s: Telegram asked to wait %.0f s; sending again then", endpoint, wait
                )
                attempt += 1
                await self._sleep(wait)
