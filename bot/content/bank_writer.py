"""Writing a bank as the documented YAML (quizzes/README.md): what an organiser would write.

Keys in the documented order, Chinese as is (no \\u escapes), lists of words in flow style
(`tags: [党章, 政治建设]`, `answer: [A, C]`), options one per line, multi-line text as a
literal block, no line folding. The defaults are the values most questions share, and a
question repeats a time limit or difficulty only where it differs.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.domain.questions import (
    DEFAULT_DIFFICULTY,
    DEFAULT_TIME_LIMIT,
    Bank,
    Question,
    QuestionType,
)

# The answer word written for each true/false index (JUDGE_OPTIONS order).
JUDGE_WORDS = ("对", "错")


class _Flow(list[Any]):
    """A list written on one line: [a, b]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent block lists under their key ("options:\n  - a"), as the samples do.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # never fold a line: organisers edit these files by hand
        indent=2,
    )


def most_common(values: list[int], fallback: int) -> int:
    """The value most questions share (ties: the smaller)."""
    if not values:
        return fallback
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def bank_defaults(bank: Bank) -> tuple[int, int]:
    """(time_limit, difficulty) most questions share: what `defaults` should say."""
    time_limit = most_common([q.time_limit for q in bank.questions], DEFAULT_TIME_LIMIT)
    difficulty = most_common([q.difficulty for q in bank.questions], DEFAULT_DIFFICULTY)
    return time_limit, difficulty


def question_document(q: Question, time_limit: int, difficulty: int) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": q.id, "type": str(q.type), "question": q.text}
    if q.type is QuestionType.SINGLE or q.type is QuestionType.MULTIPLE:
        doc["options"] = list(q.options)
        letters = list(q.correct_letters)
        doc["answer"] = letters[0] if q.type is QuestionType.SINGLE else _Flow(letters)
    elif q.type is QuestionType.JUDGE:
        doc["answer"] = JUDGE_WORDS[min(q.correct)]
    else:
        doc["answer"] = q.accepted[0] if len(q.accepted) == 1 else _Flow(q.accepted)
    if q.explanation:
        doc["explanation"] = q.explanation
    if q.tags:
        doc["tags"] = _Flow(q.tags)
    if q.difficulty != difficulty:
        doc["difficulty"] = q.difficulty
    if q.time_limit != time_limit:
        doc["time_limit"] = q.time_limit
    if q.source:
        doc["source"] = q.source
    return doc


def dump_bank_lines(bank: Bank, defaults: tuple[int, int] | None = None) -> tuple[str, list[int]]:
    """The YAML text and the line (1-based) where each question starts in it."""
    time_limit, difficulty = defaults if defaults is not None else bank_defaults(bank)
    head: dict[str, Any] = {"id": bank.id, "title": bank.title}
    if bank.description:
        head["description"] = bank.description
    if bank.tags:
        head["tags"] = _Flow(bank.tags)
    if not bank.enabled:
        head["enabled"] = False
    head["defaults"] = {"time_limit": time_limit, "difficulty": difficulty}
    parts = [_dump(head), "questions:\n"]
    line = parts[0].count("\n") + 2
    starts: list[int] = []
    for q in bank.questions:
        chunk = _dump([question_document(q, time_limit, difficulty)])
        # Under `questions:` every line moves two spaces right; a literal block keeps its
        # indentation relative to its key, so it stays valid.
        chunk = "".join("  " + row if row.strip() else row for row in chunk.splitlines(True))
        starts.append(line)
        line += chunk.count("\n")
        parts.append(chunk)
    return "".join(parts), starts


def dump_bank(bank: Bank, defaults: tuple[int, int] | None = None) -> str:
    return dump_bank_lines(bank, defaults)[0]


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder: the bank loader (or a crash)
    never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a bank file is not secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
