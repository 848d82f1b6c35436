"""The dispatcher: sends the outbox within Telegram's limits, once, resumable after a crash.

Its sends take their turns in the bot's one budget (bot/services/send_budget.py) after the
replies to members, which go first.

A delivery is marked `sending` in its own committed write just before its first message
leaves, and its outcome is written after. After a crash the rows still `pending` are sent,
and the few that were `sending` are recorded as `uncertain`: Telegram has no idempotency
key, so a send whose outcome is unknown is reported, never silently repeated.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.domain.pacing import Limits, Ticket
from bot.domain.party_days import party_years
from bot.domain.periods import local_day
from bot.services.clock import Clock
from bot.services.groups import note_bot_absent, note_bot_may_post, note_bot_muted
from bot.services.members import set_reachable
from bot.services.pushes import DeliveryStatus
from bot.services.send_budget import Priority, SendBudget
from bot.storage.db import SessionFactory
from bot.storage.models import Member, PushDelivery, PushFire, StudyGroup

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_BACKOFF = timedelta(minutes=5)
# Rows claimed per round: this many seconds of sending at the current rate (at most `batch`).
CLAIM_SECONDS = 1.0
LEASE_MARGIN = 2.0  # seconds a claim outlives its expected sending time

OutcomeKind = Literal["sent", "blocked", "muted", "failed", "retry", "uncertain", "migrated"]


@dataclass(frozen=True, slots=True)
class DeliveryJob:
    id: int
    fire_id: int
    chat_id: int
    member_id: int | None
    payload: dict[str, Any]
    locale: str
    attempts: int
    addressee: Addressee | None = None  # None: a group chat
    schedule_id: str = ""  # the push's, for the admins' notice of a chat that refused it


@dataclass(frozen=True, slots=True)
class Addressee:
    """The member a push goes to, for the text's {姓名} and {党龄}."""

    name: str
    party_years: int | None  # on the fire's day; None: no day of joining given


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: OutcomeKind
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None  # Telegram's RetryAfter, seconds
    new_chat_id: int | None = None


class AlreadyTaken(Exception):
    """Another dispatcher marked this delivery first."""


class Gate(Protocol):
    async def __call__(self, chat_id: int) -> None:
        """Return when the next message to `chat_id` may leave (the one before it was
        answered)."""

    def done(self) -> None:
        """The last message was answered, and what the sender does next (a contest that a
        push starts) is paced like any other message, not as this delivery's."""


class Sender(Protocol):
    async def send(self, job: DeliveryJob, gate: Gate) -> Outcome:
        """Send the job's messages, awaiting `gate(chat_id)` before each one."""


class _DeliveryGate:
    """The gate of one delivery: marks it `sending` before its first message, then takes
    each message's turn in the bot's budget and hands the one before back."""

    def __init__(self, job: DeliveryJob, outbox: Outbox, budget: SendBudget) -> None:
        self._job = job
        self._outbox = outbox
        self._budget = budget
        self.marked = False
        self._flying: Ticket | None = None

    async def __call__(self, chat_id: int) -> None:
        # The sender asks for the next request only once the previous one was answered.
        self.done()
        if not self.marked:
            # Marked before pacing, so the request leaves right at its paced moment
            # rather than after a database write of varying length.
            if not await self._outbox.mark_sending(self._job):
                raise AlreadyTaken
            self.marked = True
        self._flying = await self._budget.departure(chat_id, Priority.BROADCAST)

    def done(self) -> None:
        if self._flying is not None:
            self._budget.landed(self._flying)
            self._flying = None


