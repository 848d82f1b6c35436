"""The common Chinese text format of printed and Word question banks (saved as .txt).

    一、单项选择题
    1．苏州市级机关持续开展的、督促党员严格遵守党章的活动叫什么？（  ）
    A．党章学习日    B．读书月
    C．法治开讲      D．干部大讲堂
    【答案】A
    【解析】依据《2020年机关党的建设工作要点》一.1。

- A question starts with its number: `1.` `1、` `1．` `（1）` `第1题`.
- Options start with their letter: `A.` `A、` `A．` `(A)` `（A）` `A）`; several may share a
  line when spaces separate them, or with none after Chinese text (`A．党章B．党纪`), and
  they may follow the question on its own line.
- `【答案】A`, `答案：AB`, `参考答案：正确`; `【解析】…` (or `解析：…`) may run over several
  lines; they may share a line: `【答案】A【解析】…`, `答案：A　解析：…`. Also read:
  `【难度】3`, `【标签】党章，政治建设`, `【出处】…`. An answer printed in the question's
  brackets (`（ A ）`, `（√）`) is the answer when no 答案 line gives another; the brackets
  are emptied.
- Section headings (`一、单选题`, `三、判断题（每题1分）`) or a tag after the number
  (`1.【多选题】…`) give the type; without them the answer decides (one letter: single,
  several: multiple, 对/错/√/×: true or false, anything else without options: fill-in).
- The first line, when it comes before any question and is not a heading, is the title.
- Page numbers (`第 2 页 共 3 页`, `- 2 -`) on lines of their own are left out, wherever
  they fall.
- An answer key after the questions, as exam papers print it: a heading `参考答案` (`答案`,
  `参考答案及解析`, `一、参考答案` …), then `1．A 2．B 3．√` several on a line or one a line,
  each may be followed by `解析：…`. Numbers that start again in each section are matched
  section by section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.content.importers.model import (
    Draft,
    DraftBank,
    fold,
    judge_value,
    problem,
    split_tags,
    text_lines,
    type_word,
)
from bot.domain.answers import parse_letters
from bot.domain.questions import LETTERS

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^(?:[{_NUMERALS}]+\s*[、.．]|[（(][{_NUMERALS}]+[)）]|第[{_NUMERALS}\d]+部分)?\s*"
    r"(?P<type>[^\s（(：:]{1,8}?题?)\s*(?:[（(].*[)）])?\s*[:：]?$"
)
# After "1." or "1:" a digit means a decimal, a section (1.1) or a time (10:30), but after
# "1．" "1、" "1）" it is the question's own first character: "2．1921年7月，…". So is a
# year (four digits) after "1.".
_QUESTION = re.compile(
    r"^(?:第\s*(?P<a>\d{1,4})\s*题\s*[、.．:：]?|[（(]\s*(?P<b>\d{1,4})\s*[)）]"
    r"|(?P<c>\d{1,4})\s*(?:[．、)）]|\.(?=\d{4}年)|[.:：](?!\d)))\s*(?P<rest>.*)$"
)
# "1．党的最高理想是（ A ）。", "…行为规则。（√）": the answer printed in the question's
# brackets, as answer keys do. Taken when no 答案 line gives another, and the brackets are
# emptied either way: members must not see it.
_ANSWER_IN_TEXT = re.compile(
    r"[（(]\s*(?P<answer>[A-LＡ-Ｌ](?:\s*[、,，]?\s*[A-LＡ-Ｌ])*|[√×✓✗✔✘])\s*[)）]"
)
_VARIANT_BAR = re.compile(r"\s*[|｜]\s*")
_INLINE_TYPE = re.compile(r"^[【\[（(]\s*(?P<type>[^】\]）)]{1,8})\s*[】\]）)]\s*")
# "…下列说法正确的有（ ）。【多选题】": a type tag at the end, kept in the text.
_TRAILING_TYPE = re.compile(r"[【\[（(]\s*(?P<type>[^】\]）)]{1,8})\s*[】\]）)]\s*[。.]?$")
_OPTION_MARK = r"(?:[（(]\s*(?P<l1>[A-LＡ-Ｌ])\s*[)）]|(?P<l2>[A-LＡ-Ｌ])\s*[.．、:：)）])"
_OPTION = re.compile(rf"^{_OPTION_MARK}\s*(?P<rest>.*)$")
_NEXT_OPTION = re.compile(rf"\s+{_OPTION_MARK}")
# "A．共产主义B．小康": Word banks often leave no space; after a Chinese character, "B．",
# "B、", "B." or "（B）" starts the next option when B is the letter due (and the line has
# no option after a space).
_TIGHT_OPTION = re.compile(
    r"(?<=[^\x00-\x7f\s])(?:[（(](?P<l1>[A-LＡ-Ｌ])[)）]|(?P<l2>[A-LＡ-Ｌ])[.．、])"
)
_FIELD_WORDS = {
    **dict.fromkeys(("答案", "参考答案", "正确答案", "标准答案"), "answer"),
    **dict.fromkeys(("解析", "答案解析", "试题解析", "题目解析"), "explanation"),
    **dict.fromkeys(("难度",), "difficulty"),
    **dict.fromkeys(("标签", "知识点"), "tags"),
    **dict.fromkeys(("出处", "来源", "依据"), "source"),
    **dict.fromkeys(("题型",), "type"),
}
_FIELD_NAMES = "|".join(sorted(_FIELD_WORDS, key=len, reverse=True))
# `【答案】A`, `[答案] A`, `答案：A`, `答案:A` at the start of a line.
_FIELD = re.compile(
    rf"^(?:[【\[]\s*(?P<w1>{_FIELD_NAMES})\s*[】\]]\s*[:：]?|(?P<w2>{_FIELD_NAMES})\s*[:：])\s*"
    r"(?P<rest>.*)$"
)
# Page numbers a Word document leaves in its text ("第 2 页 共 3 页", "- 2 -"): wherever they
# fall, even between a question's options, they are no part of it.
_PAGE_MARK = re.compile(
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
        (w for w, f in _FIELD_WORDS.items() if f in ("answer", "explanation")),
        key=len,
        reverse=True,
    )
)
_INLINE_FIELD = re.compile(
    rf"[【\[]\s*(?:{_FIELD_NAMES})\s*[】\]]|(?<=[\s。？?！!）)])(?:{_INLINE_WORDS})\s*[:：]"
)


# The heading of an answer key after the questions: "参考答案", "答案及解析", "一、参考答案",
# "【参考答案】", "参考答案：1．A 2．B". A bare "【答案】", "答案：" or "【答案解析】" is a
# question's own marker (its answer or explanation on the next line), never a key heading.
_KEY_HEADING = re.compile(
    rf"^(?:[{_NUMERALS}]+\s*[、.．]|附\s*[:：]?)?\s*(?P<open>[【\[])?\s*"
    r"(?P<word>(?:参考|标准|正确|试题|试卷)?答案(?:\s*[及与和]?\s*(?:解析|详解))?)"
    r"\s*[】\]]?\s*(?P<colon>[:：])?\s*(?P<rest>.*)$"
)
# "1．A", "（2）B", "3、√" in a key: at the start of a line, after a space or a separator, or
# right after an answer letter or tick ("1.A2.B3.√", "（1）A（2）B").
_KEY_ENTRY = re.compile(
    r"(?:^|(?<=[\s；;，,A-LＡ-Ｌ√×✓✗对错]))"
    r"(?:[（(]\s*(?P<b>\d{1,4})\s*[)）]|(?P<c>\d{1,4})\s*(?:[．、)）]|[.:：](?!\d)))\s*"
)
# "1-5 ACBDA", "6～10：√×√√×": one answer a character for a range of questions.
_KEY_RANGE = re.compile(
    r"(?P<a>\d{1,4})\s*[-－~～—–至]\s*(?P<z>\d{1,4})\s*[.．、:：]?\s*"
    r"(?P<answers>[A-LＡ-Ｌ√×✓✗对错]+)[\s；;，,。.]*"
)
_KEY_END = "；;，,。. \u3000"

_T = TypeVar("_T")


@dataclass
class _KeyEntry:
    number: int
    line: int
    answer: str
    explanation: str = ""


def _letter(match: re.Match[str]) -> str:
    letter = match.group("l1") or match.group("l2")
    return chr(ord(letter) - 0xFEE0) if "Ａ" <= letter <= "Ｌ" else letter


def _split_options(first_letter: str, rest: str) -> list[str]:
    """ "党章学习日    B．读书月" after "A．" -> ["党章学习日", "读书月"] (letters in order)."""
    options: list[str] = []
    expected = LETTERS.index(first_letter) + 1
    text = rest
    # Spaces between options, where there are any, say where they are ("维生素B、C  B．铁").
    pattern = _NEXT_OPTION if _NEXT_OPTION.search(rest) else _TIGHT_OPTION
    while True:
        cut = None
        for found in pattern.finditer(text):
            if expected < len(LETTERS) and _letter(found) == LETTERS[expected]:
                cut = found
                break
        if cut is None:
            options.append(text.strip())
            return options
        options.append(text[: cut.start()].strip())
        text = text[cut.end() :]
        expected += 1


def read_cntext(text: str, label: str) -> DraftBank:
    bank = DraftBank(label=label, format="text", unit="line")
    section: str | None = None
    current: Draft | None = None
    field = "text"  # where a continuation line goes
    seen_content = False
    numbered: list[tuple[int, Draft]] = []  # each question with its number
    key: list[_KeyEntry] | None = None  # the answer key, once its heading is found

    def finish() -> None:
        nonlocal current
        if current is not None:
            trailing = _TRAILING_TYPE.search(current.text)
            if not current.type_text and trailing and type_word(trailing.group("type")):
                current.type_text = trailing.group("type")
            bank.drafts.append(current)
        current = None

    lines = [raw.strip() for raw in text_lines(text)]
    for number, line in enumerate(lines, start=1):
        if not line:
            if field == "explanation":
                field = "after"
            continue
        if _PAGE_MARK.match(line):
            continue
        if key is not None:
            field = _key_line_into(key, line, field, bank, number)
            continue
        if numbered and _starts_key(line, lines[number:], numbered[0][0]):
            finish()
            key, field = [], "after"
            heading_rest = _KEY_HEADING.sub(r"\g<rest>", line)
            if heading_rest:
                field = _key_line_into(key, heading_rest, "after", bank, number)
            continue
        heading = _HEADING.match(line)
        if heading and type_word(heading.group("type")) is not None and not _FIELD.match(line):
            finish()
            section = type_word(heading.group("type"))
            field = "text"
            seen_content = True
            continue
        question = _QUESTION.match(line)
        if question:
            finish()
            current = Draft(line=number, type_hint=section)
            numbered.append(
                (int(question.group("a") or question.group("b") or question.group("c")), current)
            )
            rest = question.group("rest")
            inline = _INLINE_TYPE.match(rest)
            if inline and type_word(inline.group("type")) is not None:
                current.type_text = inline.group("type")
                rest = rest[inline.end() :]
            field = "text"
            seen_content = True
            first, *more = _parts(rest) if rest else [""]
            first, options = _options_in_text(first)
            _take(current, "text", first)
            if options:  # "1．…（ ）。A．共产主义 B．小康"
                current.options.extend(options)
                field = "options"
            for part in more:  # "7．…平台。【答案】互联网"
                field = _line_into(current, part, field, label, number)
            continue
        if current is None:
            if not seen_content and not bank.title:
                bank.title = line
            else:
                bank.problems.append(
                    problem(label, number, "line-ignored", severity="warning", text=line[:40])
                )
            seen_content = True
            continue
        for part in _parts(line):
            field = _line_into(current, part, field, label, number)
    finish()
    if key is not None:
        _apply_key(bank, numbered, key)
    for draft in bank.drafts:
        answer_in_text(draft)
    if key is not None:
        for position, draft in numbered:
            if not draft.answer.strip():
                draft.problems.append(
                    problem(label, draft.line, "answer-key-missing", number=position)
                )
    return bank


def _starts_key(line: str, following: Sequence[str], first: int) -> bool:
    """A key heading: "参考答案" with the key's first entry (the first question's number) on
    its line or after it, past section headings ("一、单项选择题") and page numbers."""
    heading = _KEY_HEADING.match(line)
    if heading is None:
        return False
    rest = heading.group("rest")
    if rest:
        entries = _key_entries(rest)
        return len(entries) > 1 and entries[0][0] == first
    word = "".join(heading.group("word").split())
    marker = word == "答案" or _FIELD_WORDS.get(word) == "explanation"
    if marker and (heading.group("open") or heading.group("colon")):
        return False  # "【答案】" / "答案解析：" with the answer or explanation below
    for after in following:
        if not after or _PAGE_MARK.match(after) or _is_heading(after):
            continue
        entries = _key_entries(after)
        return bool(entries) and entries[0][0] == first
    return False


def _is_heading(line: str) -> bool:
    heading = _HEADING.match(line)
    return heading is not None and type_word(heading.group("type")) is not None


def _key_entries(text: str) -> list[tuple[int, str]]:
    """ "1．A 2．B  3．√" or "1-3 AB√" -> [(1, "A"), (2, "B"), (3, "√")]; [] unless the
    text starts with one (and a range has one answer for each of its questions)."""
    found_range = _KEY_RANGE.match(text)
    if found_range:
        first, last = int(found_range.group("a")), int(found_range.group("z"))
        answers = found_range.group("answers")
        rest = text[found_range.end() :]
        more = _key_entries(rest) if rest else []
        if last - first + 1 != len(answers) or (rest and not more):
            return []
        return [*zip(range(first, last + 1), answers, strict=True), *more]
    found = list(_KEY_ENTRY.finditer(text))
    if not found or found[0].start() != 0:
        return []
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [
        (int(m.group("b") or m.group("c")), text[m.end() : end].strip(_KEY_END))
        for m, end in zip(found, ends, strict=True)
    ]


def _key_line_into(
    key: list[_KeyEntry], line: str, field: str, bank: DraftBank, number: int
) -> str:
    """One line of the answer key; returns "explanation" when the next line may go on with
    the last entry's explanation."""
    if _is_heading(line):  # the key's own section headings
        return "after"
    first, *more = _parts(line)
    entries = _key_entries(first)
    if entries:
        key.extend(_KeyEntry(n, number, answer) for n, answer in entries)
        field = "after"
    else:
        more = [first, *more]
    for part in more:
        marker = _FIELD.match(part)
        name = _FIELD_WORDS[marker.group("w1") or marker.group("w2")] if marker else None
        if key and marker and name in ("answer", "explanation"):
            entry = key[-1]
            value = marker.group("rest").strip()
            if name == "answer":
                entry.answer = entry.answer or value
                field = "after"
            else:
                entry.explanation = f"{entry.explanation}\n{value}".strip()
                field = "explanation"
        elif key and field == "explanation" and marker is None:
            key[-1].explanation = f"{key[-1].explanation}\n{part}".strip()
        else:
            bank.problems.append(
                problem(bank.label, number, "line-ignored", severity="warning", text=part[:40])
            )
            field = "after"
    return field


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


