"""The bot's one budget of sends, shared by replies to members and the push dispatcher.

Telegram counts every message the bot sends against the same limits (bot/domain/pacing.py
has them), whether it answers a member or broadcasts a push. So both ask here before a
request leaves, and hand its ticket back once the answer is in:

- Replies go first. Whoever may leave next is decided one send at a time, and a reply waiting
  for its turn is let through before every broadcast send waiting for one; a broadcast send
  whose moment has come gives it up to a reply that came meanwhile. So a reply leaves at the
  bot's next moment to send: within one spacing (1/30 s at Telegram's rate). The broadcast
  uses what the replies leave.
- Every send keeps to the bot's spacing and windows, and to its chat's windows, so a group
  running a contest while a push arrives gets neither faster than Telegram allows. A
  broadcast also spreads its sends to one chat evenly; a reply leaves its chat as soon as the
  windows allow. The one exception: a reply to a private chat does not wait for its chat at
  all (Telegram allows it short bursts: a member who answers quickly does not wait a second
  for each reply), and a broadcast send to that chat waits for it all the same.
- Nothing is dropped: a send waits its turn for as long as it takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from enum import IntEnum

from bot.domain.pacing import SECOND, Limits, Pacer, Ticket


class Priority(IntEnum):
    """Who leaves first when several sends wait for their turn: the lower value."""

    REPLY = 0
    BROADCAST = 1


class _Turns:
    """One send at a time takes its turn to leave; those waiting get it by priority, then in
    the order they came."""

    def __init__(self) -> None:
        self._busy = False
        self._waiting: list[tuple[Priority, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    @contextlib.asynccontextmanager
    async def turn(self, priority: Priority) -> AsyncIterator[None]:
        await self._acquire(priority)
        try:
            yield
        finally:
            self._pass_on()

    async def _acquire(self, priority: Priority) -> None:
        if not self._busy:
            self._busy = True
            return
        granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (priority, next(self._arrivals), granted))
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._pass_on()  # given the turn as it was cancelled: the next one has it
            raise  # (a cancelled waiter is skipped when the turn is passed on)

    def waiting_before(self, priority: Priority) -> bool:
        """Whether a send that goes before `priority` waits for a turn."""
        return any(p < priority and not granted.done() for p, _, granted in self._waiting)

    def _pass_on(self) -> None:
        while self._waiting:
            _, _, granted = heapq.heappop(self._waiting)
            if not granted.done():
                granted.set_result(None)
                return
        self._busy = False


class SendBudget:
    """When each message may leave, for the whole process: a `Pacer` shared by every sender,
    waited on with a clock the tests fake."""

    def __init__(
        self,
        pacer: Pacer,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        wake_early: float = 0.002,
    ) -> None:
        self._pacer = pacer
        self._monotonic = monotonic
        self._sleep = sleep
        self._wake_early = wake_early
        self._turns = _Turns()
        self._landing = asyncio.Event()  # set whenever a request's answer came back
        self._broadcast_from = 0.0  # no broadcast send before this moment
        self._forgotten_at = 0.0

    @property
    def limits(self) -> Limits:
        return self._pacer.limits

    @limits.setter
    def limits(self, limits: Limits) -> None:
        """This process's share of the bot's rate (several dispatchers); from the next send."""
        self._pacer.limits = limits

    async def _wait_until(self, moment: float) -> None:
        delay = moment - self._monotonic()
        if delay > 0:
            await self._sleep(delay)

    async def _next_landing(self) -> None:
        """Wait until some request in flight lands. The pacer answers infinity only while
        requests are in flight, and each lands without anything held here (a sender lands
        its request before it asks for the next one), so this never waits for itself."""
        self._landing.clear()
        await self._landing.wait()

    async def departure(self, chat_id: int | None, priority: Priority) -> Ticket:
        """Return when a message to `chat_id` (None: an edit, which counts for the bot only)
        may leave, counting it as leaving now; the ticket goes back to `landed` once the
        request's answer is in.

        A chat's own limit is waited out alone; the bot-wide one, one send at a time, so
        sends in flight together still leave evenly spaced, and replies take the next turn.
        """
        reply = priority is Priority.REPLY
        while True:
            if not reply:
                await self._wait_until(self._broadcast_from)
            chat_ready = self._pacer.chat_ready_at(chat_id, reply=reply)
            if chat_ready == math.inf:
                await self._next_landing()
                continue
            await self._wait_until(chat_ready)
            async with self._turns.turn(priority):
                planned = self._pacer.bot_ready_at()
                if planned == math.inf:
                    await self._next_landing()
                else:
                    # A timer wakes a little late every time, and at 30 sends a second a
                    # millisecond late each is a few percent of the rate: wake early, then
                    # yield to the loop until the moment comes.
                    await self._wait_until(planned - self._wake_early)
                    while self._monotonic() < planned:
                        await self._sleep(0)
                now = self._monotonic()
                if self._may_leave(chat_id, priority, now):
                    return self._pacer.departed(chat_id, now, reply=reply)

    def _may_leave(self, chat_id: int | None, priority: Priority, now: float) -> bool:
        """Whether the send whose turn it is leaves now: waiting, a hold or new limits may
        have moved either moment on, and a reply that came while a broadcast send waited for
        this moment takes it (the broadcast send takes the next)."""
        reply = priority is Priority.REPLY
        chat_ready = self._pacer.chat_ready_at(chat_id, reply=reply)
        if max(self._pacer.bot_ready_at(), chat_ready) > now:
            return False
        if reply:
            return True
        return now >= self._broadcast_from and not self._turns.waiting_before(priority)

    def landed(self, ticket: Ticket) -> None:
        """The answer to `ticket`'s request came back (or it failed): now."""
        now = self._monotonic()
        self._pacer.landed(ticket, now)
        self._landing.set()
        if now - self._forgotten_at >= SECOND:
            # Chats that no longer hold anything back are dropped, so memory stays flat
            # however many members the bot has talked to.
            self._pacer.forget_idle(now)
            self._forgotten_at = now

    def hold(self, seconds: float) -> None:
        """Telegram said RetryAfter: nothing leaves for `seconds`."""
        self._pacer.hold(self._monotonic() + seconds)

    def hold_broadcast(self, seconds: float) -> None:
        """No broadcast send for `seconds` (a dispatcher joining others waits for them to
        slow); replies go on."""
        self._broadcast_from = max(self._broadcast_from, self._monotonic() + seconds)
