"""The bank writer writes, byte for byte, what PyYAML writes of the same document (its own
fast path only where that is sure), and what it writes loads back as the same bank."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.bank_writer import bank_document, dump_bank, dump_with_pyyaml
from bot.content.banks import load_banks
from bot.domain.questions import Bank, Question, QuestionType

REPO = Path(__file__).resolve().parents[2]

# Every character class PyYAML treats apart: indicators, quotes, spaces and line breaks of
# every kind, tabs and control characters, a byte-order mark, CJK and astral characters.
_TRICKY = list("\n\r\t :#-?'\"[]{},&*!|>%@`.~\x85\u2028\u2029\ufeff\x00\x7f\xa0，。“”《》")
_WORDS = ["5", "1.5", "true", "no", "null", "~", "2020-01-01", "---", "...", "- a", "a: b"]
_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(_TRICKY), max_size=30),
    st.sampled_from(_WORDS),
    st.lists(st.sampled_from([*_WORDS, "甲", " ", "\n", "\n\n", "第1题"]), max_size=8).map(
        "".join
    ),
)
_NONEMPTY = _TEXT.filter(bool)
_STREAM_END = re.compile("(?<=[\n\x85\u2028\u2029])\\.\\.\\.\n\\Z")


@st.composite
def _questions(draw: st.DrawFn, number: int) -> Question:
    kind = draw(st.sampled_from(list(QuestionType)))
    options: tuple[str, ...] = ()
    correct: frozenset[int] = frozenset()
    accepted: tuple[str, ...] = ()
    if kind is QuestionType.SINGLE or kind is QuestionType.MULTIPLE:
        options = tuple(draw(st.lists(_TEXT, min_size=2, max_size=4)))
        correct = frozenset({0, 1} if kind is QuestionType.MULTIPLE else {1})
    elif kind is QuestionType.JUDGE:
        correct = frozenset({draw(st.integers(0, 1))})
    else:
        accepted = tuple(draw(st.lists(_NONEMPTY, min_size=1, max_size=3)))
    return Question(
        "b",
        draw(st.sampled_from([f"q{number}", str(number), f"{number}.0"])),
        kind,
        draw(_TEXT),
        options,
        correct,
        accepted,
        explanation=draw(_TEXT),
        tags=tuple(draw(st.lists(_NONEMPTY, max_size=2))),
        difficulty=draw(st.integers(1, 5)),
        time_limit=draw(st.sampled_from([0, 30, 60])),
        source=draw(st.none() | _NONEMPTY),
    )


@st.composite
def _banks(draw: st.DrawFn) -> Bank:
    count = draw(st.integers(1, 4))
    questions = tuple(draw(_questions(n)) for n in range(count))
    tags = tuple(draw(st.lists(_NONEMPTY, max_size=2)))
    title, description = draw(_TEXT), draw(_TEXT)
    return Bank(
        draw(_NONEMPTY), title, description, tags, draw(st.booleans()), questions, "b.yaml"
    )


@settings(max_examples=400, deadline=None)
@given(bank=_banks())
def test_any_bank_is_written_as_pyyaml_writes_it(bank: Bank) -> None:
    # After a kept block ("|+") last, PyYAML ends the stream with "...": no part of a bank.
    reference = _STREAM_END.sub("", dump_with_pyyaml(bank_document(bank)))
    assert dump_bank(bank) == reference


def test_the_sample_banks_are_written_as_pyyaml_writes_them() -> None:
    banks = load_banks(REPO / "quizzes").banks
    assert banks
    for bank in banks:
        assert dump_bank(bank) == dump_with_pyyaml(bank_document(bank))
