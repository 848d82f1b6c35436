"""Writing a bank as the documented YAML (quizzes/README.md): what an organiser would write.

Keys in the documented order, Chinese as is (no \\u escapes), lists of words in flow style
(`tags: [党章, 政治建设]`, `answer: [A, C]`), options one per line, multi-line text as a
literal block, no line folding. The defaults are the values most questions share, and a
question repeats a time limit or difficulty only where it differs.
"""

from __future__ import annotations

import os
import re
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


def dump_with_pyyaml(data: Any) -> str:
    """PyYAML's writing of `data` in the documented layout: what `dump_bank_lines` writes,
    by the slow general path (it serves the few texts the fast path leaves to it)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # never fold a line: organisers edit these files by hand
        indent=2,
    )


# PyYAML's emitter in pure Python spends a millisecond on each question (5 s for a bank of
# 5,000, ten times the import's parse; libyaml's would move every option list two spaces
# left). The bank documents are a few known shapes, so they are written here, each text as
# PyYAML would write it where that is sure (below) and by PyYAML itself elsewhere;
# tests/content/test_bank_writer.py holds the two to the same bytes.

# Characters PyYAML writes as they are with allow_unicode (no line breaks: "\x85",
# "\u2028", "\u2029" are breaks to it, and "\n" is a line of its own).
_ORDINARY = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
_ONE_LINE = re.compile(f"[{_ORDINARY}]*")
# A literal block "|-": lines of ordinary characters, the first not starting with a space,
# the last not empty, none ending in a space (PyYAML quotes those).
_LITERAL = re.compile(f"(?!(?s:.*) \n)(?! )[{_ORDINARY}][{_ORDINARY}\n]*(?<![ \n])")
# A plain scalar: ordinary characters, no leading indicator, no ": " or " #" (below), no
# space at either end.
_PLAIN = re.compile(
    f"(?![-?:](?: |$))(?!---|\\.\\.\\.)(?![ #,\\[\\]{{}}&*!|>'\"%@`])[{_ORDINARY}]+"
)
_NOT_PLAIN = re.compile(r": | #|:$| $")
_FLOW_INDICATORS = re.compile(r"[,?\[\]{}:]")
# Where PyYAML writes a line's indentation: after line breaks (its four), before the text.
_AFTER_BREAKS = re.compile("(?<=[\n\x85\u2028\u2029])(?=[^\n\x85\u2028\u2029])")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def _plain(text: str, flow: bool) -> bool:
    return (
        _PLAIN.fullmatch(text) is not None
        and _NOT_PLAIN.search(text) is None
        and not (flow and _FLOW_INDICATORS.search(text))
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR  # not 5, true, ~
    )


def _scalar(value: Any, indent: int, flow: bool = False) -> str:
    """A value as PyYAML writes it after "key: " or "- " (or in [a, b] when `flow`), a
    literal block's lines `indent` spaces in; with the end of its line unless `flow`."""
    end = "" if flow else "\n"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}{end}"
    if isinstance(value, int):
        return f"{value}{end}"
    if _plain(value, flow):
        return f"{value}{end}"
    if "\n" not in value and _ONE_LINE.fullmatch(value):
        quoted = value.replace("'", "''")
        return f"'{quoted}'{end}"
    if not flow and _LITERAL.fullmatch(value):
        pad = " " * indent
        lines = "".join(f"\n{pad}{line}" if line else "\n" for line in value.split("\n"))
        return f"|-{lines}\n"
    return _scalar_by_pyyaml(value, indent, flow)


def _scalar_by_pyyaml(text: str, indent: int, flow: bool) -> str:
    """What PyYAML writes for `text` there: written under a key of its own, and a key after
    it so that a kept block ("|+") ends as inside a question, not with the stream's "...",
    and a text that ends in a line break of its own ("\x85") is not given another."""
    if flow:
        written = dump_with_pyyaml({"k": _Flow([text])})[len("k: [") : -len("]\n")]
    else:
        written = dump_with_pyyaml({"k": text, "z": 0})[len("k: ") : -len("z: 0\n")]
    # What follows a line break PyYAML indented as under "k", at 0: under its key here.
    return _AFTER_BREAKS.sub(" " * (indent - 2), written)


def _write_mapping(out: list[str], doc: dict[str, Any], indent: int, lead: str) -> None:
    """A block mapping `indent` spaces in, its first key after `lead` ("  - " in a list)."""
    pad = " " * indent
    for key, value in doc.items():
        if isinstance(value, _Flow) or (isinstance(value, list) and not value):
            items = ", ".join(_scalar(item, indent + 2, flow=True) for item in value)
            out.append(f"{lead}{key}: [{items}]\n")
        elif isinstance(value, list):
            out.append(f"{lead}{key}:\n")
            out.extend(f"{pad}  - {_scalar(item, indent + 4)}" for item in value)
        elif isinstance(value, dict):
            out.append(f"{lead}{key}:\n")
            _write_mapping(out, value, indent + 2, f"{pad}  ")
        else:
            out.append(f"{lead}{key}: {_scalar(value, indent + 2)}")
        lead = pad


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


def bank_document(bank: Bank, defaults: tuple[int, int] | None = None) -> dict[str, Any]:
    """The bank as the documented YAML's data: the head, then `questions`."""
    time_limit, difficulty = defaults if defaults is not None else bank_defaults(bank)
    doc: dict[str, Any] = {"id": bank.id, "title": bank.title}
    if bank.description:
        doc["description"] = bank.description
    if bank.tags:
        doc["tags"] = _Flow(bank.tags)
    if not bank.enabled:
        doc["enabled"] = False
    doc["defaults"] = {"time_limit": time_limit, "difficulty": difficulty}
    doc["questions"] = [question_document(q, time_limit, difficulty) for q in bank.questions]
    return doc


def dump_bank_lines(bank: Bank, defaults: tuple[int, int] | None = None) -> tuple[str, list[int]]:
    """The YAML text and the line (1-based) where each question starts in it."""
    doc = bank_document(bank, defaults)
    questions = doc.pop("questions")
    out: list[str] = []
    _write_mapping(out, doc, 0, "")
    out.append("questions:\n")
    line = sum(part.count("\n") for part in out) + 1
    starts: list[int] = []
    for question in questions:
        starts.append(line)
        first = len(out)
        _write_mapping(out, question, 4, "  - ")
        line += sum(part.count("\n") for part in out[first:])
    return "".join(out), starts


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
