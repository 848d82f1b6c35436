"""What every importer produces (drafts as written in the source) and how a draft becomes a
Question, with each problem located at the source file's row or line.

Importers only read: they keep each field as the organiser wrote it. The rules (what a
valid answer is, the limits) live here once, so a spreadsheet, a GIFT file and a text file
are judged alike, and the messages name the spreadsheet column or the text marker to fix
rather than a YAML key the organiser never saw.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from bot.content.banks import (
    BANK_ID_RE,
    MAX_DIFFICULTY,
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_QUESTION_CHARS,
    MIN_DIFFICULTY,
    MIN_OPTIONS,
    QUESTION_ID_RE,
)
from bot.content.problems import Problem, ProblemArg, Severity
from bot.domain.answers import JUDGE_MARKS, normalize_fill, parse_judge, parse_letters
from bot.domain.questions import (
    DEFAULT_DIFFICULTY,
    DEFAULT_TIME_LIMIT,
    JUDGE_OPTIONS,
    LETTERS,
    Question,
    QuestionType,
)

Unit = Literal["row", "line"]  # how a position in the source is named: spreadsheet or text

# "choice" is a type word that does not say single or multiple (选择题): the answer decides.
_CHOICE = "choice"

_TYPE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("单选", "单项选择", "单项", "单选择", "single", "singlechoice", "radio", "sc"),
        "single",
    ),
    **dict.fromkeys(
        (
            *("多选", "多项选择", "多项", "不定项", "不定项选择", "多选择", "multiple"),
            *("multiplechoice", "multi", "multianswer", "multipleanswer", "checkbox"),
        ),
        "multiple",
    ),
    **dict.fromkeys(
        (
            *("判断", "是非", "对错", "正误", "judge", "truefalse", "tf", "boolean", "bool"),
            *("判断对错", "判断正误"),
        ),
        "judge",
    ),
    **dict.fromkeys(
        ("填空", "fill", "fillin", "blank", "shortanswer", "short", "completion", "填空简答"),
        "fill",
    ),
    **dict.fromkeys(("选择", "choice", "multichoice", "mc"), _CHOICE),
}
VALID_TYPE_WORDS = "单选、多选、判断、填空 / single, multiple, judge, fill"

# Options that mean a true/false question written as a two-option choice.
_JUDGE_OPTION_PAIRS = (
    ("正确", "错误"),
    ("对", "错"),
    ("√", "×"),
    ("true", "false"),
    ("是", "否"),
)
# Difficulty words of Chinese banks onto the bank's 1–5: the three levels 易/中/难 (容易/中等/
# 困难, 简单/一般) at 1, 3 and 5; the five-level scale's 较易 and 较难 between them.
_DIFFICULTY_WORDS = {
    **dict.fromkeys(("易", "容易", "简单"), 1),
    **dict.fromkeys(("较易", "较容易", "较简单"), 2),
    **dict.fromkeys(("中", "中等", "一般", "适中"), 3),
    **dict.fromkeys(("较难", "较困难"), 4),
    **dict.fromkeys(("难", "困难"), 5),
}
# "1分钟", "1分30秒" (folded: no spaces, full-width digits made ASCII).
_MINUTES = re.compile(r"(?P<minutes>\d+)(?:分钟|分)(?:(?P<seconds>\d+)(?:秒钟|秒)?)?")
# Separators between accepted fill-in variants: "5 | 五", "5｜五".
_VARIANT_SPLIT = re.compile(r"\s*[|｜]\s*")
_TAG_SPLIT = re.compile(r"[,，、;；|｜/\n]+")
_BRACKETS = "()（）[]【】"
# What may surround an answer without being part of it: "（A）", "A。", "正确。".
_ANSWER_DECOR = _BRACKETS + "。.，,；;：:、！! \u3000"


def fold(text: str) -> str:
    """For comparing words an organiser typed: NFKC, no case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def type_word(text: str) -> str | None:
    """ "single", "multiple", "judge", "fill", "choice" for a type as written; else None."""
    word = fold(text).strip(_BRACKETS + "【】")
    word = word.removesuffix("题").removesuffix("question")
    return _TYPE_WORDS.get(word)


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in _TAG_SPLIT.split(text) if t.strip()))


