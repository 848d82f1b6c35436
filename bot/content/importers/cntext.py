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
- Statements a question lists before its options (`①②③`; `（1）（2）` or `1) 2)` when the
  questions are numbered otherwise) stay in its text.
- An answer key, as exam papers print it, at the end or under each section: see answer_key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.content.importers.answer_key import AnswerKey, answer_like, is_key_line, key_heading
from bot.content.importers.model import (
    Draft,
    DraftBank,
    problem,
    split_tags,
    text_lines,
    type_word,
)
from bot.content.importers.textmarks import (
    FIELD,
    FIELD_WORDS,
    PAGE_MARK,
    field_name,
    heading_type,
    parts,
    same_answer,
)
from bot.domain.questions import LETTERS

# After "1." or "1:" a digit means a decimal, a section (1.1) or a time (10:30), but after
# "1．" "1、" "1）" it is the question's own first character: "2．1921年7月，…". So is a
# year (four digits) after "1.". "（1）" and "1）" are also how a question lists statements
# under it (sub-items: see _sub_item).
_QUESTION = re.compile(
    r"^(?:第\s*(?P<a>\d{1,4})\s*题\s*[、.．:：]?|[（(]\s*(?P<b>\d{1,4})\s*[)）]"
    r"|(?P<c>\d{1,4})\s*(?:(?P<close>[)）])|[．、]|\.(?=\d{4}年)|[.:：](?!\d)))\s*(?P<rest>.*)$"
)
# "1．党的最高理想是（ A ）。", "…行为规则。（√）": the answer printed in the question's
# brackets, as answer keys do. Taken when no 答案 line gives another, and the brackets are
# emptied either way: members must not see it.
_ANSWER_IN_TEXT = re.compile(
    r"[（(]\s*(?P<answer>[A-LＡ-Ｌ](?:\s*[、,，]?\s*[A-LＡ-Ｌ])*|[√×✓✗✔✘对错])\s*[)）]"
)
# What only a question has, never an answer in a key: a blank to fill, a question mark.
_BLANK = re.compile(r"[（(]\s*[)）]|_{2,}|[？?]")
# Section types whose answers are option letters or a tick, never words.
_MARKED_TYPES = ("single", "multiple", "choice", "judge")
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
    listed = 0  # the statements "（1）" "（2）" … the current question has listed
    style = ""  # how the current question's number is written (see _style)
    field = "text"  # where a continuation line goes
    seen_content = False
    unkeyed: list[tuple[int, Draft]] = []  # each question since the last key, with its number
    keys: list[AnswerKey] = []
    key: AnswerKey | None = None  # the answer key being read

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
        if PAGE_MARK.match(line):
            continue
        if key is not None:
            if not _ends_key(lines, number - 1, key.numbers):
                field = key.read_line(line, field, bank, number)
                continue
            key, field = None, "text"  # the paper's next part
        following = (lines[i] for i in range(number, len(lines)))
        heading_rest = key_heading(line, following, unkeyed)
        if heading_rest is not None:
            finish()
            key, field = AnswerKey(unkeyed), "after"
            keys.append(key)
            unkeyed = []
            if heading_rest:
                field = key.read_line(heading_rest, field, bank, number)
            continue
        heading = heading_type(line)
        if heading is not None:
            finish()
            section = heading
            field = "text"
            seen_content = True
            continue
        question = _QUESTION.match(line)
        if current and question and _sub_item(question, style, listed, field, current):
            listed += 1
            _take(current, "text", line, continued=True)
            continue
        if question:
            finish()
            current = Draft(line=number, type_hint=section)
            listed, style = 0, _style(question)
            unkeyed.append((_number(question), current))
            rest = question.group("rest")
            inline = _INLINE_TYPE.match(rest)
            if inline and type_word(inline.group("type")) is not None:
                current.type_text = inline.group("type")
                rest = rest[inline.end() :]
            field = "text"
            seen_content = True
            first, *more = parts(rest) if rest else [""]
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
        for part in parts(line):
            field = _line_into(current, part, field, label, number)
    finish()
    for each in keys:
        each.apply(bank)
    for draft in bank.drafts:
        answer_in_text(draft)
    for each in keys:
        each.report_unanswered(label)
    return bank


def _number(question: re.Match[str]) -> int:
    return int(question.group("a") or question.group("b") or question.group("c"))


def _style(question: re.Match[str]) -> str:
    """How a number is written: "（1）" "both", "1）" "close", else "dot" (1． 1、 第1题)."""
    if question.group("b") is not None:
        return "both"
    return "close" if question.group("close") is not None else "dot"


def _sub_item(
    question: re.Match[str], style: str, listed: int, field: str, current: Draft
) -> bool:
    """ "（1）…" "（2）…" under "2．下列说法正确的是（ ）：", before its options: statements the
    question lists (its options then read "A．（1）（2）"), not questions of their own, when
    they are numbered in brackets otherwise than the question ("1)" under "（5）") and count
    1, 2, 3 on."""
    own = _style(question)
    return (
        field == "text"
        and not current.options
        and own != "dot"
        and own != style
        and _number(question) == listed + 1
    )


def _ends_key(lines: Sequence[str], at: int, numbers: set[int]) -> bool:
    """Within an answer key for the questions numbered `numbers`, the line at `at` starts
    the paper's next part: a question, or a section heading over questions (a key under
    each section)."""
    section = heading_type(lines[at])
    if section is not None:
        below = _next_content(lines, at + 1, skip_headings=True)
        return below is not None and _is_question(lines, below, numbers, section)
    return _is_question(lines, at, numbers)


def _is_question(
    lines: Sequence[str], at: int, numbers: set[int], section: str | None = None
) -> bool:
    """A numbered line that is a question rather than a key entry ("5．AB", "6．互联网"): a
    number the key has no question for (numbers that run on), a blank, a question mark or
    options, or options or its 答案 below; under a heading of choice or true/false
    questions, anything but letters or a tick ("1．预备党员有表决权。" under 二、判断题)."""
    line = parts(lines[at])[0]  # not an entry's 解析：…
    question = _QUESTION.match(line)
    if question is None or is_key_line(line):
        return False
    if _number(question) not in numbers:
        return True
    rest = question.group("rest")
    if _BLANK.search(rest) or _ANSWER_IN_TEXT.search(rest) or _options_in_text(rest)[1]:
        return True
    # A key's own "二、判断题" lists ticks, its "一、单选题" letters: only 填空题 answers are text.
    if section in _MARKED_TYPES and not answer_like(rest):
        return True
    below = _next_content(lines, at + 1, skip_headings=False)
    after = lines[below] if below is not None else ""
    return bool(_OPTION.match(after)) or field_name(after) == "answer"


def _next_content(lines: Sequence[str], start: int, *, skip_headings: bool) -> int | None:
    """Where the next line from `start` with something in it is (past page numbers, and
    section headings when asked)."""
    for index in range(start, len(lines)):
        line = lines[index]
        if not line or PAGE_MARK.match(line):
            continue
        if skip_headings and heading_type(line) is not None:
            continue
        return index
    return None


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
    if given and not same_answer(written, given):
        return  # brackets that say something else are the question's own
    bracket = match.group(0)
    before, after = draft.text[: match.start()], draft.text[match.end() :]
    draft.text = f"{before}{bracket[0]}  {bracket[-1]}{after}"
    draft.answer = given or written


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


def _line_into(draft: Draft, line: str, field: str, label: str, number: int) -> str:
    """Put one line into the draft; returns where the next continuation line goes."""
    marker = FIELD.match(line)
    if marker:
        name = FIELD_WORDS[marker.group("w1") or marker.group("w2")]
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
