"""What differs between SQLite and PostgreSQL and is not hidden by SQLAlchemy itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession) -> Any:
    """The INSERT with ON CONFLICT clauses for the session's database (both spell it alike)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
