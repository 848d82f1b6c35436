"""A long report read on SQLite leaves the bot answering members meanwhile.

SQLite's statements run in the event loop's own thread for the short work of a quiz answer
(bot/storage/inline_sqlite.py); an organiser's report over a year of history must not.
Deterministic, with no timing: an SQLite progress handler holds the report's first long
statement until the member's answer has been handled. Run in the loop's thread, the hold
would stop the loop itself, and the answer could only be handled after it (the hang guard
then lets the statement go on, and the test fails).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from telegram import Update

from bot.storage.models import Member, ScoreEvent
from tests.harness import ADMIN_ID, BotHarness, member_rows
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import question_message, single_bank

# A hang guard, not a speed check.
HANG = 10.0
# SQLite virtual machine steps between progress calls: far more than any statement of a
# quiz answer makes, far fewer than a report over the ledger below.
STEPS = 20_000
LEDGER_MEMBERS = 400
ROWS_PER_MEMBER = 50
MEMBER = 7


class StatementHold:
    """Installed on every SQLite connection the bot opens: once armed, the first statement
    that runs STEPS steps waits inside SQLite until released (or HANG passes)."""

    def __init__(self) -> None:
        self.armed = False
        self.entered = threading.Event()
        self.released = threading.Event()
        self.left = threading.Event()

    def __call__(self) -> int:
        if self.armed:
            self.armed = False
            self.entered.set()
            self.released.wait(HANG)
            self.left.set()
        return 0  # go on with the statement


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch, database_url: str) -> StatementHold:
    if not database_url.startswith("sqlite"):
        pytest.skip("asyncpg never runs a statement in the event loop's thread")
    hold = StatementHold()
    connect = sqlite3.connect

    def watched(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        connection.set_progress_handler(hold, STEPS)
        return connection

    monkeypatch.setattr(sqlite3, "connect", watched)
    return hold


async def big_ledger(harness: BotHarness) -> None:
    """Members with points spread over this year, written as one bulk insert."""
    now = harness.clock()
    ids = range(100_000, 100_000 + LEDGER_MEMBERS)
    events = [
        {
            "member_id": member,
            "study_group_id": None,
            "source": "daily_quiz",
            "reference": f"{member}:{n}",
            "points": 1,
            "created_at": now - timedelta(hours=n),
        }
        for member in ids
        for n in range(ROWS_PER_MEMBER)
    ]
    async with harness.services.unit() as unit:
        await unit.session.execute(insert(Member), member_rows(ids, now))
        await unit.session.execute(insert(ScoreEvent), events)


def organiser_command(harness: BotHarness, text: str) -> Awaitable[None]:
    """The organiser's command, handled as a task of its own (as the bot's update processor
    runs updates side by side)."""
    harness.sandbox.send_message(ADMIN_ID, text)
    [data] = harness.sandbox.take_updates()
    update = Update.de_json(data, harness.app.bot)
    return asyncio.ensure_future(harness.app.process_update(update))


async def test_a_quiz_answer_is_handled_while_an_export_reads_the_ledger(
    hold: StatementHold, make_harness: HarnessFactory
) -> None:
    harness = await make_harness(single_bank(5))
    await harness.say(ADMIN_ID, "/start", name="组织员")
    question = question_message(await harness.say(MEMBER, "/quiz", name="答题的成员"))
    await big_ledger(harness)

    hold.armed = True
    export = organiser_command(harness, "/export 今年")
    # Waited for on a thread of its own, so the loop is free to run the export meanwhile.
    assert await asyncio.to_thread(hold.entered.wait, HANG * 2)  # inside its long read now
    following = await harness.press(MEMBER, question, "B")
    answered_during_the_read = not hold.left.is_set()
    hold.released.set()
    await asyncio.wait_for(export, HANG * 2)

    assert "回答正确" in (harness.sandbox_message(question).text or "")
    assert "第 2/5 题" in (question_message(following).text or "")
    assert answered_during_the_read, "the member's answer waited for the organiser's export"
    files = [m.file_name for m in harness.sandbox.sent(ADMIN_ID) if m.kind == "document"]
    assert files == ["studybot-2026.xlsx", "studybot-2026.csv"], files
