"""SQLite without a thread per call: concurrent units of work take turns to write, reads go
on beside an open write, and no transaction can leave the turn held."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.db import create_engine, session_factory
from bot.storage.inline_sqlite import WaitsForItself

# A hang guard, not a speed check: a deadlock would otherwise stall until SQLite's
# busy_timeout (10 s) and then fail with "database is locked".
HANG = 5.0


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    await engine.dispose()


async def _bodies(engine: AsyncEngine) -> list[str]:
    async with session_factory(engine)() as session:
        return list(await session.scalars(text("SELECT body FROM notes ORDER BY id")))


async def test_two_units_writing_at_once_both_commit(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    first_wrote = asyncio.Event()

    async def slow_writer() -> None:
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (body) VALUES ('先写')"))
            first_wrote.set()
            await asyncio.sleep(0.05)  # other tasks run while this write is open

    async def second_writer() -> None:
        await first_wrote.wait()
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (body) VALUES ('后写')"))

    await asyncio.wait_for(asyncio.gather(slow_writer(), second_writer()), HANG)
    assert await _bodies(engine) == ["先写", "后写"]


async def test_reads_go_on_while_another_unit_writes(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await session.execute(text("INSERT INTO notes (body) VALUES ('已提交')"))
    async with sessions() as writer:
        await writer.execute(text("INSERT INTO notes (body) VALUES ('未提交')"))
        seen = await asyncio.wait_for(_bodies(engine), HANG)
        assert seen == ["已提交"]  # the open write is not visible, and did not block the read
        await writer.commit()
    assert await _bodies(engine) == ["已提交", "未提交"]


async def test_a_failed_unit_gives_the_turn_back(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)
    with pytest.raises(RuntimeError):
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (body) VALUES ('撤销')"))
            raise RuntimeError("a bug mid-transaction")
    with pytest.raises(Exception, match="UNIQUE"):
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (id, body) VALUES (1, 'a')"))
            await session.execute(text("INSERT INTO notes (id, body) VALUES (1, 'b')"))

    async def write() -> None:
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (body) VALUES ('照常')"))

    await asyncio.wait_for(write(), HANG)
    assert await _bodies(engine) == ["照常"]


async def test_many_concurrent_writers_lose_nothing(engine: AsyncEngine) -> None:
    sessions = session_factory(engine)

    async def write(i: int) -> None:
        async with sessions() as session, session.begin():
            await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"w{i}"})
            await asyncio.sleep(0)
            await session.execute(
                text("UPDATE notes SET body = body || '!' WHERE body = :b"), {"b": f"w{i}"}
            )

    await asyncio.wait_for(asyncio.gather(*(write(i) for i in range(50))), HANG)
    assert sorted(await _bodies(engine)) == sorted(f"w{i}!" for i in range(50))


async def test_autocommit_connections_work(engine: AsyncEngine) -> None:
    """The leader election opens AUTOCOMMIT connections; on SQLite that goes through
    aiosqlite's worker thread, which must still be there."""
    async with engine.connect() as conn:
        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await asyncio.wait_for(
            auto.execute(text("INSERT INTO notes (body) VALUES ('自动')")), HANG
        )
    assert await _bodies(engine) == ["自动"]


async def test_a_write_nested_in_a_writing_unit_fails_at_once_instead_of_hanging(
    engine: AsyncEngine,
) -> None:
    sessions = session_factory(engine)

    async def nested() -> None:
        async with sessions() as outer, outer.begin():
            await outer.execute(text("INSERT INTO notes (body) VALUES ('外层')"))
            async with sessions() as inner, inner.begin():
                await inner.execute(text("INSERT INTO notes (body) VALUES ('内层')"))

    with pytest.raises(WaitsForItself):
        await asyncio.wait_for(nested(), HANG)
    assert await _bodies(engine) == []  # both rolled back, and the turn is free again
    async with sessions() as session, session.begin():
        await session.execute(text("INSERT INTO notes (body) VALUES ('之后')"))
    assert await _bodies(engine) == ["之后"]
