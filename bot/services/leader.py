"""Which process runs the scheduler and the dispatcher: elected through the database.

PostgreSQL: several processes share one database, and the one holding a session-level
advisory lock is the leader. The lock lives on a connection of its own, held for as long as
the leadership lasts: when the process dies, even by SIGKILL, the server closes that
connection and frees the lock, and another process's next try takes it. Nothing is written
for this, so there is nothing to clean up after a crash.

SQLite: one process per database file (a second one is refused, see `SqliteFileLock`), which
is always the leader.

Processes that help the leader send a large broadcast (`pushes.dispatchers` > 1) hold one of
a few numbered dispatcher slots the same way; the number of slots held is how many ways the
bot's message rate is split.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# Advisory locks are keyed by two 32-bit numbers within a database: ours are ("SBOT", slot).
# Slot 0 is the scheduler; slots 1… are helper dispatchers.
LOCK_SPACE = 0x53424F54
SCHEDULER_SLOT = 0
# A query on the lock connection that takes longer than this counts as a lost connection: a
# leader that cannot show it still holds the lock steps down rather than risk a second one.
CHECK_TIMEOUT = 5.0


class Election(Protocol):
    """One lock a process may hold; every method is safe to call at any time."""

    @property
    def sole(self) -> bool:
        """True when no other process can exist (SQLite): nothing is ever contested."""

    async def acquire(self) -> bool:
        """Try once, without waiting; True when this process holds the lock (now or already)."""

    async def held(self) -> bool:
        """Whether the lock is still ours; False when its connection was lost."""

    async def release(self) -> None:
        """Give the lock up (and its connection)."""


class SoleProcess:
    """SQLite: this process is the only one, so it always leads."""

    sole = True

    async def acquire(self) -> bool:
        return True

    async def held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLock:
    """`pg_try_advisory_lock` on a dedicated connection, for one of `slots` (the first free).

    The connection runs in autocommit: an idle connection inside an open transaction would
    hold back vacuum for as long as the leadership lasts.
    """

    sole = False

    def __init__(self, engine: AsyncEngine, slots: range) -> None:
        self._engine = engine
        self._slots = slots
        self._connection: AsyncConnection | None = None
        self.slot: int | None = None

    async def acquire(self) -> bool:
        if self.slot is not None:
            return True
        try:
            connection = await self._connect()
            for slot in self._slots:
                taken = await self._query(
                    connection,
                    "SELECT pg_try_advisory_lock(:space, :slot)",
                    slot,
                )
                if taken:
                    self.slot = slot
                    return True
        except Exception as error:  # the database is unreachable: try again next time
            log.warning("advisory lock: could not try %s: %r", self._slots, error)
            await self._drop()
        return False

    async def held(self) -> bool:
        if self.slot is None or self._connection is None:
            return False
        try:
            # The lock is held by this connection's server process, as pg_locks shows it.
            count = await self._query(
                self._connection,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND pid = pg_backend_pid() AND classid = :space AND objid = :slot"
                " AND objsubid = 2",
                self.slot,
            )
        except Exception as error:
            log.warning("advisory lock: connection lost: %r", error)
            await self._drop()
            return False
        if not count:
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        if self._connection is not None and self.slot is not None:
            with contextlib.suppress(Exception):
                await self._query(
                    self._connection, "SELECT pg_advisory_unlock(:space, :slot)", self.slot
                )
        await self._drop()

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            connection = await self._engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return self._connection

    @staticmethod
    async def _query(connection: AsyncConnection, sql: str, slot: int) -> object:
        statement = text(sql).bindparams(space=LOCK_SPACE, slot=slot)
        return await asyncio.wait_for(connection.scalar(statement), CHECK_TIMEOUT)

    async def _drop(self) -> None:
        """Forget the connection; closing it frees whatever lock the server still held."""
        connection, self._connection, self.slot = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.invalidate(), CHECK_TIMEOUT)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), CHECK_TIMEOUT)


def scheduler_election(engine: AsyncEngine) -> Election:
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine, range(SCHEDULER_SLOT, SCHEDULER_SLOT + 1))
    return SoleProcess()


def dispatcher_slots(engine: AsyncEngine, dispatchers: int) -> AdvisoryLock | None:
    """The helper slots for `dispatchers` sending processes in all (the leader is one)."""
    if engine.dialect.name != "postgresql" or dispatchers < 2:
        return None
    return AdvisoryLock(engine, range(SCHEDULER_SLOT + 1, SCHEDULER_SLOT + dispatchers))


async def active_dispatchers(engine: AsyncEngine) -> int:
    """How many processes send pushes now: the leader and the helpers, by the locks held."""
    async with engine.connect() as connection:
        count = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid = :space AND objsubid = 2"
                " AND database = (SELECT oid FROM pg_database"
                " WHERE datname = current_database())"
            ).bindparams(space=LOCK_SPACE)
        )
    return int(count or 0)


# ---- SQLite: one process per database file ---------------------------------------------------


class DatabaseInUse(Exception):
    """Another process holds the SQLite database's lock file."""

    def __init__(self, path: Path, pid: str) -> None:
        super().__init__(f"{path} is in use by process {pid or '?'}")
        self.path = path
        self.pid = pid


def sqlite_path(database_url: str) -> Path | None:
    """The database file of an SQLite URL; None for PostgreSQL and in-memory databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


class SqliteFileLock:
    """An exclusive `flock` on `<database>.lock`, held while the process runs.

    SQLite itself would let a second process in, and then two schedulers and two
    dispatchers would share one outbox with nothing to elect between them. The kernel drops
    the lock when the process exits however it exits, so a stale lock file never blocks.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        if sys.platform == "win32":
            return  # no flock there; the bot is deployed on Linux
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise DatabaseInUse(self.database, pid) from None
        # The holder's pid, only for the message a second process prints.
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        # Closing the file drops the lock.
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> SqliteFileLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
