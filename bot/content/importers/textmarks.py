"""What the lines of a printed paper are marked with, shared by the question reader
(`cntext`) and its answer key (`answer_key`): section headings, field markers (【答案】,
解析：), page numbers, and when two answers as written are the same answer."""

from __future__ import annotations

import re

from bot.content.importers.model import fold, judge_value, type_word
from bot.domain.answers import parse_letters

NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^(?:[{NUMERALS}]+\s*[、.．]|[（(][{NUMERALS}]+[)）]|第[{NUMERALS}\d]+部分)?\s*"
    r"(?P<type>[^\s（(：:]{1,8}?题?)\s*(?:[（(].*[)）])?\s*[:：]?$"
)
FIELD_WORDS = {
    **dict.fromkeys(("答案", "参考答案", "正确答案", "标准答案"), "answer"),
    **dict.fromkeys(("解析", "答案解析", "试题解析", "题目解析"), "explanation"),
    **dict.fromkeys(("难度",), "difficulty"),
    **dict.fromkeys(("标签", "知识点"), "tags"),
    **dict.fromkeys(("出处", "来源", "依据"), "source"),
    **dict.fromkeys(("题型",), "type"),
}
_FIELD_NAMES = "|".join(sorted(FIELD_WORDS, key=len, reverse=True))
# `【答案】A`, `[答案] A`, `答案：A`, `答案:A` at the start of a line.
FIELD = re.compile(
    rf"^(?:[【\[]\s*(?P<w1>{_FIELD_NAMES})\s*[】\]]\s*[:：]?|(?P<w2>{_FIELD_NAMES})\s*[:：])\s*"
    r"(?P<rest>.*)$"
)
# Page numbers a Word document leaves in its text ("第 2 页 共 3 页", "- 2 -"): wherever they
# fall, even between a question's options, they are no part of it.
PAGE_MARK = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页"
    r"|[-—–]+\s*\d+\s*[-—–]+|page\s*\d+(?:\s*(?:of|/)\s*\d+)?)$",
    re.IGNORECASE,
)
# A second field on the same line: `【答案】A【解析】…`, or an answer or explanation written
# `答案：A　解析：…` after a space or the end of a sentence (other words, such as 依据：,
# are common inside a text).
_INLINE_WORDS = "|".join(
    sorted(
        (w for w, f in FIELD_WORDS.items() if f in ("answer", "explanation")),
        key=len,
        reverse=True,
    )
)
_INLINE_FIELD = re.compile(
    rf"[【\[]\s*(?:{_FIELD_NAMES})\s*[】\]]|(?<=[\s。？?！!）)])(?:{_INLINE_WORDS})\s*[:：]"
)


def field_name(line: str) -> str | None:
    """ "answer" for `【答案】…` / `答案：…`, "explanation" for `解析：…` …; None for no marker."""
    marker = FIELD.match(line)
    return FIELD_WORDS[marker.group("w1") or marker.group("w2")] if marker else None


def is_heading(line: str) -> bool:
    """A section heading that names a type: "一、单项选择题", "三、判断题（每题1分）"."""
    return heading_type(line) is not None


def heading_type(line: str) -> str | None:
    heading = _HEADING.match(line)
    if heading is None or FIELD.match(line):
        return None
    return type_word(heading.group("type"))


def parts(line: str) -> list[str]:
    """A line cut before each bracketed field after the first: "【答案】A【解析】…"."""
    cuts = [m.start() for m in _INLINE_FIELD.finditer(line) if m.start() > 0]
    if not cuts:
        return [line]
    starts = [0, *cuts]
    return [line[a:b].strip() for a, b in zip(starts, [*cuts, len(line)], strict=True)]


def same_answer(a: str, b: str) -> bool:
    judged = judge_value(a)
    if judged is not None:
        return judged == judge_value(b)
    letters = parse_letters(a)
    if letters is not None:
        return letters == parse_letters(b.strip("（）() 。."))
    return fold(a) == fold(b)  # a fill-in answer