@dataclass
class Draft:
    """One question as the source wrote it; blank strings mean "not given"."""

    line: int | None  # source row (spreadsheet) or line (text) where the question starts
    qid: str = ""
    type_text: str = ""  # the type as written ("单选题", "multiple")
    type_hint: str | None = None  # what the format or a section heading says
    text: str = ""
    options: list[str] = field(default_factory=list)  # "" for a blank option cell
    answer: str = ""  # as written: "AC", "正确", "5 | 五"
    correct: frozenset[int] | None = None  # structured formats (GIFT) give indexes
    variants: list[str] | None = None  # structured fill-in answers (GIFT)
    judge: int | None = None  # structured true/false: index into JUDGE_OPTIONS
    explanation: str = ""
    tags: list[str] = field(default_factory=list)
    difficulty: str = ""
    time_limit: str = ""
    source: str = ""
    problems: list[Problem] = field(default_factory=list)  # found while reading
    place: str = ""  # how its problems name the file when not by its name: "题库.xlsx / 多选题"


@dataclass
class DraftBank:
    """A whole source file: the bank's own fields (where the format has them) and drafts."""

    label: str  # the file name as the organiser knows it
    format: str  # "xlsx", "csv", "aiken", "gift", "text"
    unit: Unit
    bank_id: str = ""
    title: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: bool = True
    time_limit: str = ""
    difficulty: str = ""
    meta_lines: dict[str, int] = field(default_factory=dict)  # bank field -> source row
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about the file, not a question


# Every import problem; each has a message "problem-import-<code>" in both catalogs.
IMPORT_CODES = frozenset(
    {
        *("unsupported-format", "legacy-xls", "word-document", "file-encoding"),
        *(
            "xlsx-invalid",
            "formula-no-value",
            "no-header",
            "column-ignored",
            "column-duplicate",
            "meta-ignored",
        ),
        *("enabled-invalid", "too-many", "no-questions", "bank-id-invalid"),
        *("explanations-missing", "id-invalid", "id-duplicate", "type-unknown"),
        *("text-missing", "text-too-long", "options-not-allowed", "options-too-few"),
        *("options-too-many", "option-gap", "option-too-long", "option-duplicate"),
        *("answer-missing", "answer-invalid", "answer-is-option-text"),
        *("answer-not-in-options", "answer-single-multiple", "judge-answer-invalid"),
        *("fill-variant-empty", "difficulty-invalid", "time-limit-invalid"),
        *("aiken-no-answer", "aiken-stray-answer", "gift-unsupported", "gift-unclosed"),
        *("gift-no-correct", "line-ignored", "answer-twice"),
        *("answer-key-extra", "answer-key-missing", "answer-key-conflict", "answer-key-range"),
    }
)


def problem(
    label: str,
    line: int | None,
    code: str,
    item: str | None = None,
    severity: Severity = "error",
    **args: ProblemArg,
) -> Problem:
    """An import problem; its message id is "problem-import-" + code."""
    if code not in IMPORT_CODES:
        raise ValueError(f"unknown import problem {code!r}")  # a typo: the test suite finds it
    return Problem(label, line, item, "import-" + code, args, severity)


def whole_number(text: str, *, suffixes: tuple[str, ...] = ()) -> int | None:
    """ "3", "3.0" (a spreadsheet number), "３", "30秒" -> the integer; else None."""
    word = unicodedata.normalize("NFKC", text).strip().casefold()
    for suffix in suffixes:
        word = word.removesuffix(suffix).strip()
    if re.fullmatch(r"\d+(\.0+)?", word):
        return int(word.split(".")[0])
    return None


