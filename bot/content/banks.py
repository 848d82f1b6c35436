"""Question banks: `quizzes/*.yaml` files read into Bank values, every problem with its line.

The file is composed once into a YAML node tree and the values are built from the nodes, so
every problem can name its line (the plumbing is bot.content.yamlnodes, shared with the
schedule loader). Scalars used as text keep exactly what was written (`- 0.50` stays "0.50",
`answer: 5` is "5"), which is what an organiser means in a question bank.

A file with any error is rejected as a whole (its bank is not loaded) so that nobody plays
a half-checked bank; warnings never reject. The bot starts with the other banks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.content.problems import Problem, ProblemList
from bot.content.yamlnodes import (
    BOOL_TAG,
    INT_TAG,
    NULL_TAG,
    YAML_LOADER,
    Entry,
    NodeReader,
    ProblemRules,
    is_null,
    node_line,
    path_label,
    peek_scalar,
    shown,
    yaml_files,
)
from bot.domain.answers import normalize_fill, parse_judge, parse_letters
from bot.domain.questions import (
    DEFAULT_DIFFICULTY,
    DEFAULT_TIME_LIMIT,
    JUDGE_OPTIONS,
    LETTERS,
    Bank,
    Question,
    QuestionType,
)

# Telegram quiz polls (used for group contests) take at most 300 characters of question,
# 100 per option and 200 of explanation; a longer explanation is sent as its own message.
MAX_QUESTION_CHARS = 300
MAX_OPTION_CHARS = 100
MAX_EXPLANATION_CHARS = 200
# An explanation longer than this cannot go out at all: with the verdict or a contest's
# closing lines around it, it would pass Telegram's 4,096 characters a message.
MAX_EXPLANATION_MESSAGE_CHARS = 3000
MIN_OPTIONS = 2
MAX_OPTIONS = 12
MIN_DIFFICULTY = 1
MAX_DIFFICULTY = 5
MAX_ID_CHARS = 64

BANK_ID_RE = re.compile(rf"[a-z0-9_-]{{1,{MAX_ID_CHARS}}}")
QUESTION_ID_RE = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_ID_CHARS}}}")

BANK_KEYS = ("id", "title", "description", "tags", "enabled", "defaults", "questions")
DEFAULTS_KEYS = ("time_limit", "difficulty")
QUESTION_KEYS = (
    *("id", "type", "question", "options", "answer", "explanation"),
    *("tags", "difficulty", "time_limit", "source"),
)

WARNING_CODES = frozenset({"explanation-missing", "explanation-long", "no-banks"})
ERROR_CODES = frozenset(
    {
        *("folder-missing", "file-unreadable", "file-encoding", "yaml-syntax", "empty-file"),
        *("top-not-mapping", "duplicate-key", "unknown-key", "unknown-key-suggest"),
        *("key-not-text", "value-not-text", "value-not-mapping", "tags-invalid"),
        *("enabled-invalid", "bank-id-missing", "bank-id-invalid", "bank-id-duplicate"),
        *("title-missing", "questions-missing", "questions-not-list", "questions-empty"),
        *("question-not-mapping", "question-id-missing", "question-id-invalid"),
        *("question-id-duplicate", "type-missing", "type-unknown", "text-missing"),
        *("question-too-long", "options-missing", "options-not-allowed", "options-not-list"),
        *("options-too-few", "options-too-many", "option-empty", "option-duplicate"),
        *("option-too-long", "answer-missing", "answer-invalid", "answer-is-option-text"),
        *("answer-not-in-options", "answer-single-multiple", "answer-multiple-empty"),
        *("judge-answer-invalid", "fill-answer-empty", "fill-variant-empty"),
        *("time-limit-invalid", "difficulty-invalid", "explanation-too-long"),
    }
)
PROBLEM_CODES = ERROR_CODES | WARNING_CODES

# Keys organisers may write in Chinese by habit: suggest the English key instead.
_KEY_ALIASES = {
    "编号": "id",
    "标题": "title",
    "简介": "description",
    "说明": "description",
    "标签": "tags",
    "启用": "enabled",
    "默认": "defaults",
    "题目": "questions",
    "类型": "type",
    "题型": "type",
    "问题": "question",
    "题干": "question",
    "选项": "options",
    "答案": "answer",
    "解析": "explanation",
    "难度": "difficulty",
    "时限": "time_limit",
    "来源": "source",
    "出处": "source",
}

_RULES = ProblemRules(warnings=WARNING_CODES, key_aliases=_KEY_ALIASES)

_TYPES = {t.value: t for t in QuestionType}
_VALID_TYPES = ", ".join(_TYPES)


def _letter_range(count: int) -> str:
    return f"A–{LETTERS[min(count, len(LETTERS)) - 1]}"


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Reader(NodeReader):
    """Walks one file's node tree, building the bank and collecting problems."""

    def __init__(self, label: str) -> None:
        super().__init__(label, _RULES)
        self.id_line: int | None = None
        self.bank_id: str | None = None  # a well-formed id, also of a bank with errors
        self._question_lines: dict[str, int] = {}

    def text(self, entry: Entry | None, item: str | None) -> str | None:
        """Stripped text of a scalar ("" when absent or null); None when not a scalar."""
        if entry is None:
            return ""
        key_node, value = entry
        if isinstance(value, ScalarNode):
            return "" if value.tag == NULL_TAG else str(value.value).strip()
        self.report("value-not-text", key_node, item, key=str(key_node.value))
        return None

    def tags(self, entry: Entry | None, item: str | None) -> tuple[str, ...]:
        if entry is None:
            return ()
        key_node, value = entry
        if is_null(value):
            return ()
        if isinstance(value, SequenceNode) and all(isinstance(n, ScalarNode) for n in value.value):
            words = (str(n.value).strip() for n in value.value if n.tag != NULL_TAG)
            return tuple(dict.fromkeys(w for w in words if w))
        self.report("tags-invalid", key_node, item, key=str(key_node.value))
        return ()

    def integer(
        self, entry: Entry, low: int, high: int | None, code: str, item: str | None
    ) -> int:
        """An integer within [low, high]; reported (and a harmless 0 returned) otherwise."""
        key_node, value = entry
        number: int | None = None
        if isinstance(value, ScalarNode) and value.tag == INT_TAG:
            number = int(self.loader.construct_yaml_int(value))
        if number is None or number < low or (high is not None and number > high):
            self.report(code, key_node, item, value=shown(value))
            return 0
        return number

    # -- the bank -------------------------------------------------------------------------

    def bank(self, root: Node) -> Bank | None:
        if not isinstance(root, MappingNode):
            self.report("top-not-mapping", root, None)
            return None
        f = self.fields(root, BANK_KEYS, None)

        bank_id = self.text(f.get("id"), None)
        if "id" in f:
            self.id_line = node_line(f["id"][0])
        if bank_id == "":
            self.report("bank-id-missing", f["id"][0] if "id" in f else 1, None)
        elif bank_id is not None and not BANK_ID_RE.fullmatch(bank_id):
            self.report("bank-id-invalid", f["id"][0], None, id=bank_id)
        elif bank_id is not None:
            self.bank_id = bank_id

        title = self.text(f.get("title"), None)
        if title == "":
            self.report("title-missing", f["title"][0] if "title" in f else 1, None)
        description = self.text(f.get("description"), None) or None
        tags = self.tags(f.get("tags"), None)

        enabled = True
        if "enabled" in f:
            key_node, value = f["enabled"]
            if isinstance(value, ScalarNode) and value.tag == BOOL_TAG:
                enabled = bool(self.loader.construct_yaml_bool(value))
            else:
                self.report("enabled-invalid", key_node, None, value=shown(value))

        time_limit, difficulty = DEFAULT_TIME_LIMIT, DEFAULT_DIFFICULTY
        if "defaults" in f:
            key_node, value = f["defaults"]
            if isinstance(value, MappingNode):
                d = self.fields(value, DEFAULTS_KEYS, None)
                if "time_limit" in d:
                    time_limit = self.integer(d["time_limit"], 0, None, "time-limit-invalid", None)
                if "difficulty" in d:
                    difficulty = self.integer(
                        d["difficulty"], MIN_DIFFICULTY, MAX_DIFFICULTY, "difficulty-invalid", None
                    )
            elif not is_null(value):
                self.report("value-not-mapping", key_node, None, key="defaults")

        questions = self.questions(f.get("questions"), root, bank_id or "", time_limit, difficulty)
        if self.errors or bank_id is None or title is None:
            return None
        return Bank(
            id=bank_id,
            title=title,
            description=description,
            tags=tags,
            enabled=enabled,
            questions=questions,
            path=self.label,
        )

    def questions(
        self, entry: Entry | None, root: Node, bank_id: str, time_limit: int, difficulty: int
    ) -> tuple[Question, ...]:
        if entry is None:
            self.report("questions-missing", root, None)
            return ()
        key_node, value = entry
        if is_null(value):
            self.report("questions-empty", key_node, None)
            return ()
        if not isinstance(value, SequenceNode):
            self.report("questions-not-list", key_node, None)
            return ()
        if not value.value:
            self.report("questions-empty", key_node, None)
            return ()
        built = []
        for index, node in enumerate(value.value, start=1):
            q = self.question(node, index, bank_id, time_limit, difficulty)
            if q is not None:
                built.append(q)
        return tuple(built)

    # -- one question ---------------------------------------------------------------------

    def question(
        self, node: Node, index: int, bank_id: str, time_limit: int, difficulty: int
    ) -> Question | None:
        if not isinstance(node, MappingNode):
            self.report("question-not-mapping", node, f"#{index}")
            return None
        item = peek_scalar(node, "id") or f"#{index}"  # the id is checked by fields()
        errors_before = self.errors
        f = self.fields(node, QUESTION_KEYS, item)

        qid = self.question_id(f.get("id"), node, item)
        qtype = self.question_type(f.get("type"), node, item)
        text = self.text(f.get("question"), item)
        if text == "":
            self.report("text-missing", f["question"][0] if "question" in f else node, item)
        elif text is not None and len(text) > MAX_QUESTION_CHARS:
            at = f["question"][0]
            self.report("question-too-long", at, item, length=len(text), max=MAX_QUESTION_CHARS)

        options: tuple[str, ...] | None = ()
        correct: frozenset[int] | None = frozenset()
        accepted: tuple[str, ...] | None = ()
        answer = f.get("answer")
        if qtype is QuestionType.SINGLE or qtype is QuestionType.MULTIPLE:
            options = self.options(f.get("options"), qtype, node, item)
            correct = self.choice_answer(answer, qtype, options, node, item)
        elif qtype is QuestionType.JUDGE:
            self.no_options(f.get("options"), qtype, item)
            options = JUDGE_OPTIONS
            correct = self.judge_answer(answer, node, item)
        elif qtype is QuestionType.FILL:
            self.no_options(f.get("options"), qtype, item)
            accepted = self.fill_answer(answer, node, item)

        explanation = self.text(f.get("explanation"), item)
        if explanation == "":
            at = f["explanation"][0] if "explanation" in f else node
            self.report("explanation-missing", at, item)
        elif explanation is not None and len(explanation) > MAX_EXPLANATION_MESSAGE_CHARS:
            at = f["explanation"][0]
            limit = MAX_EXPLANATION_MESSAGE_CHARS
            self.report("explanation-too-long", at, item, length=len(explanation), max=limit)
        elif explanation is not None and len(explanation) > MAX_EXPLANATION_CHARS:
            at = f["explanation"][0]
            limit = MAX_EXPLANATION_CHARS
            self.report("explanation-long", at, item, length=len(explanation), max=limit)

        tags = self.tags(f.get("tags"), item)
        if "difficulty" in f:
            difficulty = self.integer(
                f["difficulty"], MIN_DIFFICULTY, MAX_DIFFICULTY, "difficulty-invalid", item
            )
        if "time_limit" in f:
            time_limit = self.integer(f["time_limit"], 0, None, "time-limit-invalid", item)
        source = self.text(f.get("source"), item) or None

        if (
            self.errors > errors_before
            or qid is None
            or qtype is None
            or text is None
            or options is None
            or correct is None
            or accepted is None
        ):
            return None
        return Question(
            bank_id=bank_id,
            id=qid,
            type=qtype,
            text=text,
            options=options,
            correct=correct,
            accepted=accepted,
            explanation=explanation or "",
            tags=tags,
            difficulty=difficulty,
            time_limit=time_limit,
            source=source,
        )

    def question_id(self, entry: Entry | None, node: Node, item: str) -> str | None:
        qid = self.text(entry, item)
        if qid is None:
            return None
        if entry is None or qid == "":
            self.report("question-id-missing", node if entry is None else entry[0], item)
            return None
        if not QUESTION_ID_RE.fullmatch(qid):
            self.report("question-id-invalid", entry[0], item, id=qid)
            return None
        first = self._question_lines.get(qid)
        if first is not None:
            self.report("question-id-duplicate", entry[0], item, id=qid, first_line=str(first))
            return None
        self._question_lines[qid] = node_line(entry[0])
        return qid

    def question_type(self, entry: Entry | None, node: Node, item: str) -> QuestionType | None:
        name = self.text(entry, item)
        if name is None:
            return None
        if entry is None or name == "":
            at = node if entry is None else entry[0]
            self.report("type-missing", at, item, valid=_VALID_TYPES)
            return None
        qtype = _TYPES.get(name.casefold())
        if qtype is None:
            self.report("type-unknown", entry[0], item, type=name, valid=_VALID_TYPES)
        return qtype

    def options(
        self, entry: Entry | None, qtype: QuestionType, node: Node, item: str
    ) -> tuple[str, ...] | None:
        if entry is None:
            self.report("options-missing", node, item, type=str(qtype))
            return None
        key_node, value = entry
        if is_null(value):
            self.report("options-missing", key_node, item, type=str(qtype))
            return None
        if not isinstance(value, SequenceNode):
            self.report("options-not-list", key_node, item)
            return None
        count = len(value.value)
        ok = True
        if count < MIN_OPTIONS:
            self.report("options-too-few", key_node, item, count=count, min=MIN_OPTIONS)
            ok = False
        elif count > MAX_OPTIONS:
            self.report("options-too-many", key_node, item, count=count, max=MAX_OPTIONS)
            ok = False
        texts: list[str] = []
        seen: dict[str, str] = {}
        for i, option in enumerate(value.value):
            letter = LETTERS[i] if i < len(LETTERS) else str(i + 1)
            if not isinstance(option, ScalarNode):
                self.report("value-not-text", option, item, key=f"options {letter}")
                ok = False
                continue
            text = "" if option.tag == NULL_TAG else str(option.value).strip()
            if not text:
                self.report("option-empty", option, item, letter=letter)
                ok = False
                continue
            if len(text) > MAX_OPTION_CHARS:
                limit = MAX_OPTION_CHARS
                self.report(
                    "option-too-long", option, item, letter=letter, length=len(text), max=limit
                )
                ok = False
            squashed = _squash(text)
            if squashed in seen:
                self.report("option-duplicate", option, item, letter=letter, first=seen[squashed])
                ok = False
            else:
                seen[squashed] = letter
            texts.append(text)
        return tuple(texts) if ok else None

    def no_options(self, entry: Entry | None, qtype: QuestionType, item: str) -> None:
        if entry is not None:
            self.report("options-not-allowed", entry[0], item, type=str(qtype))

    def _answer_parts(
        self, entry: Entry | None, node: Node, item: str
    ) -> list[tuple[str, Node]] | None:
        """The answer as (stripped text, node) pairs: a scalar is a list of one."""
        if entry is None:
            self.report("answer-missing", node, item)
            return None
        key_node, value = entry
        if isinstance(value, ScalarNode):
            return [] if value.tag == NULL_TAG else [(str(value.value).strip(), value)]
        if isinstance(value, SequenceNode) and all(isinstance(n, ScalarNode) for n in value.value):
            return [(str(n.value).strip(), n) for n in value.value if n.tag != NULL_TAG]
        self.report("value-not-text", key_node, item, key="answer")
        return None

    def choice_answer(
        self,
        entry: Entry | None,
        qtype: QuestionType,
        options: tuple[str, ...] | None,
        node: Node,
        item: str,
    ) -> frozenset[int] | None:
        pairs = self._answer_parts(entry, node, item)
        if pairs is None or entry is None:
            return None
        key_node = entry[0]
        parts = [text for text, _ in pairs if text]
        if not parts:
            code = "answer-multiple-empty" if qtype is QuestionType.MULTIPLE else "answer-missing"
            self.report(code, key_node, item)
            return None
        count = len(options) if options is not None else None
        valid = _letter_range(count if count is not None else MAX_OPTIONS)
        chosen: set[int] = set()
        for part in parts:
            letters = parse_letters(part)
            if letters is None:
                squashed = [_squash(o) for o in options or ()]
                if _squash(part) in squashed:
                    letter = LETTERS[squashed.index(_squash(part))]
                    self.report(
                        "answer-is-option-text", key_node, item, answer=part, letter=letter
                    )
                else:
                    self.report("answer-invalid", key_node, item, answer=part, valid=valid)
                return None
            chosen |= letters
        if qtype is QuestionType.SINGLE and len(chosen) > 1:
            self.report("answer-single-multiple", key_node, item, answer=", ".join(parts))
            return None
        if count is None:
            return None  # options are broken (already reported): range cannot be checked
        outside = [LETTERS[i] for i in sorted(chosen) if i >= count]
        if outside:
            answer = ", ".join(outside)
            self.report("answer-not-in-options", key_node, item, answer=answer, valid=valid)
            return None
        return frozenset(chosen)

    def judge_answer(self, entry: Entry | None, node: Node, item: str) -> frozenset[int] | None:
        pairs = self._answer_parts(entry, node, item)
        if pairs is None or entry is None:
            return None
        parts = [text for text, _ in pairs]
        # YAML 1.1 also reads yes/no/on/off as booleans; only true/false are accepted here,
        # and parse_judge reads the text as written, so `answer: yes` is reported.
        index = parse_judge(parts[0]) if len(parts) == 1 else None
        if index is None:
            written = ", ".join(parts) if parts else shown(entry[1])
            self.report("judge-answer-invalid", entry[0], item, answer=written)
            return None
        return frozenset({index})

    def fill_answer(self, entry: Entry | None, node: Node, item: str) -> tuple[str, ...] | None:
        pairs = self._answer_parts(entry, node, item)
        if pairs is None or entry is None:
            return None
        if not pairs or (len(pairs) == 1 and not pairs[0][0]):
            self.report("fill-answer-empty", entry[0], item)
            return None
        variants: dict[str, str] = {}
        ok = True
        for variant, at in pairs:
            normal = normalize_fill(variant)
            if not normal:
                self.report("fill-variant-empty", at, item, variant=variant)
                ok = False
            variants.setdefault(normal, variant)  # the first spelling is the one shown
        return tuple(variants.values()) if ok else None


