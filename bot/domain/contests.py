"""Group contests (答题挑战赛): the plan, the timeline, scoring and the standings.

Pure logic: no clock, no database, no Telegram. A contest asks its questions one after the
other as quiz polls, each open for the same number of seconds:

    start -COUNTDOWN- question 1 -seconds- explanation -PAUSE- question 2 ... -PAUSE- standings

Scoring: POINTS_PER_CORRECT for each correct answer, only a member's first answer to a question
counting. Ties are broken by the total answer time, in which a question the member did not
answer counts its full time, so leaving hard questions out never wins a tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.domain.questions import Question

DEFAULT_QUESTIONS = 10
MIN_QUESTIONS, MAX_QUESTIONS = 1, 50
DEFAULT_SECONDS = 30
# Telegram keeps a poll open 5 to 600 seconds; under 10 nobody can read a question.
MIN_SECONDS, MAX_SECONDS = 10, 600
COUNTDOWN = timedelta(seconds=10)
# Time to read an explanation before the next question; it also lets answers batched by
# other processes reach the database before the standings are counted (see the service).
PAUSE = timedelta(seconds=5)
POINTS_PER_CORRECT = 1
STANDINGS_TOP = 10
# Telegram's limits for a poll (the banks are validated against the same numbers).
POLL_QUESTION_CHARS = 300
POLL_EXPLANATION_CHARS = 200
POLL_EXPLANATION_LINE_FEEDS = 2
POLL_MIN_OPTIONS, POLL_MAX_OPTIONS = 2, 12
POLL_OPEN_PERIOD = range(5, 601)  # seconds Telegram lets a poll stay open on its own


class ContestStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"  # /stopcontest, or the bot lost the chat


class Phase(StrEnum):
    """Where a running contest is; what its next step does when it comes due."""

    WAITING = "waiting"  # countdown or pause: the next step asks the question at `position`
    ASKING = "asking"  # the poll at `position` is open: the next step closes it
    SETTLING = "settling"  # every question closed: the next step counts the standings


class PlanError(ValueError):
    """A /contest argument out of range; `code` names the catalog message."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_map: dict[str, Any] = args


@dataclass(frozen=True, slots=True)
class ContestPlan:
    """What an organiser asked for: a bank id, title or tag (None: every enabled bank),
    how many questions and how many seconds each."""

    bank: str | None = None
    questions: int = DEFAULT_QUESTIONS
    seconds: int = DEFAULT_SECONDS

    def as_payload(self) -> dict[str, Any]:
        """The plan as JSON, as a push carries it."""
        return {"bank": self.bank, "questions": self.questions, "seconds": self.seconds}

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> ContestPlan:
        """Read back `as_payload`; a payload stored by an older version gets the defaults."""
        bank = data.get("bank")
        return checked_plan(
            str(bank) if bank else None,
            int(data.get("questions") or DEFAULT_QUESTIONS),
            int(data.get("seconds") or DEFAULT_SECONDS),
        )


def checked_plan(bank: str | None, questions: int, seconds: int) -> ContestPlan:
    if not MIN_QUESTIONS <= questions <= MAX_QUESTIONS:
        raise PlanError(
            "contest-bad-questions", value=questions, min=MIN_QUESTIONS, max=MAX_QUESTIONS
        )
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise PlanError("contest-bad-seconds", value=seconds, min=MIN_SECONDS, max=MAX_SECONDS)
    return ContestPlan(bank, questions, seconds)


# The words a count may come with ("5题 20秒", "20 秒 5 道题"); the longest first.
QUESTION_UNITS = ("道题", "道", "题")
SECOND_UNITS = ("秒钟", "秒", "s")
QUESTIONS, SECONDS = "questions", "seconds"


def parse_contest_args(args: Sequence[str]) -> ContestPlan:
    """`/contest [bank or tag] [questions] [seconds]`: up to two trailing whole numbers are
    the counts; the words before them name the bank or tag (a title may have spaces). A
    count with its word (5题, 20秒) fills its own slot, in either order; bare ones fill the
    slots left, questions first."""
    words = _units_joined([word for word in args if word.strip()])
    counts: list[tuple[str | None, int]] = []
    while words and len(counts) < 2 and (count := _count(words[-1])) is not None:
        counts.insert(0, count)
        words.pop()
    slots = {slot: value for slot, value in counts if slot is not None}
    bare = [value for slot, value in counts if slot is None]
    for slot in (QUESTIONS, SECONDS):
        if slot not in slots and bare:
            slots[slot] = bare.pop(0)
    bank = " ".join(words).strip() or None
    questions = slots.get(QUESTIONS, DEFAULT_QUESTIONS)
    return checked_plan(bank, questions, slots.get(SECONDS, DEFAULT_SECONDS))


