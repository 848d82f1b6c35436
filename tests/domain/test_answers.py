"""Answer checking: fill-in normalisation (with property tests) and typed letters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.answers import (
    check_choice,
    check_fill,
    check_reply,
    normalize_fill,
    parse_choice,
    parse_judge,
    parse_letters,
)
from bot.domain.questions import JUDGE_OPTIONS, Question, QuestionType

FILL = Question("b", "f", QuestionType.FILL, "全年____期", accepted=("5", "五", "ABC 1"))
MULTI = Question("b", "m", QuestionType.MULTIPLE, "?", ("甲", "乙", "丙"), frozenset({0, 2}))
JUDGE = Question("b", "j", QuestionType.JUDGE, "?", JUDGE_OPTIONS, frozenset({1}))


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("５", "5"),
        ("ＡＢＣ", "abc"),
        (" 800元。", "800元"),
        ("党章·学习日", "党章学习日"),
        ("“两个维护”", "两个维护"),
        ("Ｉ Ｌｏｖｅ\u3000ＣＰＣ！", "ilovecpc"),
        ("a\u200bb", "ab"),  # zero-width space (Cf)
        ("+5", "+5"),  # meaningful symbols stay
        ("～5～", "5"),
    ],
)
def test_normalize_fill_examples(raw: str, normal: str) -> None:
    assert normalize_fill(raw) == normal


def test_check_fill() -> None:
    assert check_fill(FILL, "５")
    assert check_fill(FILL, " 五。")
    assert check_fill(FILL, "abc1")
    assert not check_fill(FILL, "6")
    assert not check_fill(FILL, "。。")
    with pytest.raises(ValueError):
        check_fill(MULTI, "A")


def test_check_choice_is_exact_set_equality() -> None:
    assert check_choice(MULTI, frozenset({0, 2}))
    assert not check_choice(MULTI, frozenset({0}))
    assert not check_choice(MULTI, frozenset({0, 1, 2}))
    with pytest.raises(ValueError):
        check_choice(FILL, frozenset({0}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A", {0}),
        ("a", {0}),
        ("A C", {0, 2}),
        ("A,C", {0, 2}),
        ("A，C", {0, 2}),
        ("A、C", {0, 2}),
        ("AC", {0, 2}),
        ("Ａ", {0}),
        ("  b  ", {1}),
        ("", None),
        (" , ", None),
        ("A1", None),
        ("党章", None),
    ],
)
def test_parse_letters(text: str, expected: set[int] | None) -> None:
    assert parse_letters(text) == (None if expected is None else frozenset(expected))


def test_parse_letters_with_option_count() -> None:
    assert parse_letters("C", 3) == frozenset({2})
    assert parse_letters("D", 3) is None


@pytest.mark.parametrize(
    ("text", "index"),
    [("对", 0), ("正确", 0), ("TRUE", 0), (" false ", 1), ("错", 1), ("错误", 1), ("yes", None)],
)
def test_parse_judge(text: str, index: int | None) -> None:
    assert parse_judge(text) == index


def test_a_bank_answer_is_not_t_or_f() -> None:
    # Banks take the six words their README lists; T and F are a member's typing only.
    assert parse_judge("T") is None and parse_judge("F") is None


def test_a_single_choice_is_answered_by_typing_its_option_word_for_word() -> None:
    """A member types 党支部 rather than its letter; as the option reads, give or take
    width, case, spaces and punctuation. Only single choice: one option is one answer."""
    single = Question(
        "b", "s", QuestionType.SINGLE, "q", ("党小组", "党支部", "党委"), frozenset({1})
    )
    assert parse_choice(single, "党支部") == frozenset({1})
    assert parse_choice(single, " 党支部。") == frozenset({1})
    assert parse_choice(single, "党") is None and parse_choice(single, "支部") is None
    assert parse_choice(MULTI, MULTI.options[0]) is None


def test_check_reply_dispatches_by_type() -> None:
    assert check_reply(MULTI, "c a")
    assert not check_reply(MULTI, "A")
    assert not check_reply(MULTI, "AD")
    assert check_reply(JUDGE, "B") and check_reply(JUDGE, "错")
    assert not check_reply(JUDGE, "对") and not check_reply(JUDGE, "maybe")
    # T and F, the first letters of the English buttons (True/False), are no option letters.
    assert check_reply(JUDGE, "F") and check_reply(JUDGE, "ｆ") and not check_reply(JUDGE, "t")
    assert check_reply(FILL, "５")


# -- properties ----------------------------------------------------------------------------

ASCII_PRINTABLE = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)
FILLER = st.text(
    st.sampled_from(" \t\n\u3000。，、！？“”‘’《》（）·・…—-.,!?;:'\"()[]{}"), max_size=6
)


def to_full_width(text: str) -> str:
    # U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E.
    return "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in text)


@given(st.text())
def test_normalize_fill_is_idempotent(text: str) -> None:
    once = normalize_fill(text)
    assert normalize_fill(once) == once


@given(ASCII_PRINTABLE, st.data())
def test_full_and_half_width_variants_match(answer: str, data: st.DataObject) -> None:
    question = Question("b", "f", QuestionType.FILL, "?", accepted=(answer,))
    if not normalize_fill(answer):
        return  # an answer that is only punctuation is rejected by the loader
    mixed = "".join(
        to_full_width(c) if data.draw(st.booleans(), label="wide") else c for c in answer
    )
    assert check_fill(question, to_full_width(answer))
    assert check_fill(question, mixed)
    wide_question = Question("b", "f", QuestionType.FILL, "?", accepted=(to_full_width(answer),))
    assert check_fill(wide_question, answer)


@given(st.text(), FILLER, FILLER)
def test_surrounding_whitespace_and_punctuation_do_not_matter(
    text: str, before: str, after: str
) -> None:
    assert normalize_fill(before + text + after) == normalize_fill(text)
