"""Migrations go up and down on the test database, one step at a time (stairway)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, inspect, select

from bot.storage import migrate
from bot.storage.db import create_engine
from bot.storage.downgrade import Dropped, plan_downgrade
from bot.storage.migrate import revisions_oldest_first
from bot.storage.models import AbsentChat, Base


async def test_stairway_up_and_down(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        revisions = migrate.revisions_oldest_first()
        assert revisions and revisions[-1] == migrate.head_revision()
        for revision in revisions:
            await migrate.upgrade(engine, revision)
            await migrate.downgrade(engine, "-1")
            await migrate.upgrade(engine, revision)
        assert await migrate.current_revision(engine) == migrate.head_revision()
        await migrate.downgrade(engine, "base")
        assert await migrate.current_revision(engine) is None
    finally:
        await engine.dispose()


async def test_head_matches_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert set(Base.metadata.tables) <= tables
    finally:
        await engine.dispose()


async def test_a_planned_downgrade_names_what_it_drops_and_changes_nothing(
    database_url: str,
) -> None:
    """`studybot db downgrade` first runs the downgrade in a transaction it rolls back, to
    tell the operator which tables and columns (and how many rows) would go."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        left = datetime(2026, 11, 1, tzinfo=UTC)
        async with engine.begin() as conn:
            await conn.execute(insert(AbsentChat), [{"chat_id": -100, "left_at": left}])
        plan = await plan_downgrade(engine, "0007")
        assert (plan.current, plan.target) == (migrate.head_revision(), "0007")
        revisions = revisions_oldest_first()
        assert plan.undone == revisions[revisions.index("0007") + 1 :][::-1]
        assert Dropped("absent_chats", None, 1) in plan.dropped
        assert Dropped("quiz_sessions", "question_hash", 0) in plan.dropped
        # Whatever later revisions add holds no rows here.
        assert sum(dropped.rows for dropped in plan.dropped) == 1
        assert await migrate.current_revision(engine) == migrate.head_revision()
        async with engine.connect() as conn:
            assert await conn.scalar(select(func.count()).select_from(AbsentChat)) == 1
    finally:
        await engine.dispose()
