"""Checking what a member answered: fill-in normalisation and letter parsing."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.questions import Question

# Symbols that only decorate an answer. Other symbols (+ = < > ¥ $ ° ...) can carry meaning
# in a fill-in ("+5", "≠") so they are kept.
_DECORATIVE_SYMBOLS = frozenset("~|¦")
_STRIPPED_CATEGORIES = ("P", "Z", "C")

# Separators a member may put between letters: "A C", "A,C", "A、C", "A/C".
_LETTER_SEPARATORS = frozenset(",;/、&+")

_JUDGE_TRUE = frozenset({"对", "正确", "true"})
_JUDGE_FALSE = frozenset({"错", "错误", "false"})
# What a member may also type for a true/false question, and what printed papers mark one
# with: ticks and crosses, and the first letters of the English buttons (True/False). Not a
# YAML bank's answer word: banks take the six above.
JUDGE_MARKS = {"√": 0, "✓": 0, "✔": 0, "t": 0, "×": 1, "✗": 1, "✘": 1, "x": 1, "f": 1}


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in _STRIPPED_CATEGORIES or cat == "Sk" or ch in _DECORATIVE_SYMBOLS:
            continue
        kept.append(ch)
    return "".join(kept)


def normalize_fill(text: str) -> str:
    """Canonical form of a fill-in answer: "５" == "5", "ＡＢＣ" == "abc", " 800元。" == "800元".

    NFKC folds full-width and half-width forms, casefold ignores case, and whitespace,
    punctuation, control/format characters and decorative symbols are dropped. Dropping a
    character can let NFKC compose the characters around it, so the pass repeats until
    nothing changes: that keeps the function idempotent.
    """
    for _ in range(4):
        result = _normalize_once(text)
        if result == text:
            break
        text = result
    return text


def check_fill(question: Question, reply: str) -> bool:
    if question.type.is_choice:
        raise ValueError(f"{question.key} is not a fill-in question")
    got = normalize_fill(reply)
    return bool(got) and any(got == normalize_fill(a) for a in question.accepted)


def check_choice(question: Question, chosen: frozenset[int]) -> bool:
    """Exact set equality: a multiple-choice answer missing one letter is wrong."""
    if not question.type.is_choice:
        raise ValueError(f"{question.key} is not a choice question")
    return frozenset(chosen) == question.correct


def parse_letters(text: str, count: int | None = None) -> frozenset[int] | None:
    """Option indexes from typed letters ("A", "a", "A C", "A,C", "AC", "Ａ").

    None when the text is not only letters and separators, has no letter, or (when count
    is given) names a letter beyond the last option.
    """
    chosen: set[int] = set()
    for ch in unicodedata.normalize("NFKC", text).upper():
        if "A" <= ch <= "Z":
            chosen.add(ord(ch) - ord("A"))
        elif not (ch.isspace() or ch in _LETTER_SEPARATORS):
            return None
    if not chosen or (count is not None and max(chosen) >= count):
        return None
    return frozenset(chosen)


def parse_judge(text: str) -> int | None:
    """Index into JUDGE_OPTIONS for 对/错, 正确/错误, true/false (any case); else None."""
    word = _judge_word(text)
    if word in _JUDGE_TRUE:
        return 0
    if word in _JUDGE_FALSE:
        return 1
    return None


def _judge_word(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_choice(question: Question, text: str) -> frozenset[int] | None:
    """Option indexes a typed reply to a choice question names: its letters, and for a
    true/false question (whose buttons show no letters) also 对/错, 正确/错误, true/false,
    T/F or √/×, whatever language the member reads the buttons in; for a single-choice
    question also an option's text, word for word (normalised as a fill-in answer is)."""
    if question.type == "judge":
        index = parse_judge(text)
        if index is None:
            index = JUDGE_MARKS.get(_judge_word(text))
        if index is not None:
            return frozenset({index})
    letters = parse_letters(text, len(question.options))
    if letters is None and question.type == "single":
        typed = normalize_fill(text)
        named = [i for i, option in enumerate(question.options) if normalize_fill(option) == typed]
        if typed and len(named) == 1:
            return frozenset(named)
    return letters


def check_reply(question: Question, text: str) -> bool:
    """A typed reply to any question type: letters for choices, 对/错 too for judge."""
    if not question.type.is_choice:
        return check_fill(question, text)
    chosen = parse_choice(question, text)
    return chosen is not None and check_choice(question, chosen)
