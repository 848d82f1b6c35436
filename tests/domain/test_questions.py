"""Question values: keys, letters and the content hash that versions history."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.domain.questions import Bank, Question, QuestionType

SINGLE = Question(
    bank_id="bank",
    id="q1",
    type=QuestionType.SINGLE,
    text="哪一项？",
    options=("甲", "乙", "丙"),
    correct=frozenset({1}),
    explanation="因为。",
    tags=("党章",),
)


def test_key_and_letters() -> None:
    assert SINGLE.key == "bank/q1"
    assert SINGLE.letters == ("A", "B", "C")
    assert SINGLE.correct_letters == ("B",)


def test_content_hash_ignores_presentation_only_fields() -> None:
    edited = dataclasses.replace(
        SINGLE, explanation="改过的解析", tags=(), difficulty=5, time_limit=0, source="x"
    )
    assert edited.content_hash == SINGLE.content_hash
    assert dataclasses.replace(SINGLE, text="哪一项？ ").content_hash == SINGLE.content_hash
    assert len(SINGLE.content_hash) == 16


def test_content_hash_changes_with_what_decides_correctness() -> None:
    changes: list[dict[str, Any]] = [
        {"text": "哪两项？"},
        {"options": ("甲", "乙", "丁")},
        {"correct": frozenset({2})},
        {"type": QuestionType.MULTIPLE},
    ]
    hashes = {dataclasses.replace(SINGLE, **c).content_hash for c in changes}
    assert SINGLE.content_hash not in hashes and len(hashes) == len(changes)


def test_fill_hash_follows_accepted_variants_not_their_order_or_width() -> None:
    fill = Question("b", "f", QuestionType.FILL, "____期", accepted=("5", "五"))
    assert dataclasses.replace(fill, accepted=("五", "５")).content_hash == fill.content_hash
    assert dataclasses.replace(fill, accepted=("6",)).content_hash != fill.content_hash


def test_bank_helpers() -> None:
    judge = Question("bank", "q2", QuestionType.JUDGE, "对吗", ("正确", "错误"), frozenset({0}))
    bank = Bank("bank", "T", None, (), True, (SINGLE, judge), "quizzes/bank.yaml")
    assert bank.count(QuestionType.JUDGE) == 1 and len(bank) == 2
    assert bank.counts()[QuestionType.FILL] == 0
