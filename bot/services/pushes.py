"""Scheduled pushes: claiming fires once, writing the outbox, acknowledgements, statistics.

The scheduler wakes this service at a schedule's fire times; the database decides. A fire is
claimed by inserting (schedule, fire time) under a unique key, so a restart or a second
process cannot fire it twice, and every recipient gets one delivery row, which the dispatcher
sends (bot/services/dispatch.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import ColumnElement, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.content.banks import BankCatalog
from bot.content.schedules import SCHEDULE_ID_RE, ScheduleCatalog, classify_file_ref
from bot.domain.party_days import is_political_birthday
from bot.domain.periods import local_day
from bot.domain.quiz import QuizMode, SessionStatus
from bot.domain.schedules import (
    Audience,
    PushContent,
    Schedule,
    catch_up_decision,
    fire_index_at,
    fires_alike,
    missed_fires,
    next_fire_times,
)
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.identity import Actor, Role
from bot.services.ledger import SOURCE_ACK, Ledger
from bot.storage.dialect import insert_new
from bot.storage.models import (
    AbsentChat,
    Member,
    PushAck,
    PushDelivery,
    PushFire,
    QuizSession,
    ScheduleState,
    StudyGroup,
)

# After a long outage an every-minute schedule would otherwise replay thousands of fires.
MAX_FIRES_PER_SCAN = 100

FireKind = Literal["scheduled", "manual", "nudge"]
# An audience group given as "#id" (what /newpush stores) rather than a name or join code.
GROUP_ID_PREFIX = "#"
NUDGE_SUFFIX = ":nudge"


class DeliveryStatus:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    MUTED = "muted"  # a group chat where the bot may not send messages
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class FireResult:
    schedule_id: str
    fire_time: datetime
    status: str  # sending, skipped, exhausted, already_sent, or "claimed" (another process)
    recipients: int
    fire_id: int | None
    # Banks the push's quiz button or contest named that were not loaded (errors in their
    # files): the push went out without them, and the admins are to hear of it.
    banks_left_out: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScheduleOverview:
    schedule_id: str
    title: str
    paused: bool
    enabled: bool
    next_fire: datetime | None
    last_fire: datetime | None
    last_status: str | None
    last_recipients: int
    missing_groups: tuple[str, ...]  # audience groups no study group answers to


@dataclass(frozen=True, slots=True)
class GroupStats:
    group: str | None
    recipients: int
    acknowledged: int


@dataclass(frozen=True, slots=True)
class MutedChatStats:
    """A group chat that got nothing of a push because the bot may not post there."""

    chat_id: int
    group: str | None  # the study group linked to it


@dataclass(frozen=True, slots=True)
class PushStats:
    schedule_id: str
    fire_time: datetime
    by_status: dict[str, int]
    recipients: int
    asks_ack: bool  # the push has a 已学习 button: who pressed it is worth counting
    acknowledged: int
    groups: tuple[GroupStats, ...]
    muted_chats: tuple[MutedChatStats, ...] = ()


@dataclass(frozen=True, slots=True)
class AckResult:
    points: int
    already: bool


def payload_of(content: PushContent, kind: FireKind, *, base: Path) -> dict[str, Any]:
    """The content frozen into the fire row; file paths made absolute so a resumed broadcast
    sends the same files wherever the process runs from."""
    files = [
        str((base / ref).resolve()) if classify_file_ref(ref) == "path" else ref
        for ref in content.files
    ]
    series = (
        f"{content.series_position}/{content.series_length}"
        if content.series_position is not None
        else None
    )
    return {
        "kind": kind,
        "title": content.title,
        "text": content.text,
        "files": files,
        "photos": list(content.photos),
        "links": [[link.title, link.url] for link in content.links],
        "ack_points": content.acknowledge_points,
        "quiz_bank": content.quiz_bank,
        "quiz_questions": content.quiz_questions,
        "series": series,
        # A quiz contest to start in the group chats it goes to (bot.tgbot.push_sender).
        "contest": content.contest.as_payload() if content.contest else None,
    }


def _names_group(ref: str, group: tuple[int, str, str]) -> bool:
    """Whether a schedule's audience entry names the study group (id, name, join code): by
    its name, its join code, or #id. One rule for sending (_recipients) and for warning
    (_missing_groups)."""
    group_id, name, join_code = group
    if ref.startswith(GROUP_ID_PREFIX) and ref[1:].isdigit():
        return int(ref[1:]) == group_id
    return ref in (name, join_code)


class PushService:
    def __init__(
        self,
        session: AsyncSession,
        config: Config,
        clock: Clock,
        schedules: Callable[[], ScheduleCatalog],
        banks: Callable[[], BankCatalog],
    ) -> None:
        self._session = session
        self._config = config
        self._clock = clock
        self._schedules = schedules
        self._banks = banks
        self._ledger = Ledger(session)

    # ---- firing ---------------------------------------------------------------------------

    async def scan(self, schedule: Schedule) -> list[FireResult]:
        """Claim every fire of `schedule` that came due since the last scan.

        A schedule seen for the first time starts from now: no history is replayed. Fires
        missed while the bot was down follow the schedule's catch-up policy.
        """
        now = self._clock()
        state = await self._state(schedule.id, now)
        start = state.scanned_until
        state.scanned_until = now
        if state.paused or not schedule.enabled:
            await self._session.flush()
            return []
        due = missed_fires(schedule, start, now)[-MAX_FIRES_PER_SCAN:]
        superseded = set(due[:-1]) if fires_alike(schedule) else set()
        results = [
            await self._fire(schedule, fire_time, now, superseded=fire_time in superseded)
            for fire_time in due
        ]
        await self._session.flush()
        return results

    async def push_now(
        self, actor: Actor, schedule_id: str, requested_at: datetime | None = None
    ) -> FireResult:
        """Fire now. `requested_at` (the command message's time) keys the fire, so a replayed
        /pushnow update finds its fire already claimed instead of broadcasting again.

        On a series it sends the current item, the one the latest scheduled fire sent (the
        first before any), and leaves the series where it is: sending the next item early
        would have the scheduled fire send it a second time."""
        actor.require(Role.ORGANISER)
        schedule = self._schedule(schedule_id)
        now = self._clock()
        upcoming = await self._upcoming_index(schedule, now)
        if schedule.content_for(upcoming) is None:
            # A finished series: recording an empty fire would only hide the last real push
            # from /pushstats and /nudge, and "0 recipients" would read as a delivery problem.
            raise UserFacingError("push-series-finished", id=schedule.id)
        content = schedule.content_for(max(upcoming - 1, 0))
        assert content is not None  # an earlier position than one that has content
        # No series index on the row: a manual fire is not a step of the series.
        return await self._record(
            schedule, requested_at or now, now, "manual", "sending", None, content
        )

    async def _fire(
        self, schedule: Schedule, fire_time: datetime, now: datetime, *, superseded: bool
    ) -> FireResult:
        """A scheduled fire, claimed once: sent, skipped (catch-up, or `superseded` by a
        later fire of the same push due too), exhausted (series) or already sent (its
        series item went out at an earlier time of the same period)."""
        decision = "skip" if superseded else catch_up_decision(schedule, fire_time, now)
        index = await self._series_index(schedule, fire_time)
        content = schedule.content_for(index) if decision == "send" else None
        if decision == "skip":
            status = "skipped"
        elif content is None:
            status = "exhausted"
        elif await self._item_went_out(schedule, index):
            status, content = "already_sent", None
        else:
            status = "sending"
        return await self._record(schedule, fire_time, now, "scheduled", status, index, content)

    async def _record(
        self,
        schedule: Schedule,
        fire_time: datetime,
        now: datetime,
        kind: FireKind,
        status: str,
        index: int | None,
        content: PushContent | None,
    ) -> FireResult:
        left_out: tuple[str, ...] = ()
        if content is not None:
            content, left_out = self._without_unloaded_banks(content)
        payload = payload_of(content, kind, base=self._config.schedules_path) if content else {}
        fire_id = await self._claim(schedule.id, fire_time, kind, status, index, payload, now)
        if fire_id is None:
            return FireResult(schedule.id, fire_time, "claimed", 0, None)
        recipients = 0
        if status == "sending":
            recipients = await self._write_outbox(fire_id, schedule.audience, fire_time, now)
            await self._session.execute(
                update(PushFire).where(PushFire.id == fire_id).values(recipients=recipients)
            )
        return FireResult(schedule.id, fire_time, status, recipients, fire_id, left_out)

    def _without_unloaded_banks(self, content: PushContent) -> tuple[PushContent, tuple[str, ...]]:
        """The content without the quiz button and contest whose bank was left out for
        errors in its file (a typo), and those banks: the materials still go out on time."""
        broken = self._banks().broken
        quiz_bank = content.quiz_bank
        contest_bank = content.contest.bank if content.contest else None
        missing = tuple(sorted({b for b in (quiz_bank, contest_bank) if b and b in broken}))
        if not missing:
            return content, ()
        return replace(
            content,
            quiz_bank=None if quiz_bank in missing else quiz_bank,
            quiz_questions=None if quiz_bank in missing else content.quiz_questions,
            contest=None if contest_bank in missing else content.contest,
        ), missing

    async def _claim(
        self,
        schedule_id: str,
        fire_time: datetime,
        kind: FireKind,
        status: str,
        index: int | None,
        payload: dict[str, Any],
        now: datetime,
    ) -> int | None:
        return await self._session.scalar(
            insert_new(self._session, PushFire, ("schedule_id", "fire_time"), PushFire.id),
            {
                "schedule_id": schedule_id,
                "fire_time": fire_time,
                "kind": kind,
                "status": status,
                "series_index": index,
                "payload": payload,
                "recipients": 0,
                "created_at": now,
            },
        )

    async def _series_index(self, schedule: Schedule, fire_time: datetime) -> int:
        anchored = fire_index_at(schedule, fire_time)
        if anchored is not None:
            return anchored
        # No active range to count from: the series advances with each scheduled fire that
        # went out. Manual fires have no series index (older ones, which did advance it,
        # keep theirs, so the count goes on where it was).
        sent = await self._session.scalar(
            select(func.count()).where(
                PushFire.schedule_id == schedule.id,
                PushFire.status == "sending",
                PushFire.series_index.is_not(None),
            )
        )
        return int(sent or 0)

    async def _item_went_out(self, schedule: Schedule, index: int) -> bool:
        """Whether a scheduled fire sent this series position already. A series counted from
        `active.from` gives a fire its place by the calendar, so a trigger moved later in
        the day (or month) after this period's push gives the next fire the same place."""
        if not schedule.content.series_items:
            return False
        return bool(
            await self._session.scalar(
                select(
                    exists().where(
                        PushFire.schedule_id == schedule.id,
                        PushFire.status == "sending",
                        PushFire.series_index == index,
                    )
                )
            )
        )

    async def _upcoming_index(self, schedule: Schedule, now: datetime) -> int:
        """The series position the next scheduled fire after `now` sends."""
        upcoming = next_fire_times(schedule, now, 1)
        return await self._series_index(schedule, upcoming[0] if upcoming else now)

    async def _write_outbox(
        self, fire_id: int, audience: Audience, fire_time: datetime, now: datetime
    ) -> int:
        recipients = await self._recipients(audience, fire_time, now)
        if not recipients:
            return 0
        rows = [
            {
                "fire_id": fire_id,
                "chat_id": chat_id,
                "member_id": member_id,
                "status": DeliveryStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "updated_at": now,
            }
            for chat_id, member_id in recipients.items()
        ]
        await self._session.execute(insert(PushDelivery), rows)
        return len(rows)

    async def _recipients(
        self, audience: Audience, fire_time: datetime, now: datetime
    ) -> dict[int, int | None]:
        """chat id -> member id (None for group chats), each chat once. A political birthday
        is the fire's day's, also when the fire is caught up after midnight (the outbox
        counts the years on that day too); today's daily quiz is the one members can still
        finish."""
        chosen: dict[int, int | None] = {}
        # Not a member who blocked the bot, nor one an admin took out of the programme
        # (/removemember): pushes are the programme's, like the rankings they left.
        reachable = Member.is_reachable.is_(True) & Member.left_at.is_(None)
        zone = self._config.zone
        if audience.daily_quiz_not_done:
            reachable &= ~self._finished_daily_quiz(local_day(now, zone))
        if audience.political_birthday:
            birthdays = await self._political_birthdays(local_day(fire_time, zone))
            reachable &= Member.id.in_(birthdays)
        if audience.all:
            rows = await self._session.scalars(select(Member.id).where(reachable))
            chosen.update({member_id: member_id for member_id in rows})
        if audience.groups:
            group_ids = [
                group[0]
                for group in await self._study_groups()
                if any(_names_group(ref, group) for ref in audience.groups)
            ]
            rows = await self._session.scalars(
                select(Member.id).where(reachable, Member.study_group_id.in_(group_ids))
            )
            chosen.update({member_id: member_id for member_id in rows})
        if audience.chats:
            # A group chat the bot was removed from would only refuse: skipped until it is back.
            absent = set(await self._session.scalars(select(AbsentChat.chat_id)))
            for chat_id in audience.chats:
                if chat_id not in absent:
                    chosen.setdefault(chat_id, None)
        return chosen

    async def _political_birthdays(self, day: date) -> list[int]:
        """The members whose political birthday is `day`: the days of joining are read and
        compared here, where 29 February has its rule, rather than in each dialect's SQL."""
        rows = await self._session.execute(
            select(Member.id, Member.party_joined_on).where(Member.party_joined_on.is_not(None))
        )
        return [
            member_id
            for member_id, joined in rows
            if joined is not None and is_political_birthday(joined, day)
        ]

    @staticmethod
    def _finished_daily_quiz(day: date) -> ColumnElement[bool]:
        """The member's scored daily quiz of the day is over: answered to the end, or given
        up with /stop. Either way another /quiz that day is practice, so a reminder that
        promises points would mislead; one still under way can be finished."""
        return exists().where(
            QuizSession.member_id == Member.id,
            QuizSession.mode == QuizMode.DAILY.value,
            QuizSession.quiz_day == day,
            QuizSession.scored.is_(True),
            QuizSession.status != SessionStatus.ACTIVE.value,
        )

    async def _state(self, schedule_id: str, now: datetime) -> ScheduleState:
        state = await self._session.get(ScheduleState, schedule_id)
        if state is None:
            state = ScheduleState(schedule_id=schedule_id, paused=False, scanned_until=now)
            self._session.add(state)
        return state

    async def _last_fire_of(self, schedule_id: str) -> PushFire | None:
        """The schedule's last push; an id that is neither loaded nor ever pushed is unknown.
        A schedule its file no longer loads (a typo, a file moved) keeps its pushes: their
        statistics and reminders come from the database (every fire holds its content). Only
        an id a schedule can have: reminders are filed as `<id>:nudge`, and one named here
        would be reminded of, its 已学习 points given again."""
        fire = (
            await self._last_fire(schedule_id) if SCHEDULE_ID_RE.fullmatch(schedule_id) else None
        )
        if fire is None:
            self._schedule(schedule_id)
        return fire

    def _schedule(self, schedule_id: str) -> Schedule:
        schedule = self._schedules().by_id(schedule_id)
        if schedule is None:
            raise UserFacingError("push-unknown-schedule", id=schedule_id)
        return schedule

    # ---- organisers -----------------------------------------------------------------------

    async def set_paused(self, actor: Actor, schedule_id: str, *, paused: bool) -> bool:
        """Pause or resume; False when it already was. Resuming never replays the pause."""
        actor.require(Role.ORGANISER)
        self._schedule(schedule_id)
        now = self._clock()
        state = await self._state(schedule_id, now)
        changed = state.paused != paused
        state.paused = paused
        state.scanned_until = max(state.scanned_until, now)
        await self._session.flush()
        return changed

    async def overview(self, actor: Actor) -> list[ScheduleOverview]:
        actor.require(Role.ORGANISER)
        now = self._clock()
        states = {s.schedule_id: s for s in await self._session.scalars(select(ScheduleState))}
        missing = await self._missing_groups()
        result = []
        for schedule in self._schedules().schedules:
            last = await self._last_fire(schedule.id)
            state = states.get(schedule.id)
            paused = bool(state and state.paused)
            # A schedule that is off or paused has no next time: showing one says it will go.
            upcoming = next_fire_times(schedule, now, 1) if schedule.enabled and not paused else []
            result.append(
                ScheduleOverview(
                    schedule_id=schedule.id,
                    title=schedule.title,
                    paused=paused,
                    enabled=schedule.enabled,
                    next_fire=upcoming[0] if upcoming else None,
                    last_fire=last.fire_time if last else None,
                    last_status=last.status if last else None,
                    last_recipients=last.recipients if last else 0,
                    missing_groups=missing.get(schedule.id, ()),
                )
            )
        # What goes out next first; one with no next time (paused, off, over) last.
        result.sort(key=lambda row: (row.next_fire is None, row.next_fire or now))
        return result

    async def missing_groups(self, actor: Actor) -> dict[str, tuple[str, ...]]:
        actor.require(Role.ORGANISER)
        return await self._missing_groups()

    async def _missing_groups(self) -> dict[str, tuple[str, ...]]:
        """Schedule id -> the groups in its audience that no study group answers to.
        `studybot check` reads no database, so a name mistyped in the file, or a group
        renamed since, would go unsaid while nobody in it got the push."""
        groups = await self._study_groups()
        missing = {}
        for schedule in self._schedules().schedules:
            unknown = tuple(
                ref
                for ref in schedule.audience.groups
                if not any(_names_group(ref, group) for group in groups)
            )
            if unknown:
                missing[schedule.id] = unknown
        return missing

    async def _study_groups(self) -> list[tuple[int, str, str]]:
        """Every study group's id, name and join code: what an audience names them by."""
        rows = await self._session.execute(
            select(StudyGroup.id, StudyGroup.name, StudyGroup.join_code)
        )
        return [(group_id, name, code) for group_id, name, code in rows]

    async def preview(self, actor: Actor, schedule_id: str) -> dict[str, Any]:
        """The next fire's content (for a series, the item that fire sends), to show the
        organiser alone."""
        actor.require(Role.ORGANISER)
        schedule = self._schedule(schedule_id)
        content = schedule.content_for(await self._upcoming_index(schedule, self._clock()))
        if content is None:
            raise UserFacingError("push-series-finished", id=schedule_id)
        return payload_of(content, "manual", base=self._config.schedules_path)

    async def _last_fire(self, schedule_id: str) -> PushFire | None:
        return await self._session.scalar(
            select(PushFire)
            .where(PushFire.schedule_id == schedule_id)
            .order_by(PushFire.fire_time.desc())
            .limit(1)
        )

    async def stats(self, actor: Actor, schedule_id: str) -> PushStats:
        actor.require(Role.ORGANISER)
        fire = await self._last_fire_of(schedule_id)
        if fire is None:
            raise UserFacingError("push-never-fired", id=schedule_id)
        by_status = dict(
            (
                await self._session.execute(
                    select(PushDelivery.status, func.count())
                    .where(PushDelivery.fire_id == fire.id)
                    .group_by(PushDelivery.status)
                )
            ).all()
        )
        asks_ack = fire.payload.get("ack_points") is not None
        acknowledged, groups = await self._acknowledgements(fire.id) if asks_ack else (0, ())
        muted: tuple[MutedChatStats, ...] = ()
        if by_status.get(DeliveryStatus.MUTED):
            muted = await self._muted_chats(fire.id)
        return PushStats(
            schedule_id=schedule_id,
            fire_time=fire.fire_time,
            by_status={str(k): int(v) for k, v in by_status.items()},
            recipients=fire.recipients,
            asks_ack=asks_ack,
            acknowledged=acknowledged,
            groups=groups,
            muted_chats=muted,
        )

    async def _muted_chats(self, fire_id: int) -> tuple[MutedChatStats, ...]:
        rows = await self._session.execute(
            select(PushDelivery.chat_id, StudyGroup.name)
            .outerjoin(StudyGroup, StudyGroup.chat_id == PushDelivery.chat_id)
            .where(PushDelivery.fire_id == fire_id, PushDelivery.status == DeliveryStatus.MUTED)
            .order_by(PushDelivery.chat_id)
        )
        return tuple(MutedChatStats(chat_id, name) for chat_id, name in rows)

    async def _acknowledgements(self, fire_id: int) -> tuple[int, tuple[GroupStats, ...]]:
        """Who pressed 已学习 on a fire: in all, and per study group of its recipients."""
        acked = PushAck.fire_id == fire_id
        group_rows = (
            await self._session.execute(
                select(
                    StudyGroup.name,
                    func.count(PushDelivery.id),
                    func.count(PushAck.id),
                )
                .select_from(PushDelivery)
                .join(Member, Member.id == PushDelivery.member_id)
                .outerjoin(StudyGroup, StudyGroup.id == Member.study_group_id)
                .outerjoin(PushAck, acked & (PushAck.member_id == PushDelivery.member_id))
                .where(PushDelivery.fire_id == fire_id)
                .group_by(StudyGroup.name)
                .order_by(StudyGroup.name)
            )
        ).all()
        acknowledged = await self._session.scalar(select(func.count()).where(acked))
        groups = tuple(GroupStats(name, int(n), int(a)) for name, n, a in group_rows)
        return int(acknowledged or 0), groups

    async def nudge(
        self, actor: Actor, schedule_id: str, requested_at: datetime | None = None
    ) -> FireResult:
        """Remind, privately, the recipients of the last push who have not acknowledged it;
        keyed by `requested_at` like push_now."""
        actor.require(Role.ORGANISER)
        fire = await self._last_fire_of(schedule_id)
        if fire is None or fire.payload.get("ack_points") is None:
            raise UserFacingError("push-nothing-to-nudge", id=schedule_id)
        now = self._clock()
        acked = select(PushAck.member_id).where(PushAck.fire_id == fire.id)
        members = list(
            await self._session.scalars(
                select(PushDelivery.member_id)
                .join(Member, Member.id == PushDelivery.member_id)
                .where(
                    PushDelivery.fire_id == fire.id,
                    PushDelivery.status == DeliveryStatus.SENT,
                    PushDelivery.member_id.not_in(acked),
                    # Removed since the push went out: no longer in the programme.
                    Member.left_at.is_(None),
                )
            )
        )
        payload = {**fire.payload, "kind": "nudge", "ack_fire_id": fire.id}
        # Filed apart from the schedule's own fires, so reminders never count as a series step.
        nudge_key = f"{schedule_id}{NUDGE_SUFFIX}"
        key_time = requested_at or now
        nudge_id = await self._claim(nudge_key, key_time, "nudge", "sending", None, payload, now)
        if nudge_id is None:
            raise UserFacingError("push-nudge-busy")
        rows = [
            {
                "fire_id": nudge_id,
                "chat_id": member_id,
                "member_id": member_id,
                "status": DeliveryStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "updated_at": now,
            }
            for member_id in members
            if member_id is not None
        ]
        if rows:
            await self._session.execute(insert(PushDelivery), rows)
        await self._session.execute(
            update(PushFire).where(PushFire.id == nudge_id).values(recipients=len(rows))
        )
        return FireResult(nudge_key, key_time, "sending", len(rows), nudge_id)

    # ---- members --------------------------------------------------------------------------

    async def acknowledge(self, actor: Actor, fire_id: int) -> AckResult:
        """已学习: once per member and push; its points go to the ledger once."""
        fire = await self._session.get(PushFire, fire_id)
        if fire is None or fire.payload.get("ack_points") is None:
            raise UserFacingError("push-ack-unknown")
        if fire.kind == "nudge":
            fire = await self._session.get(PushFire, int(fire.payload["ack_fire_id"]))
            if fire is None:
                raise UserFacingError("push-ack-unknown")
        now = self._clock()
        inserted = await self._session.scalar(
            insert_new(self._session, PushAck, ("fire_id", "member_id"), PushAck.id),
            {"fire_id": fire.id, "member_id": actor.member_id, "created_at": now},
        )
        if inserted is None:
            return AckResult(0, already=True)
        points = int(fire.payload["ack_points"] or 0)
        await self._ledger.award(
            actor.member_id, SOURCE_ACK, f"{fire.id}:{actor.member_id}", points, now
        )
        return AckResult(points, already=False)