def difficulty_value(text: str) -> int | None:
    """A difficulty 1–5 written as a number, as stars (★★★) or as a word (易, 中等, 较难)."""
    stripped = text.strip()
    if stripped and set(stripped) <= set("★☆"):
        return stripped.count("★") or None
    word = _DIFFICULTY_WORDS.get(fold(stripped))
    return word if word is not None else whole_number(stripped)


def seconds_value(text: str) -> int | None:
    """A time limit in seconds: "30", "30秒", "1分钟", "1分30秒" -> 30, 30, 60, 90; else None."""
    seconds = whole_number(text, suffixes=("秒钟", "秒", "s", "sec"))
    if seconds is not None:
        return seconds
    found = _MINUTES.fullmatch(fold(text))
    if found is None:
        return None
    return int(found.group("minutes")) * 60 + int(found.group("seconds") or 0)


def judge_value(text: str, options: tuple[str, ...] = ()) -> int | None:
    """Index into JUDGE_OPTIONS for an answer to a true/false question; else None.

    Takes the YAML words (对/错, 正确/错误, true/false), ticks and crosses, T/F, and a
    letter when the question listed its two options (A 正确 / B 错误).
    """
    index = parse_judge(text)
    if index is not None:
        return index
    word = fold(text).strip(_ANSWER_DECOR)
    if word in JUDGE_MARKS:
        return JUDGE_MARKS[word]
    if options and word in ("a", "b"):
        return "ab".index(word)
    return parse_judge(word)


def judge_pair(options: list[str]) -> bool:
    """Options that just say true/false (正确/错误, 对/错, √/×): a true/false question."""
    folded = tuple(fold(o) for o in options)
    return folded in _JUDGE_OPTION_PAIRS


def _letters_only(answer: str) -> bool:
    """ "B", "AC", "A、C": option letters (A–L) and nothing else."""
    chosen = parse_letters(answer.strip(_ANSWER_DECOR))
    return chosen is not None and max(chosen) < MAX_OPTIONS


def _squash(text: str) -> str:
    return " ".join(text.split())


