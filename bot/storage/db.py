"""The async engine and session factory; built when the bot starts, never at import."""

from __future__ import annotations

import errno
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.inline_sqlite import inline_sqlite_creator
from bot.storage.reading_sqlite import reading_sqlite_creator

SessionFactory = async_sessionmaker[AsyncSession]


def _tune_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers go on while the bot writes; busy_timeout waits for a writer instead of
    # failing at once; SQLite only enforces foreign keys when asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _tune_sqlite_reader(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # The file is in WAL mode already (the bot's own engine made it so); query_only makes a
    # write here fail at once: it would not take the write turn the bot's writes share.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    engine = create_async_engine(
        url, async_creator=inline_sqlite_creator(parsed.database or ":memory:")
    )
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    return engine


def create_reading_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine for long reads beside `engine`: reports over months of the ledger.

    `engine`'s SQLite statements run in the event loop's own thread (bot.storage.
    inline_sqlite), so a read of seconds would hold every member's tap for seconds; this
    one's run on worker threads (bot.storage.reading_sqlite) and only read (see
    `_tune_sqlite_reader`). asyncpg never blocks the loop: PostgreSQL (and an in-memory
    SQLite database, which another connection would not see) keep `engine` itself.
    """
    url, database = engine.url, engine.url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return engine
    reading = create_async_engine(url, async_creator=reading_sqlite_creator(database))
    event.listen(reading.sync_engine, "connect", _tune_sqlite_reader)
    return reading


def session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


class DatabaseUnreachable(Exception):
    """The first connection failed. `url` is the database URL without its password, and
    `detail` the server's or the system's own words."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.detail = detail


def lost_the_database(error: BaseException) -> bool:
    """The database could not be reached or went away mid-statement (a restart, a failover,
    the network): nothing the request did wrong, and the same request may succeed later."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    return isinstance(error, ConnectionError | TimeoutError)


async def check_reachable(engine: AsyncEngine) -> None:
    """Connect once, so that a wrong host, port, user, password or database (or an SQLite
    folder that is not there, or a file this user may not write) is one message naming the
    setting, not a traceback."""
    url = engine.url.render_as_string(hide_password=True)
    try:
        async with engine.connect():
            pass
    except (DBAPIError, OSError) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        raise DatabaseUnreachable(url, str(cause) or type(cause).__name__) from None
    unwritable = _unwritable_sqlite_file(engine)
    if unwritable is not None:
        raise DatabaseUnreachable(url, str(unwritable))


@asynccontextmanager
async def reachable_engine(url: str) -> AsyncIterator[AsyncEngine]:
    """An engine for one command of the shell: checked reachable first, disposed after."""
    engine = create_engine(url)
    try:
        await check_reachable(engine)
        yield engine
    finally:
        await engine.dispose()


def _unwritable_sqlite_file(engine: AsyncEngine) -> OSError | None:
    """SQLite opens a file it may only read without a word (one root made, say, for the
    bot's user), and the first write fails: the file and its folder (for the -wal and -shm
    files beside it) must be writable."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database).resolve()
    for needed in (path, path.parent):
        if not os.access(needed, os.W_OK):
            return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(needed))
    return None
