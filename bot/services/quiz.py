"""Quiz play in private chat: daily quiz, challenge, practice and retrying mistakes.

Everything a quiz needs to go on after a restart is in its QuizSession row; answers are keyed
by (session, position), so a replayed or stale button can never score twice.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.content.banks import BankCatalog
from bot.domain.answers import check_choice, check_fill, parse_choice
from bot.domain.contests import POLL_OPEN_PERIOD
from bot.domain.periods import day_bounds, local_day, within_day
from bot.domain.questions import Bank, Question, QuestionType
from bot.domain.quiz import (
    SOURCE_CHALLENGE,
    SOURCE_DAILY,
    QuizMode,
    SessionStatus,
    draw_questions,
)
from bot.domain.scoring import ScoringRules, Tier
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.identity import Actor
from bot.services.ledger import Ledger
from bot.services.members import member_by_id
from bot.storage.dialect import insert_new
from bot.storage.models import QuizAnswer, QuizSession

_sessions = QuizSession.__table__.c
# The session still waits on the question that was sent: not answered, stopped or moved on.
_ON_QUESTION = update(QuizSession).where(
    _sessions.id == bindparam("b_session"),
    _sessions.status == SessionStatus.ACTIVE.value,
    _sessions.position == bindparam("b_position"),
)
_BIND_MESSAGE = _ON_QUESTION.values(
    message_id=bindparam("b_message"),
    poll_id=bindparam("b_poll"),
    question_hash=bindparam("b_hash"),
    question_sent_at=bindparam("b_sent_at"),
    deadline_at=bindparam("b_deadline"),
).returning(_sessions.chat_id)
# The same question sent again (a resumed quiz): its time limit keeps running.
_REBIND_MESSAGE = _ON_QUESTION.values(
    message_id=bindparam("b_message"),
    poll_id=bindparam("b_poll"),
    question_hash=bindparam("b_hash"),
).returning(_sessions.chat_id, _sessions.question_sent_at, _sessions.deadline_at)


def _closes_itself(poll_id: str | None, sent_at: datetime | None, deadline_at: datetime) -> bool:
    """The question is a quiz poll that Telegram closes at its deadline (a limit Telegram
    counts down): a vote in it was cast in time, however late it reaches the bot."""
    return (
        poll_id is not None
        and sent_at is not None
        and (deadline_at - sent_at).total_seconds() in POLL_OPEN_PERIOD
    )


def _deadline_for(view: QuestionView, sent_at: datetime) -> datetime | None:
    """When a question sent at `sent_at` times out; None when it has no time limit."""
    return sent_at + timedelta(seconds=view.time_limit) if view.time_limit else None


def _put_before_member(session: QuizSession, view: QuestionView | None) -> None:
    """The question the quiz goes on with is the version it is judged by (sending it, or
    sending it again, records the version sent: bind_message)."""
    session.question_hash = None if view is None else view.question.content_hash


class StaleAnswer(UserFacingError):
    """A button from a question that is no longer the current one, or a repeated tap."""

    def __init__(self) -> None:
        super().__init__("quiz-stale")


@dataclass(frozen=True, slots=True)
class QuestionView:
    session_id: int
    position: int
    number: int
    total: int | None  # None: the quiz runs until a mistake or /stop
    mode: QuizMode
    question: Question
    selection: frozenset[int]
    scored: bool
    time_limit: int  # seconds the member has for the question; 0: no limit
    # A question sent again: what is left of its time limit (None: the full limit applies).
    seconds_left: int | None = None


@dataclass(frozen=True, slots=True)
class QuizSummary:
    session_id: int
    mode: QuizMode
    answered: int
    correct: int
    points: int
    duration: timedelta
    has_wrong: bool
    streak: int
    best_streak: int | None
    scored: bool


@dataclass(frozen=True, slots=True)
class AnswerResult:
    member_id: int
    chat_id: int
    message_id: int | None
    answered: QuestionView
    chosen: frozenset[int]
    text: str | None
    correct: bool
    timed_out: bool
    points: int
    next: QuestionView | None
    summary: QuizSummary | None
    poll: bool = False  # the question went out as a quiz poll

    @property
    def question(self) -> Question:
        return self.answered.question


@dataclass(frozen=True, slots=True)
class StartResult:
    view: QuestionView | None
    summary: QuizSummary | None  # a pool used up before the first question
    resumed: bool
    # A resumed quiz: the message the question went out in before (its buttons must go).
    earlier_message_id: int | None = None
    # The question the quiz that gave way to this one left open (its buttons go, its poll
    # closes), or a vote in it would be answered by Telegram and counted nowhere.
    given_way: OpenQuestion | None = None


@dataclass(frozen=True, slots=True)
class Toggled:
    message_id: int | None
    view: QuestionView


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """The question a stopped quiz left unanswered, as it went out."""

    chat_id: int
    message_id: int
    poll: bool

    @staticmethod
    def of(session: QuizSession) -> OpenQuestion | None:
        if session.message_id is None:
            return None
        return OpenQuestion(session.chat_id, session.message_id, poll=session.poll_id is not None)


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """The question went out, then its bank removed it or changed what decides its answer.
    An answer to it (or its time running out) meant the version the member saw, which the
    bot can no longer judge: nothing is recorded, its buttons go or its poll closes, and the
    quiz goes on with what is now in its place (the next question, or the new version)."""

    member_id: int
    chat_id: int
    open_question: OpenQuestion | None
    next: QuestionView | None
    summary: QuizSummary | None


@dataclass(frozen=True, slots=True)
class Deadline:
    session_id: int
    position: int
    chat_id: int
    at: datetime
    # The question is a quiz poll Telegram closes at this deadline: a vote in it was in time.
    closes_itself: bool = False


@dataclass(frozen=True, slots=True)
class BankInfo:
    id: str
    title: str
    enabled: bool
    counts: dict[QuestionType, int]
    total: int
    tags: tuple[str, ...]  # the bank's and its questions', most used first (/practice TAG)


# Tags listed per bank in /banks: enough to find one for /practice, not a wall of words.
LISTED_TAGS = 8


def _tags_of(bank: Bank) -> tuple[str, ...]:
    """The bank's own tags, then its questions' by how many questions carry each."""
    counted = Counter(tag for question in bank.questions for tag in question.tags)
    ranked = [tag for tag, _ in counted.most_common() if tag not in bank.tags]
    return (*bank.tags, *ranked)[:LISTED_TAGS]


def questions_named(
    catalog: BankCatalog, bank_or_tag: str | None, no_match: str
) -> list[Question]:
    """The questions a bank id, title or tag names, or every enabled bank's when none is
    named. A name that finds none is refused with `no_match`; or, when it names a bank left
    out for errors in its file (a push's quiz button names it), or only banks switched off
    (enabled: false, which /banks lists), with that (quizzes and contests)."""
    if not bank_or_tag:
        return [q for bank in catalog.enabled() for q in bank.questions]
    found = catalog.find(bank_or_tag)
    if not found:
        if bank_or_tag.strip() in catalog.broken:
            code = "bank-has-errors"
        elif catalog.only_switched_off(bank_or_tag):
            code = "bank-switched-off"
        else:
            code = no_match
        raise UserFacingError(code, filter=bank_or_tag)
    return found


def rules_from(config: Config) -> ScoringRules:
    scoring = config.scoring
    return ScoringRules(
        daily_points_per_correct=scoring.daily_points_per_correct,
        daily_max_points=scoring.daily_max_points,
        challenge_tiers=tuple(Tier(t.streak, t.points) for t in scoring.challenge_tiers),
        challenge_max_points=scoring.challenge_max_points,
    )


class QuizService:
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
        self._rules = rules_from(config)
        self._ledger = Ledger(session)

    # ---- reading ----------------------------------------------------------------------

    def banks(self) -> list[BankInfo]:
        return [
            BankInfo(bank.id, bank.title, bank.enabled, bank.counts(), len(bank), _tags_of(bank))
            for bank in self._catalog().banks
        ]

    async def best_streak(self, member_id: int) -> int:
        best = await self._session.scalar(
            select(func.max(QuizSession.streak)).where(
                QuizSession.member_id == member_id,
                QuizSession.mode == QuizMode.CHALLENGE.value,
            )
        )
        return int(best or 0)

    async def pending_deadlines(self, due_before: datetime | None = None) -> list[Deadline]:
        """Every stored deadline, or only those that passed before `due_before`."""
        query = select(QuizSession).where(
            QuizSession.status == SessionStatus.ACTIVE.value,
            QuizSession.deadline_at.is_not(None),
        )
        if due_before is not None:
            query = query.where(QuizSession.deadline_at < due_before)
        rows = await self._session.scalars(query)
        return [self._deadline(row) for row in rows if row.deadline_at is not None]

    # ---- starting and stopping ----------------------------------------------------------

    async def start(
        self,
        actor: Actor,
        chat_id: int,
        mode: QuizMode,
        filter_text: str | None = None,
        *,
        limit: int | None = None,
    ) -> StartResult:
        """Begin a quiz, or go on with the same one; `limit` caps a practice (a push's quiz)."""
        active = await self._active_locked(actor.member_id)
        if (
            active is not None
            and active.mode == mode.value
            and active.chat_id == chat_id
            and active.filter_text == filter_text
            and (not self._past_daily(active) or self._on_the_clock(active))
        ):
            return await self._resume(active)
        questions = self._pool(mode, filter_text)
        given_way = await self._make_way(active)
        drawn = draw_questions(
            questions, mode, daily_count=self._config.quiz.daily_questions, rng=self._rng
        )[:limit]
        started = await self._open(actor, chat_id, mode, [q.key for q in drawn], filter_text)
        return replace(started, given_way=given_way)

    async def retry(self, actor: Actor, chat_id: int, session_id: int) -> StartResult:
        original = await self._session.get(QuizSession, session_id)
        if original is None or original.member_id != actor.member_id:
            raise StaleAnswer()
        wrong = list(
            await self._session.scalars(
                select(QuizAnswer.question_key)
                .where(QuizAnswer.session_id == session_id, QuizAnswer.correct.is_(False))
                .order_by(QuizAnswer.position)
            )
        )
        if not wrong:
            raise UserFacingError("quiz-no-wrong")
        active = await self._active_locked(actor.member_id)
        if (
            active is not None
            and active.mode == QuizMode.RETRY.value
            and active.chat_id == chat_id
            and list(active.question_keys) == wrong
        ):
            # The button tapped again (a double tap, a stale client) while its retry is open:
            # go on with it rather than throw it away. A session keeps no link to the quiz it
            # retries; the same mistakes in the same order are the same retry.
            return await self._resume(active)
        given_way = await self._make_way(active)
        started = await self._open(actor, chat_id, QuizMode.RETRY, wrong, None)
        return replace(started, given_way=given_way)

    async def _resume(self, session: QuizSession) -> StartResult:
        """The current question again, with what is left of its time limit (bind_message
        keeps the deadline), and the copy already sent, so that only one can be answered."""
        view = await self._view(session)
        if session.deadline_at is not None:
            left = math.ceil((session.deadline_at - self._clock()).total_seconds())
            # At least a second: an overdue deadline is about to fire and move the quiz on.
            view = replace(view, seconds_left=max(left, 1))
        return StartResult(view, None, resumed=True, earlier_message_id=session.message_id)

    async def _make_way(self, active: QuizSession | None) -> OpenQuestion | None:
        """Another quiz replaces the active one, whose open question is returned. Not a
        scored daily quiz, though: it scores once a day, so giving it up would silently cost
        the rest of its day's points; the member finishes it or ends it with /stop. That
        holds for one begun before midnight while its question is still on the clock."""
        if active is None:
            return None
        if active.mode == QuizMode.DAILY.value and active.scored:
            counts = {"answered": active.position, "total": len(active.question_keys)}
            if not self._past_daily(active):
                raise UserFacingError("quiz-daily-unfinished", **counts)
            if self._on_the_clock(active):  # begun before midnight, still being played
                raise UserFacingError("quiz-daily-unfinished-earlier-day", **counts)
        await self._finish(active, SessionStatus.ABANDONED)
        return OpenQuestion.of(active)

    def _past_daily(self, session: QuizSession) -> bool:
        """A daily quiz of an earlier day (left open, no time limit): today has its own."""
        today = local_day(self._clock(), self._config.zone)
        return session.mode == QuizMode.DAILY.value and session.quiz_day != today

    def _on_the_clock(self, session: QuizSession) -> bool:
        """Its question's time limit is still running: a quiz begun just before midnight is
        still being played, and goes on (for its own day) when its command is sent again."""
        return session.deadline_at is not None and self._clock() < session.deadline_at

    async def stop(self, actor: Actor) -> tuple[QuizSummary, OpenQuestion | None]:
        """/stop: the summary, and the question left open (its buttons go, its poll closes)."""
        active = await self._active(actor.member_id)
        if active is None:
            raise UserFacingError("quiz-none-active")
        return await self._finish(active, SessionStatus.ABANDONED), OpenQuestion.of(active)

    async def leave(self, member_id: int) -> None:
        """The member blocked the bot: their quiz, if any, ends as with /stop (its question
        times out no more, question after question, in a chat that takes no message)."""
        active = await self._active(member_id)
        if active is not None:
            await self._finish(active, SessionStatus.ABANDONED)

    async def bind_message(
        self,
        view: QuestionView,
        message_id: int,
        *,
        resent: bool = False,
        poll_id: str | None = None,
    ) -> Deadline | None:
        """The question went out as `message_id` (a quiz poll: `poll_id`); its time limit
        runs from now, or, when it was `resent` (a resumed quiz), goes on from when it first
        went out.

        One UPDATE, no read first: this runs after every question sent.
        """
        if resent:
            return await self._rebind_message(view, message_id, poll_id)
        now = self._clock()
        deadline_at = _deadline_for(view, now)
        # On the connection, not through the ORM: its bulk UPDATE machinery costs more than
        # the statement, and no loaded QuizSession needs these columns afterwards.
        connection = await self._session.connection()
        chat_id = await connection.scalar(
            _BIND_MESSAGE,
            {
                "b_session": view.session_id,
                "b_position": view.position,
                "b_message": message_id,
                "b_poll": poll_id,
                "b_hash": view.question.content_hash,
                "b_sent_at": now,
                "b_deadline": deadline_at,
            },
        )
        if chat_id is None or deadline_at is None:
            return None
        return Deadline(
            view.session_id,
            view.position,
            chat_id,
            deadline_at,
            _closes_itself(poll_id, now, deadline_at),
        )

    async def _rebind_message(
        self, view: QuestionView, message_id: int, poll_id: str | None
    ) -> Deadline | None:
        connection = await self._session.connection()
        row = (
            await connection.execute(
                _REBIND_MESSAGE,
                {
                    "b_session": view.session_id,
                    "b_position": view.position,
                    "b_message": message_id,
                    "b_poll": poll_id,
                    "b_hash": view.question.content_hash,
                },
            )
        ).first()
        if row is None or row.deadline_at is None:
            return None
        return Deadline(
            view.session_id,
            view.position,
            row.chat_id,
            row.deadline_at,
            _closes_itself(poll_id, row.question_sent_at, row.deadline_at),
        )

    # ---- answering ----------------------------------------------------------------------

    async def choose(
        self, actor: Actor, session_id: int, position: int, option: int
    ) -> AnswerResult | Toggled | Withdrawn:
        session, question = await self._playing(actor, session_id, position)
        if question is None:
            return await self._withdraw(session)
        if not 0 <= option < len(question.options):
            raise StaleAnswer()
        if question.type is QuestionType.MULTIPLE:
            selection = set(session.selection)
            selection.symmetric_difference_update({option})
            session.selection = sorted(selection)
            await self._session.flush()
            return Toggled(session.message_id, await self._view(session))
        return await self._answer(session, question, frozenset({option}), None, timed_out=False)

    async def submit(
        self, actor: Actor, session_id: int, position: int
    ) -> AnswerResult | Withdrawn:
        session, question = await self._playing(actor, session_id, position)
        if question is None:
            return await self._withdraw(session)
        if question.type is not QuestionType.MULTIPLE:
            raise StaleAnswer()
        if not session.selection:
            raise UserFacingError("quiz-select-first")
        chosen = frozenset(int(i) for i in session.selection)
        return await self._answer(session, question, chosen, None, timed_out=False)

    async def answer_text(
        self, actor: Actor, chat_id: int, text: str
    ) -> AnswerResult | Withdrawn | None:
        """A typed reply: the answer to a fill-in, letters for a choice question (对/错 too
        for a true/false one).

        None when the member has no quiz going in this chat, so the text is not an answer.
        """
        session = await self._active(actor.member_id)
        if session is None or session.chat_id != chat_id:
            return None
        question = self._as_sent(session)
        if question is None:
            return await self._withdraw(session)
        if question.type is QuestionType.FILL:
            return await self._answer(session, question, frozenset(), text, timed_out=False)
        chosen = parse_choice(question, text)
        # A poll has neither buttons nor letters: the hint points to where it is answered.
        hint = "quiz-use-poll" if session.poll_id is not None else "quiz-use-buttons"
        if question.type is QuestionType.JUDGE and (chosen is None or len(chosen) != 1):
            raise UserFacingError(f"{hint}-judge")
        if chosen is None:
            raise UserFacingError(hint)
        if question.type is not QuestionType.MULTIPLE and len(chosen) != 1:
            raise UserFacingError("quiz-one-letter")
        return await self._answer(session, question, chosen, None, timed_out=False)

    async def poll_question(self, poll_id: str) -> QuizSession | None:
        """The quiz whose current question is this poll; None for any other poll (a group
        contest's, or a question already answered)."""
        return await self._session.scalar(
            select(QuizSession).where(
                QuizSession.poll_id == poll_id,
                QuizSession.status == SessionStatus.ACTIVE.value,
            )
        )

    async def answer_poll(
        self, actor: Actor, session: QuizSession, option_ids: Sequence[int]
    ) -> AnswerResult | Withdrawn:
        """The member chose in the question's quiz poll (one option: a quiz poll has no
        other kind of answer)."""
        if len(option_ids) != 1:
            raise StaleAnswer()
        outcome = await self.choose(actor, session.id, session.position, option_ids[0])
        if isinstance(outcome, Toggled):  # a multiple-choice question is never a poll
            raise StaleAnswer()
        return outcome

    async def expire(self, session_id: int, position: int) -> AnswerResult | Withdrawn | None:
        """The time limit ran out; None when the question was answered meanwhile."""
        session = await self._session.get(QuizSession, session_id)
        if (
            session is None
            or session.status != SessionStatus.ACTIVE
            or session.position != position
            or session.deadline_at is None
            or self._clock() < session.deadline_at
        ):
            return None
        question = self._as_sent(session)
        if question is None:
            return await self._withdraw(session)
        return await self._answer(session, question, frozenset(), None, timed_out=True)

    # ---- internals ----------------------------------------------------------------------

    def _pool(self, mode: QuizMode, filter_text: str | None) -> list[Question]:
        questions = questions_named(self._catalog(), filter_text, "quiz-no-match")
        if not questions:
            raise UserFacingError("quiz-no-questions")
        return questions

    async def _open(
        self,
        actor: Actor,
        chat_id: int,
        mode: QuizMode,
        keys: list[str],
        filter_text: str | None,
    ) -> StartResult:
        now = self._clock()
        day = local_day(now, self._config.zone)
        if mode is QuizMode.DAILY:
            scored = not await self._daily_taken(actor.member_id, day)
        else:
            scored = mode is QuizMode.CHALLENGE
        session = QuizSession(
            member_id=actor.member_id,
            chat_id=chat_id,
            mode=mode.value,
            status=SessionStatus.ACTIVE.value,
            quiz_day=day,
            scored=scored,
            question_keys=keys,
            position=0,
            correct_count=0,
            streak=0,
            points=0,
            selection=[],
            filter_text=filter_text,
            started_at=now,
        )
        self._session.add(session)
        await self._session.flush()
        if self._question_at(session) is None:
            return StartResult(None, await self._finish(session, SessionStatus.FINISHED), False)
        view = await self._view(session)
        session.deadline_at = _deadline_for(view, now)  # as for the next question, above
        _put_before_member(session, view)
        return StartResult(view, None, resumed=False)

    async def _daily_taken(self, member_id: int, day: object) -> bool:
        taken = await self._session.scalar(
            select(
                exists().where(
                    QuizSession.member_id == member_id,
                    QuizSession.mode == QuizMode.DAILY.value,
                    QuizSession.quiz_day == day,
                    QuizSession.scored.is_(True),
                )
            )
        )
        return bool(taken)

    async def _active_locked(self, member_id: int) -> QuizSession | None:
        """The active quiz, read once the member's row is locked (PostgreSQL) till the unit
        ends: one member's two commands handled at once (two processes) would otherwise
        both find none and open two quizzes, two scored daily quizzes on one day among them.
        The later waits, then finds the quiz the first opened."""
        await member_by_id(self._session, member_id, lock=True)
        return await self._active(member_id)

    async def _active(self, member_id: int) -> QuizSession | None:
        return await self._session.scalar(
            select(QuizSession)
            .where(
                QuizSession.member_id == member_id,
                QuizSession.status == SessionStatus.ACTIVE.value,
            )
            .order_by(QuizSession.id.desc())
            .limit(1)
        )

    async def _playing(
        self, actor: Actor, session_id: int, position: int
    ) -> tuple[QuizSession, Question | None]:
        """The quiz a button or a vote answers, and its question as it went out (None: the
        bank has removed or changed it since)."""
        session = await self._session.get(QuizSession, session_id)
        if (
            session is None
            or session.member_id != actor.member_id
            or session.status != SessionStatus.ACTIVE
            or session.position != position
        ):
            raise StaleAnswer()
        return session, self._as_sent(session)

    def _as_sent(self, session: QuizSession) -> Question | None:
        """The current question, if it is still in its bank as it went out."""
        keys = session.question_keys
        if session.position >= len(keys):
            return None
        question = self._catalog().question(str(keys[session.position]))
        if question is None:
            return None
        sent = session.question_hash
        return question if sent is None or sent == question.content_hash else None

    async def _withdraw(self, session: QuizSession) -> Withdrawn:
        """Go on past a question the bank removed or changed after it went out (Withdrawn)."""
        open_question = OpenQuestion.of(session)
        session.message_id = None
        session.poll_id = None
        session.selection = []
        next_view, summary = None, None
        if self._question_at(session) is None:
            summary = await self._finish(session, SessionStatus.FINISHED)
        else:
            next_view = await self._view(session)
            session.deadline_at = _deadline_for(next_view, self._clock())
        _put_before_member(session, next_view)
        await self._session.flush()
        return Withdrawn(session.member_id, session.chat_id, open_question, next_view, summary)

    def _question_at(self, session: QuizSession) -> Question | None:
        """The current question, skipping any removed from the banks since the quiz began."""
        catalog = self._catalog()
        keys = session.question_keys
        while session.position < len(keys):
            question = catalog.question(str(keys[session.position]))
            if question is not None:
                return question
            session.position += 1
        return None

    async def _view(self, session: QuizSession) -> QuestionView:
        question = self._question_at(session)
        if question is None:
            raise StaleAnswer()
        mode = QuizMode(session.mode)
        keys = session.question_keys
        return QuestionView(
            session_id=session.id,
            position=session.position,
            number=session.position + 1,
            total=None if mode.ends_on_first_mistake else len(keys),
            mode=mode,
            question=question,
            selection=frozenset(int(i) for i in session.selection),
            scored=session.scored,
            time_limit=mode.time_limit(question, self._config.quiz.challenge_time_limit),
        )

    async def _answer(
        self,
        session: QuizSession,
        question: Question,
        chosen: frozenset[int],
        text: str | None,
        *,
        timed_out: bool,
    ) -> AnswerResult:
        now = self._clock()
        answered = await self._view(session)
        if timed_out:
            correct = False
        elif question.type is QuestionType.FILL:
            correct = check_fill(question, text or "")
        else:
            correct = check_choice(question, chosen)
        given = text if text is not None else ",".join(question.letters[i] for i in sorted(chosen))
        # On the connection: a plain INSERT of a row nothing has loaded needs no ORM.
        connection = await self._session.connection()
        recorded = await connection.scalar(
            insert_new(self._session, QuizAnswer, ("session_id", "position"), QuizAnswer.id),
            {
                "session_id": session.id,
                "member_id": session.member_id,
                "position": session.position,
                "question_key": question.key,
                "content_hash": question.content_hash,
                "given": given,
                "correct": correct,
                "timed_out": timed_out,
                "answered_at": now,
            },
        )
        if recorded is None:
            # Another process recorded this position first: this is a replay.
            raise StaleAnswer()
        points = await self._score_daily(session, correct, now)
        message_id, was_poll = session.message_id, session.poll_id is not None
        session.correct_count += int(correct)
        session.streak += int(correct)
        session.points += points
        session.position += 1
        session.selection = []
        session.message_id = None
        session.poll_id = None
        mode = QuizMode(session.mode)
        ended = (mode.ends_on_first_mistake and not correct) or self._question_at(session) is None
        summary = await self._finish(session, SessionStatus.FINISHED) if ended else None
        next_view = None if ended else await self._view(session)
        # The next question's time limit is stored with the answer: should it never go out
        # (a crash, a Telegram error), the limit still moves the quiz on. Sending it restarts
        # the clock (bind_message). No next question: no deadline (set by _finish as well).
        session.deadline_at = None if next_view is None else _deadline_for(next_view, now)
        _put_before_member(session, next_view)
        await self._session.flush()
        return AnswerResult(
            member_id=session.member_id,
            chat_id=session.chat_id,
            message_id=message_id,
            answered=answered,
            chosen=chosen,
            text=text,
            correct=correct,
            timed_out=timed_out,
            points=points,
            next=next_view,
            summary=summary,
            poll=was_poll,
        )

    async def _score_daily(self, session: QuizSession, correct: bool, now: datetime) -> int:
        if not (session.scored and session.mode == QuizMode.DAILY.value and correct):
            return 0
        # Only one daily quiz a day is scored, so what it has earned is what today has earned.
        points = self._rules.daily_award(correct, session.points)
        reference = f"{session.member_id}:{session.quiz_day.isoformat()}:{session.position}"
        written = await self._ledger.award(
            session.member_id, SOURCE_DAILY, reference, points, self._award_time(session, now)
        )
        return points if written else 0

    def _award_time(self, session: QuizSession, now: datetime) -> datetime:
        return within_day(now, session.quiz_day, self._config.zone)

    async def _finish(self, session: QuizSession, status: SessionStatus) -> QuizSummary:
        now = self._clock()
        session.status = status.value
        session.finished_at = now
        session.deadline_at = None
        mode = QuizMode(session.mode)
        best: int | None = None
        if mode is QuizMode.CHALLENGE:
            start, end = day_bounds(session.quiz_day, self._config.zone)
            earned = await self._ledger.earned(session.member_id, SOURCE_CHALLENGE, start, end)
            award = self._rules.challenge_award(session.streak, earned)
            if await self._ledger.award(
                session.member_id,
                SOURCE_CHALLENGE,
                str(session.id),
                award,
                self._award_time(session, now),
            ):
                session.points += award
            await self._session.flush()
            best = await self.best_streak(session.member_id)
        await self._session.flush()
        answered = await self._session.scalar(
            select(func.count()).where(QuizAnswer.session_id == session.id)
        )
        return QuizSummary(
            session_id=session.id,
            mode=mode,
            answered=int(answered or 0),
            correct=session.correct_count,
            points=session.points,
            duration=now - session.started_at,
            has_wrong=int(answered or 0) > session.correct_count,
            streak=session.streak,
            best_streak=best,
            scored=session.scored,
        )

    def _deadline(self, session: QuizSession) -> Deadline:
        assert session.deadline_at is not None
        return Deadline(
            session.id,
            session.position,
            session.chat_id,
            session.deadline_at,
            _closes_itself(session.poll_id, session.question_sent_at, session.deadline_at),
        )
