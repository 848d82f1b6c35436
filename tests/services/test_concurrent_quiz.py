"""One member's quiz commands handled at the same moment (PostgreSQL: one member's updates
may reach two processes at once): they play one quiz, scored once."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.quiz import QuizMode
from bot.services.identity import Caller
from bot.services.quiz import StartResult
from bot.services.unit import Services
from tests.harness import BotHarness
from tests.services.concurrency import racing_services

MEMBERS = range(11, 19)


@pytest.fixture
async def services(harness: BotHarness, database_url: str) -> Services:
    return await racing_services(harness, database_url, MEMBERS)


async def _start(services: Services, member_id: int, mode: QuizMode) -> StartResult:
    async with services.unit() as unit:
        actor = await unit.members.identify(Caller(member_id, f"成员{member_id}"))
        return await unit.quiz.start(actor, member_id, mode)


@pytest.mark.parametrize("mode", [QuizMode.DAILY, QuizMode.CHALLENGE])
async def test_a_quiz_command_sent_twice_at_once_opens_one_quiz(
    services: Services, mode: QuizMode
) -> None:
    for member_id in MEMBERS:
        first, second = await asyncio.gather(
            _start(services, member_id, mode), _start(services, member_id, mode)
        )
        assert first.view is not None and second.view is not None
        # The second goes on with the quiz the first opened, as one after the other would.
        assert first.view.session_id == second.view.session_id
        assert sorted([first.resumed, second.resumed]) == [False, True]