def _read(path: Path, label: str) -> tuple[Bank | None, list[Problem], _Reader]:
    """Bank, problems, and the reader (its bank id and the id's line, for cross-file
    reports)."""
    reader = _Reader(label)
    # This module's YAML_LOADER, looked up at each call, is the loader (tests swap it).
    with reader.compose(path, YAML_LOADER) as root:
        if root is None:
            return None, reader.problems, reader
        bank = reader.bank(root)
    # Walk order is not line order (a duplicate id is known late): sort for the reader.
    problems = sorted(reader.problems, key=lambda p: p.line or 0)
    return bank, problems, reader


def load_bank_file(path: Path, *, base: Path | None = None) -> tuple[Bank | None, list[Problem]]:
    """Every problem in one file; the bank is None when any problem is an error."""
    bank, problems, _ = _read(path, path_label(path, base))
    return bank, problems


@dataclass(frozen=True)
class BankCatalog(ProblemList):
    banks: tuple[Bank, ...] = ()
    problems: tuple[Problem, ...] = ()
    failed_files: tuple[str, ...] = ()  # files whose bank was rejected
    # Bank id -> its file, of the banks rejected for errors in their own file.
    broken: Mapping[str, str] = field(default_factory=dict, hash=False)

    @cached_property
    def _by_id(self) -> Mapping[str, Bank]:
        return {b.id: b for b in self.banks}

    @cached_property
    def _by_key(self) -> Mapping[str, Question]:
        # Every answer looks its question up a few times: a scan of a bank of thousands
        # would cost more than the rest of the answer.
        return {q.key: q for b in self.banks for q in b.questions}

    def by_id(self, bank_id: str) -> Bank | None:
        return self._by_id.get(bank_id)

    def enabled(self) -> tuple[Bank, ...]:
        return tuple(b for b in self.banks if b.enabled)

    def question(self, key: str) -> Question | None:
        """Look up "bank_id/question_id" (Question.key), disabled banks included."""
        return self._by_key.get(key)

    def find(self, bank_or_tag: str, *, include_disabled: bool = False) -> list[Question]:
        """Questions for /quiz: a bank id, else bank titles, else a bank or question tag.

        Ids, titles and tags match ignoring case, surrounding spaces and full-width forms.
        Disabled banks are left out unless asked for.
        """
        pool = self.banks if include_disabled else self.enabled()
        wanted = _folded(bank_or_tag)
        for bank in pool:
            if bank.id == wanted:
                return list(bank.questions)
        found = [q for b in pool if _folded(b.title) == wanted for q in b.questions]
        if found:
            return found
        for bank in pool:
            if any(_folded(t) == wanted for t in bank.tags):
                found.extend(bank.questions)
            else:
                found.extend(
                    q for q in bank.questions if any(_folded(t) == wanted for t in q.tags)
                )
        return found

    def only_switched_off(self, bank_or_tag: str) -> bool:
        """`bank_or_tag` names questions of banks with enabled: false alone: /banks lists
        them, so "not found" would contradict it; the asker is told they are switched off."""
        return not self.find(bank_or_tag) and bool(self.find(bank_or_tag, include_disabled=True))


