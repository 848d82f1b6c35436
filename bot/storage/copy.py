"""`studybot db copy URL`: every row of the bot's database into a new one, as an organisation
that began on SQLite moves to PostgreSQL (or back).

The source must be at this release's revision; the target is brought there, and must hold no
members yet (a database the bot has only created, or an empty one). Rows go over in batches
of `BATCH` in key order, so a year of answers never sits in memory at once, in one target
transaction: a copy that fails leaves the target as it was. PostgreSQL's id sequences are
moved past the copied ids, so the next row the bot writes gets a new one.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, func, insert, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage import migrate
from bot.storage.models import Base, Member

BATCH = 1000


class CopyRefused(Exception):
    """The copy did not start: `message_id` (cli.ftl) says why, with `details`."""

    def __init__(self, message_id: str, **details: str) -> None:
        super().__init__(message_id)
        self.message_id, self.details = message_id, details


async def copy_database(source: AsyncEngine, target: AsyncEngine) -> dict[str, int]:
    """Rows copied per table, in the order the tables were filled."""
    head = migrate.revisions_oldest_first()[-1]
    revision = await migrate.current_revision(source)
    if revision != head:
        raise CopyRefused("db-copy-source-behind", revision=revision or "-", head=head)
    await migrate.upgrade(target, "head")
    tables = Base.metadata.sorted_tables
    copied: dict[str, int] = {}
    async with source.connect() as reading, target.begin() as writing:
        if await writing.scalar(select(func.count()).select_from(Member)):
            raise CopyRefused("db-copy-target-not-empty")
        # What the bot wrote on creating the tables (its bookkeeping rows) gives way.
        for table in reversed(tables):
            await writing.execute(delete(table))
        for table in tables:
            copied[table.name] = await _copy_table(table, reading, writing)
        if writing.dialect.name == "postgresql":
            for table in tables:
                await _move_sequence_on(table, writing)
    return copied


async def _copy_table(table: Table, reading: AsyncConnection, writing: AsyncConnection) -> int:
    key = tuple_(*table.primary_key.columns)
    query = select(table).order_by(*table.primary_key.columns).limit(BATCH)
    count, last = 0, None
    while True:
        batch = (await reading.execute(query if last is None else query.where(key > last))).all()
        if not batch:
            return count
        await writing.execute(insert(table), [dict(row._mapping) for row in batch])
        count += len(batch)
        last = tuple_(*(batch[-1]._mapping[column.name] for column in table.primary_key.columns))


async def _move_sequence_on(table: Table, writing: AsyncConnection) -> None:
    """The sequence of a table's own integer id, set to the largest id copied."""
    columns = list(table.primary_key.columns)
    if len(columns) != 1 or columns[0].autoincrement is False:
        return
    column = columns[0]
    if column.type.python_type is not int:
        return
    await writing.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
            f" COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) FROM {table.name}"
        )
    )
