"""SQLite for the async engine without a thread hand-off per call.

aiosqlite runs every call on a worker thread and wakes the event loop when it is done. On a
small virtual machine that round trip costs about 0.3 ms, a hundred times what SQLite itself
needs for the short statements the bot makes, and one quiz answer makes a dozen. Here the
calls run at once in the loop's own thread; SQLite in WAL mode answers them in microseconds.

A blocked loop cannot let another connection's transaction finish, so SQLite's own busy wait
would hang the process whenever two units of work write at once. Writes therefore take turns
through an asyncio lock held from a connection's first writing statement until its
transaction ends; reads never wait (WAL readers see the last commit).

The price of running in the loop's thread is that nothing else runs while a statement does:
fine for the short statements of a quiz answer, not for a report over a year of the ledger
(seconds). Those go through another engine whose calls do take the thread hop
(bot.storage.db.create_reading_engine; Services.unit(long_read=True)).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

# Statements that never open a write transaction; everything else takes the write turn.
# PRAGMA: the connection settings made on connect (journal_mode=WAL is a no-op once the file
# is in WAL mode, which the first connection ensures) must not wait for another's write.
_READ_ONLY_PREFIXES = ("select", "explain", "pragma")


_STATEMENT_CALLS = frozenset({"execute", "executemany", "executescript"})


def _may_write(fn: Callable[..., Any], args: tuple[Any, ...]) -> bool:
    if getattr(fn, "__name__", "") not in _STATEMENT_CALLS or not args:
        return False  # commit, rollback, fetches, cursor(), create_function: nothing to lock
    return not str(args[0]).lstrip().lower().startswith(_READ_ONLY_PREFIXES)


class WaitsForItself(RuntimeError):
    """A task writes through a second connection while its first holds the write turn."""


class WriteTurn:
    """The one write transaction at a time, and the task holding it: a task that asks again
    through another connection (a unit of work opened inside another that wrote) would wait
    for itself for ever, so it is told at once instead."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    async def take(self) -> None:
        task = asyncio.current_task()
        if self._lock.locked() and task is not None and task is self._holder:
            raise WaitsForItself(
                "a unit of work wrote while another in the same task holds SQLite's write "
                "turn; commit the first before opening the second"
            )
        await self._lock.acquire()
        self._holder = task

    def give_back(self) -> None:
        self._holder = None
        self._lock.release()


class InlineSqliteConnection(aiosqlite.Connection):
    """aiosqlite's interface, run in the caller's thread (what SQLAlchemy's dialect uses).

    The worker thread still starts, idle: SQLAlchemy sets an isolation level (AUTOCOMMIT
    connections) through aiosqlite's queue, so the connection allows use from that thread.
    """

    def __init__(self, connector: Callable[[], sqlite3.Connection], writes: WriteTurn):
        super().__init__(connector, iter_chunk_size=64)
        self._thread.daemon = True
        self._writes = writes
        self._writing = False

    async def _connect(self) -> InlineSqliteConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        if not self._writing and _may_write(fn, args):
            await self._writes.take()
            self._writing = True
        try:
            return fn(*args, **kwargs)
        finally:
            self._end_turn_if_done()

    def _end_turn_if_done(self) -> None:
        if self._writing and not self._in_transaction():
            self._writing = False
            self._writes.give_back()

    def _in_transaction(self) -> bool:
        try:
            return self._connection is not None and self._connection.in_transaction
        except sqlite3.ProgrammingError:  # closed
            return False

    def stop(self) -> asyncio.Future[Any] | None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        self._end_turn_if_done()
        return super().stop()  # ends the idle worker thread


def inline_sqlite_creator(database: str) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy: connections to `database` sharing one write turn."""
    writes = WriteTurn()
    connector = partial(sqlite3.connect, database, check_same_thread=False)

    async def create() -> aiosqlite.Connection:
        return await InlineSqliteConnection(connector, writes)

    return create