def _apply_key(bank: DraftBank, numbered: list[tuple[int, Draft]], key: list[_KeyEntry]) -> None:
    """Each question's answer (and explanation) from the key, run by run: a key entry with
    no question, or one that contradicts the question's own answer, is an error."""
    questions = _runs(numbered)
    for index, run in enumerate(_runs([(entry.number, entry) for entry in key])):
        drafts = questions[index] if index < len(questions) else {}
        for number, entry in run.items():
            draft = drafts.get(number)
            if draft is None:
                bank.problems.append(
                    problem(bank.label, entry.line, "answer-key-extra", number=number)
                )
                continue
            written = draft.answer.strip()
            if written and entry.answer and not _same_answer(written, entry.answer):
                draft.problems.append(
                    problem(
                        bank.label,
                        draft.line,
                        "answer-key-conflict",
                        answer=written,
                        key=entry.answer,
                        where=entry.line,
                    )
                )
                continue
            draft.answer = written or entry.answer
            if entry.explanation and entry.explanation not in draft.explanation:
                draft.explanation = f"{draft.explanation}\n{entry.explanation}".strip()


def answer_in_text(draft: Draft) -> None:
    """The answer in the question's only answer-like brackets: "（ A ）" -> "（  ）", answer A.

    Taken when the draft has no answer; the brackets are emptied when they agree with it
    (or gave it), kept as the question's own when they say something else. Spreadsheet
    question cells are read the same way."""
    found = list(_ANSWER_IN_TEXT.finditer(draft.text))
    if len(found) != 1:
        return
    match = found[0]
    written = match.group("answer")
    given = draft.answer.strip()
    if given and not _same_answer(written, given):
        return  # brackets that say something else are the question's own
    bracket = match.group(0)
    before, after = draft.text[: match.start()], draft.text[match.end() :]
    draft.text = f"{before}{bracket[0]}  {bracket[-1]}{after}"
    draft.answer = given or written


