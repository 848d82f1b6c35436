"""Rankings over the points ledger: /top, /rank, /me, /groups and /standouts.

Every figure comes from the ledger, through its running totals (`score_totals` per member
and `group_totals` per group, kept by bot.services.ledger in the same transaction as each
award): a leaderboard reads the period's totals in index order, a rank counts the totals
above the member's, /groups reads one row per group. None reads the ledger itself, so they
cost the same with a million rows or ten million.

Who is ranked: current members. Members who left the programme (`members.left_at`) keep
their ledger history (exports show it) but drop out of every ranking; members in no group
count overall and in no group's figures. Ties share a rank (1, 1, 3); within a tie the
member who reached the total first is listed first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.domain.party_days import party_years
from bot.domain.periods import (
    Period,
    PeriodError,
    PeriodKind,
    current_period,
    join_period_words,
    local_day,
    parse_period,
)
from bot.domain.quiz import QuizMode
from bot.locales import Translator
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.groups import GroupService
from bot.services.identity import Actor, Role
from bot.services.ledger import NO_GROUP_KEY, ensure_totals
from bot.services.members import member_by_id
from bot.storage.models import (
    GroupTotal,
    Member,
    QuizAnswer,
    QuizSession,
    ScoreTotal,
    StudyGroup,
)

DEFAULT_PERIOD = PeriodKind.MONTH
DEFAULT_TOP = 10
MAX_TOP = 50
DEFAULT_STANDOUTS = 5
MAX_STANDOUTS = 20
# When a member reached their points in a period: the last of its buckets that holds some (one
# whose awards were all taken back was reached by nothing).
_REACHED = func.max(case((ScoreTotal.points > 0, ScoreTotal.last_at)))
# /standouts weighs the accuracy of this many members past the n-th at most, when they are
# tied with it on points (a tie wider than that is cut in order of who got there first).
STANDOUT_TIE_POOL = 500


@dataclass(frozen=True, slots=True)
class BoardEntry:
    rank: int
    member_id: int
    name: str
    group: str | None
    points: int
    reached_at: datetime


@dataclass(frozen=True, slots=True)
class Board:
    period: Period
    group: str | None  # None: everyone
    entries: list[BoardEntry]
    tied_beyond: int  # members past the last shown with the same points (so the same rank)


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's points in a period and where that puts them."""

    period: Period
    points: int
    rank: int | None  # None for a member who left the programme
    of: int  # current members
    group: str | None
    group_rank: int | None
    group_of: int


@dataclass(frozen=True, slots=True)
class RankView:
    board: Board  # the member's group's top 10, or everyone's for a member in no group
    standing: Standing


@dataclass(frozen=True, slots=True)
class MemberReport:
    member_id: int  # admins need it for config.yaml's admins, /grant, /move
    name: str
    group: str | None
    left: bool
    standings: list[Standing]  # this week, this month, this year
    answered: int
    correct: int
    daily_streak: int
    best_challenge_streak: int
    party_joined_on: date | None  # the day they joined the Party, for political birthdays
    party_years: int | None

    @property
    def accuracy(self) -> Fraction | None:
        return Fraction(self.correct, self.answered) if self.answered else None


@dataclass(frozen=True, slots=True)
class GroupRow:
    rank: int
    group_id: int
    name: str
    members: int
    active: int
    points: int

    @property
    def per_member(self) -> Fraction:
        return Fraction(self.points, self.members) if self.members else Fraction(0)

    @property
    def participation(self) -> Fraction:
        return Fraction(self.active, self.members) if self.members else Fraction(0)

    @property
    def score(self) -> Fraction:
        """What groups are ranked by: points per member times the share who took part."""
        return self.per_member * self.participation


@dataclass(frozen=True, slots=True)
class GroupBoard:
    period: Period
    rows: list[GroupRow]
    ungrouped_members: int
    ungrouped_active: int
    ungrouped_points: int


@dataclass(frozen=True, slots=True)
class Standout:
    rank: int
    member_id: int
    name: str
    group: str | None
    points: int
    answered: int
    correct: int
    reached_at: datetime

    @property
    def accuracy(self) -> Fraction | None:
        return Fraction(self.correct, self.answered) if self.answered else None


