"""Two admins making the same study group at the same moment: the second is told the name
is taken, as they would be a moment later."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.services.errors import UserFacingError
from bot.services.groups import GroupService
from bot.services.identity import Actor, Role
from bot.services.unit import Services, UnitOfWork
from tests.harness import ADMIN_ID, BotHarness
from tests.services.concurrency import racing_services

ADMIN = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)


async def _outcome(services: Services, act: Callable[[UnitOfWork], Awaitable[object]]) -> str:
    try:
        async with services.unit() as unit:
            await act(unit)
    except UserFacingError as refusal:
        return refusal.message_id
    return "done"


@pytest.mark.parametrize("second_code", [None, "K7M2QX"])
async def test_the_same_group_made_twice_at_once_is_made_once(
    harness: BotHarness, second_code: str | None
) -> None:
    services = harness.services
    outcomes = await asyncio.gather(
        _outcome(services, lambda unit: unit.groups.create(ADMIN, "一组", "K7M2QX")),
        _outcome(services, lambda unit: unit.groups.create(ADMIN, "一组", second_code)),
    )
    assert sorted(outcomes) == ["done", "group-name-taken"]


async def test_two_groups_renamed_to_one_name_at_once(harness: BotHarness) -> None:
    services = harness.services
    async with services.unit() as unit:
        for name in ("一组", "二组"):
            await unit.groups.create(ADMIN, name)
    outcomes = await asyncio.gather(
        _outcome(services, lambda unit: unit.groups.rename(ADMIN, "一组", "先锋组")),
        _outcome(services, lambda unit: unit.groups.rename(ADMIN, "二组", "先锋组")),
    )
    assert sorted(outcomes) == ["done", "group-name-taken"]


async def test_a_group_made_between_the_name_and_the_code_checks_reads_as_a_taken_name(
    harness: BotHarness, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another admin made the very same group, join code and all, just after this admin's
    name check: they heard that the join code was taken; a moment later they would hear
    that the name is."""
    services = await racing_services(harness, database_url)
    check_code = GroupService._check_code

    async def made_meanwhile(self: GroupService, code: str) -> str:
        monkeypatch.setattr(GroupService, "_check_code", check_code)
        async with services.unit() as other:
            await other.groups.create(ADMIN, "一组", code)
        return await check_code(self, code)

    monkeypatch.setattr(GroupService, "_check_code", made_meanwhile)
    outcome = await _outcome(services, lambda unit: unit.groups.create(ADMIN, "一组", "K7M2QX"))
    assert outcome == "group-name-taken"
