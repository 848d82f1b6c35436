"""SQLite connections for long reads: plain aiosqlite, on a worker thread that steps back.

The bot's own SQLite connections run statements in the event loop's thread
(bot.storage.inline_sqlite), right for the short statements of a quiz answer. A report over
a year of the ledger reads for seconds: it goes through these instead, where each call runs
on the connection's worker thread and SQLite lets go of the GIL while it works, so the loop
goes on answering members. The thread also asks the scheduler for less CPU than the loop:
on a busy or one-core machine members' taps come first and the report takes longer.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Awaitable, Callable

import aiosqlite

# Linux nice steps below the thread that opens the connection (the event loop's).
READER_NICENESS = 10
_LOWEST = 19


def _step_back() -> None:
    if sys.platform != "linux":  # elsewhere setpriority takes no thread id
        return
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        niceness = os.getpriority(os.PRIO_PROCESS, thread)  # the opening thread's
        os.setpriority(os.PRIO_PROCESS, thread, min(_LOWEST, niceness + READER_NICENESS))


def reading_sqlite_creator(database: str) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """An `async_creator` for SQLAlchemy: aiosqlite connections to `database` whose worker
    thread runs at a lower CPU priority than the rest of the process."""

    def connect() -> sqlite3.Connection:  # on the connection's worker thread
        _step_back()
        return sqlite3.connect(database, check_same_thread=False)

    async def create() -> aiosqlite.Connection:
        return await aiosqlite.Connection(connect, iter_chunk_size=64)

    return create
