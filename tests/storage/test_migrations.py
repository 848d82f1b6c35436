"""Migrations go up and down on the test database, one step at a time (stairway)."""

from __future__ import annotations

from sqlalchemy import inspect

from bot.storage import migrate
from bot.storage.db import create_engine
from bot.storage.models import Base


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