def _same_answer(a: str, b: str) -> bool:
    judged = judge_value(a)
    if judged is not None:
        return judged == judge_value(b)
    letters = parse_letters(a)
    if letters is not None:
        return letters == parse_letters(b.strip("（）() 。."))
    return fold(a) == fold(b)  # a fill-in answer


def split_option_text(text: str) -> list[str]:
    """The options one cell lists: "A.共产主义 B.小康", one per line ("A、…\\nB、…"), or,
    without letters, one per line or between "|"."""
    options: list[str] = []
    lines = [line.strip() for line in text_lines(text) if line.strip()]
    for line in lines:
        option = _OPTION.match(line)
        if option and len(options) < len(LETTERS) and _letter(option) == LETTERS[len(options)]:
            options.extend(_split_options(_letter(option), option.group("rest")))
        elif options:
            options[-1] = f"{options[-1]} {line}"
    if not options:
        options = lines if len(lines) > 1 else _VARIANT_BAR.split(text.strip())
    return [o.strip().rstrip(";；,，").strip() for o in options]


def _options_in_text(text: str) -> tuple[str, list[str]]:
    """ "…是（ ）。A．共产主义 B．小康" -> the question and the options its own line lists
    (A and B at least, so that "A、B两项" in a question stays text; "（A）类" right after
    Chinese is the question's own too)."""
    for pattern in (_NEXT_OPTION, _TIGHT_OPTION):
        for found in pattern.finditer(text):
            if pattern is _TIGHT_OPTION and found.group("l1"):
                continue
            if _letter(found) == "A":
                options = _split_options("A", text[found.end() :])
                if len(options) >= 2:
                    return text[: found.start()].strip(), options
                break
    return text, []


