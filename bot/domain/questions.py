"""Questions and banks as immutable values, independent of how they were stored."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.answers import normalize_fill

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Judge questions are single-choice questions with these two options (true first), so
# answer checking and scoring need no special case for true/false. They are the bank's
# words, part of the content hash; what a member reads on the buttons, in a poll and in a
# verdict is the rendering layer's, in the member's language (option_labels).
JUDGE_OPTIONS: tuple[str, str] = ("正确", "错误")
DEFAULT_TIME_LIMIT = 30
DEFAULT_DIFFICULTY = 2


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    JUDGE = "judge"
    FILL = "fill"

    @property
    def is_choice(self) -> bool:
        return self is not QuestionType.FILL


@dataclass(frozen=True, slots=True)
class Question:
    bank_id: str
    id: str
    type: QuestionType
    text: str
    options: tuple[str, ...] = ()
    correct: frozenset[int] = frozenset()  # 0-based option indexes; empty for fill
    accepted: tuple[str, ...] = ()  # fill-in variants as written; () for choice types
    explanation: str = ""
    tags: tuple[str, ...] = ()
    difficulty: int = DEFAULT_DIFFICULTY
    time_limit: int = DEFAULT_TIME_LIMIT  # seconds; 0 means no limit
    source: str | None = None

    @property
    def key(self) -> str:
        """Stable reference across edits: what history and sessions store."""
        return f"{self.bank_id}/{self.id}"

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(LETTERS[: len(self.options)])

    @property
    def correct_letters(self) -> tuple[str, ...]:
        return tuple(LETTERS[i] for i in sorted(self.correct))

    @property
    def content_hash(self) -> str:
        """Version of what decides correctness and what the member saw.

        Explanation, tags, difficulty and time limit are left out on purpose: fixing a typo
        in an explanation must not turn past answers into answers to another question.
        Whitespace runs are collapsed so re-wrapping a YAML line is not a new version.
        """
        payload = [
            str(self.type),
            _squash(self.text),
            [_squash(o) for o in self.options],
            sorted(self.correct),
            sorted({normalize_fill(a) for a in self.accepted}),
        ]
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True, slots=True)
class Bank:
    id: str
    title: str
    description: str | None
    tags: tuple[str, ...]
    enabled: bool
    questions: tuple[Question, ...]
    path: str  # where it was loaded from, for messages

    def count(self, qtype: QuestionType) -> int:
        return sum(1 for q in self.questions if q.type is qtype)

    def counts(self) -> dict[QuestionType, int]:
        """Questions per type, every type present (zero when absent)."""
        found = Counter(q.type for q in self.questions)
        return {t: found.get(t, 0) for t in QuestionType}

    def __len__(self) -> int:
        return len(self.questions)
