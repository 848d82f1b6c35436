"""Set-up shared by the tests of writers racing each other: they need PostgreSQL, where
units truly run side by side (SQLite writes one at a time)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from bot.services.identity import Caller
from bot.services.unit import Services
from tests.harness import BotHarness


async def racing_services(
    harness: BotHarness, database_url: str, members: Iterable[int] = ()
) -> Services:
    """The harness's services with `members` registered; the test is skipped on SQLite."""
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent writers need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    async with harness.services.unit() as unit:
        for member_id in members:
            await unit.members.identify(Caller(member_id, f"成员{member_id}"))
    return harness.services