@dataclass(frozen=True, slots=True)
class StandoutBoard:
    period: Period
    entries: list[Standout]


@dataclass(frozen=True, slots=True)
class TopRequest:
    period: Period
    group: str | None
    n: int


class RankingService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock
        self._groups = GroupService(session, config, clock)

    # ---- arguments ------------------------------------------------------------------------

    def period(self, text: str | None, default: PeriodKind = DEFAULT_PERIOD) -> Period:
        try:
            return parse_period(text, self._clock(), self._config.zone, default)
        except PeriodError as exc:
            raise UserFacingError(f"period-error-{exc.reason}", given=text or "") from None

    def parse_top(self, args: Sequence[str], *, default_n: int, max_n: int) -> TopRequest:
        """[period] [group] [n] in any order: a number up to `max_n` is n, a period is the
        period, anything else names the group (so a group's name may hold spaces; it can be
        no period, see name_problem, so a second period is a mistake)."""
        period: Period | None = None
        period_text = ""
        n: int | None = None
        rest: list[str] = []
        for arg in join_period_words(args):
            if arg.isdigit() and len(arg) < 4 and n is None:
                n = int(arg)
                if not 1 <= n <= max_n:
                    raise UserFacingError("rank-bad-count", given=arg, max=max_n)
                continue
            try:
                parsed = parse_period(arg, self._clock(), self._config.zone)
            except PeriodError as exc:
                if exc.reason != "unknown":
                    raise UserFacingError(f"period-error-{exc.reason}", given=arg) from None
                rest.append(arg)
                continue
            if period is not None:
                raise UserFacingError("rank-two-periods", first=period_text, given=arg)
            period, period_text = parsed, arg
        return TopRequest(
            period or self.period(None),
            " ".join(rest) if rest else None,
            n or default_n,
        )

    # ---- organisers ------------------------------------------------------------------------

    async def top(
        self,
        actor: Actor,
        args: Sequence[str],
        *,
        group: str | None = None,
        chat_id: int | None = None,
    ) -> Board:
        """/top [period] [group] [n]; `group`: named apart from the other arguments (the
        shell's -g), so it can only be a group. In a group chat linked to a study group
        (`chat_id`), no group named means that one."""
        actor.require(Role.ORGANISER)
        request = self.parse_top(args, default_n=DEFAULT_TOP, max_n=MAX_TOP)
        group_id = None
        group_name = None
        if group is not None:
            if request.group is not None:
                raise UserFacingError("rank-unexpected", given=request.group)
            found = await self._groups.find(group)
            group_id, group_name = found.id, found.name
        elif request.group is not None:
            try:
                found = await self._groups.find(request.group)
            except UserFacingError:
                # Any word that is no period was taken for a group: say it could be either.
                raise UserFacingError("rank-unknown-argument", given=request.group) from None
            group_id, group_name = found.id, found.name
        elif chat_id is not None:
            linked = await self._groups.group_of_chat(chat_id)
            if linked is not None:
                group_id, group_name = linked.id, linked.name
        return await self.board(request.period, group_id, group_name, request.n)

    async def board(
        self, period: Period, group_id: int | None, group_name: str | None, n: int
    ) -> Board:
        if group_id is None:
            # Everyone: the period's totals read in index order, stopping after n + 1.
            totals = self._totals(period)
        else:
            # One group: its members looked up one by one (a couple of hundred), however
            # many members have points in the period.
            totals = (
                select(
                    Member.id.label("member_id"),
                    self._points_of(period, Member.id).label("points"),
                    self._reached_of(period, Member.id).label("last_at"),
                )
                .where(Member.study_group_id == group_id, Member.left_at.is_(None))
                .subquery("totals")
            )
        query = (
            select(
                totals.c.member_id,
                totals.c.points,
                totals.c.last_at,
                Member.first_name,
                StudyGroup.name,
            )
            .join(Member, Member.id == totals.c.member_id)
            .outerjoin(StudyGroup, StudyGroup.id == Member.study_group_id)
            .where(Member.left_at.is_(None), totals.c.points > 0)
            .order_by(totals.c.points.desc(), totals.c.last_at, totals.c.member_id)
            .limit(n + 1)
        )
        rows = (await self._session.execute(query)).all()
        entries: list[BoardEntry] = []
        for row in rows[:n]:
            member_id, points, last_at = int(row[0]), int(row[1]), row[2]
            first_name, group = row[3], row[4]
            rank = len(entries) + 1
            if entries and entries[-1].points == points:
                rank = entries[-1].rank
            entries.append(
                BoardEntry(rank, member_id, first_name or str(member_id), group, points, last_at)
            )
        tied_beyond = 0
        if len(rows) > n and entries and rows[n][1] == entries[-1].points:
            tied_beyond = await self._count_at_least(
                period, entries[-1].points, group_id, equal=True
            ) - sum(1 for entry in entries if entry.points == entries[-1].points)
        return Board(period, group_name, entries, max(tied_beyond, 0))

    async def groups(self, actor: Actor, period_text: str | None) -> GroupBoard:
        """/groups [period]: groups ranked fairly (see GroupRow.score)."""
        actor.require(Role.ORGANISER)
        return await self.group_board(self.period(period_text))

    async def group_board(self, period: Period) -> GroupBoard:
        active: dict[int | None, tuple[int, int]] = {}
        if period.is_bucket:
            # The groups' own running totals: one row per group, however many members.
            bucket = await self._session.execute(
                select(GroupTotal.study_group_id, GroupTotal.active, GroupTotal.points).where(
                    GroupTotal.kind == period.kind.value,
                    GroupTotal.start == period.bucket_start,
                )
            )
            for key, count, points in bucket.all():
                group_id = None if key == NO_GROUP_KEY else int(key)
                active[group_id] = (int(count), int(points))
        else:
            # A range of days: who took part cannot be summed from days, so count members
            # (with points: days whose awards were all taken back sum to 0).
            totals = self._totals(period)
            active_rows = await self._session.execute(
                select(Member.study_group_id, func.count(), func.sum(totals.c.points))
                .join(totals, totals.c.member_id == Member.id)
                .where(Member.left_at.is_(None), totals.c.points > 0)
                .group_by(Member.study_group_id)
            )
            active = {
                group_id: (int(count), int(points or 0))
                for group_id, count, points in active_rows.all()
            }
        # Sizes: everyone by group (read from the group index alone), less those who left
        # (from their partial index; they are in no group, so only that count changes).
        size_rows = await self._session.execute(
            select(Member.study_group_id, func.count()).group_by(Member.study_group_id)
        )
        sizes = {group_id: int(count) for group_id, count in size_rows.all()}
        left = await self._session.scalars(
            select(Member.study_group_id).where(Member.left_at.is_not(None))
        )
        for group_id in left:
            sizes[group_id] = sizes.get(group_id, 0) - 1
        groups = (await self._session.execute(select(StudyGroup.id, StudyGroup.name))).all()
        unranked = [
            GroupRow(0, group_id, name, sizes.get(group_id, 0), *active.get(group_id, (0, 0)))
            for group_id, name in groups
        ]
        # Fairness first; equal scores: more taking part, then more points per member.
        # Groups with no members come last: there is nothing in them to rank.
        unranked.sort(
            key=lambda r: (r.members == 0, -r.score, -r.participation, -r.per_member, r.group_id)
        )
        rows: list[GroupRow] = []
        for row in unranked:
            rank = len(rows) + 1
            previous = rows[-1] if rows else None
            if previous is not None and _group_key(previous) == _group_key(row):
                rank = previous.rank
            rows.append(
                GroupRow(rank, row.group_id, row.name, row.members, row.active, row.points)
            )
        ungrouped_active, ungrouped_points = active.get(None, (0, 0))
        return GroupBoard(period, rows, sizes.get(None, 0), ungrouped_active, ungrouped_points)

    async def standouts(self, actor: Actor, args: Sequence[str]) -> StandoutBoard:
        """/standouts [period] [n]: 学习标兵 candidates. Order: points, then accuracy (scored
        quiz answers in the period; none counts below any), then who reached their total
        first (the time of their last award in the period not taken back)."""
        actor.require(Role.ORGANISER)
        request = self.parse_top(args, default_n=DEFAULT_STANDOUTS, max_n=MAX_STANDOUTS)
        if request.group is not None:
            raise UserFacingError("rank-unexpected", given=request.group)
        return await self.standout_board(request.period, request.n)

    async def standout_board(self, period: Period, n: int) -> StandoutBoard:
        first = await self.board(period, None, None, n)
        if not first.entries:
            return StandoutBoard(period, [])
        pool = first
        if first.tied_beyond:
            pool = await self.board(
                period, None, None, n + min(first.tied_beyond, STANDOUT_TIE_POOL)
            )
        accuracy = await self._accuracy([entry.member_id for entry in pool.entries], period)

        def key(entry: BoardEntry) -> tuple[Any, ...]:
            answered, correct = accuracy.get(entry.member_id, (0, 0))
            ratio = Fraction(correct, answered) if answered else Fraction(-1)
            return (-entry.points, -ratio, entry.reached_at, entry.member_id)

        ordered = sorted(pool.entries, key=key)[:n]
        standouts: list[Standout] = []
        previous: tuple[Any, ...] | None = None
        for entry in ordered:
            answered, correct = accuracy.get(entry.member_id, (0, 0))
            rank = len(standouts) + 1
            # Equal on all three: the same rank (the member id only fixes the listing order).
            if standouts and previous == key(entry)[:3]:
                rank = standouts[-1].rank
            previous = key(entry)[:3]
            standouts.append(
                Standout(
                    rank,
                    entry.member_id,
                    entry.name,
                    entry.group,
                    entry.points,
                    answered,
                    correct,
                    entry.reached_at,
                )
            )
        return StandoutBoard(period, standouts)

    # ---- members ------------------------------------------------------------------------

    async def rank(self, actor: Actor, period_text: str | None) -> RankView:
        """/rank [period]: the top 10 of the member's group (everyone's when in none)."""
        period = self.period(period_text)
        member = await member_by_id(self._session, actor.member_id)
        group_name = await self._group_name(member.study_group_id)
        board = await self.board(period, member.study_group_id, group_name, DEFAULT_TOP)
        return RankView(board, await self.standing(member.id, period))

    async def me(self, actor: Actor) -> MemberReport:
        """/me: points this week, month and year with ranks, accuracy and streaks."""
        member = await member_by_id(self._session, actor.member_id)
        now, zone = self._clock(), self._config.zone
        members = await self.count_members()
        standings = [
            await self.standing(member.id, current_period(kind, now, zone), members=members)
            for kind in (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR)
        ]
        answered, correct = (await self._accuracy([member.id], None)).get(member.id, (0, 0))
        return MemberReport(
            member_id=member.id,
            name=member.first_name or str(member.id),
            group=await self._group_name(member.study_group_id),
            left=member.left_at is not None,
            standings=standings,
            answered=answered,
            correct=correct,
            daily_streak=await self._daily_streak(member.id),
            best_challenge_streak=await self._best_challenge_streak(member.id),
            party_joined_on=member.party_joined_on,
            party_years=None
            if member.party_joined_on is None
            else party_years(member.party_joined_on, local_day(now, zone)),
        )

    async def standing(
        self, member_id: int, period: Period, *, members: int | None = None
    ) -> Standing:
        """The member's points in the period and rank overall and in their group.

        `members`: the number of current members, when the caller has counted them."""
        member = await member_by_id(self._session, member_id)
        totals = self._totals(period)
        points = int(
            await self._session.scalar(
                select(totals.c.points).where(totals.c.member_id == member_id)
            )
            or 0
        )
        of = members if members is not None else await self.count_members()
        group_name = await self._group_name(member.study_group_id)
        if member.left_at is not None:
            return Standing(period, points, None, of, None, None, 0)
        # Everyone above, less those above who left: the index counts the first cheaply and
        # the few who left are found through their own small index.
        above = int(
            await self._session.scalar(
                select(func.count()).select_from(totals).where(totals.c.points > points)
            )
            or 0
        )
        left_above = int(
            await self._session.scalar(
                select(func.count()).where(
                    Member.left_at.is_not(None),
                    func.coalesce(self._points_of(period, Member.id), 0) > points,
                )
            )
            or 0
        )
        group_rank = None
        group_of = 0
        if member.study_group_id is not None:
            # Driven by the group's members: one primary-key look-up each, whatever the
            # number of members with points in the period.
            theirs = func.coalesce(self._points_of(period, Member.id), 0)
            row = (
                await self._session.execute(
                    select(func.count(), func.sum(case((theirs > points, 1), else_=0))).where(
                        Member.study_group_id == member.study_group_id,
                        Member.left_at.is_(None),
                    )
                )
            ).one()
            group_of, group_rank = int(row[0]), 1 + int(row[1] or 0)
        return Standing(
            period, points, 1 + above - left_above, of, group_name, group_rank, group_of
        )

    async def count_members(self) -> int:
        """Current members: all, less those who left (a count without a condition is the
        cheapest there is; the few who left come from their partial index)."""
        everyone = await self._session.scalar(select(func.count()).select_from(Member))
        left = await self._session.scalar(
            select(func.count()).select_from(Member).where(Member.left_at.is_not(None))
        )
        return int(everyone or 0) - int(left or 0)

    def _points_of(self, period: Period, member_id: Any) -> Any:
        """A member's points in the period, as a correlated subquery (None: no points)."""
        if period.is_bucket:
            return (
                select(ScoreTotal.points)
                .where(
                    ScoreTotal.member_id == member_id,
                    ScoreTotal.kind == period.kind.value,
                    ScoreTotal.start == period.bucket_start,
                )
                .scalar_subquery()
            )
        return (
            select(func.sum(ScoreTotal.points))
            .where(
                ScoreTotal.member_id == member_id,
                ScoreTotal.kind == PeriodKind.DAY.value,
                ScoreTotal.start >= period.start,
                ScoreTotal.start < period.end,
            )
            .scalar_subquery()
        )

    def _reached_of(self, period: Period, member_id: Any) -> Any:
        """When a member reached their points in the period, as a correlated subquery."""
        kind = period.kind if period.is_bucket else PeriodKind.DAY
        query = select(_REACHED).where(
            ScoreTotal.member_id == member_id, ScoreTotal.kind == kind.value
        )
        if period.is_bucket:
            return query.where(ScoreTotal.start == period.bucket_start).scalar_subquery()
        return query.where(
            ScoreTotal.start >= period.start, ScoreTotal.start < period.end
        ).scalar_subquery()

    # ---- the running totals ------------------------------------------------------------

    async def ensure_totals(self) -> bool:
        return await ensure_totals(self._session, self._config.zone, self._clock())

    # ---- queries ------------------------------------------------------------------------

    def _totals(self, period: Period) -> Subquery:
        """(member_id, points, last_at) of every member with points in the period."""
        if period.is_bucket:
            return (
                select(ScoreTotal.member_id, ScoreTotal.points, ScoreTotal.last_at)
                .where(
                    ScoreTotal.kind == period.kind.value,
                    ScoreTotal.start == period.bucket_start,
                )
                .subquery("totals")
            )
        assert period.start is not None and period.end is not None
        return (
            select(
                ScoreTotal.member_id,
                func.sum(ScoreTotal.points).label("points"),
                _REACHED.label("last_at"),
            )
            .where(
                ScoreTotal.kind == PeriodKind.DAY.value,
                ScoreTotal.start >= period.start,
                ScoreTotal.start < period.end,
            )
            .group_by(ScoreTotal.member_id)
            .subquery("totals")
        )

    async def _count_at_least(
        self, period: Period, points: int, group_id: int | None, *, equal: bool = False
    ) -> int:
        if group_id is not None:
            theirs = func.coalesce(self._points_of(period, Member.id), 0)
            query = select(func.count()).where(
                Member.study_group_id == group_id,
                Member.left_at.is_(None),
                theirs == points if equal else theirs >= points,
            )
            return int(await self._session.scalar(query) or 0)
        # Everyone: a count over the index, less the few who left (as in `standing`).
        totals = self._totals(period)
        condition = totals.c.points == points if equal else totals.c.points >= points
        everyone = await self._session.scalar(
            select(func.count()).select_from(totals).where(condition)
        )
        theirs = func.coalesce(self._points_of(period, Member.id), 0)
        left = await self._session.scalar(
            select(func.count()).where(
                Member.left_at.is_not(None), theirs == points if equal else theirs >= points
            )
        )
        return int(everyone or 0) - int(left or 0)

    async def _accuracy(
        self, member_ids: list[int], period: Period | None
    ) -> dict[int, tuple[int, int]]:
        """(answered, correct) of scored quiz answers (daily quiz and challenge)."""
        if not member_ids:
            return {}
        query = (
            select(
                QuizAnswer.member_id,
                func.count(),
                func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
            )
            .join(QuizSession, QuizSession.id == QuizAnswer.session_id)
            .where(QuizAnswer.member_id.in_(member_ids), *scored_answers_in(period))
            .group_by(QuizAnswer.member_id)
        )
        rows = await self._session.execute(query)
        return {
            int(member_id): (int(answered), int(correct or 0))
            for member_id, answered, correct in rows.all()
        }

    async def _daily_streak(self, member_id: int) -> int:
        """Days in a row with a scored daily quiz, up to today (or yesterday, when today's
        is still to come)."""
        days = list(
            await self._session.scalars(
                select(QuizSession.quiz_day)
                .where(
                    QuizSession.member_id == member_id,
                    QuizSession.mode == QuizMode.DAILY.value,
                    QuizSession.scored.is_(True),
                    # Begun is not taken: a quiz stopped or left to time out keeps no streak.
                    exists().where(
                        QuizAnswer.session_id == QuizSession.id,
                        QuizAnswer.timed_out.is_(False),
                    ),
                )
                .distinct()
                .order_by(QuizSession.quiz_day.desc())
                .limit(3660)
            )
        )
        today = local_day(self._clock(), self._config.zone)
        expected = today if days and days[0] == today else today - timedelta(days=1)
        streak = 0
        for day in days:
            if day != expected:
                break
            streak += 1
            expected -= timedelta(days=1)
        return streak

    async def _best_challenge_streak(self, member_id: int) -> int:
        best = await self._session.scalar(
            select(func.max(QuizSession.streak)).where(
                QuizSession.member_id == member_id,
                QuizSession.mode == QuizMode.CHALLENGE.value,
            )
        )
        return int(best or 0)

    async def _group_name(self, group_id: int | None) -> str | None:
        if group_id is None:
            return None
        group = await self._session.get(StudyGroup, group_id)
        return None if group is None else group.name


