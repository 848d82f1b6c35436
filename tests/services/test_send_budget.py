"""The bot's one send budget: replies take the next turn ahead of every broadcast send
waiting for one, on a fake clock."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

import pytest

from bot.domain.pacing import SAFETY, Limits, Pacer
from bot.services.send_budget import Priority, SendBudget, _Turns
from tests.harness import FakeMonotonic

BROADCAST_CHATS = range(1, 9)
REPLY_CHAT = 100


class Departures:
    """A budget on a fake clock, and the chats its sends left for, in order."""

    def __init__(self) -> None:
        self.ticks = FakeMonotonic()
        self.budget = SendBudget(
            Pacer(Limits()), monotonic=self.ticks, sleep=self.ticks.sleep, wake_early=0.0
        )
        self.order: list[int | None] = []
        self.gone_when_asked: dict[int | None, int] = {}  # how many had left when each asked

    async def send(self, chat_id: int | None, priority: Priority) -> float:
        self.gone_when_asked[chat_id] = len(self.order)
        ticket = await self.budget.departure(chat_id, priority)
        self.order.append(chat_id)
        self.budget.landed(ticket)  # answered at once
        return self.ticks.now

    def start(self, chat_id: int | None, priority: Priority) -> asyncio.Task[float]:
        return asyncio.create_task(self.send(chat_id, priority))


async def _until(predicate: Callable[[], bool]) -> None:
    for _ in range(100):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("never happened")


async def test_a_reply_leaves_at_the_bots_next_moment_to_send() -> None:
    sends = Departures()
    broadcast = [sends.start(chat, Priority.BROADCAST) for chat in BROADCAST_CHATS]
    await _until(lambda: len(sends.order) >= 1)  # the rest wait for their turns
    reply = sends.start(REPLY_CHAT, Priority.REPLY)
    await asyncio.gather(reply, *broadcast)
    # No broadcast send went between its asking and its leaving.
    assert sends.order.index(REPLY_CHAT) == sends.gone_when_asked[REPLY_CHAT]
    assert set(sends.order) == {*BROADCAST_CHATS, REPLY_CHAT}  # the broadcast went on after


async def test_replies_and_broadcast_together_keep_the_bots_spacing() -> None:
    sends = Departures()
    tasks = [sends.start(chat, Priority.BROADCAST) for chat in BROADCAST_CHATS]
    tasks += [sends.start(REPLY_CHAT + i, Priority.REPLY) for i in range(4)]
    tasks.append(sends.start(None, Priority.REPLY))  # an edit
    moments = sorted(await asyncio.gather(*tasks))
    limit = sends.budget.limits.per_bot_per_second
    assert all(b - a >= 1 / limit for a, b in itertools.pairwise(moments))
    # The replies went one after the other, before the broadcast's second send.
    replies = [i for i, chat in enumerate(sends.order) if chat not in BROADCAST_CHATS]
    assert replies == [1, 2, 3, 4, 5]


async def test_a_reply_to_a_chat_a_push_just_reached_waits_for_the_chats_limit() -> None:
    sends = Departures()
    pushed = await sends.send(-5, Priority.BROADCAST)  # a group
    replied = await sends.send(-5, Priority.REPLY)
    # One a second in a chat holds for both; a reply need not keep a group's even spacing
    # (20 a minute: three seconds), which the broadcast's next send there does.
    assert replied - pushed == pytest.approx(1.0, abs=0.01)
    again = await sends.send(-5, Priority.BROADCAST)
    assert again - pushed >= 3.0


async def test_a_reply_to_a_member_a_push_just_reached_leaves_at_once() -> None:
    sends = Departures()
    pushed = await sends.send(REPLY_CHAT, Priority.BROADCAST)
    replied = await sends.send(REPLY_CHAT, Priority.REPLY)
    again = await sends.send(REPLY_CHAT, Priority.REPLY)
    # A private chat takes a short burst: only the bot's spacing between them.
    gap = SAFETY / sends.budget.limits.per_bot_per_second
    assert replied - pushed == pytest.approx(gap) and again - replied == pytest.approx(gap)
    # The next push there waits out its chat's second after the last reply.
    assert await sends.send(REPLY_CHAT, Priority.BROADCAST) >= again + 1.0


async def test_a_dispatcher_joining_others_holds_its_broadcast_not_the_replies() -> None:
    sends = Departures()
    started = sends.ticks.now
    sends.budget.hold_broadcast(5.0)
    assert await sends.send(REPLY_CHAT, Priority.REPLY) == started
    assert await sends.send(1, Priority.BROADCAST) >= started + 5.0


async def test_telegrams_retry_after_holds_everything() -> None:
    sends = Departures()
    started = sends.ticks.now
    sends.budget.hold(3.0)
    assert await sends.send(REPLY_CHAT, Priority.REPLY) >= started + 3.0


async def test_a_send_cancelled_while_waiting_for_its_turn_does_not_keep_it() -> None:
    sends = Departures()
    broadcast = [sends.start(chat, Priority.BROADCAST) for chat in BROADCAST_CHATS]
    await _until(lambda: len(sends.order) >= 1)
    reply = sends.start(REPLY_CHAT, Priority.REPLY)
    await asyncio.sleep(0)  # waiting for its turn
    reply.cancel()
    await asyncio.wait_for(asyncio.gather(*broadcast), 5)
    assert reply.cancelled() and REPLY_CHAT not in sends.order
    assert set(sends.order) == set(BROADCAST_CHATS)


async def test_a_turn_given_to_a_send_cancelled_before_it_ran_goes_to_the_next() -> None:
    turns = _Turns()
    entered: list[str] = []

    async def take(name: str, priority: Priority) -> None:
        async with turns.turn(priority):
            entered.append(name)

    async with turns.turn(Priority.BROADCAST):
        reply = asyncio.create_task(take("reply", Priority.REPLY))
        broadcast = asyncio.create_task(take("broadcast", Priority.BROADCAST))
        await asyncio.sleep(0)  # both wait
    # The turn was just handed to the reply, which is cancelled before it runs.
    reply.cancel()
    await asyncio.wait_for(broadcast, 5)
    assert reply.cancelled() and entered == ["broadcast"]
