"""The update queue: what getUpdates serves and what in-process harnesses pop directly."""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Callable
from typing import Any

# Telegram's default when a bot never named the update types it wants.
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ChangeNotifier:
    """Wakes coroutines waiting for the sandbox state to change.

    Plain futures rather than an asyncio.Condition: state changes come from synchronous
    control methods, which cannot take a Condition's lock, and futures created per wait bind
    to whichever loop is running, so one sandbox may outlive a test's event loop.
    """

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_until(self, predicate: Callable[[], bool]) -> None:
        """Return once ``predicate()`` holds; callers bound the wait with asyncio.timeout."""
        loop = asyncio.get_running_loop()
        while not predicate():
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)


class UpdateQueue:
    """Pending updates with Telegram's confirmation rules.

    getUpdates confirms everything below its ``offset`` (a negative offset keeps only the
    newest updates), and only then forgets updates; ``take`` pops them for harnesses that feed
    ``Application.process_update`` themselves. Use one consumer or the other, not both.
    """

    def __init__(self, notifier: ChangeNotifier) -> None:
        self._notifier = notifier
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self.allowed: frozenset[str] | None = None  # None: Telegram's default set

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        # A copy, so later edits to the stored message do not rewrite history.
        update = {"update_id": self._next_id, kind: copy.deepcopy(payload)}
        self._next_id += 1
        self._pending.append(update)
        self._notifier.notify()
        return update

    def pending(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._pending)

    def take(self) -> list[dict[str, Any]]:
        taken, self._pending = self._pending, []
        return taken

    def drop_all(self) -> None:
        self._pending.clear()

    def set_allowed(self, kinds: list[str] | None) -> None:
        """Remember the bot's choice; an empty list restores Telegram's default."""
        if kinds is not None:
            self.allowed = frozenset(kinds) or None

    async def get(self, offset: int | None, limit: int, wait: float) -> list[dict[str, Any]]:
        """Long poll: confirm below ``offset``, then wait up to ``wait`` s for an update."""
        self._confirm(offset)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await self._notifier.wait_until(lambda: bool(self._deliverable()))
        return copy.deepcopy(self._deliverable()[:limit])

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _deliverable(self) -> list[dict[str, Any]]:
        # Telegram silently discards updates of types the bot did not ask for.
        self._pending = [u for u in self._pending if self._wanted(u)]
        return self._pending

    def _wanted(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    def __len__(self) -> int:
        return len(self._pending)
