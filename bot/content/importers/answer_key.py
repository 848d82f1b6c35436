"""The answer key of an exam paper: the answers printed after the questions instead of under
each, as `参考答案` (`答案`, `参考答案及解析`, `一、参考答案` …) and then entries:

    1．A 2．B 3．√          several on a line or one a line, each may be followed by 解析：…
    1-5 ACBDA 6～10：√×√√×  a range: one answer a character…
    21-23 AB、ACD、BC       …or one a group (multiple choice, fill-in), between 、，；/ or spaces

A paper may have one key at its end or a key under each section; a key answers the
questions since the one before it, and need not start at the first of them (a section whose
answers are under its questions needs none). Numbers that start again in each section are
matched section by section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from bot.content.importers.model import Draft, DraftBank, judge_value, problem
from bot.content.importers.textmarks import (
    FIELD,
    FIELD_WORDS,
    NUMERALS,
    PAGE_MARK,
    is_heading,
    parts,
    same_answer,
)
from bot.domain.answers import parse_letters

# The heading of an answer key after the questions: "参考答案", "答案及解析", "一、参考答案",
# "【参考答案】", "参考答案及评分标准", "参考答案：1．A 2．B". A bare "【答案】", "答案：" or
# "【答案解析】" is a question's own marker (its answer or explanation on the next line),
# never a key heading.
_KEY_HEADING = re.compile(
    rf"^(?:[{NUMERALS}]+\s*[、.．]|附\s*[:：]?)?\s*(?P<open>[【\[])?\s*"
    r"(?P<word>(?:参考|标准|正确|试题|试卷)?答案"
    r"(?:\s*[及与和]?\s*(?:解析|详解|评分(?:标准|细则|参考|意见|说明)))?)"
    r"\s*[】\]]?\s*(?P<colon>[:：])?\s*(?P<rest>.*)$"
)
_MARKS = "A-LＡ-Ｌ√×✓✗对错"
# Where an entry starts: "1．A", "（2）B", "3、√", or a range "1-5", "6～10：": at the start of
# a line, after a space or a separator, or right after an answer ("1.A2.B3.√", "（1）A（2）B").
_ITEM = re.compile(
    rf"(?:^|(?<=[\s；;，,、。{_MARKS}]))"
    r"(?:(?P<a>\d{1,4})\s*[-－~～—–至]\s*(?P<z>\d{1,4})\s*[.．、:：]?"
    r"|[（(]\s*(?P<b>\d{1,4})\s*[)）]|(?P<c>\d{1,4})\s*(?:[．、)）]|[.:：](?!\d)))\s*"
)
# "二、1．对 2．错", "一、单选题：1-5 ACBDA": a key line led by its section of the paper.
_SECTION_LABEL = re.compile(rf"^[{NUMERALS}]+\s*[、.．]\s*(?:[^\s\d:：]{{1,8}}题\s*[:：]?\s*)?")
_END = "；;，,、。. \u3000"
# Between the answers of a range written one group a question: "AB、ACD、BC", "B AB ACD",
# "清朗、互联网" ("|" is a fill-in answer's own: "5|五").
_GROUPS = re.compile(r"[\s、，,；;/]+")

_T = TypeVar("_T")


@dataclass(frozen=True)
class _BadRange:
    """ "1-5 ACBD": a range whose answers are not one a question."""

    first: int
    last: int
    text: str

    @property
    def count(self) -> int:
        groups = [g for g in _GROUPS.split(self.text) if g]
        return len(groups) if len(groups) > 1 else len(self.text)


@dataclass
class _Entry:
    number: int
    line: int
    answer: str
    explanation: str = ""
    unreadable: _BadRange | None = None  # the range it is in gives no answer for it


def _range_answers(text: str, count: int) -> list[str] | None:
    """A range's answers: one a character ("ACBDA", "√×√") or one a group ("AB、ACD、BC",
    "清朗、互联网")."""
    chars = "".join(text.split())
    if len(chars) == count and re.fullmatch(f"[{_MARKS}]*", chars):
        return list(chars)
    groups = [g for g in _GROUPS.split(text) if g]
    return groups if len(groups) == count else None


def answer_like(text: str) -> bool:
    """Option letters or a true/false answer: what a key entry is, never a question."""
    return parse_letters(text) is not None or judge_value(text) is not None


def _scan(text: str) -> tuple[list[tuple[int, str]], _BadRange | None, bool]:
    """ "1．A 2．B 3-5 √×√" -> the entries, the first range whose answers do not add up, and
    whether there was a range; nothing unless the text starts with an entry (after its
    section's label: "二、1．对")."""
    text = _SECTION_LABEL.sub("", text, count=1)
    found = list(_ITEM.finditer(text))
    if not found or found[0].start() != 0:
        return [], None, False
    entries: list[tuple[int, str]] = []
    ranged = False
    ends = [m.start() for m in found[1:]] + [len(text)]
    for item, end in zip(found, ends, strict=True):
        answer = text[item.end() : end].strip(_END)
        if item.group("a") is None:
            entries.append((int(item.group("b") or item.group("c")), answer))
            continue
        ranged = True
        first, last = int(item.group("a")), int(item.group("z"))
        answers = _range_answers(answer, last - first + 1) if first <= last else None
        if answers is None:
            return entries, _BadRange(first, last, answer), ranged
        entries.extend(zip(range(first, last + 1), answers, strict=True))
    return entries, None, ranged


def is_key_line(text: str) -> bool:
    """Certainly a line of an answer key: several entries, a range, or one entry whose answer
    is option letters or a tick ("5．AB"), never the text of a question."""
    if _several(text):
        return True
    entries, _, _ = _scan(text)
    return len(entries) == 1 and answer_like(entries[0][1])


def _first_number(text: str) -> int | None:
    entries, bad, _ = _scan(text)
    if entries:
        return entries[0][0]
    return bad.first if bad is not None else None


def key_heading(
    line: str, following: Iterable[str], questions: Sequence[tuple[int, Draft]]
) -> str | None:
    """The rest of the line when it is a key's heading ("" when the entries start below);
    None when it is not. A heading is a key's when its first entry (on its line, or the
    first after it past section headings and page numbers) is the number of one of the
    questions it may answer: "参考答案：11．A 12．B" under section 二, numbered on from 一."""
    heading = _KEY_HEADING.match(line)
    if heading is None or not questions:
        return None
    below = next((a for a in following if a and not PAGE_MARK.match(a) and not is_heading(a)), "")
    rest = heading.group("rest")
    if rest:
        return rest if _entries_on_heading(rest, below, questions) else None
    word = "".join(heading.group("word").split())
    # "【答案】" / "答案：" is also a question's own marker, its answer below: a key's only
    # when what follows is several answers ("1．B 2．A", "1-5 ACBDA").
    marker = (word == "答案" or FIELD_WORDS.get(word) == "explanation") and bool(
        heading.group("open") or heading.group("colon")
    )
    if marker and not _several(below):
        return None
    return "" if _asks(questions, _first_number(below)) else None


def _asks(questions: Sequence[tuple[int, Draft]], number: int | None) -> bool:
    """Whether one of the questions is numbered `number` (most lines give none to look for:
    no set of every question is built for each 【答案】 of a long paper)."""
    return number is not None and any(number == n for n, _ in questions)


def _entries_on_heading(rest: str, below: str, questions: Sequence[tuple[int, Draft]]) -> bool:
    """ "参考答案：1．B 2．A", or one entry the key goes on from below, or one entry for the
    question right above ("参考答案：1．×" under a section of one question): a question's
    own answer ("答案：B") never starts with a question's number, let alone its own."""
    first = _first_number(rest)
    if not _asks(questions, first):
        return False
    return _several(rest) or is_key_line(below) or first == questions[-1][0]


def _several(text: str) -> bool:
    """Several key entries, or a range: "1．B 2．A", "1-5 ACBDA"."""
    entries, bad, ranged = _scan(text)
    return len(entries) > 1 or ranged or bad is not None


@dataclass
class AnswerKey:
    """One key and the questions it may answer (those since the key before it)."""

    questions: list[tuple[int, Draft]]  # each question with its number, in order
    entries: list[_Entry] = field(default_factory=list)

    @cached_property
    def numbers(self) -> set[int]:
        return {number for number, _ in self.questions}

    def read_line(self, line: str, field: str, bank: DraftBank, number: int) -> str:
        """One line of the key; returns "explanation" when the next line may go on with the
        last entry's explanation."""
        if is_heading(line):  # the key's own section headings
            return "after"
        first, *more = parts(line)
        entries, bad, _ = _scan(first)
        self.entries.extend(_Entry(n, number, answer) for n, answer in entries)
        if bad is not None:
            numbers = range(bad.first, bad.last + 1)
            self.entries.extend(_Entry(n, number, "", unreadable=bad) for n in numbers)
            return "after"
        if entries:
            field = "after"
        else:
            more = [first, *more]
        for part in more:
            field = self._field_into(part, field, bank, number)
        return field

    def _field_into(self, part: str, field: str, bank: DraftBank, number: int) -> str:
        """解析：… (or an answer) after an entry, or an explanation going on."""
        marker = FIELD.match(part)
        name = FIELD_WORDS[marker.group("w1") or marker.group("w2")] if marker else None
        if self.entries and marker and name in ("answer", "explanation"):
            entry = self.entries[-1]
            value = marker.group("rest").strip()
            if name == "answer":
                entry.answer = entry.answer or value
                return "after"
            entry.explanation = f"{entry.explanation}\n{value}".strip()
            return "explanation"
        if self.entries and field == "explanation" and marker is None:
            entry = self.entries[-1]
            entry.explanation = f"{entry.explanation}\n{part}".strip()
            return field
        bank.problems.append(
            problem(bank.label, number, "line-ignored", severity="warning", text=part[:40])
        )
        return "after"

    def apply(self, bank: DraftBank) -> None:
        """Each question's answer (and explanation) from the key, run by run: a key entry
        with no question, or one that contradicts the question's own answer, is an error."""
        questions = _runs(self.questions)
        at = 0
        for run in _runs([(entry.number, entry) for entry in self.entries]):
            index = _matching_run(questions, at, run)
            drafts = questions[index] if index is not None else {}
            at = index if index is not None else at
            for number, entry in run.items():
                draft = drafts.get(number)
                if draft is None:
                    bank.problems.append(
                        problem(bank.label, entry.line, "answer-key-extra", number=number)
                    )
                    continue
                _answer_from_key(bank.label, draft, entry)

    def report_unanswered(self, label: str) -> None:
        """A question the key could answer, with no answer from it or of its own: named."""
        for position, draft in self.questions:
            if not draft.answer.strip() and not any(p.is_error for p in draft.problems):
                draft.problems.append(
                    problem(label, draft.line, "answer-key-missing", number=position)
                )


def _answer_from_key(label: str, draft: Draft, entry: _Entry) -> None:
    bad = entry.unreadable
    if bad is not None:
        draft.problems.append(
            problem(
                label,
                draft.line,
                "answer-key-range",
                first=bad.first,
                last=bad.last,
                expected=bad.last - bad.first + 1,
                count=bad.count,
                text=bad.text,
                where=entry.line,
            )
        )
        return
    written = draft.answer.strip()
    if written and entry.answer and not same_answer(written, entry.answer):
        draft.problems.append(
            problem(
                label,
                draft.line,
                "answer-key-conflict",
                answer=written,
                key=entry.answer,
                where=entry.line,
            )
        )
        return
    draft.answer = written or entry.answer
    if entry.explanation and entry.explanation not in draft.explanation:
        draft.explanation = f"{draft.explanation}\n{entry.explanation}".strip()


def _runs(items: Sequence[tuple[int, _T]]) -> list[dict[int, _T]]:
    """Items by number, a new run wherever the numbers start again (a section of its own)."""
    runs: list[dict[int, _T]] = []
    previous = None
    for number, item in items:
        if previous is None or number <= previous:
            runs.append({})
        runs[-1][number] = item
        previous = number
    return runs


def _matching_run(
    questions: list[dict[int, Draft]], at: int, run: dict[int, _Entry]
) -> int | None:
    """The run of questions (from `at` on) a run of the key answers: the first that has its
    first number, preferring one whose questions still lack the answers (when a section
    answered under its questions comes before the one the key is for, both numbered 1…)."""
    first = next(iter(run))
    candidates = [i for i in range(at, len(questions)) if first in questions[i]]
    for index in candidates:
        drafts = questions[index]
        if any(n in drafts and not drafts[n].answer.strip() for n in run):
            return index
    return candidates[0] if candidates else None