def _folded(name: str) -> str:
    """A bank id, title or tag as typed: full-width letters, digits and brackets (ｍｉｘｅｄ,
    （一）) as a Chinese keyboard types them, any case, surrounding spaces."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def load_banks(folder: Path, *, base: Path | None = None) -> BankCatalog:
    """Every bank in `folder` (*.yaml, *.yml; not subfolders, not names starting with _ or .).

    Files are read in name order; a bank id already taken by an earlier file rejects the
    later file. Problem paths are relative to `base` (the project directory) when given.
    """
    if not folder.is_dir():
        label = path_label(folder, base)
        return BankCatalog(problems=(Problem(label, None, None, "folder-missing"),))
    banks: list[Bank] = []
    problems: list[Problem] = []
    failed: list[str] = []
    owners: dict[str, str] = {}
    broken: dict[str, str] = {}
    files = yaml_files(folder)
    for path in files:
        label = path_label(path, base)
        bank, found, reader = _read(path, label)
        problems.extend(found)
        if bank is not None and bank.id in owners:
            args = {"id": bank.id, "other": owners[bank.id]}
            problems.append(Problem(label, reader.id_line, None, "bank-id-duplicate", args))
            bank = None
        elif bank is None and reader.bank_id is not None:
            broken.setdefault(reader.bank_id, label)
        if bank is None:
            failed.append(label)
        else:
            owners[bank.id] = label
            banks.append(bank)
    if not files:
        problems.append(Problem(path_label(folder, base), None, None, "no-banks", {}, "warning"))
    working = {bank.id for bank in banks}
    broken = {bank_id: file for bank_id, file in broken.items() if bank_id not in working}
    return BankCatalog(tuple(banks), tuple(problems), tuple(failed), broken)