class Outbox:
    """The delivery rows; every method is its own short transaction."""

    def __init__(
        self, sessions: SessionFactory, clock: Clock, default_locale: str, zone: ZoneInfo
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._default_locale = default_locale
        self._zone = zone  # the fire's local day counts a member's years in the Party
        # One writer at a time from this process: SQLite lets only one write at once, and
        # its busy handler waits in sleeps of many milliseconds, far longer than a send.
        self._writing = asyncio.Lock()

    async def recover_interrupted(self) -> int:
        async with self._sessions() as session:
            result = await session.execute(
                update(PushDelivery)
                .where(PushDelivery.status == DeliveryStatus.SENDING)
                .values(
                    status=DeliveryStatus.UNCERTAIN,
                    error="interrupted while sending: outcome unknown",
                    updated_at=self._clock(),
                )
            )
            await session.commit()
        return int(getattr(result, "rowcount", 0) or 0)

    async def due(self, limit: int, lease: timedelta | None = None) -> list[DeliveryJob]:
        """Up to `limit` deliveries to send now.

        On PostgreSQL several dispatchers may share the outbox (bot/services/leader.py): the
        rows are claimed with FOR UPDATE SKIP LOCKED and, in the same transaction, put out of
        the others' sight for `lease` by moving their next attempt on. They stay `pending`,
        so after a crash the next dispatcher sends them once the lease runs out; the
        conditional UPDATE in `mark_sending` remains what makes a double send impossible.
        """
        now = self._clock()
        async with self._sessions() as session:
            query = (
                select(
                    PushDelivery,
                    PushFire.payload,
                    PushFire.fire_time,
                    PushFire.schedule_id,
                    Member.language,
                    Member.first_name,
                    Member.party_joined_on,
                )
                .join(PushFire, PushFire.id == PushDelivery.fire_id)
                .outerjoin(Member, Member.id == PushDelivery.member_id)
                .order_by(PushDelivery.id)
            )
            if session.get_bind().dialect.name == "postgresql":
                claimed = list(
                    await session.scalars(
                        select(PushDelivery.id)
                        .where(
                            PushDelivery.status == DeliveryStatus.PENDING,
                            PushDelivery.next_attempt_at <= now,
                        )
                        .order_by(PushDelivery.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                )
                if claimed and lease is not None:
                    await session.execute(
                        update(PushDelivery)
                        .where(PushDelivery.id.in_(claimed))
                        .values(next_attempt_at=now + lease)
                    )
                query = query.where(PushDelivery.id.in_(claimed))
            else:
                query = query.where(
                    PushDelivery.status == DeliveryStatus.PENDING,
                    PushDelivery.next_attempt_at <= now,
                ).limit(limit)
            rows = (await session.execute(query)).all()
            await session.commit()
        jobs = []
        for result in rows:
            row, payload, fire_time, schedule_id = result[0], result[1], result[2], result[3]
            language, name, joined = result[4], result[5], result[6]
            addressee = None
            if row.member_id is not None:
                years = (
                    None
                    if joined is None
                    else party_years(joined, local_day(fire_time, self._zone))
                )
                addressee = Addressee(name or str(row.member_id), years)
            jobs.append(
                DeliveryJob(
                    id=row.id,
                    fire_id=row.fire_id,
                    chat_id=row.chat_id,
                    member_id=row.member_id,
                    payload=payload,
                    locale=language or self._default_locale,
                    attempts=row.attempts,
                    addressee=addressee,
                    schedule_id=schedule_id,
                )
            )
        return jobs

    async def mark_sending(self, job: DeliveryJob) -> bool:
        async with self._writing, self._sessions() as session:
            result = await session.execute(
                update(PushDelivery)
                .where(PushDelivery.id == job.id, PushDelivery.status == DeliveryStatus.PENDING)
                .values(
                    status=DeliveryStatus.SENDING,
                    attempts=PushDelivery.attempts + 1,
                    updated_at=self._clock(),
                )
            )
            await session.commit()
        return getattr(result, "rowcount", 0) == 1

    async def record(self, results: list[tuple[DeliveryJob, Outcome]]) -> list[DeliveryJob]:
        """Write the outcomes; returns the jobs whose group chat turned out to be one where
        the bot may not post, newly (its admins are to be told)."""
        if not results:
            return []
        now = self._clock()
        muted = []
        async with self._writing, self._sessions() as session:
            for job, outcome in results:
                if await self._record_one(session, job, outcome, now):
                    muted.append(job)
            await session.commit()
        return muted

    async def _record_one(
        self, session: Any, job: DeliveryJob, outcome: Outcome, now: datetime
    ) -> bool:
        values: dict[str, Any] = {"updated_at": now, "error": outcome.error}
        newly_muted = False
        if outcome.kind == "sent":
            values.update(status=DeliveryStatus.SENT, message_id=outcome.message_id)
            if job.member_id is None:
                # The chat took a message: whatever kept the bot silent there is over.
                await note_bot_may_post(session, job.chat_id)
        elif outcome.kind == "blocked":
            values["status"] = DeliveryStatus.BLOCKED
            if job.member_id is not None:
                await set_reachable(session, job.member_id, False)
            elif job.chat_id < 0:
                # Removed from the group chat while its notice got lost: skip it from now on.
                await note_bot_absent(session, job.chat_id, None, now)
        elif outcome.kind == "muted":
            # Still in the chat: tried again at the next push, which may well go through.
            values["status"] = DeliveryStatus.MUTED
            newly_muted = await note_bot_muted(session, job.chat_id, now)
        elif outcome.kind == "uncertain":
            values["status"] = DeliveryStatus.UNCERTAIN
        elif outcome.kind == "retry" and job.attempts + 1 < MAX_ATTEMPTS:
            retry_at = now + _delay(job, outcome)
            values.update(status=DeliveryStatus.PENDING, next_attempt_at=retry_at)
        elif outcome.kind == "migrated" and outcome.new_chat_id is not None:
            values.update(
                status=DeliveryStatus.PENDING, next_attempt_at=now, chat_id=outcome.new_chat_id
            )
            await session.execute(
                update(StudyGroup)
                .where(StudyGroup.chat_id == job.chat_id)
                .values(chat_id=outcome.new_chat_id)
            )
        else:
            values["status"] = DeliveryStatus.FAILED
        try:
            async with session.begin_nested():
                await session.execute(
                    update(PushDelivery).where(PushDelivery.id == job.id).values(**values)
                )
        except IntegrityError:
            # The migrated chat already had this push: it has been served there.
            await session.execute(
                update(PushDelivery)
                .where(PushDelivery.id == job.id)
                .values(status=DeliveryStatus.FAILED, error="duplicate after migration")
            )
        return newly_muted


def _delay(job: DeliveryJob, outcome: Outcome) -> timedelta:
    if outcome.retry_after is not None:
        return timedelta(seconds=outcome.retry_after)
    return min(timedelta(seconds=2 ** (job.attempts + 1)), MAX_BACKOFF)


class Dispatcher:
    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        budget: SendBudget,
        *,
        concurrency: int = 8,
        batch: int = 200,
        on_muted: Callable[[DeliveryJob], Awaitable[None]] | None = None,
    ) -> None:
        self._outbox = outbox
        self._sender = sender
        self._budget = budget
        # Tells the admins of a group chat that refused a push because the bot may not post.
        self._on_muted = on_muted
        self._slots = asyncio.Semaphore(concurrency)
        self._stopping = False
        self._batch = batch
        self.wake = asyncio.Event()

    async def _deliver(self, job: DeliveryJob) -> tuple[DeliveryJob, Outcome] | None:
        gate = _DeliveryGate(job, self._outbox, self._budget)
        async with self._slots:
            if self._stopping:
                return None  # still pending: the next start sends it
            try:
                outcome = await self._sender.send(job, gate)
            except AlreadyTaken:
                return None
            except Exception as exc:  # a bug in rendering must not stop the broadcast
                log.exception("delivery %s to chat %s failed", job.id, job.chat_id)
                outcome = Outcome("uncertain" if gate.marked else "failed", error=repr(exc)[:300])
            finally:
                # Returned or raised, the last request is over as far as this process can
                # tell, and must not hold the windows for ever. (One that timed out could
                # still reach Telegram later; a 429 then is retried like any other.)
                gate.done()
        # A job that sent nothing (an empty push) is settled all the same.
        if not gate.marked and not await self._outbox.mark_sending(job):
            return None
        if outcome.retry_after is not None:
            self._budget.hold(outcome.retry_after)
        # Written at once: after a crash only the sends in flight are left without an outcome.
        muted = await self._outbox.record([(job, outcome)])
        if muted and self._on_muted is not None:
            await self._on_muted(job)
        return job, outcome

    @property
    def limits(self) -> Limits:
        return self._budget.limits

    def set_limits(self, limits: Limits) -> None:
        """Another share of the bot's rate (several dispatchers); applies from the next send,
        to this process's replies as well."""
        self._budget.limits = limits

    def hold_for(self, seconds: float) -> None:
        """Broadcast nothing for `seconds` (a dispatcher joining others waits for them to
        slow); replies go on."""
        self._budget.hold_broadcast(seconds)

    def _claim_size(self) -> tuple[int, timedelta]:
        """How many rows to take at a time, and for how long to hide them from the others:
        about CLAIM_SECONDS of sending, so rows a dispatcher took and did not get to (it died)
        are soon seen again by another."""
        rate = self._budget.limits.per_bot_per_second
        size = max(1, min(self._batch, math.ceil(rate * CLAIM_SECONDS)))
        return size, timedelta(seconds=2 * size / rate + LEASE_MARGIN)

    async def run_once(self) -> int:
        """Send everything due now; returns how many deliveries were attempted."""
        attempted = 0
        while True:
            size, lease = self._claim_size()
            jobs = await self._outbox.due(size, lease)
            if not jobs:
                return attempted
            results = await asyncio.gather(*(self._deliver(job) for job in jobs))
            settled = [result for result in results if result is not None]
            attempted += len(settled)
            if self._stopping or not settled:
                return attempted

    async def run_forever(self, idle_poll: float = 2.0) -> None:
        recovered = await self._outbox.recover_interrupted()
        if recovered:
            log.warning("%d deliveries were interrupted mid-send and are now uncertain", recovered)
        while not self._stopping:
            try:
                await self.run_once()
            except Exception:
                log.exception("dispatcher round failed; retrying")
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), idle_poll)

    def stop(self) -> None:
        """Finish the sends already under way, start no more: a clean stop leaves no
        delivery without its outcome."""
        self._stopping = True
        self.wake.set()

    def resume(self) -> None:
        """Undo `stop`, before `run_forever` again: a process elected a second time."""
        self._stopping = False
