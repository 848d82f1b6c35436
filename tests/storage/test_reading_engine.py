"""The engine for long reads: on SQLite its statements run off the event loop's thread, on a
thread that yields the CPU to the loop, and it cannot write; PostgreSQL keeps one engine."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.db import create_engine, create_reading_engine
from bot.storage.reading_sqlite import READER_NICENESS


def _thread() -> str:
    """The calling thread and its CPU niceness."""
    niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    return f"{threading.get_ident()}:{niceness}"


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reading.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        await conn.execute(text("INSERT INTO notes (body) VALUES ('已提交')"))
    reading = create_reading_engine(engine)
    yield engine, reading
    await reading.dispose()
    await engine.dispose()


async def test_it_reads_what_the_bot_committed_on_another_thread(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    engine, reading = engines
    assert reading is not engine
    async with reading.connect() as conn:
        raw = await conn.get_raw_connection()
        # A function SQLite calls while it runs the statement tells which thread runs it.
        await raw.driver_connection.create_function("runner", 0, _thread)
        body, runner = (await conn.execute(text("SELECT body, runner() FROM notes"))).one()
    assert body == "已提交"
    thread, niceness = runner.split(":")
    assert int(thread) != threading.get_ident()
    if sys.platform == "linux":
        mine = _thread().split(":")[1]
        assert int(niceness) == min(19, int(mine) + READER_NICENESS)


async def test_it_refuses_to_write(engines: tuple[AsyncEngine, AsyncEngine]) -> None:
    _, reading = engines
    with pytest.raises(OperationalError, match="readonly"):
        async with reading.begin() as conn:
            await conn.execute(text("INSERT INTO notes (body) VALUES ('写不进')"))


async def test_postgresql_and_in_memory_sqlite_keep_their_one_engine() -> None:
    for url in ("postgresql+asyncpg://nobody@127.0.0.1:1/none", "sqlite+aiosqlite:///:memory:"):
        engine = create_engine(url)
        assert create_reading_engine(engine) is engine
        await engine.dispose()
