"""The election: a PostgreSQL advisory lock on a connection of its own; SQLite's lock file."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.leader import (
    LOCK_SPACE,
    AdvisoryLock,
    DatabaseInUse,
    SoleProcess,
    SqliteFileLock,
    active_dispatchers,
    dispatcher_slots,
    scheduler_election,
    sqlite_path,
)
from bot.storage.db import create_engine


@pytest.fixture
async def postgres(database_url: str) -> AsyncIterator[AsyncEngine]:
    if not database_url.startswith("postgresql"):
        pytest.skip("advisory locks need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def test_one_holder_at_a_time_and_the_next_takes_over(postgres: AsyncEngine) -> None:
    # Two elections on one engine stand for two processes: each has its own connection.
    first, second = scheduler_election(postgres), scheduler_election(postgres)
    assert isinstance(first, AdvisoryLock) and not first.sole
    assert await first.acquire()
    assert await first.acquire()  # asking again while holding it is fine
    assert not await second.acquire()
    assert await first.held() and not await second.held()
    await first.release()
    assert not await first.held()
    assert await second.acquire()
    await second.release()


async def test_a_holder_whose_connection_dies_loses_the_lock(postgres: AsyncEngine) -> None:
    first, second = scheduler_election(postgres), scheduler_election(postgres)
    assert await first.acquire()
    assert not await second.acquire()
    # What happens when the holder is SIGKILLed: its server process goes, and the lock too.
    async with postgres.connect() as admin:
        await admin.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND classid = :space AND objid = 0"
            ).bindparams(space=LOCK_SPACE)
        )
        await admin.commit()
    # The server frees the lock as the terminated process exits, a moment later.
    for _ in range(100):
        if await second.acquire():
            break
        await asyncio.sleep(0.05)
    assert await second.held()
    assert not await first.held()  # the old holder notices and steps down
    assert not await first.acquire()
    await first.release()
    await second.release()


async def test_dispatcher_slots_are_counted(postgres: AsyncEngine) -> None:
    leader = scheduler_election(postgres)
    helpers = [dispatcher_slots(postgres, 3) for _ in range(3)]
    assert all(helper is not None for helper in helpers)
    assert await leader.acquire()
    assert await active_dispatchers(postgres) == 1
    outcomes = [await helper.acquire() for helper in helpers if helper is not None]
    assert outcomes == [True, True, False]  # two helper slots besides the leader
    assert await active_dispatchers(postgres) == 3
    for helper in helpers:
        if helper is not None:
            await helper.release()
    assert await active_dispatchers(postgres) == 1
    await leader.release()
    assert dispatcher_slots(postgres, 1) is None


async def test_sqlite_is_always_its_own_leader(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    election = scheduler_election(engine)
    assert isinstance(election, SoleProcess) and election.sole
    assert await election.acquire() and await election.held()
    assert dispatcher_slots(engine, 4) is None
    await engine.dispose()


def test_sqlite_path_from_the_url(tmp_path: Path) -> None:
    assert sqlite_path(f"sqlite+aiosqlite:///{tmp_path}/x.db") == tmp_path / "x.db"
    assert sqlite_path("sqlite+aiosqlite:///:memory:") is None
    assert sqlite_path("postgresql+asyncpg://u@h/db") is None


def test_a_second_lock_on_the_same_database_file_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "studybot.db"
    with SqliteFileLock(database) as first:
        assert first.path == tmp_path / "studybot.db.lock"
        # flock belongs to an open file, so a second open in this process stands for a
        # second process.
        with pytest.raises(DatabaseInUse) as refused:
            SqliteFileLock(database).acquire()
        assert refused.value.pid == str(os.getpid())
        assert refused.value.path == database
    # Released (and so when the holder exits, whatever the way): the next one gets it.
    with SqliteFileLock(database):
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_other_database_files_do_not_conflict(tmp_path: Path) -> None:
    with SqliteFileLock(tmp_path / "a.db"), SqliteFileLock(tmp_path / "b.db"):
        pass
