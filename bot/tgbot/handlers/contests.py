"""Group contests in Telegram: /contest, /stopcontest, poll answers, and the jobs that move a
contest on (post a question, close it, count the standings).

One ContestRunner per process, in bot_data. It posts what bot.services.contests decides and
arms one job per step; the steps are re-armed from the database at start-up (`rearm`).

Poll answers are the hot path: a big group sends hundreds a second while a poll is open, and
none of them needs a reply. The handler only queues a plain Vote; the queue is written in one
batch when it is full, when the poll closes (before anything is counted), every
FLUSH_SECONDS while the bot runs, and when it stops. What a crash loses is what came in the
last FLUSH_SECONDS, the same kind of loss as the updates PTB had fetched and not yet handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, ReplyParameters, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import JobQueue

from bot.domain.contests import ContestPlan, Phase, PlanError
from bot.locales import Translator
from bot.services.contests import Ask, ContestStep, Opened, Result, Vote
from bot.services.errors import UserFacingError
from bot.services.identity import Caller
from bot.services.unit import Services
from bot.tgbot.contest_render import announce_text, closed_text, poll_arguments, standings_text
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.handlers.groups import follow_upgraded_chat
from bot.tgbot.render import refusal_text
from bot.tgbot.retry import retry_after_seconds

log = logging.getLogger(__name__)

# PTB runs one handler per group for each update: poll answers are handled in a group of
# their own, so a poll handler elsewhere (private quizzes as polls) still gets them.
POLL_ANSWER_GROUP = 10
FLUSH_SIZE = 500
FLUSH_SECONDS = 1.0
JOB_PREFIX = "contest-"
RETRY_DELAY = timedelta(seconds=10)  # after a step failed
# A step this late with no job here to run it was armed by a process that is gone (or its
# retry failed too): the leader runs it. The margin lets a live process go first.
ORPHAN_GRACE = timedelta(seconds=10)
MAX_RETRY_WAIT = 60.0  # seconds; a longer flood wait is not waited out in a job


def is_anonymous_vote(update: Update) -> bool:
    """A vote cast as the group (an admin who remains anonymous) or as a channel: Telegram
    names the chat in voter_chat, and may put its placeholder @Channel_Bot in `user`."""
    answer = update.poll_answer
    if answer is None or not answer.option_ids:
        return False
    return answer.voter_chat is not None or (answer.user is not None and answer.user.is_bot)


def vote_from(update: Update, at: datetime) -> Vote | None:
    """The plain value a poll answer becomes; None for a retracted vote (the first answer
    stands) and for an anonymous vote: no person, nobody to register or score."""
    answer = update.poll_answer
    if answer is None or answer.user is None or not answer.option_ids:
        return None
    if is_anonymous_vote(update):
        return None
    user = answer.user
    caller = Caller(
        user.id, user.first_name, user.username, user.language_code, in_private_chat=False
    )
    return Vote(answer.poll_id, caller, tuple(answer.option_ids), at)


class ContestRunner:
    def __init__(self, services: Services, bot: Bot, jobs: JobQueue[Any] | None) -> None:
        self.services = services
        self.bot = bot
        self.jobs = jobs
        self._votes: list[Vote] = []
        # Contests whose group heard that anonymous votes count for nobody, and the polls
        # such votes came for (the rest of a poll's anonymous votes need no lookup).
        self._told_anonymous: set[int] = set()
        self._anonymous_polls: set[str] = set()

    @property
    def _t(self) -> Translator:
        # Everyone in a group reads the same message: the organisation's language.
        return Translator(self.services.config.language)

    # ---- poll answers -----------------------------------------------------------------------

    def add(self, vote: Vote) -> bool:
        """Queue a vote; True when the queue is full and should be written now."""
        self._votes.append(vote)
        return len(self._votes) >= FLUSH_SIZE

    @property
    def queued(self) -> int:
        return len(self._votes)

    async def flush(self) -> int:
        """Write the queued votes in one unit of work; returns how many first answers."""
        batch, self._votes = self._votes, []
        if not batch:
            return 0
        try:
            async with self.services.unit() as unit:
                return await unit.contests.record_votes(batch)
        except Exception:
            # The database hiccuped: keep the votes for the next flush rather than lose them.
            self._votes[:0] = batch
            raise

    async def anonymous_vote(self, poll_id: str) -> None:
        """Someone voted anonymously: once per contest, the group hears that such votes
        count for nobody and how to take part (Telegram showed them right or wrong)."""
        if poll_id in self._anonymous_polls:
            return
        self._anonymous_polls.add(poll_id)
        async with self.services.unit() as unit:
            found = await unit.contests.running_contest_of_poll(poll_id)
        if found is None or found[0] in self._told_anonymous:
            return
        contest_id, chat_id = found
        self._told_anonymous.add(contest_id)
        await self._say(chat_id, self._t("contest-anonymous-vote"))

    # ---- starting ---------------------------------------------------------------------------

    async def open(self, opened: Opened) -> None:
        self.arm(opened.step)  # before sending: a failed announcement must not stall it
        await self.bot.send_message(opened.chat_id, announce_text(self._t, opened))

    async def start_scheduled(
        self, chat_id: int, payload: Mapping[str, Any], fire_id: int
    ) -> None:
        """What a push with `contest:` does in a group chat after its text went out. Never
        raises: the push itself was delivered whatever happens to the contest."""
        try:
            plan = ContestPlan.from_payload(payload)
            async with self.services.unit() as unit:
                opened = await unit.contests.start_scheduled(chat_id, plan, fire_id)
            if opened is not None:
                await self.open(opened)
        except UserFacingError as error:
            log.warning("scheduled contest in chat %s not started: %s", chat_id, error.message_id)
            await self._say(chat_id, refusal_text(self._t, error))
        except (PlanError, TelegramError, ValueError) as error:
            log.warning("scheduled contest in chat %s not started: %r", chat_id, error)
        except Exception:
            log.exception("scheduled contest in chat %s failed to start", chat_id)

    # ---- steps ------------------------------------------------------------------------------

    def arm(self, step: ContestStep) -> None:
        if self.jobs is None:
            return
        self.jobs.run_once(
            _step_job,
            when=step.at,
            data=step,
            name=f"{JOB_PREFIX}{step.contest_id}",
            job_kwargs={"misfire_grace_time": None},
        )

    def disarm(self, contest_id: int) -> None:
        if self.jobs is None:
            return
        for job in self.jobs.get_jobs_by_name(f"{JOB_PREFIX}{contest_id}"):
            job.schedule_removal()

    async def rearm(self) -> int:
        """After a restart: every running contest's next step, overdue ones at once."""
        async with self.services.unit() as unit:
            steps = await unit.contests.pending_steps()
        for step in steps:
            self.arm(step)
        if self.jobs is not None:
            self.jobs.run_repeating(_flush_job, interval=FLUSH_SECONDS, name="contest-votes")
        return len(steps)

    async def adopt_orphans(self) -> None:
        """A leader duty: run the overdue steps no job here will run. Steps compare and set,
        so one that another process runs at the same moment is done once."""
        now = self.services.clock()
        async with self.services.unit() as unit:
            steps = await unit.contests.pending_steps()
        armed = self.armed()
        for step in steps:
            if step.at < now - ORPHAN_GRACE and step.contest_id not in armed:
                log.warning(
                    "contest %s: step %s was left behind; running it", step.contest_id, step
                )
                self.arm(dataclasses.replace(step, at=now))

    def armed(self) -> set[int]:
        """The contests whose next step has a job in this process."""
        if self.jobs is None:
            return set()
        return {
            job.data.contest_id for job in self.jobs.jobs() if isinstance(job.data, ContestStep)
        }

    async def run_step(self, step: ContestStep) -> None:
        try:
            if step.phase is Phase.WAITING:
                await self._ask(step)
            elif step.phase is Phase.ASKING:
                await self._close(step)
            else:
                await self._finish(step)
        except Exception:
            # A database or network hiccup must not leave the contest without a next step:
            # arm again whatever the database says is next (a step already done is stale).
            log.exception("contest %s: step %s failed; trying again", step.contest_id, step)
            await self._resync(step.contest_id)

    async def _resync(self, contest_id: int) -> None:
        try:
            async with self.services.unit() as unit:
                stored = await unit.contests.step_of(contest_id)
        except Exception:
            log.exception("contest %s: re-arming failed; a restart re-arms it", contest_id)
            return
        if stored is not None:
            later = self.services.clock() + RETRY_DELAY
            self.arm(dataclasses.replace(stored, at=max(stored.at, later)))

    async def _ask(self, step: ContestStep) -> None:
        async with self.services.unit() as unit:
            outcome = await unit.contests.ask(step)
        if outcome is None:
            return
        if isinstance(outcome, ContestStep):
            self.arm(outcome)
            return
        await self._post(outcome)

    async def _post(self, ask: Ask) -> None:
        try:
            message = await self.bot.send_poll(**poll_arguments(self._t, ask))
        except Forbidden:
            await self._abort(ask.contest_id, ask.chat_id)
            return
        except ChatMigrated as error:
            # Upgraded to a supergroup, its service message not handled yet: follow it now.
            await follow_upgraded_chat(self.services, ask.chat_id, error.new_chat_id)
            await self._post(dataclasses.replace(ask, chat_id=error.new_chat_id))
            return
        except BadRequest as error:
            if not _no_poll_rights(error):
                await self._skip(ask, error)
                return
            # Every question would be refused alike: end it, and say why in the group.
            result = await self._abort(ask.contest_id, ask.chat_id)
            if result is not None:
                await self._say(ask.chat_id, self._t("contest-no-poll-rights"))
                await self.show(result)
            return
        except RetryAfter as error:
            async with self.services.unit() as unit:
                later = await unit.contests.postpone(ask, _delay(error))
            if later is not None:
                self.arm(later)
            return
        except TelegramError as error:
            await self._skip(ask, error)
            return
        poll_id = message.poll.id if message.poll is not None else ""
        async with self.services.unit() as unit:
            following = await unit.contests.bind_poll(ask, poll_id, message.message_id)
        if following is None:  # stopped while the poll was on its way
            await self._stop_poll(ask.chat_id, message.message_id)
            return
        self.arm(following)

    async def _skip(self, ask: Ask, error: TelegramError) -> None:
        log.warning("contest %s: question %s not sent: %r", ask.contest_id, ask.number, error)
        async with self.services.unit() as unit:
            following = await unit.contests.skip(ask)
        if following is not None:
            self.arm(following)

    async def _close(self, step: ContestStep) -> None:
        await self.flush()  # every answer in before the question is counted
        async with self.services.unit() as unit:
            closed = await unit.contests.close(step)
        if closed is None:
            return
        self.arm(closed.next)
        if not closed.posted:
            return
        reply_to = (
            ReplyParameters(closed.poll_message_id, allow_sending_without_reply=True)
            if closed.poll_message_id is not None
            else None
        )
        await self._say(closed.chat_id, closed_text(self._t, closed), reply_parameters=reply_to)

    async def _finish(self, step: ContestStep) -> None:
        await self.flush()
        async with self.services.unit() as unit:
            result = await unit.contests.finish(step)
        if result is not None:
            await self.show(result)

    async def _abort(self, contest_id: int, chat_id: int) -> Result | None:
        log.warning("contest %s: the bot cannot post in chat %s; ended", contest_id, chat_id)
        async with self.services.unit() as unit:
            return await unit.contests.abort(contest_id)

    async def chat_lost(self, chat_id: int) -> Result | None:
        """The bot was removed from the chat: its running contest ends now, scoring what was
        answered. The standings have nowhere to go; the result says who was scored."""
        await self.flush()
        async with self.services.unit() as unit:
            result = await unit.contests.abort_in_chat(chat_id)
        if result is not None:
            self.disarm(result.contest_id)
        return result

    async def show(self, result: Result) -> None:
        """The standings; a poll still open (a stopped contest) is closed first."""
        self.disarm(result.contest_id)
        if result.open_poll_message_id is not None:
            await self._stop_poll(result.chat_id, result.open_poll_message_id)
        await self._say(result.chat_id, standings_text(self._t, result, self.bot.username))

    async def _stop_poll(self, chat_id: int, message_id: int) -> None:
        # BadRequest: Telegram closed it already, at the end of its open period.
        with contextlib.suppress(BadRequest):
            await self.bot.stop_poll(chat_id, message_id)

    async def _say(self, chat_id: int, text: str, **kwargs: Any) -> None:
        for attempt in range(2):
            try:
                await self.bot.send_message(chat_id, text, **kwargs)
                return
            except ChatMigrated as error:
                await follow_upgraded_chat(self.services, chat_id, error.new_chat_id)
                chat_id = error.new_chat_id
            except RetryAfter as error:
                # Flood control in a busy group: the standings are worth one wait.
                if attempt == 0:
                    await asyncio.sleep(min(_delay(error).total_seconds(), MAX_RETRY_WAIT))
                    continue
                log.warning("contest message to chat %s not sent: %r", chat_id, error)
            except TelegramError as error:
                # The contest goes on (or has ended) whether or not this message got through.
                log.warning("contest message to chat %s not sent: %r", chat_id, error)
                return