class DraftChecker:
    """Turns the drafts of one bank into Questions, reporting at the source positions."""

    def __init__(self, draft_bank: DraftBank, bank_id: str, time_limit: int, difficulty: int):
        self.label = draft_bank.label
        self.bank_id = bank_id
        self.time_limit = time_limit
        self.difficulty = difficulty
        self._taken: set[str] = set()

    def check(self, drafts: list[Draft]) -> list[tuple[Draft, Question | None, list[Problem]]]:
        """Each draft with its question (None when it has an error) and its problems.

        Ids missing from the source are given afterwards (q001, q002 … by position, skipping
        ids the source used) so that re-importing the same file gives the same ids.
        """
        self._taken = {draft.qid for draft in drafts if draft.qid}
        width = max(3, len(str(len(drafts))))
        out: list[tuple[Draft, Question | None, list[Problem]]] = []
        firsts: dict[str, int | None] = {}
        for position, draft in enumerate(drafts, start=1):
            problems = list(draft.problems)
            if any(p.is_error for p in problems):
                # What could not be read says it all: no second guess at the rest.
                out.append((draft, None, problems))
                continue
            qid = draft.qid
            if not qid:
                qid = self._free_id(position, width)
            elif not QUESTION_ID_RE.fullmatch(qid):
                problems.append(self._p(draft, "id-invalid", id=qid))
            elif qid in firsts:
                first = firsts[qid]
                problems.append(self._p(draft, "id-duplicate", id=qid, first=str(first or "?")))
            firsts.setdefault(qid, draft.line)
            question = self._question(draft, qid, problems)
            if any(p.is_error for p in problems):
                question = None
            out.append((draft, question, problems))
        return out

    def _free_id(self, position: int, width: int) -> str:
        """ "q007" for the 7th question; "q007-2" if the source gave q007 to another."""
        base = candidate = f"q{position:0{width}d}"
        number = 2
        while candidate in self._taken:
            candidate = f"{base}-{number}"
            number += 1
        self._taken.add(candidate)
        return candidate

    def _p(
        self, draft: Draft, code: str, severity: Severity = "error", **args: str | int
    ) -> Problem:
        item = draft.qid or None
        return problem(draft.place or self.label, draft.line, code, item, severity, **args)

    # -- one question -------------------------------------------------------------------

    def _question(self, draft: Draft, qid: str, problems: list[Problem]) -> Question | None:
        report = problems.append
        text = draft.text.strip()
        if not text:
            report(self._p(draft, "text-missing"))
        elif len(text) > MAX_QUESTION_CHARS:
            report(self._p(draft, "text-too-long", length=len(text), max=MAX_QUESTION_CHARS))

        options = self._options(draft, problems)
        qtype = self._type(draft, options, problems)
        if qtype is None or options is None:
            return None

        correct: frozenset[int] = frozenset()
        accepted: tuple[str, ...] = ()
        if qtype is QuestionType.JUDGE:
            judged = self._judge(draft, options, problems)
            if judged is None:
                return None
            correct, options = frozenset({judged}), JUDGE_OPTIONS
        elif qtype is QuestionType.FILL:
            if options:
                report(self._p(draft, "options-not-allowed", type=str(qtype)))
                return None
            variants = self._variants(draft, problems)
            if variants is None:
                return None
            accepted = variants
        else:
            if len(options) < MIN_OPTIONS:
                report(self._p(draft, "options-too-few", count=len(options), min=MIN_OPTIONS))
                return None
            chosen = self._letters(draft, qtype, options, problems)
            if chosen is None:
                return None
            qtype, correct = chosen

        difficulty = self.difficulty
        if draft.difficulty.strip():
            value = difficulty_value(draft.difficulty)
            if value is None or not MIN_DIFFICULTY <= value <= MAX_DIFFICULTY:
                report(self._p(draft, "difficulty-invalid", value=draft.difficulty.strip()))
            else:
                difficulty = value
        time_limit = self.time_limit
        if draft.time_limit.strip():
            seconds = seconds_value(draft.time_limit)
            if seconds is None:
                report(self._p(draft, "time-limit-invalid", value=draft.time_limit.strip()))
            else:
                time_limit = seconds
        if not text or any(p.is_error for p in problems):
            return None
        return Question(
            bank_id=self.bank_id,
            id=qid,
            type=qtype,
            text=text,
            options=options if qtype.is_choice else (),
            correct=correct,
            accepted=accepted,
            explanation=draft.explanation.strip(),
            tags=tuple(dict.fromkeys(t.strip() for t in draft.tags if t.strip())),
            difficulty=difficulty,
            time_limit=time_limit,
            source=draft.source.strip() or None,
        )

    def _options(self, draft: Draft, problems: list[Problem]) -> tuple[str, ...] | None:
        raw = [o.strip() for o in draft.options]
        while raw and not raw[-1]:
            raw.pop()
        ok = True
        if len(raw) > MAX_OPTIONS:
            problems.append(self._p(draft, "options-too-many", count=len(raw), max=MAX_OPTIONS))
            return None
        seen: dict[str, str] = {}
        for i, option in enumerate(raw):
            letter = LETTERS[i]
            if not option:
                problems.append(self._p(draft, "option-gap", letter=letter))
                ok = False
                continue
            if len(option) > MAX_OPTION_CHARS:
                problems.append(
                    self._p(
                        draft,
                        "option-too-long",
                        letter=letter,
                        length=len(option),
                        max=MAX_OPTION_CHARS,
                    )
                )
                ok = False
            key = _squash(option)
            if key in seen:
                problems.append(self._p(draft, "option-duplicate", letter=letter, first=seen[key]))
                ok = False
            else:
                seen[key] = letter
        return tuple(raw) if ok else None

    def _type(
        self, draft: Draft, options: tuple[str, ...] | None, problems: list[Problem]
    ) -> QuestionType | None:
        written = draft.type_text.strip()
        kind: str | None
        if written:
            kind = type_word(written)
            if kind is None:
                problems.append(
                    self._p(draft, "type-unknown", type=written, valid=VALID_TYPE_WORDS)
                )
                return None
        else:
            kind = draft.type_hint
        if kind is None:  # nothing says: the options and the answer do
            if draft.correct is not None:
                kind = _CHOICE
            elif draft.judge is not None:
                kind = "judge"
            elif draft.variants is not None:
                kind = "fill"
            elif options and judge_pair(list(options)):
                kind = "judge"
            elif options or _letters_only(draft.answer):
                # Option letters with no options: the options were not found (a column
                # not read, a layout not recognised), not a fill-in whose answer is "B".
                kind = _CHOICE
            elif judge_value(draft.answer) is not None:
                kind = "judge"
            else:
                kind = "fill"
        if kind == "judge" and options and not judge_pair(list(options)):
            problems.append(self._p(draft, "options-not-allowed", type="judge"))
            return None
        if kind == _CHOICE:
            return QuestionType.SINGLE  # may become multiple once the answer is read
        return QuestionType(kind)

    def _letters(
        self,
        draft: Draft,
        qtype: QuestionType,
        options: tuple[str, ...],
        problems: list[Problem],
    ) -> tuple[QuestionType, frozenset[int]] | None:
        explicit = type_word(draft.type_text) if draft.type_text.strip() else draft.type_hint
        valid = f"A–{LETTERS[len(options) - 1]}"
        chosen = draft.correct
        answer = draft.answer.strip()
        if chosen is None:
            if not answer:
                problems.append(self._p(draft, "answer-missing"))
                return None
            chosen = parse_letters(answer.strip(_ANSWER_DECOR))
            if chosen is None:
                squashed = [_squash(o) for o in options]
                if _squash(answer) in squashed:
                    index = squashed.index(_squash(answer))
                    if explicit != "multiple":
                        return QuestionType.SINGLE, frozenset({index})
                    letter = LETTERS[index]
                    problems.append(
                        self._p(draft, "answer-is-option-text", answer=answer, letter=letter)
                    )
                    return None
                problems.append(self._p(draft, "answer-invalid", answer=answer, valid=valid))
                return None
        if not chosen:
            problems.append(self._p(draft, "answer-missing"))
            return None
        outside = [
            LETTERS[i] if i < len(LETTERS) else str(i + 1)
            for i in sorted(chosen)
            if i >= len(options)
        ]
        if outside:
            problems.append(
                self._p(draft, "answer-not-in-options", answer=", ".join(outside), valid=valid)
            )
            return None
        if explicit == "multiple":
            return QuestionType.MULTIPLE, frozenset(chosen)
        if len(chosen) > 1:
            if explicit in (None, _CHOICE):
                return QuestionType.MULTIPLE, frozenset(chosen)
            shown = "".join(LETTERS[i] for i in sorted(chosen))
            problems.append(self._p(draft, "answer-single-multiple", answer=shown))
            return None
        return qtype, frozenset(chosen)

    def _judge(
        self, draft: Draft, options: tuple[str, ...], problems: list[Problem]
    ) -> int | None:
        if draft.judge is not None:
            return draft.judge
        answer = draft.answer.strip()
        if not answer:
            problems.append(self._p(draft, "answer-missing"))
            return None
        value = judge_value(answer, options)
        if (
            value is not None
            and options
            and fold(options[0]) in ("错误", "错", "×", "false", "否")
        ):
            value = 1 - value if fold(answer) in ("a", "b") else value  # B 正确 / A 错误
        if value is None:
            problems.append(self._p(draft, "judge-answer-invalid", answer=answer))
        return value

    def _variants(self, draft: Draft, problems: list[Problem]) -> tuple[str, ...] | None:
        raw = draft.variants if draft.variants is not None else split_variants(draft.answer)
        variants = [v.strip() for v in raw if v.strip()]
        if not variants:
            problems.append(self._p(draft, "answer-missing"))
            return None
        kept: dict[str, str] = {}
        ok = True
        for variant in variants:
            normal = normalize_fill(variant)
            if not normal:
                problems.append(self._p(draft, "fill-variant-empty", variant=variant))
                ok = False
            kept.setdefault(normal, variant)  # the first spelling is the one shown
        return tuple(kept.values()) if ok else None


