"""Quiz modes and question selection: which questions, how many, when a quiz ends."""

from __future__ import annotations

import random
from collections.abc import Sequence
from enum import StrEnum

from bot.domain.questions import Question

# A challenge or practice draws at most this many questions up front; a member who answers
# them all has done the whole pool.
MAX_DRAWN = 200


class QuizMode(StrEnum):
    DAILY = "daily"
    CHALLENGE = "challenge"
    PRACTICE = "practice"
    RETRY = "retry"

    def time_limit(self, question: Question, challenge_seconds: int) -> int:
        """Seconds a member has for `question` in this mode, 0 for none: the bank's limit in
        the daily quiz, one pace for every question in a challenge (quiz.challenge_time_limit
        in the config), none in practice."""
        if self is QuizMode.CHALLENGE:
            return challenge_seconds
        return question.time_limit if self is QuizMode.DAILY else 0

    @property
    def ends_on_first_mistake(self) -> bool:
        return self is QuizMode.CHALLENGE


class SessionStatus(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"
    ABANDONED = "abandoned"


# Ledger sources written by quizzes.
SOURCE_DAILY = "daily_quiz"
SOURCE_CHALLENGE = "challenge"


def draw_questions(
    pool: Sequence[Question], mode: QuizMode, *, daily_count: int, rng: random.Random
) -> list[Question]:
    """The questions of a new quiz, in the order they will be asked."""
    if mode is QuizMode.DAILY:
        return rng.sample(list(pool), min(daily_count, len(pool)))
    drawn = list(pool)
    rng.shuffle(drawn)
    return drawn[:MAX_DRAWN]
