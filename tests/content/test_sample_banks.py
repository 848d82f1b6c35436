"""The sample banks under quizzes/ as a member reads them: each question is shown alone, so it
names the document it quotes; and a daily quiz draws from every bank at once, so no question
may give away a fill-in answer that another one asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.banks import load_banks
from bot.domain.answers import normalize_fill
from bot.domain.questions import Question, QuestionType

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = [q for bank in load_banks(REPO / "quizzes").banks for q in bank.questions]
PLAN = "《2020年机关党的建设工作要点》"
BLANK = "____"
# How many characters of the sentence beside the blank make the filled-in phrase
# recognisable: "第十六" or "十六届" gives away 第____届 where "十六" alone would not.
CONTEXT = 2


def test_the_sample_banks_hold_questions() -> None:
    assert len(QUESTIONS) > 100


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_each_sample_question_names_the_plan_it_quotes(question: Question) -> None:
    """Not 「要点提出……」: a member meeting the question alone must know which 要点."""
    assert PLAN in question.text


def _filled_in_phrases(question: Question) -> set[str]:
    """The blank filled with each accepted answer, with a little of the sentence beside it."""
    before, after = (normalize_fill(part) for part in question.text.split(BLANK, 1))
    phrases = set()
    for answer in map(normalize_fill, question.accepted):
        if before:
            phrases.add(before[-CONTEXT:] + answer)
        if after:
            phrases.add(answer + after[:CONTEXT])
    return phrases


def _what_a_member_sees(question: Question) -> str:
    return normalize_fill(" ".join((question.text, *question.options, question.explanation)))


FILLS = [q for q in QUESTIONS if q.type is QuestionType.FILL]


@pytest.mark.parametrize("fill", FILLS, ids=lambda q: q.key)
def test_no_sample_question_gives_away_a_fill_in_answer(fill: Question) -> None:
    phrases = _filled_in_phrases(fill)
    leaks = [
        f"{other.key}: {phrase}"
        for other in QUESTIONS
        if other is not fill
        for phrase in phrases
        if phrase in _what_a_member_sees(other)
    ]
    assert not leaks, leaks
