"""The points ledger: every activity that scores writes one keyed row here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Member, ScoreEvent


class Ledger:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def award(
        self, member_id: int, source: str, reference: str, points: int, at: datetime
    ) -> bool:
        """Write an award once; a replay of the same (source, reference) changes nothing."""
        if points <= 0:
            return False
        # Usually already in the session (the caller was just identified): no query.
        member = await self._session.get(Member, member_id)
        group_id = member.study_group_id if member is not None else None
        values = {
            "member_id": member_id,
            "study_group_id": group_id,
            "source": source,
            "reference": reference,
            "points": points,
            "created_at": at,
        }
        dialect = self._session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(ScoreEvent)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["source", "reference"])
        )
        result = await self._session.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def earned(self, member_id: int, source: str, start: datetime, end: datetime) -> int:
        total = await self._session.scalar(
            select(func.coalesce(func.sum(ScoreEvent.points), 0)).where(
                ScoreEvent.member_id == member_id,
                ScoreEvent.source == source,
                ScoreEvent.created_at >= start,
                ScoreEvent.created_at < end,
            )
        )
        return int(total or 0)
