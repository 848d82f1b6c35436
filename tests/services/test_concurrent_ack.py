"""A push's 已学习 button tapped from two devices at the same moment (PostgreSQL: the taps
may reach two processes): the points count once, and the second tap is told so."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.services.identity import Actor, Role
from bot.services.pushes import AckResult
from bot.storage.models import ScoreEvent
from tests.harness import ADMIN_ID, FrozenClock
from tests.tgbot.pushkit import PushHarness, write_schedules

PUSH = {
    "id": "materials",
    "title": "本月学习材料",
    "trigger": "monthly on day 1 at 09:00",
    "audience": "all",
    "content": {"text": "请学习本月材料。", "acknowledge": {"points": 2}},
}
MEMBERS = range(11, 21)


@pytest.fixture
async def harness(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[PushHarness]:
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent writers need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    harness = PushHarness(database_url, clock, write_schedules(tmp_path / "schedules", PUSH))
    await harness.start()
    await harness.members(MEMBERS, open_chats=False)
    yield harness
    await harness.stop()


async def test_two_taps_at_once_count_once(harness: PushHarness) -> None:
    services = harness.services
    async with services.unit() as unit:
        fired = await unit.pushes.push_now(
            Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN), "materials"
        )
    assert fired.fire_id is not None

    async def tap(member_id: int) -> AckResult:
        async with services.unit() as unit:
            actor = Actor(member_id, f"成员{member_id}", "zh", Role.MEMBER)
            return await unit.pushes.acknowledge(actor, fired.fire_id)

    for member_id in MEMBERS:
        first, second = await asyncio.gather(tap(member_id), tap(member_id))
        assert sorted([first.already, second.already]) == [False, True]
    async with services.unit() as unit:
        awarded = await unit.session.scalar(select(func.sum(ScoreEvent.points)))
    assert awarded == 2 * len(MEMBERS)
