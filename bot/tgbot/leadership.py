"""The process elected to run the scheduler, and what only it does.

Every process serves updates; one at a time (bot/services/leader.py elects it) also runs the
push scheduler and the dispatcher, and the periodic leader-only work in `duties`: firing
question deadlines that a process which has since gone had armed, and picking up pushes
organisers made with /newpush in another process. Every TICK_SECONDS a process that is not
the leader tries to become it, and the leader checks it still holds its lock, so when it
dies another takes over within a few seconds. With SQLite the one process always leads.
The same tick, in every process, passes content reloads on (bot/tgbot/content_sync.py).

Other features plug in here instead of arming timers every process would run: append a
coroutine function to `on_elected` (run once when this process becomes the leader, before
its duties) or to `duties` (run every tick while it leads). Both must be safe to run in any
process at any time, since a leader that lost its database connection may still be running
its last tick while the next one starts.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.ext import JobQueue

from bot.domain.pacing import Limits
from bot.services.leader import (
    Election,
    active_dispatchers,
    dispatcher_slots,
    scheduler_election,
)
from bot.services.quiz import Deadline, StaleAnswer
from bot.services.unit import Services
from bot.tgbot.content_sync import ContentSync
from bot.tgbot.context import StudyContext
from bot.tgbot.handlers.quiz import (
    arm_deadline,
    expire_question,
    rearm_deadlines,
)
from bot.tgbot.push_engine import PushEngine

log = logging.getLogger(__name__)

Duty = Callable[[], Awaitable[None]]

JOB_NAME = "leadership"
# How often a follower tries to lead and the leader does its duties. A dead leader is
# replaced within about this long: its lock is freed as soon as its connection drops.
TICK_SECONDS = 2.0
# A deadline this far past that no job in the leader will fire was armed by a process that
# is gone: the leader fires it. The margin lets the process that armed it go first.
SWEEP_GRACE = timedelta(seconds=10)
# When the leader takes over deadlines at election, their jobs fire this much late, so a
# live process that armed the same deadline fires it first and the leader's finds it done.
REARM_DELAY = timedelta(seconds=5)
# A dispatcher joining others waits this long before its first send, so that each of them
# has lowered its share of the rate (every tick) before the sum could exceed the limit.
JOIN_DELAY = 2 * TICK_SECONDS + 1.0


class Leadership:
    def __init__(
        self,
        services: Services,
        engine: AsyncEngine,
        pushes: PushEngine,
        bot: Bot,
        jobs: JobQueue[Any],
        *,
        dispatchers: int = 1,
        election: Election | None = None,
    ) -> None:
        self.services = services
        self.engine = engine
        self.pushes = pushes
        self.bot = bot
        self.jobs = jobs
        self.election = election or scheduler_election(engine)
        self.helper = None if self.election.sole else dispatcher_slots(engine, dispatchers)
        self._dispatchers = dispatchers
        self._full_rate: Limits = pushes.dispatcher.limits
        self._share = 1
        self.is_leader = False
        self.content = ContentSync(services, engine, self._content_reloaded)
        self.on_elected: list[Duty] = [self._take_over_schedules, self._take_over_deadlines]
        self.duties: list[Duty] = [self._sweep_deadlines, self._follow_chat_schedules]

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Try to lead at once (SQLite: always succeeds), then keep trying every tick."""
        await self.tick()
        self.jobs.run_repeating(
            self._tick_job,
            interval=TICK_SECONDS,
            first=TICK_SECONDS,
            name=JOB_NAME,
            job_kwargs={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    def retire(self) -> None:
        """A process shutting down stops trying to lead (what it leads, it keeps until
        `stop`): taking over while it drains its last updates would only hand over again."""
        for job in self.jobs.get_jobs_by_name(JOB_NAME):
            job.schedule_removal()

    async def stop(self) -> None:
        """Give the locks up, so another process takes over at once rather than on timeout."""
        self.retire()
        await self.pushes.stop()
        if self.helper is not None:
            await self.helper.release()
        if self.is_leader:
            log.info("this process no longer runs the scheduler: stopping")
        self.is_leader = False
        await self.election.release()
        await self.content.stop()

    async def _tick_job(self, context: StudyContext) -> None:
        await self.tick()

    async def tick(self) -> None:
        try:
            await self.content.tick()  # every process, leader or not
        except Exception as error:
            log.warning("content sync: %r; trying again", error)
            await self.content.stop()
        try:
            if self.is_leader:
                if not await self.election.held():
                    await self._step_down()
                    return
                await self._balance()
                await self._run_all(self.duties)
            elif await self.election.acquire():
                await self._become_leader()
            elif self.helper is not None:
                await self._help()
        except Exception as error:  # the database is away: the next tick tries again
            log.warning("leadership tick failed: %r", error)

    async def _become_leader(self) -> None:
        log.info("this process was elected to run the scheduler and the dispatcher")
        self.is_leader = True
        if self.helper is not None and self.helper.slot is not None:
            # The dispatcher this process ran as a helper goes on as the leader's.
            await self.helper.release()
        await self._join_dispatchers()
        await self._run_all(self.on_elected)

    def _content_reloaded(self) -> None:
        if self.pushes.scheduling:
            self.pushes.schedule_jobs(self.jobs)  # the schedule files may have changed

    async def _step_down(self) -> None:
        log.warning("lost the scheduler lock (database connection gone): stepping down")
        self.is_leader = False
        self.pushes.scheduling = False
        self.pushes.schedule_jobs(self.jobs)
        await self.pushes.stop()

    async def _run_all(self, duties: list[Duty]) -> None:
        for duty in list(duties):
            try:
                await duty()
            except Exception:  # one failing duty must not starve the others
                log.exception("leader duty %s failed", getattr(duty, "__qualname__", duty))

    # ---- sharing the bot's message rate ---------------------------------------------------------

    async def _join_dispatchers(self) -> None:
        """Take this process's share of the rate; wait before sending if others are running."""
        if self.election.sole:
            return
        share = await self._count_dispatchers()
        self._apply_share(share)
        if share > 1 and not self.pushes.dispatching:
            # (A helper elected leader was counted already, and goes on sending.)
            self.pushes.dispatcher.hold_for(JOIN_DELAY)

    async def _balance(self) -> None:
        """Follow the number of dispatchers: a smaller share when one joins, more when one
        left. Lowering is safe at once; the newcomer waited JOIN_DELAY for it."""
        if not self.election.sole and self.pushes.dispatching:
            self._apply_share(await self._count_dispatchers())

    async def _count_dispatchers(self) -> int:
        if self.helper is None:
            return 1  # no helpers configured: the leader alone sends
        try:
            return max(1, await active_dispatchers(self.engine))
        except Exception as error:
            # Not knowing how many send, assume all of them do: the slowest safe share.
            log.warning("could not count the dispatchers: %r", error)
            return self._dispatchers

    def _apply_share(self, share: int) -> None:
        if share != self._share:
            log.info("sending pushes at 1/%d of the bot's rate (%d dispatchers)", share, share)
        self._share = share
        full = self._full_rate
        rate = full.per_bot_per_second / share
        if share > 1:
            # Evenly spaced sends at r a second can put r + 1 into a sliding one-second window
            # (one at each edge); n dispatchers, n more. So each leaves one a second spare.
            rate = max(rate - 1, rate / 2)
        self.pushes.dispatcher.set_limits(dataclasses.replace(full, per_bot_per_second=rate))

    async def _help(self) -> None:
        """A follower with `pushes.dispatchers` > 1 sends pushes too, in a free helper slot."""
        assert self.helper is not None
        if self.helper.slot is not None:
            if await self.helper.held():
                await self._balance()
                return
            await self.pushes.stop()
            return
        if await self.helper.acquire():
            log.info("this process helps dispatch pushes (slot %s)", self.helper.slot)
            await self._join_dispatchers()
            self.pushes.start_dispatcher()

    # ---- what the leader takes over -------------------------------------------------------------

    async def _take_over_schedules(self) -> None:
        # Pushes made in chat while another process led are in the database only.
        await self.services.load_chat_schedules()
        self.pushes.scheduling = True
        self.pushes.schedule_jobs(self.jobs)

    async def _take_over_deadlines(self) -> None:
        now = self.services.clock()
        if self.election.sole:
            # The only process: re-arm every deadline at its own time (overdue: now).
            await rearm_deadlines(self.services, self.jobs, now)
            return
        async with self.services.unit() as unit:
            deadlines = await unit.quiz.pending_deadlines()
        armed = self._armed_deadlines()
        for deadline in deadlines:
            if (deadline.session_id, deadline.position) not in armed:
                arm_deadline(self.jobs, deadline, not_before=max(deadline.at + REARM_DELAY, now))

    def _armed_deadlines(self) -> set[tuple[int, int]]:
        return {
            (job.data.session_id, job.data.position)
            for job in self.jobs.jobs()
            if isinstance(job.data, Deadline)
        }

    async def _sweep_deadlines(self) -> None:
        """Time out questions whose deadline passed long ago with no job here to fire it:
        the process that sent them (and armed their job) is gone."""
        cutoff = self.services.clock() - SWEEP_GRACE
        async with self.services.unit() as unit:
            overdue = await unit.quiz.pending_deadlines(due_before=cutoff)
        if not overdue:
            return
        armed = self._armed_deadlines()
        for deadline in overdue:
            if (deadline.session_id, deadline.position) in armed:
                continue
            try:
                await expire_question(self.bot, self.services, self.jobs, deadline)
            except StaleAnswer:
                pass  # answered or timed out by another process a moment ago
            except Exception:
                log.exception("timing out quiz session %s failed", deadline.session_id)

    async def _follow_chat_schedules(self) -> None:
        """Pushes made with /newpush in another process: schedule them here too."""
        known = self.services.chat_schedules
        await self.services.load_chat_schedules()
        if self.services.chat_schedules != known:
            self.pushes.schedule_jobs(self.jobs)
