"""An organisation's database at each older revision, full of what the bot wrote then
(members, a study group, quiz answers, ledger rows, a push with its deliveries and an
acknowledgement, a manual award), upgraded to head: no row is lost, and the rankings and a
member's own figures are what they were."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, Table, func, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.sandbox.state import BotApiSandbox
from bot.services.identity import Actor, Role
from bot.storage import migrate
from bot.storage.db import create_engine
from bot.storage.models import Base
from tests.harness import ADMIN_ID, BotHarness, FrozenClock, make_config

WHEN = datetime(2026, 2, 10, 2, 0, tzinfo=UTC)
ADMIN = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)


def _member(member_id: int, name: str, group: int | None) -> dict[str, Any]:
    return {
        "id": member_id,
        "first_name": name,
        "username": None,
        "language": "zh",
        "is_organiser": False,
        "is_reachable": True,
        "study_group_id": group,
        "joined_at": WHEN,
        "last_seen_at": WHEN,
    }


def _event(event_id: int, member_id: int, source: str, points: int) -> dict[str, Any]:
    return {
        "id": event_id,
        "member_id": member_id,
        "study_group_id": 1 if member_id != 1003 else None,
        "source": source,
        "reference": f"{source}:{event_id}",
        "points": points,
        "created_at": WHEN,
    }


def _answer(answer_id: int, position: int, correct: bool) -> dict[str, Any]:
    return {
        "id": answer_id,
        "session_id": 1,
        "member_id": 1001,
        "position": position,
        "question_key": f"party-basics:q00{position + 1}",
        "content_hash": "0" * 64,
        "given": "A",
        "correct": correct,
        "timed_out": False,
        "answered_at": WHEN,
    }


# Parents before children. A table that a revision does not have yet is left out, and so is
# a column it does not have.
ROWS: dict[str, list[dict[str, Any]]] = {
    "study_groups": [
        {"id": 1, "name": "第一学习小组", "join_code": "J1", "chat_id": None, "created_at": WHEN}
    ],
    "members": [
        _member(1001, "张三", 1),
        _member(1002, "李四", 1),
        _member(1003, "王五", None),
    ],
    "quiz_sessions": [
        {
            "id": 1,
            "member_id": 1001,
            "chat_id": 1001,
            "mode": "daily",
            "status": "finished",
            "quiz_day": date(2026, 2, 10),
            "scored": True,
            "question_keys": ["party-basics:q001", "party-basics:q002"],
            "position": 2,
            "correct_count": 1,
            "streak": 0,
            "points": 10,
            "selection": [],
            "message_id": 5,
            "filter_text": None,
            "started_at": WHEN,
            "question_sent_at": WHEN,
            "deadline_at": None,
            "finished_at": WHEN,
        }
    ],
    "quiz_answers": [_answer(1, 0, True), _answer(2, 1, False)],
    "score_events": [
        _event(1, 1001, "quiz", 10),
        _event(2, 1002, "manual", 30),
        _event(3, 1003, "ack", 2),
        _event(4, 1001, "ack", 2),
    ],
    "push_fires": [
        {
            "id": 1,
            "schedule_id": "monthly-theory",
            "fire_time": WHEN,
            "kind": "message",
            "status": "done",
            "series_index": 0,
            "payload": {"text": "本月学习材料"},
            "recipients": 3,
            "created_at": WHEN,
        }
    ],
    "push_deliveries": [
        {
            "id": n,
            "fire_id": 1,
            "chat_id": member_id,
            "member_id": member_id,
            "status": "sent",
            "attempts": 1,
            "next_attempt_at": WHEN,
            "message_id": 10 + n,
            "error": None,
            "updated_at": WHEN,
        }
        for n, member_id in enumerate((1001, 1002, 1003), start=1)
    ],
    "push_acks": [
        {"id": 1, "fire_id": 1, "member_id": 1001, "created_at": WHEN},
        {"id": 2, "fire_id": 1, "member_id": 1003, "created_at": WHEN},
    ],
    "manual_awards": [
        {
            "id": 1,
            "member_id": 1002,
            "given_by": ADMIN_ID,
            "points": 30,
            "reason": "支部会议发言",
            "chat_id": ADMIN_ID,
            "message_id": 7,
            "created_at": WHEN,
            "revoked_by": None,
            "revoked_at": None,
        }
    ],
}


async def _columns_by_table(engine: AsyncEngine) -> dict[str, set[str]]:
    """The tables of ROWS that the database has, with their columns."""

    def read(sync: Any) -> dict[str, set[str]]:
        found = inspect(sync)
        present = set(found.get_table_names())
        return {
            name: {c["name"] for c in found.get_columns(name)} for name in ROWS if name in present
        }

    async with engine.connect() as conn:
        return await conn.run_sync(read)


def _as_of_then(name: str, columns: set[str]) -> Table:
    """The model's table cut down to the columns the old revision has (the models' types
    write the values as the bot did)."""
    model = Base.metadata.tables[name]
    kept: list[Column[Any]] = [c._copy() for c in model.columns if c.name in columns]
    return Table(name, MetaData(), *kept)


async def _fill(engine: AsyncEngine) -> dict[str, int]:
    columns = await _columns_by_table(engine)
    async with engine.begin() as conn:
        for name, rows in ROWS.items():
            if name not in columns:
                continue
            kept = columns[name]
            then = [{k: v for k, v in row.items() if k in kept} for row in rows]
            await conn.execute(insert(_as_of_then(name, kept)), then)
    return {name: len(ROWS[name]) for name in columns}


async def _counts(engine: AsyncEngine, tables: dict[str, int]) -> dict[str, int]:
    async with engine.connect() as conn:
        return {
            name: (
                await conn.execute(select(func.count()).select_from(Base.metadata.tables[name]))
            ).scalar_one()
            for name in tables
        }


@pytest.mark.parametrize("revision", migrate.revisions_oldest_first()[:-1])
async def test_an_older_database_full_of_data_upgrades_with_nothing_lost(
    database_url: str, revision: str
) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine, revision)
        seeded = await _fill(engine)
        assert {"members", "score_events", "quiz_answers"} <= set(seeded)
        await migrate.upgrade(engine)
        assert await _counts(engine, seeded) == seeded
    finally:
        await engine.dispose()

    clock = FrozenClock(now=datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    bot = BotHarness(make_config(database_url), clock, BotApiSandbox(wall_clock=clock.timestamp))
    await bot.start()  # the bot's start-up: migrations (none left) and the running totals
    try:
        async with bot.services.unit() as unit:
            board = await unit.rankings.top(ADMIN, ["累计"])
            zhang = await unit.rankings.me(Actor(1001, "张三", "zh", Role.MEMBER))
        assert [(e.rank, e.member_id, e.points) for e in board.entries] == [
            (1, 1002, 30),
            (2, 1001, 12),
            (3, 1003, 2),
        ]
        assert [e.group for e in board.entries] == ["第一学习小组", "第一学习小组", None]
        assert (zhang.answered, zhang.correct) == (2, 1)
    finally:
        await bot.stop()


async def test_going_down_revision_by_revision_keeps_the_rows_of_every_table_left(
    database_url: str,
) -> None:
    """`studybot db downgrade`, as the message about a database of a newer release says to
    run before going back to an older release: on SQLite a migration rebuilds a table to
    drop a column, and the rebuild must not take the rows that refer to it along (the quiz
    answers of every quiz session) nor stop at a member's score events."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        seeded = await _fill(engine)
        for revision in reversed(migrate.revisions_oldest_first()[:-1]):
            await migrate.downgrade(engine, revision)
            left = await _columns_by_table(engine)
            assert await _counts(engine, {name: seeded[name] for name in left}) == {
                name: seeded[name] for name in left
            }, revision
        # Back up: the tables of the first revision have their rows still.
        kept = {name: seeded[name] for name in await _columns_by_table(engine)}
        await migrate.upgrade(engine)
        assert await _counts(engine, kept) == kept
        if engine.dialect.name == "sqlite":  # the bot's connections enforce them again
            async with engine.connect() as conn:
                assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        await engine.dispose()


async def test_a_migration_that_fails_half_way_leaves_the_database_as_it_was(
    database_url: str,
) -> None:
    """On SQLite the statements of a migration ran outside a transaction: one failing half
    way kept the tables made before it, at the old revision, so every later try failed on a
    table that "already exists" even once the cause was gone."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine, "0002")
        async with engine.begin() as conn:  # in the way of 0003's fourth table
            await conn.exec_driver_sql("CREATE TABLE push_fires (id INTEGER PRIMARY KEY)")
        with pytest.raises(Exception, match="push_fires"):
            await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == "0002"
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP TABLE push_fires")
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
    finally:
        await engine.dispose()