def split_variants(answer: str) -> list[str]:
    """Accepted fill-in answers written "5 | 五" (or "５｜五"), each kept as written."""
    return [part for part in _VARIANT_SPLIT.split(answer.strip()) if part]


IdSource = Literal["given", "file", "name"]


def resolve_bank_id(
    draft_bank: DraftBank, override: str | None
) -> tuple[str, IdSource, Problem | None]:
    """The bank id and where it came from: given (--bank, the caption), the file's own
    (the 题库信息 sheet), or made from the file name."""
    source: IdSource = "given"
    chosen, line = (override or "").strip(), None
    if not chosen:
        source, chosen = "file", draft_bank.bank_id.strip()
        line = draft_bank.meta_lines.get("id")
    if not chosen:
        return slug_id(draft_bank.label), "name", None
    if not BANK_ID_RE.fullmatch(chosen):
        return chosen, source, problem(draft_bank.label, line, "bank-id-invalid", id=chosen)
    return chosen, source, None


def slug_id(name: str) -> str:
    """A bank id from a file name: "Party Basics.xlsx" -> "party-basics".

    A name with Chinese in it (题库2020.xlsx) gets "bank-", its Latin letters and digits,
    and a short digest of the name: the same file name always gives the same id.
    """
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.split(".", 1)[0] if "." in stem else stem
    folded = unicodedata.normalize("NFKC", stem).casefold()
    slug = re.sub(r"[^a-z0-9_]+", "-", folded.encode("ascii", "ignore").decode())
    slug = slug.strip("-_")[:40].strip("-_")
    if folded.isascii() and re.search(r"[a-z]", slug):
        return slug
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6]
    return f"bank-{slug}-{digest}" if slug else f"bank-{digest}"


