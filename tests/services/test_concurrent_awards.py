"""Awards to the same members written at the same moment by separate updates (PostgreSQL,
where they truly run side by side): nobody sees an error, nothing is lost or counted twice."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.domain.periods import PeriodKind
from bot.services.errors import UserFacingError
from bot.services.identity import Actor, Role
from bot.services.unit import Services
from bot.storage.models import GroupTotal, ManualAward, ScoreEvent
from tests.harness import ADMIN_ID, BotHarness
from tests.services.concurrency import racing_services

FIRST_ORGANISER = Actor(901, "组织员甲", "zh", Role.ORGANISER)
SECOND_ORGANISER = Actor(902, "组织员乙", "zh", Role.ORGANISER)
MEMBERS = (11, 12, 13, 14)
ROUNDS = 8


@pytest.fixture
async def services(harness: BotHarness, database_url: str) -> Services:
    return await racing_services(harness, database_url, MEMBERS)


async def _award(services: Services, actor: Actor, members: list[int], message_id: int) -> None:
    async with services.unit() as unit:
        args = [*map(str, members), "1", "支部活动"]
        await unit.awards.give(actor, args, chat_id=-100, message_id=message_id)


async def _points(services: Services) -> tuple[int | None, int | None]:
    """The points in the ledger, and in the all-time total of the members in no group."""
    async with services.unit() as unit:
        awarded = await unit.session.scalar(select(func.sum(ScoreEvent.points)))
        group_points = await unit.session.scalar(
            select(GroupTotal.points).where(GroupTotal.kind == PeriodKind.ALL.value)
        )
    return awarded, group_points


async def test_two_organisers_awarding_one_member_at_once_both_count(
    services: Services,
) -> None:
    # Each /award records the award (a row naming the member) before adding it up.
    for round_ in range(ROUNDS):
        await asyncio.gather(
            _award(services, FIRST_ORGANISER, [11], message_id=2 * round_),
            _award(services, SECOND_ORGANISER, [11], message_id=2 * round_ + 1),
        )
    assert await _points(services) == (2 * ROUNDS, 2 * ROUNDS)


async def test_two_organisers_awarding_the_same_members_at_once_both_count(
    services: Services,
) -> None:
    # /award 11 12 13 14 and /award 14 13 12 11 by two organisers in the same moment: the
    # members have no group, so both add to the same group totals (no group).
    for round_ in range(ROUNDS):
        await asyncio.gather(
            _award(services, FIRST_ORGANISER, list(MEMBERS), message_id=2 * round_),
            _award(services, SECOND_ORGANISER, list(reversed(MEMBERS)), 2 * round_ + 1),
        )
    expected = 2 * ROUNDS * len(MEMBERS)
    assert await _points(services) == (expected, expected)


async def test_awards_to_members_of_two_groups_at_once_all_count(services: Services) -> None:
    # /award 11 12 and /award 13 14 at once, where 11 and 14 are in 一组, 12 and 13 in 二组:
    # each adds to both groups' totals, one going member by member from 一组, one from 二组.
    async with services.unit() as unit:
        admin = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)
        first = await unit.groups.create(admin, "一组")
        second = await unit.groups.create(admin, "二组")
        for member_id, group in ((11, first), (12, second), (13, second), (14, first)):
            await unit.groups.join(Actor(member_id, "", "zh", Role.MEMBER), group.join_code)
    for round_ in range(ROUNDS):
        await asyncio.gather(
            _award(services, FIRST_ORGANISER, [11, 12], message_id=2 * round_),
            _award(services, SECOND_ORGANISER, [13, 14], message_id=2 * round_ + 1),
        )
    async with services.unit() as unit:
        totals = await unit.session.execute(
            select(GroupTotal.study_group_id, GroupTotal.points).where(
                GroupTotal.kind == PeriodKind.ALL.value
            )
        )
    assert dict(totals.all()) == {first.id: 2 * ROUNDS, second.id: 2 * ROUNDS}


async def test_a_member_moved_while_awarded_takes_every_point_along(services: Services) -> None:
    # An admin's /move and an organiser's /award for the same member at the same moment.
    admin = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)
    async with services.unit() as unit:
        groups = [await unit.groups.create(admin, name) for name in ("一组", "二组")]

    async def move(group: str) -> None:
        async with services.unit() as unit:
            await unit.groups.move(admin, "11", group)

    for round_ in range(ROUNDS):
        await asyncio.gather(
            _award(services, FIRST_ORGANISER, [11], message_id=round_),
            move(groups[round_ % 2].name),
        )
    async with services.unit() as unit:
        totals = await unit.session.execute(
            select(GroupTotal.study_group_id, GroupTotal.points).where(
                GroupTotal.kind == PeriodKind.ALL.value, GroupTotal.points != 0
            )
        )
    assert dict(totals.all()) == {groups[(ROUNDS - 1) % 2].id: ROUNDS}


async def test_an_award_taken_back_twice_at_once_is_taken_back_once(services: Services) -> None:
    await _award(services, FIRST_ORGANISER, [11], message_id=1)
    async with services.unit() as unit:
        award_id = await unit.session.scalar(select(ManualAward.id))

    async def take_back(actor: Actor) -> str:
        try:
            async with services.unit() as unit:
                await unit.awards.take_back(actor, [str(award_id)])
        except UserFacingError as refusal:
            return refusal.message_id
        return "taken back"

    outcomes = await asyncio.gather(take_back(FIRST_ORGANISER), take_back(SECOND_ORGANISER))
    assert sorted(outcomes) == ["award-already-revoked", "taken back"]
    assert await _points(services) == (0, 0)
