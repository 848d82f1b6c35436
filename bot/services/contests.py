"""Group contests (答题挑战赛): starting, asking, closing, answers, standings and points.

A contest is a row that says where it is (phase, position) and when its next step is due
(`next_at`). The Telegram layer (bot.tgbot.handlers.contests) posts what this service returns
and arms a job for each ContestStep; each step is a compare-and-set on (status, phase,
position), so a step that runs twice (a job armed again after a restart, a second process)
changes nothing the second time, and a restart re-arms every running contest from its row.

Poll answers arrive as PollAnswer updates, hundreds a second in a big group. The handler only
queues them; `record_votes` writes a batch with one insert that skips duplicates, keyed by
(question, member): only a member's first answer counts, a replayed update changes nothing.
Scoring happens once, when the contest ends: each participant gets one ledger row keyed by
(contest, member), so finishing twice cannot score twice.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.config import Config
from bot.content.banks import BankCatalog
from bot.domain.contests import (
    COUNTDOWN,
    PAUSE,
    ContestPlan,
    ContestStatus,
    GroupCredit,
    Phase,
    Placing,
    PlanError,
    Tally,
    answer_elapsed,
    fits_a_poll,
    group_credit,
    is_correct,
    is_over,
    parse_contest_args,
    standings,
)
from bot.domain.periods import local_day, within_day
from bot.domain.questions import LETTERS, Question
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.identity import Actor, Caller, Role
from bot.services.ledger import SOURCE_CONTEST, Award, Ledger
from bot.services.members import LAST_SEEN_RESOLUTION, MemberService
from bot.services.quiz import questions_named
from bot.storage.dialect import insert_new
from bot.storage.models import Contest, ContestAnswer, ContestQuestion, Member, StudyGroup

# Rows per executemany call, so one huge batch does not hold the database for long.
VOTE_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class ContestStep:
    """The next thing a running contest does, and when; `at` is what the job is armed for."""

    contest_id: int
    phase: Phase
    position: int
    at: datetime


@dataclass(frozen=True, slots=True)
class Vote:
    """A poll answer as the Telegram layer hands it over: plain values, the time it came."""

    poll_id: str
    caller: Caller
    option_ids: tuple[int, ...]
    at: datetime


@dataclass(frozen=True, slots=True)
class Opened:
    contest_id: int
    chat_id: int
    source: str | None  # the bank or tag asked for; None: every enabled bank
    questions: int
    requested: int  # more than `questions` when fewer questions could be polls
    seconds: int
    group: str | None  # the study group linked to the chat
    step: ContestStep


@dataclass(frozen=True, slots=True)
class Ask:
    """A question to post now as a quiz poll."""

    contest_id: int
    chat_id: int
    position: int
    number: int
    total: int
    seconds: int
    question: Question


@dataclass(frozen=True, slots=True)
class Closed:
    """A question whose time is up: what to say about it, and what comes next."""

    contest_id: int
    chat_id: int
    number: int
    total: int
    posted: bool  # False: the poll never went out (a crash between claiming and sending)
    question: Question | None  # None when its bank no longer has it
    correct: tuple[int, ...]
    answered: int
    right: int
    poll_message_id: int | None
    next: ContestStep


@dataclass(frozen=True, slots=True)
class Result:
    """The standings of a finished or stopped contest; the points are in the ledger."""

    contest_id: int
    chat_id: int
    status: ContestStatus
    asked: int
    total: int
    seconds: int
    placings: tuple[Placing, ...]
    credit: GroupCredit | None
    open_poll_message_id: int | None  # the poll that was still open when it was stopped


class ContestService:
    def __init__(
        self,
        session: AsyncSession,
        config: Config,
        clock: Clock,
        catalog: Callable[[], BankCatalog],
        rng: random.Random,
    ) -> None:
        self._session = session
        self._config = config
        self._clock = clock
        self._catalog = catalog
        self._rng = rng
        self._members = MemberService(session, config, clock)
        self._ledger = Ledger(session)

    # ---- starting ---------------------------------------------------------------------------

    async def start(self, actor: Actor, chat_id: int, args: Sequence[str]) -> Opened:
        """/contest [bank or tag] [questions] [seconds], by an organiser, in a group chat."""
        actor.require(Role.ORGANISER)
        if chat_id > 0:
            raise UserFacingError("contest-groups-only")
        try:
            plan = parse_contest_args(args)
        except PlanError as error:
            raise UserFacingError(error.code, **error.args_map) from None
        return await self._open(chat_id, plan, started_by=actor.member_id, fire_id=None)

    async def start_scheduled(
        self, chat_id: int, plan: ContestPlan, fire_id: int
    ) -> Opened | None:
        """A push starts a contest; None when this push already started one in this chat."""
        done = await self._session.scalar(
            select(Contest.id).where(Contest.fire_id == fire_id, Contest.chat_id == chat_id)
        )
        if done is not None:
            return None
        return await self._open(chat_id, plan, started_by=None, fire_id=fire_id)

    async def _open(
        self, chat_id: int, plan: ContestPlan, *, started_by: int | None, fire_id: int | None
    ) -> Opened:
        if await self._running(chat_id) is not None:
            raise UserFacingError("contest-already-running")
        drawn = self._draw(plan)
        group = await self._session.scalar(select(StudyGroup).where(StudyGroup.chat_id == chat_id))
        now = self._clock()
        contest = Contest(
            chat_id=chat_id,
            study_group_id=group.id if group is not None else None,
            started_by=started_by,
            fire_id=fire_id,
            filter_text=plan.bank,
            question_keys=[q.key for q in drawn],
            seconds=plan.seconds,
            status=ContestStatus.RUNNING.value,
            phase=Phase.WAITING.value,
            position=0,
            next_at=now + COUNTDOWN,
            started_at=now,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(contest)
        except IntegrityError:
            # Another /contest (or process) started one in this chat a moment ago.
            raise UserFacingError("contest-already-running") from None
        return Opened(
            contest_id=contest.id,
            chat_id=chat_id,
            source=plan.bank,
            questions=len(drawn),
            requested=plan.questions,
            seconds=plan.seconds,
            group=group.name if group is not None else None,
            step=self._step(contest),
        )

    def _draw(self, plan: ContestPlan) -> list[Question]:
        pool = questions_named(self._catalog(), plan.bank, "contest-no-match")
        if not pool:  # no bank switched on, or none with questions: no fill-ins to blame
            raise UserFacingError("quiz-no-questions")
        eligible = [q for q in pool if fits_a_poll(q)]
        if not eligible:
            raise UserFacingError("contest-no-questions")
        return self._rng.sample(eligible, min(plan.questions, len(eligible)))

    # ---- the steps --------------------------------------------------------------------------

    async def ask(self, step: ContestStep) -> Ask | ContestStep | None:
        """The countdown or pause is over: claim the question to post. A step instead when
        no question is left to ask (the last ones were removed from their banks); None when
        the step is stale."""
        contest = await self._at(step)
        if contest is None:
            return None
        keys = [str(key) for key in contest.question_keys]
        position = contest.position
        question = None
        while position < len(keys):
            question = self._catalog().question(keys[position])
            if question is not None and fits_a_poll(question):
                break
            position += 1  # edited out of its bank since the contest began: skip it
        now = self._clock()
        if question is None or position >= len(keys):
            if not await self._move(contest, Phase.SETTLING, len(keys), now):
                return None
            return self._step(contest)
        # Until the poll is bound, the step is due when the poll would close: a crash in
        # between finds a question with no poll and moves on (see close).
        if not await self._move(
            contest, Phase.ASKING, position, now + timedelta(seconds=contest.seconds)
        ):
            return None
        return Ask(
            contest_id=contest.id,
            chat_id=contest.chat_id,
            position=position,
            number=position + 1,
            total=len(keys),
            seconds=contest.seconds,
            question=question,
        )

    async def bind_poll(self, ask: Ask, poll_id: str, message_id: int) -> ContestStep | None:
        """The poll went out: answers to `poll_id` count from now until it closes. None when
        the contest was stopped while the poll was being sent."""
        contest = await self._session.get(Contest, ask.contest_id)
        if (
            contest is None
            or contest.status != ContestStatus.RUNNING
            or contest.phase != Phase.ASKING
            or contest.position != ask.position
        ):
            return None
        now = self._clock()
        closes_at = now + timedelta(seconds=ask.seconds)
        self._session.add(
            ContestQuestion(
                contest_id=contest.id,
                position=ask.position,
                question_key=ask.question.key,
                content_hash=ask.question.content_hash,
                correct=sorted(ask.question.correct),
                poll_id=poll_id,
                message_id=message_id,
                sent_at=now,
                closes_at=closes_at,
            )
        )
        contest.next_at = closes_at
        await self._session.flush()
        return self._step(contest)

    async def skip(self, ask: Ask) -> ContestStep | None:
        """The poll could not be sent: go on with the next question."""
        now = self._clock()
        contest = await self._at(ContestStep(ask.contest_id, Phase.ASKING, ask.position, now))
        if contest is None or not await self._advance(contest, now, pause=False):
            return None
        return self._step(contest)

    async def postpone(self, ask: Ask, delay: timedelta) -> ContestStep | None:
        """Telegram asked to wait (flood control): ask the same question after `delay`."""
        now = self._clock()
        contest = await self._at(ContestStep(ask.contest_id, Phase.ASKING, ask.position, now))
        if contest is None or not await self._move(
            contest, Phase.WAITING, ask.position, now + delay
        ):
            return None
        return self._step(contest)

    async def close(self, step: ContestStep) -> Closed | None:
        """The poll's time is up: move on, and say how it went."""
        contest = await self._at(step)
        if contest is None:
            return None
        if not await self._advance(contest, self._clock(), pause=True):
            return None
        row = await self._session.scalar(
            select(ContestQuestion).where(
                ContestQuestion.contest_id == contest.id,
                ContestQuestion.position == step.position,
            )
        )
        answered, right = 0, 0
        if row is not None:
            counts = (
                await self._session.execute(
                    select(
                        func.count(),
                        func.coalesce(func.sum(case((ContestAnswer.correct, 1), else_=0)), 0),
                    ).where(ContestAnswer.question_id == row.id)
                )
            ).one()
            answered, right = int(counts[0]), int(counts[1])
        question = self._catalog().question(str(contest.question_keys[step.position]))
        if question is not None and row is not None and question.content_hash != row.content_hash:
            # The bank changed while the poll was open: its options may have moved, and the
            # stored answer positions would name the wrong one (or none). Letters only, then.
            question = None
        return Closed(
            contest_id=contest.id,
            chat_id=contest.chat_id,
            number=step.position + 1,
            total=len(contest.question_keys),
            posted=row is not None,
            question=question,
            correct=tuple(int(i) for i in row.correct) if row is not None else (),
            answered=answered,
            right=right,
            poll_message_id=row.message_id if row is not None else None,
            next=self._step(contest),
        )

    async def finish(self, step: ContestStep) -> Result | None:
        """Every question is closed: the standings, and each participant's points."""
        contest = await self._at(step)
        if contest is None or not await self._end(contest, ContestStatus.FINISHED):
            return None
        return await self._result(contest, open_poll=None)

    async def stop(self, actor: Actor, chat_id: int) -> Result:
        """/stopcontest: end the chat's contest now, with the standings so far. In the pause
        after the last question, every question has had its time: a normal end."""
        actor.require(Role.ORGANISER)
        if chat_id > 0:
            raise UserFacingError("contest-groups-only")
        contest = await self._running(chat_id)
        if contest is None:
            raise UserFacingError("contest-none-running")
        open_poll = None
        if contest.phase == Phase.ASKING:
            open_poll = await self._session.scalar(
                select(ContestQuestion.message_id).where(
                    ContestQuestion.contest_id == contest.id,
                    ContestQuestion.position == contest.position,
                )
            )
        settling = contest.phase == Phase.SETTLING
        status = ContestStatus.FINISHED if settling else ContestStatus.STOPPED
        if not await self._end(contest, status):
            raise UserFacingError("contest-none-running")
        return await self._result(contest, open_poll=open_poll)

    async def abort(self, contest_id: int) -> Result | None:
        """The bot can no longer post in the chat (removed from it): end the contest, scoring
        what was answered, so it does not stay running for ever."""
        contest = await self._session.get(Contest, contest_id)
        if contest is None or not await self._end(contest, ContestStatus.STOPPED):
            return None
        return await self._result(contest, open_poll=None)

    async def abort_in_chat(self, chat_id: int) -> Result | None:
        """The bot was removed from the chat: its running contest ends, as in `abort`."""
        contest = await self._running(chat_id)
        return None if contest is None else await self.abort(contest.id)

    async def step_of(self, contest_id: int) -> ContestStep | None:
        """The stored next step of a running contest (to re-arm it after a failed step)."""
        contest = await self._session.get(Contest, contest_id)
        if contest is None or contest.status != ContestStatus.RUNNING:
            return None
        return self._step(contest)

    async def pending_steps(self) -> list[ContestStep]:
        """After a restart: the next step of every running contest. A contest whose time is
        over goes straight to its standings instead of asking stale questions."""
        now = self._clock()
        running = list(
            await self._session.scalars(
                select(Contest).where(Contest.status == ContestStatus.RUNNING.value)
            )
        )
        steps = []
        for contest in running:
            total = len(contest.question_keys)
            over = is_over(contest.started_at, total, contest.seconds, now)
            if (
                over
                and contest.phase != Phase.SETTLING
                and not await self._move(contest, Phase.SETTLING, contest.position, now)
            ):
                continue
            steps.append(self._step(contest))
        return steps

    async def follow_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Telegram upgraded the chat to a supergroup, which has a new id: a contest running
        in the old chat goes on in the new one (the old id refuses every post). Both service
        messages of the upgrade call this; the second changes nothing."""
        if await self._running(new_chat_id) is not None:
            return False
        result = await self._session.execute(
            update(Contest)
            .where(Contest.chat_id == old_chat_id, Contest.status == ContestStatus.RUNNING.value)
            .values(chat_id=new_chat_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    # ---- answers ----------------------------------------------------------------------------

    async def running_contest_of_poll(self, poll_id: str) -> tuple[int, int] | None:
        """(contest id, chat id) of the running contest that posted poll `poll_id`."""
        row = (
            await self._session.execute(
                select(Contest.id, Contest.chat_id)
                .join(ContestQuestion, ContestQuestion.contest_id == Contest.id)
                .where(
                    ContestQuestion.poll_id == poll_id,
                    Contest.status == ContestStatus.RUNNING.value,
                )
            )
        ).first()
        return None if row is None else (int(row[0]), int(row[1]))

    async def record_votes(self, votes: Sequence[Vote]) -> int:
        """Write a batch of poll answers; returns how many first answers it held (one that
        an earlier batch already wrote is skipped by the unique key).

        Answers to polls that are not a running contest's are dropped here (another feature's
        polls, a contest already scored). Voters who never used /start are registered.
        """
        poll_ids = {vote.poll_id for vote in votes if vote.option_ids}
        if not poll_ids:
            return 0
        rows = (
            await self._session.execute(
                select(
                    ContestQuestion.id,
                    ContestQuestion.poll_id,
                    ContestQuestion.contest_id,
                    ContestQuestion.correct,
                    ContestQuestion.sent_at,
                    Contest.seconds,
                )
                .join(Contest, Contest.id == ContestQuestion.contest_id)
                .where(
                    ContestQuestion.poll_id.in_(poll_ids),
                    Contest.status == ContestStatus.RUNNING.value,
                )
            )
        ).all()
        questions = {row.poll_id: row for row in rows}
        first: dict[tuple[int, int], Vote] = {}
        for vote in votes:
            row = questions.get(vote.poll_id)
            if row is not None and vote.option_ids:
                first.setdefault((row.id, vote.caller.user_id), vote)
        if not first:
            return 0
        await self._register({vote.caller.user_id: vote.caller for vote in first.values()})
        values = []
        for (question_id, member_id), vote in first.items():
            row = questions[vote.poll_id]
            elapsed = answer_elapsed(row.sent_at, vote.at, row.seconds)
            values.append(
                {
                    "question_id": question_id,
                    "contest_id": row.contest_id,
                    "member_id": member_id,
                    "given": ",".join(LETTERS[i] for i in sorted(vote.option_ids))[:32],
                    "correct": is_correct(vote.option_ids, row.correct),
                    "answered_at": vote.at,
                    "elapsed_ms": int(elapsed / timedelta(milliseconds=1)),
                }
            )
        # One cached statement run for many rows (executemany): compiling a VALUES list of a
        # thousand rows would cost more than writing them.
        statement = insert_new(self._session, ContestAnswer, ("question_id", "member_id"))
        for start in range(0, len(values), VOTE_CHUNK):
            await self._session.execute(statement, values[start : start + VOTE_CHUNK])
        return len(values)

    async def _register(self, callers: dict[int, Caller]) -> None:
        """identify() every voter who is new or whose name changed, as a command would.

        One query loads the known voters first: identify() would otherwise query them one by
        one, and most of them, seen a moment ago with the same name, need no write at all.
        """
        known = {
            member.id: member
            for member in await self._session.scalars(
                select(Member).where(Member.id.in_(list(callers)))
            )
        }
        now = self._clock()
        # In id order, as every unit writing several members' rows goes: two processes'
        # batches with the same voters (contests in two chats) would otherwise deadlock.
        for user_id, caller in sorted(callers.items()):
            member = known.get(user_id)
            if (
                member is not None
                and member.first_name == caller.first_name
                and member.username == caller.username
                and (member.is_reachable or not caller.in_private_chat)
                and now - member.last_seen_at <= LAST_SEEN_RESOLUTION
            ):
                continue  # what identify() would find unchanged
            await self._members.identify(caller)

    # ---- internals --------------------------------------------------------------------------

    async def _running(self, chat_id: int) -> Contest | None:
        return await self._session.scalar(
            select(Contest).where(
                Contest.chat_id == chat_id, Contest.status == ContestStatus.RUNNING.value
            )
        )

    async def _at(self, step: ContestStep) -> Contest | None:
        """The contest, if it is still where the step expects it."""
        contest = await self._session.get(Contest, step.contest_id)
        if (
            contest is None
            or contest.status != ContestStatus.RUNNING
            or contest.phase != step.phase
            or contest.position != step.position
        ):
            return None
        return contest

    def _step(self, contest: Contest) -> ContestStep:
        return ContestStep(
            contest.id, Phase(contest.phase), contest.position, contest.next_at or self._clock()
        )

    async def _move(self, contest: Contest, phase: Phase, position: int, at: datetime) -> bool:
        """Compare-and-set from where `contest` was read: False when someone moved it first."""
        result = await self._session.execute(
            update(Contest)
            .where(
                Contest.id == contest.id,
                Contest.status == ContestStatus.RUNNING.value,
                Contest.phase == contest.phase,
                Contest.position == contest.position,
            )
            .values(phase=phase.value, position=position, next_at=at)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return False
        # The row is ours now: the loaded object follows it, with no second write.
        _set(contest, phase=phase.value, position=position, next_at=at)
        return True

    async def _advance(self, contest: Contest, now: datetime, *, pause: bool) -> bool:
        """From the question at `position` to the next one, or to the standings."""
        following = contest.position + 1
        at = now + PAUSE if pause else now
        phase = Phase.WAITING if following < len(contest.question_keys) else Phase.SETTLING
        return await self._move(contest, phase, following, at)

    async def _end(self, contest: Contest, status: ContestStatus) -> bool:
        now = self._clock()
        result = await self._session.execute(
            update(Contest)
            .where(Contest.id == contest.id, Contest.status == ContestStatus.RUNNING.value)
            .values(status=status.value, next_at=None, finished_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            return False
        _set(contest, status=status.value, next_at=None, finished_at=now)
        return True

    async def _result(self, contest: Contest, *, open_poll: int | None) -> Result:
        asked = int(
            await self._session.scalar(
                select(func.count()).where(ContestQuestion.contest_id == contest.id)
            )
            or 0
        )
        rows = (
            await self._session.execute(
                select(
                    ContestAnswer.member_id,
                    Member.first_name,
                    Member.study_group_id,
                    StudyGroup.name,
                    func.count(),
                    func.coalesce(func.sum(case((ContestAnswer.correct, 1), else_=0)), 0),
                    func.coalesce(func.sum(ContestAnswer.elapsed_ms), 0),
                )
                .join(Member, Member.id == ContestAnswer.member_id)
                .outerjoin(StudyGroup, StudyGroup.id == Member.study_group_id)
                .where(ContestAnswer.contest_id == contest.id)
                .group_by(
                    ContestAnswer.member_id,
                    Member.first_name,
                    Member.study_group_id,
                    StudyGroup.name,
                )
            )
        ).all()
        tallies = [
            Tally(
                member_id=int(member_id),
                name=name,
                group_id=group_id,
                group=group,
                answered=int(answered),
                correct=int(correct),
                answer_time=timedelta(milliseconds=int(elapsed)),
            )
            for member_id, name, group_id, group, answered, correct, elapsed in (
                cast(tuple[Any, ...], row) for row in rows
            )
        ]
        placings = standings(tallies, asked, contest.seconds)
        await self._award(contest, placings)
        credit = None
        if contest.study_group_id is not None:
            group = await self._session.get(StudyGroup, contest.study_group_id)
            if group is not None:
                credit = group_credit(placings, group.id, group.name)
        return Result(
            contest_id=contest.id,
            chat_id=contest.chat_id,
            status=ContestStatus(contest.status),
            asked=asked,
            total=len(contest.question_keys),
            seconds=contest.seconds,
            placings=tuple(placings),
            credit=credit,
            open_poll_message_id=open_poll,
        )

    async def _award(self, contest: Contest, placings: Sequence[Placing]) -> None:
        """One ledger row per participant and contest; it carries the member's study group."""
        zone = self._config.zone
        at = within_day(self._clock(), local_day(contest.started_at, zone), zone)
        await self._ledger.award_all(
            [
                Award(p.member_id, SOURCE_CONTEST, f"{contest.id}:{p.member_id}", p.points, at)
                for p in placings
                if p.points > 0
            ]
        )


def _set(contest: Contest, **values: Any) -> None:
    """Attributes as the database now has them, without marking the object changed."""
    for name, value in values.items():
        set_committed_value(contest, name, value)