def _units_joined(words: list[str]) -> list[str]:
    """A count typed with a space before its word ("5 题") is one word, as "5题" is."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].isdecimal() and word.casefold() in QUESTION_UNITS + SECOND_UNITS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _count(word: str) -> tuple[str | None, int] | None:
    """A whole number, and the slot its word names (None: no word). Full-width digits typed
    on a Chinese keyboard count too (int() accepts them)."""
    folded = word.casefold()
    for slot, units in ((QUESTIONS, QUESTION_UNITS), (SECONDS, SECOND_UNITS)):
        for unit in units:
            number = folded.removesuffix(unit)
            if number != folded and number.isdecimal():
                return slot, int(number)
    return (None, int(word)) if word.isdecimal() else None


def fits_a_poll(question: Question) -> bool:
    """Only choice questions can be quiz polls: a fill-in needs typed text, which a group
    contest cannot collect from hundreds of people without flooding the chat."""
    return (
        question.type.is_choice
        and bool(question.correct)
        and POLL_MIN_OPTIONS <= len(question.options) <= POLL_MAX_OPTIONS
    )


def poll_question(number: int, total: int, text: str) -> str:
    """The poll's question: "[2/10] text", without the counter when it would not fit."""
    counted = f"[{number}/{total}] {text}"
    return counted if len(counted) <= POLL_QUESTION_CHARS else text[:POLL_QUESTION_CHARS]


def poll_explanation(question: Question) -> str | None:
    """Shown by Telegram to each member after they answer; a longer one (or one of more
    than three lines, which Telegram refuses in a poll) comes only in the message after the
    poll closes."""
    text = question.explanation.strip()
    fits = len(text) <= POLL_EXPLANATION_CHARS and text.count("\n") <= POLL_EXPLANATION_LINE_FEEDS
    return text if text and fits else None


def answer_elapsed(sent_at: datetime, answered_at: datetime, seconds: int) -> timedelta:
    """Answer time, within the poll's open period: an answer delivered late (after a
    restart, Telegram hands over what came meanwhile) cannot take longer than the poll."""
    elapsed = answered_at - sent_at
    return max(timedelta(0), min(elapsed, timedelta(seconds=seconds)))


def is_correct(chosen: Iterable[int], correct: Iterable[int]) -> bool:
    """A multiple-answer question needs exactly the correct set, as in private quizzes."""
    return frozenset(chosen) == frozenset(correct)


def planned_end(started_at: datetime, questions: int, seconds: int) -> datetime:
    return started_at + COUNTDOWN + questions * (timedelta(seconds=seconds) + PAUSE)


def is_over(started_at: datetime, questions: int, seconds: int, now: datetime) -> bool:
    """Whether a contest found running after a restart is past its time and should end
    rather than go on. One question's length of slack absorbs the small delays of sending."""
    slack = timedelta(seconds=seconds) + PAUSE
    return now > planned_end(started_at, questions, seconds) + slack


# ---- standings --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """One participant's answers in one contest."""

    member_id: int
    name: str
    group_id: int | None
    group: str | None
    answered: int
    correct: int
    answer_time: timedelta  # summed over the questions they answered


@dataclass(frozen=True, slots=True)
class Placing:
    rank: int
    member_id: int
    name: str
    group_id: int | None
    group: str | None
    answered: int
    correct: int
    points: int
    total_time: timedelta


def contest_points(correct: int) -> int:
    return correct * POINTS_PER_CORRECT


def standings(tallies: Iterable[Tally], asked: int, seconds: int) -> list[Placing]:
    """Everyone who answered, best first: points, then the shorter total time; equal points
    and equal time share a rank (1, 1, 3). The member id only makes the order stable."""
    full = timedelta(seconds=seconds)

    def total_time(tally: Tally) -> timedelta:
        unanswered = max(asked - tally.answered, 0)
        return tally.answer_time + unanswered * full

    ordered = sorted(
        tallies, key=lambda t: (-contest_points(t.correct), total_time(t), t.member_id)
    )
    placings: list[Placing] = []
    for tally in ordered:
        points, time = contest_points(tally.correct), total_time(tally)
        rank = len(placings) + 1
        previous = placings[-1] if placings else None
        if previous is not None and (previous.points, previous.total_time) == (points, time):
            rank = previous.rank
        placings.append(
            Placing(
                rank=rank,
                member_id=tally.member_id,
                name=tally.name,
                group_id=tally.group_id,
                group=tally.group,
                answered=tally.answered,
                correct=tally.correct,
                points=points,
                total_time=time,
            )
        )
    return placings


@dataclass(frozen=True, slots=True)
class GroupCredit:
    """What the study group linked to the chat earned in a contest: its members' points."""

    group_id: int
    name: str
    members: int
    points: int


def group_credit(placings: Iterable[Placing], group_id: int, name: str) -> GroupCredit:
    mine = [p for p in placings if p.group_id == group_id]
    return GroupCredit(group_id, name, len(mine), sum(p.points for p in mine))
