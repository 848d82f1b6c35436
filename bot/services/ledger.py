"""The points ledger: every activity that scores writes one keyed row here.

Sources so far: "daily_quiz" and "challenge" (bot.domain.quiz), "ack" (acknowledged study
material), "contest" (group contests) and "manual" (admins). Every write goes through
`Ledger.award`, which also adds the points to the member's running totals (`score_totals`:
one row per member and local day, week, month, quarter, year and all time) in the same
transaction. The totals are derived data: `rebuild_totals` recomputes them from the ledger,
and `ensure_totals` does so when they were built for another timezone (or never).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.periods import (
    ALL_TIME_START,
    BUCKET_KINDS,
    PeriodKind,
    bucket_start,
    buckets_of,
)
from bot.storage.models import Member, ScoreEvent, ScoreTotal, ScoreTotalsState

SOURCE_ACK = "ack"
SOURCE_CONTEST = "contest"
SOURCE_MANUAL = "manual"
# The zone the unit of work puts in `session.info`; the default config's when absent.
SESSION_ZONE_KEY = "zone"
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")


def session_zone(session: AsyncSession) -> ZoneInfo:
    zone = session.info.get(SESSION_ZONE_KEY)
    return zone if isinstance(zone, ZoneInfo) else DEFAULT_ZONE


def _insert_for(session: AsyncSession) -> Callable[..., Any]:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


class Ledger:
    def __init__(self, session: AsyncSession, zone: ZoneInfo | None = None) -> None:
        self._session = session
        self._zone = zone

    @property
    def zone(self) -> ZoneInfo:
        return self._zone or session_zone(self._session)

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
        insert = _insert_for(self._session)
        statement = (
            insert(ScoreEvent)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["source", "reference"])
        )
        result = await self._session.execute(statement)
        written = bool(getattr(result, "rowcount", 0))
        if written:
            await self._add_to_totals(member_id, points, at)
        return written

    async def _add_to_totals(self, member_id: int, points: int, at: datetime) -> None:
        """One statement: the six buckets of the award's local day, created or increased."""
        insert = _insert_for(self._session)
        rows = [
            {
                "member_id": member_id,
                "kind": kind.value,
                "start": start,
                "points": points,
                "last_at": at,
            }
            for kind, start in buckets_of(at, self.zone)
        ]
        statement = insert(ScoreTotal).values(rows)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=["member_id", "kind", "start"],
            set_={
                "points": ScoreTotal.points + excluded.points,
                # A late award may carry an earlier time (a quiz finished after midnight).
                "last_at": case(
                    (excluded.last_at > ScoreTotal.last_at, excluded.last_at),
                    else_=ScoreTotal.last_at,
                ),
            },
        )
        await self._session.execute(statement)

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


# ---- rebuilding the running totals -----------------------------------------------------------

_STATE_ID = 1
_PG_UNITS = {
    PeriodKind.WEEK: "week",  # ISO weeks start on Monday, as ours do
    PeriodKind.MONTH: "month",
    PeriodKind.QUARTER: "quarter",
    PeriodKind.YEAR: "year",
}


async def ensure_totals(session: AsyncSession, zone: ZoneInfo, now: datetime) -> bool:
    """Rebuild the running totals unless they were built for `zone`; True if rebuilt."""
    if session.get_bind().dialect.name == "postgresql":
        # Two processes starting together: the second waits, then finds the state written.
        await session.execute(text("LOCK TABLE score_totals_state IN SHARE ROW EXCLUSIVE MODE"))
    state = await session.get(ScoreTotalsState, _STATE_ID)
    if state is not None and state.timezone == zone.key:
        return False
    await rebuild_totals(session, zone, now)
    return True


async def rebuild_totals(session: AsyncSession, zone: ZoneInfo, now: datetime) -> int:
    """Recompute every running total from the ledger; returns the number of total rows.

    Day buckets come from the events (their local day in `zone`); the other buckets are
    rolled up from the day buckets, so the ledger is read once.
    """
    await session.execute(delete(ScoreTotal))
    if session.get_bind().dialect.name == "postgresql":
        await _rebuild_postgresql(session, zone)
    else:
        await _rebuild_sqlite(session, zone)
    state = await session.get(ScoreTotalsState, _STATE_ID)
    if state is None:
        session.add(ScoreTotalsState(id=_STATE_ID, timezone=zone.key, rebuilt_at=now))
    else:
        state.timezone, state.rebuilt_at = zone.key, now
    await session.flush()
    return int(await session.scalar(select(func.count()).select_from(ScoreTotal)) or 0)


async def _rebuild_postgresql(session: AsyncSession, zone: ZoneInfo) -> None:
    day = "(created_at AT TIME ZONE :zone)::date"
    await session.execute(
        text(
            "INSERT INTO score_totals (member_id, kind, start, points, last_at) "
            f"SELECT member_id, 'd', {day}, SUM(points), MAX(created_at) "
            "FROM score_events GROUP BY 1, 3"
        ),
        {"zone": zone.key},
    )
    for kind in BUCKET_KINDS[1:]:
        start = (
            f"DATE '{ALL_TIME_START.isoformat()}'"
            if kind is PeriodKind.ALL
            else f"date_trunc('{_PG_UNITS[kind]}', start::timestamp)::date"
        )
        await session.execute(_rollup(kind, start))


async def _rebuild_sqlite(session: AsyncSession, zone: ZoneInfo) -> None:
    # SQLite knows no timezones: two Python functions give the local day and bucket start.
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    await driver.create_function("studybot_local_day", 1, _local_day_function(zone))
    await driver.create_function("studybot_bucket", 2, _bucket_function)
    await session.execute(
        text(
            "INSERT INTO score_totals (member_id, kind, start, points, last_at) "
            "SELECT member_id, 'd', studybot_local_day(created_at), SUM(points), "
            "MAX(created_at) FROM score_events GROUP BY 1, 3"
        )
    )
    for kind in BUCKET_KINDS[1:]:
        await session.execute(_rollup(kind, f"studybot_bucket('{kind.value}', start)"))


def _rollup(kind: PeriodKind, start_expression: str) -> Any:
    return text(
        "INSERT INTO score_totals (member_id, kind, start, points, last_at) "
        f"SELECT member_id, '{kind.value}', {start_expression}, SUM(points), MAX(last_at) "
        "FROM score_totals WHERE kind = 'd' GROUP BY 1, 3"
    )


def _local_day_function(zone: ZoneInfo) -> Callable[[str], str]:
    # Stored as naive UTC text "YYYY-MM-DD HH:MM:SS.ffffff". Offsets are whole minutes, so
    # the local day is a function of the minute: cached, a rebuild converts each minute once.
    @lru_cache(maxsize=1 << 20)
    def by_minute(minute: str) -> str:
        moment = datetime.fromisoformat(minute).replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(zone).date().isoformat()

    def local_day(stored: str) -> str:
        return by_minute(stored[:16])

    return local_day


def _bucket_function(kind: str, day: str) -> str:
    return bucket_start(PeriodKind(kind), date.fromisoformat(day)).isoformat()
