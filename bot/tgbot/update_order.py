"""Updates from different people are handled at the same time; one person's in arrival order.

Handled one at a time, every update waits for the Bot API calls of all before it: at about
0.1 s a call and three calls a quiz answer, a bot would serve some three answers a second
while a few thousand members take the daily quiz. Handled all at once, two taps of one
member could overtake each other, and a conversation (/newpush) could see its steps out of
order. So updates are ordered per person (per chat when nobody sent it, as in a channel).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def order_key(update: object) -> Hashable | None:
    """Whose turn this update waits for: its sender, else its chat; None: nobody's."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    return None


class _Turn:
    __slots__ = ("lock", "waiting")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting = 0


class PerSenderUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[Hashable, _Turn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.waiting += 1
        try:
            async with turn.lock:  # asyncio.Lock serves waiters first come, first served
                await coroutine
        except asyncio.CancelledError:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: never started, never will
            raise
        finally:
            turn.waiting -= 1
            if not turn.waiting:
                del self._turns[key]  # memory stays flat however many people write

    @property
    def senders_in_progress(self) -> int:
        return len(self._turns)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