def scored_answers_in(period: Period | None) -> list[ColumnElement[bool]]:
    """Conditions on QuizSession for the scored quiz answers a period counts (None: all).
    A quiz's answers count on the day it began, as its points do, even those given after
    midnight."""
    conditions: list[ColumnElement[bool]] = [QuizSession.scored.is_(True)]
    if period is not None and period.start is not None and period.end is not None:
        conditions += [QuizSession.quiz_day >= period.start, QuizSession.quiz_day < period.end]
    return conditions


def _group_key(row: GroupRow) -> tuple[bool, Fraction, Fraction, Fraction]:
    return (row.members == 0, row.score, row.participation, row.per_member)


def period_label(t: Translator, period: Period) -> str:
    """今天（2026-03-02）, 本周（2026-03-02 至 2026-03-08）, 2020年5月, 全部时间 ..."""
    if period.start is None or period.last_day is None:
        return t("period-all")
    start, last = period.start.isoformat(), period.last_day.isoformat()
    year = str(period.start.year)
    prefix = "period-this-" if period.current else "period-"
    if period.kind is PeriodKind.DAY:
        return t("period-today" if period.current else "period-day", start=start)
    if period.kind is PeriodKind.WEEK:
        return t(prefix + "week", start=start, end=last)
    if period.kind is PeriodKind.MONTH:
        month = period.start.month
        return t(prefix + "month", year=year, month=str(month), month2=f"{month:02d}")
    if period.kind is PeriodKind.QUARTER:
        quarter = str((period.start.month - 1) // 3 + 1)
        return t(prefix + "quarter", year=year, quarter=quarter)
    if period.kind is PeriodKind.YEAR:
        return t(prefix + "year", year=year)
    return t("period-range", start=start, end=last)
