"""What `studybot db downgrade` would drop, found by running it and rolling it back.

A downgrade script says in code, not in data, which tables and columns it drops; the one
sure way to know is to run it in a transaction (PostgreSQL and SQLite both undo DDL on
rollback), look at the schema it leaves, and roll it back. The rows that would go are then
counted in the database as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from sqlalchemy import Connection, column, func, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.migrate import (
    VERSION_TABLE,
    alembic_config,
    current_of,
    migrating,
    revisions_oldest_first,
)

# A table's columns, by table name.
Schema = dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Dropped:
    table: str
    column: str | None  # None: the whole table
    rows: int  # the table's rows, or those holding a value in the column


@dataclass(frozen=True, slots=True)
class DowngradePlan:
    current: str | None
    target: str | None  # None: base, the empty database
    undone: list[str]  # the revisions undone, newest first
    dropped: list[Dropped]


class _RollBack(Exception):
    """Raised inside the trial transaction so that it rolls back."""


async def plan_downgrade(engine: AsyncEngine, revision: str) -> DowngradePlan:
    """What downgrading to `revision` would undo and drop; the database is left as it was.
    alembic's CommandError when there is no such revision."""
    seen: dict[str, tuple[str | None, Schema]] = {}
    try:
        async with migrating(engine) as conn:
            seen["before"] = await conn.run_sync(_revision_and_schema)
            await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))
            seen["after"] = await conn.run_sync(_revision_and_schema)
            raise _RollBack
    except _RollBack:
        pass
    (now, before), (target, after) = seen["before"], seen["after"]
    async with engine.connect() as conn:
        dropped = await _count_dropped(conn, before, after)
    known = revisions_oldest_first()
    newest = known.index(now) if now is not None else -1
    oldest = known.index(target) + 1 if target is not None else 0
    return DowngradePlan(now, target, known[oldest : newest + 1][::-1], dropped)


def _revision_and_schema(connection: Connection) -> tuple[str | None, Schema]:
    inspector = inspect(connection)
    schema = {
        name: [c["name"] for c in inspector.get_columns(name)]
        for name in sorted(inspector.get_table_names())
        if name != VERSION_TABLE
    }
    return current_of(connection), schema


async def _count_dropped(conn: AsyncConnection, before: Schema, after: Schema) -> list[Dropped]:
    dropped: list[Dropped] = []
    for name, columns in before.items():
        if name not in after:
            rows = await conn.scalar(select(func.count()).select_from(table(name)))
            dropped.append(Dropped(name, None, int(rows or 0)))
            continue
        for gone in (c for c in columns if c not in after[name]):
            held = await conn.scalar(select(func.count(column(gone))).select_from(table(name)))
            dropped.append(Dropped(name, gone, int(held or 0)))
    return dropped
