"""Alembic driven from code: `studybot db upgrade` and the start-up upgrade share this."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Where alembic keeps the revision a database is at: no table of the bot's own.
VERSION_TABLE = "alembic_version"
# An advisory lock key of its own ("SBOM"); bot/services/leader.py uses "SBOT".
MIGRATION_LOCK = {"space": 0x53424F4D}


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # env.py uses this connection, so migrations run inside our own event loop and engine.
    config.attributes["connection"] = connection
    return config


class ForeignKeysBroken(Exception):
    """After migrating an SQLite database, rows refer to rows that are not there."""


@asynccontextmanager
async def migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction to migrate in, so that a migration failing half way leaves nothing of
    itself behind. On SQLite, Python's driver begins one only before INSERT, UPDATE and
    DELETE (CREATE and ALTER would each commit at once), so it is begun by hand; and foreign
    keys are not enforced meanwhile: a batch migration rebuilds a table (copy, drop, rename),
    and dropping it with them on deletes the rows that refer to it (the quiz answers of the
    quiz sessions, ON DELETE CASCADE) or fails. They are checked before the commit instead.
    SQLite ignores the pragma inside a transaction, so it comes first."""
    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.commit()
        try:
            async with conn.begin():
                if sqlite:
                    await conn.exec_driver_sql("BEGIN")
                yield conn
                if sqlite:
                    broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise ForeignKeysBroken(f"rows without the row they refer to: {broken}")
        finally:
            if sqlite:
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                await conn.commit()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with migrating(engine) as conn:
        if conn.dialect.name == "postgresql":
            # Processes starting together: one migrates, the others wait for its commit and
            # then find nothing to do (the lock goes with the transaction).
            await conn.execute(text("SELECT pg_advisory_xact_lock(:space, 0)"), MIGRATION_LOCK)
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with migrating(engine) as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


def current_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(current_of)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
