"""Contest votes written at the same moment by two processes (PostgreSQL): contests running
in two chats at once, with the same members voting in both."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.services.contests import Vote
from bot.services.identity import Actor, Caller, Role
from bot.services.unit import Services
from bot.storage.models import ContestAnswer
from tests.harness import BotHarness, FrozenClock
from tests.services.concurrency import racing_services

ORGANISER = Actor(901, "组织员", "zh", Role.ORGANISER)
MEMBERS = range(11, 31)
CHATS = (-100, -200)


@pytest.fixture
async def services(harness: BotHarness, database_url: str) -> Services:
    return await racing_services(harness, database_url)


async def _open_poll(services: Services, clock: FrozenClock, chat_id: int) -> str:
    """A contest in `chat_id` with its first question's poll out; the poll's id."""
    async with services.unit() as unit:
        opened = await unit.contests.start(ORGANISER, chat_id, [])
        step = await unit.contests.step_of(opened.contest_id)
    assert step is not None
    clock.advance(seconds=60)
    poll_id = f"poll{chat_id}"
    async with services.unit() as unit:
        ask = await unit.contests.ask(step)
        assert ask is not None and not isinstance(ask, type(step))
        await unit.contests.bind_poll(ask, poll_id, message_id=1)
    return poll_id


async def test_votes_of_the_same_members_in_two_contests_at_once_all_count(
    services: Services, clock: FrozenClock
) -> None:
    async with services.unit() as unit:
        for member_id in MEMBERS:
            await unit.members.identify(Caller(member_id, f"成员{member_id}"))
    # Not seen for a while: each member's first vote notes that they were seen again.
    clock.advance(minutes=30)
    polls = [await _open_poll(services, clock, chat_id) for chat_id in CHATS]
    clock.advance(seconds=1)

    async def record(poll_id: str, members: list[int]) -> int:
        async with services.unit() as unit:
            votes = [
                Vote(poll_id, Caller(m, f"成员{m}", in_private_chat=False), (1,), clock())
                for m in members
            ]
            return await unit.contests.record_votes(votes)

    # Each process's queue holds the votes in the order they came.
    written = await asyncio.gather(
        record(polls[0], list(MEMBERS)), record(polls[1], list(reversed(MEMBERS)))
    )
    assert written == [len(MEMBERS), len(MEMBERS)]
    async with services.unit() as unit:
        stored = await unit.session.scalar(select(func.count()).select_from(ContestAnswer))
    assert stored == 2 * len(MEMBERS)
