"""What differs between SQLite and PostgreSQL and is not hidden by SQLAlchemy itself."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.storage.models import Base

# Both store ids as signed 64-bit integers: a longer number names no row, and a query
# with it fails on either (an overflow error, not an empty result).
_INT64 = range(-(2**63), 2**63)


def row_id(text: str) -> int | None:
    """`text` as an id a row could have: digits with an optional leading minus, within 64
    bits; None otherwise (a typed id, however long, then simply finds nothing)."""
    if not text.removeprefix("-").isdigit():
        return None
    number = int(text)
    return number if number in _INT64 else None


def insert_for(session: AsyncSession) -> Any:
    """The INSERT with ON CONFLICT clauses for the session's database (both spell it alike)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_new(
    session: AsyncSession,
    model: type[Base],
    unique: tuple[str, ...],
    returning: InstrumentedAttribute[Any] | None = None,
) -> Executable:
    """INSERT INTO `model` ... ON CONFLICT (`unique`) DO NOTHING [RETURNING `returning`],
    the row's values given with the execution. Built once per kind of database: building
    and keying a statement anew costs more than SQLite takes to run it, and these run on
    every quiz answer."""
    return _insert_new(session.get_bind().dialect.name, model, unique, returning)


@cache
def _insert_new(
    dialect: str, model: type[Base], unique: tuple[str, ...], returning: Any
) -> Executable:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(model).on_conflict_do_nothing(index_elements=list(unique))
    return statement if returning is None else statement.returning(returning)