def draft_defaults(draft_bank: DraftBank) -> tuple[int, int, list[Problem]]:
    """The bank's default time limit and difficulty, when its file gives them."""
    problems: list[Problem] = []
    time_limit, difficulty = DEFAULT_TIME_LIMIT, DEFAULT_DIFFICULTY
    if draft_bank.time_limit.strip():
        seconds = seconds_value(draft_bank.time_limit)
        if seconds is None:
            line = draft_bank.meta_lines.get("time_limit")
            value = draft_bank.time_limit.strip()
            problems.append(problem(draft_bank.label, line, "time-limit-invalid", value=value))
        else:
            time_limit = seconds
    if draft_bank.difficulty.strip():
        value_ = difficulty_value(draft_bank.difficulty)
        if value_ is None or not MIN_DIFFICULTY <= value_ <= MAX_DIFFICULTY:
            line = draft_bank.meta_lines.get("difficulty")
            value = draft_bank.difficulty.strip()
            problems.append(problem(draft_bank.label, line, "difficulty-invalid", value=value))
        else:
            difficulty = value_
    return time_limit, difficulty, problems


def decode_text(data: bytes) -> str | None:
    """Text from an uploaded file: UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's
    "Unicode text"), or GBK/GB18030 (what Excel and Notepad save on a Chinese Windows).
    None when it is none of these."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def text_lines(text: str) -> list[str]:
    """Lines with Windows and old Mac line endings folded, and stray BOMs dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text.split("\n")