def _parts(line: str) -> list[str]:
    """A line cut before each bracketed field after the first: "【答案】A【解析】…"."""
    cuts = [m.start() for m in _INLINE_FIELD.finditer(line) if m.start() > 0]
    if not cuts:
        return [line]
    starts = [0, *cuts]
    return [line[a:b].strip() for a, b in zip(starts, [*cuts, len(line)], strict=True)]


def _line_into(draft: Draft, line: str, field: str, label: str, number: int) -> str:
    """Put one line into the draft; returns where the next continuation line goes."""
    marker = _FIELD.match(line)
    if marker:
        name = _FIELD_WORDS[marker.group("w1") or marker.group("w2")]
        if name == "answer" and draft.answer and marker.group("rest").strip() != draft.answer:
            # Most often a question whose number was not recognised: its answer must not
            # silently replace this question's.
            draft.problems.append(
                problem(
                    label,
                    number,
                    "answer-twice",
                    first=draft.line or "?",
                    previous=draft.answer,
                    answer=marker.group("rest").strip(),
                )
            )
            return "after"
        _take(draft, name, marker.group("rest"))
        # Only the question and the explanation run over several lines.
        return name if name in ("text", "explanation") else "after"
    option = _OPTION.match(line)
    if option and field in ("text", "options") and _is_next(draft, _letter(option)):
        for text in _split_options(_letter(option), option.group("rest")):
            draft.options.append(text)
        return "options"
    if field == "after":
        draft.problems.append(
            problem(label, number, "line-ignored", severity="warning", text=line[:40])
        )
        return field
    _take(draft, field, line, continued=True)
    return field


def _is_next(draft: Draft, letter: str) -> bool:
    return len(draft.options) < len(LETTERS) and letter == LETTERS[len(draft.options)]


def _take(draft: Draft, name: str, value: str, *, continued: bool = False) -> None:
    value = value.strip()
    if name == "options":
        if draft.options:
            draft.options[-1] = f"{draft.options[-1]} {value}".strip()
        return
    if name == "tags":
        draft.tags.extend(split_tags(value))
        return
    if name == "type":
        draft.type_text = value
        return
    old = getattr(draft, name)
    joiner = "\n" if name in ("text", "explanation") else " "
    setattr(draft, name, f"{old}{joiner}{value}".strip() if continued and old else value or old)