def _no_poll_rights(error: BadRequest) -> bool:
    """Telegram's 400 for a chat whose permissions keep the bot from sending polls."""
    return "not enough rights" in error.message.casefold()


def _delay(error: RetryAfter) -> timedelta:
    return timedelta(seconds=retry_after_seconds(error))


async def _step_job(context: StudyContext) -> None:
    job = context.job
    if job is not None and isinstance(job.data, ContestStep):
        await context.bot_data.contests.run_step(job.data)


async def _flush_job(context: StudyContext) -> None:
    await context.bot_data.contests.flush()


# ---- handlers ----------------------------------------------------------------------------


async def start_contest(update: Update, context: StudyContext) -> None:
    """/contest [bank or tag] [questions] [seconds], in a group chat, by an organiser."""
    chat = update.effective_chat
    if chat is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        opened = await unit.contests.start(actor, chat.id, context.args or [])
    await context.bot_data.contests.open(opened)


async def stop_contest(update: Update, context: StudyContext) -> None:
    """/stopcontest: the standings so far, with the answers queued until now counted."""
    chat = update.effective_chat
    if chat is None:
        return
    runner = context.bot_data.contests
    await runner.flush()
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        result = await unit.contests.stop(actor, chat.id)
    await runner.show(result)


async def on_poll_answer(update: Update, context: StudyContext) -> None:
    runner = context.bot_data.contests
    if is_anonymous_vote(update) and update.poll_answer is not None:
        await runner.anonymous_vote(update.poll_answer.poll_id)
        return
    vote = vote_from(update, context.services.clock())
    if vote is None:
        return
    if runner.add(vote):
        await runner.flush()
