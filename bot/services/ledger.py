"""The points ledger: every activity that scores writes one keyed row here.

Sources so far: "daily_quiz" and "challenge" (bot.domain.quiz), "ack" (acknowledged study
material), "contest" (group contests) and "manual" (admins). Every write goes through
`Ledger.award`, which also adds the points to the member's running totals (`score_totals`:
one row per member and local day, week, month, quarter, year and all time) and to their
group's (`group_totals`) in the same transaction; `move_totals` moves a member's totals when
they change group. The totals are derived data: `rebuild_totals` recomputes them from the ledger,
and `ensure_totals` does so when they were built for another timezone (or never).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.periods import (
    ALL_TIME_START,
    BUCKET_KINDS,
    PeriodKind,
    bucket_start,
    buckets_of,
    current_period,
)
from bot.services.members import MEMBER_ROW_LOCK
from bot.storage.dialect import insert_for, insert_new
from bot.storage.models import GroupTotal, Member, ScoreEvent, ScoreTotal, ScoreTotalsState
from bot.storage.types import UTCDateTime

SOURCE_ACK = "ack"
SOURCE_CONTEST = "contest"
SOURCE_MANUAL = "manual"
# The zone the unit of work puts in `session.info`; the default config's when absent.
SESSION_ZONE_KEY = "zone"
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")


def session_zone(session: AsyncSession) -> ZoneInfo:
    zone = session.info.get(SESSION_ZONE_KEY)
    return zone if isinstance(zone, ZoneInfo) else DEFAULT_ZONE


@dataclass(frozen=True, slots=True)
class Award:
    """One award for `Ledger.award_all`."""

    member_id: int
    source: str
    reference: str
    points: int
    at: datetime


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
        return await self._write(member_id, source, reference, points, at)

    async def take_back(
        self, member_id: int, source: str, reference: str, points: int, at: datetime
    ) -> bool:
        """Cancel the award `reference` of `points` at `at`. The ledger stays append-only: a
        row of minus `points` dated like the award (see `revocation_reference`), so every
        period that counted it counts it no more, and was reached when the last award still
        standing there came."""
        if points <= 0:
            return False
        revocation = revocation_reference(reference)
        written = await self._write(member_id, source, revocation, -points, at)
        if written:
            await self._restore_reached(member_id, at)
        return written

    async def _restore_reached(self, member_id: int, at: datetime) -> None:
        """Each bucket of `at`'s day: `last_at` back to the member's last award standing
        there (unchanged where none is left: a total of 0 is reached by nobody)."""
        for kind in BUCKET_KINDS:
            period = current_period(kind, at, self.zone)
            start, end = period.bounds(self.zone)
            latest = select(func.max(ScoreEvent.created_at)).where(
                ScoreEvent.member_id == member_id, standing_award()
            )
            if start is not None and end is not None:
                latest = latest.where(ScoreEvent.created_at >= start, ScoreEvent.created_at < end)
            await self._session.execute(
                update(ScoreTotal)
                .where(
                    ScoreTotal.member_id == member_id,
                    ScoreTotal.kind == kind.value,
                    ScoreTotal.start == period.bucket_start,
                )
                .values(last_at=func.coalesce(latest.scalar_subquery(), ScoreTotal.last_at))
                .execution_options(synchronize_session=False)
            )

    async def award_all(self, awards: Sequence[Award]) -> list[bool]:
        """Several members' awards in one unit (a contest's standings, an /award naming
        several), each written as by `award`; whether each was written, in `awards`' order.

        Units doing so side by side on PostgreSQL would deadlock if each went member by
        member: one locks a member and adds to a group's totals, then waits for a member the
        other has locked, which waits for those group totals. So every member is locked
        first, in id order, and the awards are written group by group, in one order in every
        unit."""
        query = select(Member).where(Member.id.in_({a.member_id for a in awards}))
        if self._locks_rows:
            query = query.order_by(Member.id).with_for_update(key_share=True)
        members = {
            member.id: member
            for member in await self._session.scalars(
                query.execution_options(populate_existing=self._locks_rows)
            )
        }

        def turn(award: Award) -> tuple[int, int]:
            key = membership_key(members.get(award.member_id))
            return (-1 if key is None else key, award.member_id)

        written = [False] * len(awards)
        for i in sorted(range(len(awards)), key=lambda i: turn(awards[i])):
            award = awards[i]
            written[i] = await self.award(
                award.member_id, award.source, award.reference, award.points, award.at
            )
        return written

    @property
    def _locks_rows(self) -> bool:
        """Whether an award locks its member's row till the unit ends (PostgreSQL; SQLite
        has one writer at a time): an admin moving the member to another group meanwhile
        waits, so the award counts for the group the member is in (read again once locked:
        a copy loaded before may be out of date). FOR NO KEY UPDATE, which rows naming the
        member (their quiz answers, an /award's record) neither wait for nor make wait: a
        unit that wrote such a row for a member another unit is awarding would otherwise
        deadlock with it."""
        return self._session.get_bind().dialect.name == "postgresql"

    async def _write(
        self, member_id: int, source: str, reference: str, points: int, at: datetime
    ) -> bool:
        lock = self._locks_rows
        # Unlocked, usually already in the session (the caller was just identified): no query.
        member = await self._session.get(
            Member,
            member_id,
            with_for_update=MEMBER_ROW_LOCK if lock else None,
            populate_existing=lock,
        )
        group_id = member.study_group_id if member is not None else None
        values = {
            "member_id": member_id,
            "study_group_id": group_id,
            "source": source,
            "reference": reference,
            "points": points,
            "created_at": at,
        }
        statement = insert_new(self._session, ScoreEvent, ("source", "reference"))
        # On the connection: a plain INSERT of a row nothing has loaded needs no ORM.
        result = await (await self._session.connection()).execute(statement, values)
        written = bool(result.rowcount)
        if written:
            totals = await self._add_to_totals(member_id, points, at)
            key = membership_key(member)
            if key is not None:
                await _add_to_group(self._session, key, points, totals)
        return written

    async def _add_to_totals(
        self, member_id: int, points: int, at: datetime
    ) -> list[tuple[str, date, int]]:
        """One statement: the six buckets of the award's local day, created or changed.
        Returns each bucket with the change in the member's taking part there: +1 for their
        first points, -1 when a take-back leaves none, else 0."""
        starts = {f"s{i}": start for i, (_, start) in enumerate(buckets_of(at, self.zone))}
        result = await self._session.execute(
            _TOTALS_UPSERT, {"member_id": member_id, "points": points, "at": at, **starts}
        )
        # Totals are never negative, so a bucket holding just this award's points is new.
        return [(str(row[0]), row[1], _taking_part(points, row[2])) for row in result.all()]

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


_REVOKED = "revoke:"


def revocation_reference(reference: str) -> str:
    """The reference of the ledger row that takes back the award `reference`."""
    return _REVOKED + reference


def standing_award() -> ColumnElement[bool]:
    """A ledger row that is an award no take-back has cancelled."""
    revocation = aliased(ScoreEvent)
    return and_(
        ScoreEvent.points > 0,
        ~exists().where(
            revocation.source == ScoreEvent.source,
            revocation.reference == literal(_REVOKED) + ScoreEvent.reference,
        ),
    )


# The same in plain SQL, for the rebuild.
_STANDING_AWARD_SQL = (
    "e.points > 0 AND NOT EXISTS (SELECT 1 FROM score_events r WHERE r.source = e.source"
    f" AND r.reference = '{_REVOKED}' || e.reference)"
)


# Plain SQL (the same on SQLite and PostgreSQL), built once: a multi-row upsert built with
# the ORM each time would be compiled again for every award.
_TOTALS_UPSERT = (
    text(
        "INSERT INTO score_totals (member_id, kind, start, points, last_at) VALUES "
        + ", ".join(
            f"(:member_id, '{kind.value}', :s{i}, :points, :at)"
            for i, kind in enumerate(BUCKET_KINDS)
        )
        + " ON CONFLICT (member_id, kind, start) DO UPDATE SET"
        " points = score_totals.points + excluded.points,"
        # A bucket at 0 (its awards taken back) was reached by nothing: the award sets it.
        " last_at = CASE WHEN score_totals.points <= 0 OR excluded.last_at > score_totals.last_at"
        " THEN excluded.last_at ELSE score_totals.last_at END"
        " RETURNING kind, start, points"
    )
    .bindparams(
        bindparam("member_id", type_=BigInteger()),
        bindparam("points", type_=Integer()),
        # A late award may carry an earlier time (a quiz finished after midnight).
        bindparam("at", type_=UTCDateTime()),
        *[bindparam(f"s{i}", type_=Date()) for i in range(len(BUCKET_KINDS))],
    )
    .columns(kind=String(), start=Date(), points=Integer())
)
_GROUP_UPSERT = text(
    "INSERT INTO group_totals (study_group_id, kind, start, points, active) VALUES "
    + ", ".join(
        f"(:group_id, '{kind.value}', :s{i}, :points, :a{i})"
        for i, kind in enumerate(BUCKET_KINDS)
    )
    + " ON CONFLICT (study_group_id, kind, start) DO UPDATE SET"
    " points = group_totals.points + excluded.points,"
    " active = group_totals.active + excluded.active"
).bindparams(
    bindparam("group_id", type_=Integer()),
    bindparam("points", type_=Integer()),
    *[bindparam(f"s{i}", type_=Date()) for i in range(len(BUCKET_KINDS))],
    *[bindparam(f"a{i}", type_=Integer()) for i in range(len(BUCKET_KINDS))],
)


# ---- group totals ------------------------------------------------------------------------------

NO_GROUP_KEY = 0


def membership_key(member: Member | None) -> int | None:
    """Where a member's points count in `group_totals`: their group, 0 for no group, None
    for a member who left the programme (nowhere)."""
    if member is None or member.left_at is not None:
        return None
    return member.study_group_id or NO_GROUP_KEY


def _taking_part(points: int, total: int) -> int:
    if points > 0:
        return int(total == points)
    return -int(total == 0)


async def _add_to_group(
    session: AsyncSession, key: int, points: int, buckets: list[tuple[str, date, int]]
) -> None:
    by_kind = {kind: (start, active) for kind, start, active in buckets}
    values: dict[str, Any] = {"group_id": key, "points": points}
    for i, kind in enumerate(BUCKET_KINDS):
        values[f"s{i}"], values[f"a{i}"] = by_kind[kind.value]
    await session.execute(_GROUP_UPSERT, values)


async def move_totals(
    session: AsyncSession, member_id: int, old: int | None, new: int | None
) -> None:
    """A member changed group (keys from `membership_key`): their running totals leave the
    old group's and join the new one's, two set-based statements whatever their history."""
    if old == new:
        return
    if old is not None:
        mine = (
            select(ScoreTotal.points)
            .where(
                ScoreTotal.member_id == member_id,
                ScoreTotal.kind == GroupTotal.kind,
                ScoreTotal.start == GroupTotal.start,
            )
            .scalar_subquery()
        )
        await session.execute(
            update(GroupTotal)
            # A bucket a take-back emptied holds nothing of theirs and did not count them.
            .where(GroupTotal.study_group_id == old, mine > 0)
            .values(points=GroupTotal.points - mine, active=GroupTotal.active - 1)
            .execution_options(synchronize_session=False)
        )
    if new is not None:
        insert = insert_for(session)
        statement = insert(GroupTotal).from_select(
            ["study_group_id", "kind", "start", "points", "active"],
            select(
                literal(new, Integer),
                ScoreTotal.kind,
                ScoreTotal.start,
                ScoreTotal.points,
                literal(1, Integer),
            ).where(ScoreTotal.member_id == member_id, ScoreTotal.points > 0),
        )
        await _add_to_group_totals(session, statement)


async def _add_to_group_totals(session: AsyncSession, rows: Any) -> None:
    """Insert group-total rows from a select; rows already there for the same group, kind and
    start add up."""
    excluded = rows.excluded
    await session.execute(
        rows.on_conflict_do_update(
            index_elements=["study_group_id", "kind", "start"],
            set_={
                "points": GroupTotal.points + excluded.points,
                "active": GroupTotal.active + excluded.active,
            },
        )
    )


async def merge_group_totals(session: AsyncSession, group_id: int, into: int) -> None:
    """A removed group's members are all in `into` now (no group): so are its totals."""
    insert = insert_for(session)
    statement = insert(GroupTotal).from_select(
        ["study_group_id", "kind", "start", "points", "active"],
        select(
            literal(into, Integer),
            GroupTotal.kind,
            GroupTotal.start,
            GroupTotal.points,
            GroupTotal.active,
        ).where(GroupTotal.study_group_id == group_id),
    )
    await _add_to_group_totals(session, statement)
    await session.execute(delete(GroupTotal).where(GroupTotal.study_group_id == group_id))


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
    await _rebuild_groups(session)
    state = await session.get(ScoreTotalsState, _STATE_ID)
    if state is None:
        session.add(ScoreTotalsState(id=_STATE_ID, timezone=zone.key, rebuilt_at=now))
    else:
        state.timezone, state.rebuilt_at = zone.key, now
    await session.flush()
    return int(await session.scalar(select(func.count()).select_from(ScoreTotal)) or 0)


async def _rebuild_groups(session: AsyncSession) -> None:
    await session.execute(delete(GroupTotal))
    await session.execute(
        text(
            "INSERT INTO group_totals (study_group_id, kind, start, points, active) "
            f"SELECT COALESCE(m.study_group_id, {NO_GROUP_KEY}), t.kind, t.start, "
            # A bucket a take-back emptied is no longer taking part, as in `_taking_part`.
            "SUM(t.points), SUM(CASE WHEN t.points > 0 THEN 1 ELSE 0 END) "
            "FROM score_totals t JOIN members m ON m.id = t.member_id "
            "WHERE m.left_at IS NULL GROUP BY 1, 2, 3"
        )
    )


async def _rebuild_postgresql(session: AsyncSession, zone: ZoneInfo) -> None:
    day = "(created_at AT TIME ZONE :zone)::date"
    await session.execute(
        text(
            "INSERT INTO score_totals (member_id, kind, start, points, last_at) "
            f"SELECT member_id, 'd', {day}, SUM(points), {_DAY_REACHED_SQL} "
            "FROM score_events e GROUP BY 1, 3"
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
            f"{_DAY_REACHED_SQL} FROM score_events e GROUP BY 1, 3"
        )
    )
    for kind in BUCKET_KINDS[1:]:
        await session.execute(_rollup(kind, f"studybot_bucket('{kind.value}', start)"))


# When a day's total was reached: its last award still standing, as `_restore_reached` keeps
# it (any time will do for a day whose awards were all taken back).
_DAY_REACHED_SQL = (
    f"COALESCE(MAX(CASE WHEN {_STANDING_AWARD_SQL} THEN e.created_at END), MAX(e.created_at))"
)


def _rollup(kind: PeriodKind, start_expression: str) -> Any:
    return text(
        "INSERT INTO score_totals (member_id, kind, start, points, last_at) "
        f"SELECT member_id, '{kind.value}', {start_expression}, SUM(points), "
        # Reached with the last day that still has points (see `_DAY_REACHED_SQL`).
        "COALESCE(MAX(CASE WHEN points > 0 THEN last_at END), MAX(last_at)) "
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
