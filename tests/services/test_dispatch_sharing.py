"""Two dispatchers on one outbox (PostgreSQL): they claim different rows, and even when a
claim runs out the conditional update lets only one of them send a row."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.pacing import Limits, Pacer
from bot.services.dispatch import DeliveryJob, Dispatcher, Gate, Outbox, Outcome
from bot.services.identity import Actor, Role
from bot.services.send_budget import SendBudget
from tests.harness import ADMIN_ID, FrozenClock
from tests.tgbot.pushkit import PushHarness, write_schedules

RECIPIENTS = range(1, 201)
PUSH = {
    "id": "materials",
    "title": "本月学习材料",
    "trigger": "monthly on day 1 at 09:00",
    "audience": "all",
    "content": {"text": "请学习本月材料。"},
}


class Recorder:
    """A Sender that only notes the chats it sent to (shared by both dispatchers)."""

    def __init__(self, name: str, log: Counter[int], by: Counter[str]) -> None:
        self.name, self.log, self.by = name, log, by

    async def send(self, job: DeliveryJob, gate: Gate) -> Outcome:
        await gate(job.chat_id)
        await asyncio.sleep(0)  # let the other dispatcher run in between
        self.log[job.chat_id] += 1
        self.by[self.name] += 1
        return Outcome("sent", message_id=1)


@pytest.fixture
async def outbox(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[tuple[PushHarness, Outbox]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("shared outboxes need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    harness = PushHarness(database_url, clock, write_schedules(tmp_path / "schedules", PUSH))
    await harness.start()
    await harness.members(RECIPIENTS, open_chats=False)
    async with harness.services.unit() as unit:
        await unit.pushes.push_now(Actor(ADMIN_ID, "admin", "zh", Role.ADMIN), "materials")
    yield harness, Outbox(harness.services.sessions, clock, "zh", harness.services.config.zone)
    await harness.stop()


def _dispatcher(outbox: Outbox, sender: Recorder) -> Dispatcher:
    # Fast limits and small claims, so both get a share of a short broadcast.
    budget = SendBudget(Pacer(Limits().scaled(100)))
    return Dispatcher(outbox, sender, budget, concurrency=4, batch=20)


async def test_claims_hide_rows_from_the_other_dispatcher(
    outbox: tuple[PushHarness, Outbox], clock: FrozenClock
) -> None:
    _, shared = outbox
    first = await shared.due(20, timedelta(seconds=10))
    second = await shared.due(20, timedelta(seconds=10))
    assert len(first) == len(second) == 20
    assert not {job.id for job in first} & {job.id for job in second}
    # A claim that runs out (its dispatcher died) makes the rows visible again.
    clock.advance(seconds=11)
    again = {job.id for job in await shared.due(200)}
    assert {job.id for job in first} <= again


async def test_two_dispatchers_share_a_broadcast_and_send_each_row_once(
    outbox: tuple[PushHarness, Outbox],
) -> None:
    harness, shared = outbox
    sent: Counter[int] = Counter()
    by: Counter[str] = Counter()
    a = _dispatcher(shared, Recorder("a", sent, by))
    b = _dispatcher(shared, Recorder("b", sent, by))
    await asyncio.gather(a.run_once(), b.run_once())
    assert set(sent) == set(RECIPIENTS)
    assert max(sent.values()) == 1
    assert by["a"] > 0 and by["b"] > 0
    statuses = await harness.deliveries()
    assert set(statuses.values()) == {"sent"} and len(statuses) == sum(sent.values())


async def test_a_row_claimed_twice_is_marked_for_sending_once(
    outbox: tuple[PushHarness, Outbox], clock: FrozenClock
) -> None:
    _, shared = outbox
    # The claim ran out between the two dispatchers' rounds: both hold the same rows.
    mine = await shared.due(5, timedelta(seconds=1))
    clock.advance(seconds=2)
    theirs = await shared.due(5)
    assert [job.id for job in mine] == [job.id for job in theirs]
    marks = await asyncio.gather(
        *(shared.mark_sending(job) for pair in zip(mine, theirs, strict=True) for job in pair)
    )
    assert marks.count(True) == len(mine)
