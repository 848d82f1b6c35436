"""Wiring pushes into the running bot: APScheduler wakes a scan at each schedule's fire times,
and one dispatcher task sends the outbox. Started by the job queue, so it runs only in a
started application (not in offline tests, which drive scans and rounds themselves).

With several processes only the elected one schedules (bot/tgbot/leadership.py sets
`scheduling`); helpers may run a dispatcher alone (`start_dispatcher`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import JobQueue

from bot.domain.pacing import Limits, Pacer
from bot.domain.schedules import Schedule
from bot.services.dispatch import DeliveryJob, Dispatcher, Outbox
from bot.services.pushes import FireResult
from bot.services.send_budget import SendBudget
from bot.services.unit import Services
from bot.tgbot.admin_notices import report_pushes_without_banks
from bot.tgbot.context import StudyContext
from bot.tgbot.push_sender import TelegramSender

log = logging.getLogger(__name__)
SCAN_JOB_PREFIX = "push-scan-"
# A safety net besides the exact wake-ups: schedules created in chat, clock jumps.
RESCAN_SECONDS = 60
# How long a stopping bot waits for the sends already under way (a request times out sooner).
STOP_GRACE_SECONDS = 20
# PTB reads first=0 as "not given"; a moment after start is what is meant.
STARTUP_DELAY = 0.1


@dataclass(frozen=True)
class Timing:
    """The clock of the bot's send budget, which replies and the dispatcher share; tests pass
    a fake one shared with the sandbox's flood limits."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    limits: Limits = field(default_factory=Limits)
    # Push sends in flight at once; tests use 1 so their fake clock moves exactly with the
    # pacer.
    concurrency: int = 8
    # How much before a send's moment the budget's timer wakes (0 for a fake clock).
    wake_early: float = 0.002

    def budget(self) -> SendBudget:
        return SendBudget(
            Pacer(self.limits),
            monotonic=self.monotonic,
            sleep=self.sleep,
            wake_early=self.wake_early,
        )


class PushEngine:
    def __init__(
        self,
        services: Services,
        sender: TelegramSender,
        budget: SendBudget,
        *,
        concurrency: int,
        on_muted: Callable[[DeliveryJob], Awaitable[None]] | None = None,
    ) -> None:
        self.services = services
        self.sender = sender  # also what /preview sends with
        self.dispatcher = Dispatcher(
            Outbox(
                services.sessions,
                services.clock,
                services.config.language,
                services.config.zone,
            ),
            sender,
            budget,
            concurrency=concurrency,
            on_muted=on_muted,
        )
        self._task: asyncio.Task[None] | None = None
        # Whether this process runs the scheduler: the elected one (always, with SQLite).
        self.scheduling = False

    async def scan(self, schedule: Schedule) -> list[FireResult]:
        async with self.services.unit() as unit:
            results = await unit.pushes.scan(schedule)
        if any(result.recipients for result in results):
            self.dispatcher.wake.set()
        for result in results:
            log.info(
                "schedule %s fire %s: %s, %d recipients",
                result.schedule_id,
                result.fire_time.isoformat(),
                result.status,
                result.recipients,
            )
        await report_pushes_without_banks(self.sender.bot, self.services, results)
        return results

    async def scan_all(self) -> list[FireResult]:
        results: list[FireResult] = []
        for schedule in self.services.current_schedules().schedules:
            results += await self.scan(schedule)
        return results

    def schedule_jobs(self, jobs: JobQueue[Any]) -> None:
        """(Re)register one wake-up job per schedule, plus the start-up scan and dispatcher;
        in a process that does not run the scheduler, remove them."""
        for job in jobs.jobs():
            if job.name and job.name.startswith(SCAN_JOB_PREFIX):
                job.schedule_removal()
        if not self.scheduling:
            return
        for schedule in self.services.current_schedules().enabled():
            jobs.run_custom(
                self._scan_job,
                job_kwargs={
                    "trigger": schedule.to_apscheduler(),
                    "misfire_grace_time": None,
                    "coalesce": True,
                },
                data=schedule.id,
                name=SCAN_JOB_PREFIX + schedule.id,
            )
        # A first run right away: it starts the dispatcher and catches up on missed fires.
        jobs.run_repeating(
            self._rescan_job,
            interval=RESCAN_SECONDS,
            first=STARTUP_DELAY,
            name=SCAN_JOB_PREFIX + "all",
        )

    async def _scan_job(self, context: StudyContext) -> None:
        schedule_id = context.job.data if context.job else None
        schedule = self.services.current_schedules().by_id(str(schedule_id))
        if schedule is not None:
            with _quiet_when_stopping():
                await self.scan(schedule)

    async def _rescan_job(self, context: StudyContext) -> None:
        self.start_dispatcher()
        with _quiet_when_stopping():
            await self.scan_all()

    def start_dispatcher(self) -> None:
        if self._task is None:
            self.dispatcher.resume()
            self._task = asyncio.create_task(self.dispatcher.run_forever())

    @property
    def dispatching(self) -> bool:
        return self._task is not None

    async def stop(self) -> None:
        if self._task is None:
            return
        self.dispatcher.stop()
        try:
            await asyncio.wait_for(self._task, STOP_GRACE_SECONDS)
        except TimeoutError:
            log.warning("dispatcher did not finish its sends in time; they will be uncertain")
        self._task = None


def _quiet_when_stopping() -> contextlib.suppress:
    """The job queue cancels a scan still running when the bot stops. A scan claims each fire
    in its own transaction, so nothing is half done: not an error worth a traceback."""
    return contextlib.suppress(asyncio.CancelledError)
