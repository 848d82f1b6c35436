"""YAML node plumbing shared by the content loaders (question banks, schedules).

A content file is composed once into a YAML node tree (libyaml's C parser when available)
and each loader builds its values from the nodes instead of through PyYAML's constructor:
nodes carry the line numbers organisers need, and reading scalars straight from nodes costs
less than a second parse.

This module holds what every loader needs for that and nothing loader-specific: the loader
choice, reading and composing a file (with problems for unreadable, mis-encoded, malformed
and empty files), a node's line and shown value, how a path is named to organisers, and
`NodeReader.fields`, which applies merge keys and reports repeated and unknown keys (with a
suggestion). The problem codes those report are the `GENERIC_CODES`, each with the loader's
prefix (see `ProblemRules`); which codes are warnings is the loader's choice too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.content.problems import Problem, ProblemArg, Severity

try:  # libyaml makes composing several times faster; PyYAML works without it
    from yaml import CSafeLoader as YAML_LOADER
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YAML_LOADER  # type: ignore[assignment]

__all__ = [
    "BOOL_TAG",
    "GENERIC_CODES",
    "INT_TAG",
    "MERGE_TAG",
    "NULL_TAG",
    "STR_TAG",
    "TIMESTAMP_TAG",
    "YAML_LOADER",
    "Entry",
    "NodeReader",
    "ProblemRules",
    "error_detail",
    "error_line",
    "is_null",
    "node_line",
    "path_label",
    "peek_scalar",
    "shown",
    "yaml_error_args",
    "yaml_files",
]

# Resolved tags of the nodes a safe loader composes.
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"

# The problems NodeReader itself reports, before the loader's prefix.
GENERIC_CODES = (
    *("file-unreadable", "file-encoding", "yaml-syntax", "empty-file"),
    *("key-not-text", "duplicate-key", "unknown-key", "unknown-key-suggest"),
)

Entry = tuple[Node, Node]
"""A mapping entry as (key node, value node)."""


# --------------------------------------------------------------------------------------------
# Nodes, errors and paths


def node_line(node: Node) -> int:
    """The 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def shown(node: Node) -> str:
    """A value as it can be quoted back in a message ("[…]" for a list, "{…}" for a map)."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    return "[…]" if isinstance(node, SequenceNode) else "{…}"


def is_null(node: Node) -> bool:
    """Whether a node is YAML null (`~`, `null` or nothing at all)."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def peek_scalar(node: MappingNode, key: str) -> str | None:
    """The stripped text of the first non-empty scalar under `key`, or None.

    Read straight from the raw entries, before `NodeReader.fields` checks them, so that the
    problems of an item (a question, a schedule) can be named by its id.
    """
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, ScalarNode) and value_node.value:
            return str(value_node.value).strip() or None
    return None


def error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line to show for a YAML error (`text` is what was parsed): the line of a
    key followed by a full-width colon, else the line the error points at (its problem,
    else its context), if any."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None
    fullwidth = _fullwidth_colon_line(exc, text)
    if fullwidth is not None:
        return fullwidth + 1
    mark = exc.problem_mark or exc.context_mark
    return None if mark is None else int(mark.line) + 1


# A key followed by the colon of a Chinese keyboard (title：标题): YAML reads the whole line
# as a text, and stops at the next line, or the one after, where a key is missing its colon.
_FULLWIDTH_COLON_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#'\"{\[:：][^:：#]*：")


def _fullwidth_colon_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The 0-based line, among those the error spans, whose key has a full-width colon."""
    if exc.problem_mark is None:
        return None
    last = exc.problem_mark.line
    first = exc.context_mark.line if exc.context_mark is not None else last - 1
    lines = text.splitlines()
    for number in range(max(first, 0), min(last, len(lines) - 1) + 1):
        if _FULLWIDTH_COLON_KEY.match(lines[number]):
            return number
    return None


def error_detail(exc: yaml.MarkedYAMLError) -> str:
    """A YAML error's own words without its marks, e.g. "found undefined alias 'x'"."""
    parts = [str(p) for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or type(exc).__name__


# Words of PyYAML's common syntax errors -> the kind the catalogs explain with a fix
# (yaml-error and yaml-fix in locales/*/yaml.ftl). Both the pure-Python parser (config,
# groups file) and libyaml (banks, schedules) are covered, as they word some errors
# differently. First match wins: an unclosed quote or bracket also reads "found unexpected
# end of stream" or "did not find expected ...".
YAML_ERROR_KINDS: tuple[tuple[str, str], ...] = (
    ("while scanning a quoted scalar", "quote"),
    ("while parsing a flow sequence", "flow"),
    ("while parsing a flow mapping", "flow"),
    ("found character '\\t'", "tab"),
    ("found a tab character", "tab"),
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "no-colon"),
    ("did not find expected key", "indent"),
    ("did not find expected '-' indicator", "indent"),
    ("expected <block end>", "indent"),
    ("found undefined alias", "alias"),
    ("found duplicate anchor", "anchor"),
)


def yaml_error_args(exc: yaml.YAMLError, text: str) -> dict[str, str]:
    """The arguments of every reader's YAML syntax error message (`text` is what was parsed):
    `yaml_kind` names a common mistake the catalogs explain in the reader's language, or is
    "other"; `detail` holds PyYAML's own words, shown for the other kinds."""
    if not isinstance(exc, yaml.MarkedYAMLError):  # unmarked errors are rare
        return {"yaml_kind": "other", "detail": str(exc)}
    detail = error_detail(exc)
    kind = next((kind for words, kind in YAML_ERROR_KINDS if words in detail), "other")
    if kind in ("colon", "no-colon") and _fullwidth_colon_line(exc, text) is not None:
        kind = "fullwidth-colon"
    # libyaml does not name the character that "cannot start any token": look at it.
    before, after = _around(text, exc.problem_mark)
    if "cannot start any token" in detail and after.startswith("\t"):
        kind = "tab"
    # A text that starts with { [ or a quote and goes on ({姓名}同志): the start was read as
    # a mapping, a list or a quoted text, and the rest looks misplaced, not misindented.
    if kind == "indent" and before.rstrip().endswith(_VALUE_ENDS):
        kind = "quote-whole"
    return {"yaml_kind": kind, "detail": detail}


_VALUE_ENDS = ("}", "]", '"', "'")


def _around(text: str, mark: yaml.Mark | None) -> tuple[str, str]:
    """The mark's line, split at the mark."""
    if mark is None:
        return "", ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[: mark.column], line[mark.column :]


def path_label(path: Path, base: Path | None) -> str:
    """A path as organisers know it: relative to `base` (the project) when inside it."""
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def yaml_files(folder: Path) -> list[Path]:
    """The content files of `folder` in name order: *.yaml and *.yml files, not subfolders,
    not names starting with "_" or "." (drafts and hidden files)."""
    return sorted(p for p in folder.iterdir() if _is_yaml_file(p))


def _is_yaml_file(path: Path) -> bool:
    return (
        path.suffix in (".yaml", ".yml")
        and not path.name.startswith(("_", "."))
        and path.is_file()
    )


# --------------------------------------------------------------------------------------------
# Reading one file


@dataclass(frozen=True, slots=True)
class ProblemRules:
    """How one loader names and grades problems."""

    prefix: str = ""  # put before each of GENERIC_CODES, e.g. "schedule-"
    warnings: frozenset[str] = frozenset()  # full codes reported as warnings, not errors
    # Unknown keys organisers write by habit (e.g. in Chinese) and the key to suggest.
    key_aliases: Mapping[str, str] = field(default_factory=dict)

    def code(self, generic: str) -> str:
        """The loader's code for one of GENERIC_CODES."""
        return self.prefix + generic


class NodeReader:
    """Composes one file and walks its node tree, collecting problems.

    A loader subclasses it with the walk that builds its values; `compose` gives the root
    node, `fields` the checked entries of a mapping, `report` records any problem.
    """

    loader: YAML_LOADER  # set by compose; alive (for flatten and construct calls) inside it
    source: str  # set by compose: what the loader parses, to explain its syntax errors

    def __init__(self, label: str, rules: ProblemRules) -> None:
        self.label = label
        self.rules = rules
        self.problems: list[Problem] = []
        self.errors = 0

    def report(
        self, code: str, at: Node | int | None, item: str | None, **args: ProblemArg
    ) -> None:
        """Record a problem at a node's line, at a line number, or (None) at the whole file."""
        severity: Severity = "warning" if code in self.rules.warnings else "error"
        line = node_line(at) if isinstance(at, Node) else at
        self.problems.append(Problem(self.label, line, item, code, args, severity))
        if severity == "error":
            self.errors += 1

    @contextmanager
    def compose(
        self, path: Path, loader_class: type[YAML_LOADER] | None = None
    ) -> Iterator[Node | None]:
        """The root node of the file at `path`, for the duration of the `with` block.

        None, with a problem reported, when the file cannot be read, is not UTF-8 (a BOM is
        allowed), is not well-formed YAML or holds no document; more than one document is a
        syntax problem. `loader_class` defaults to YAML_LOADER.
        """
        code = self.rules.code
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.report(code("file-unreadable"), None, None, detail=exc.strerror or "")
            yield None
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.report(code("file-encoding"), None, None)
            yield None
            return
        self.source = text
        self.loader = (loader_class or YAML_LOADER)(text)
        try:
            root: Node | None = None
            try:
                root = self.loader.get_single_node()
            except yaml.YAMLError as exc:  # unmarked errors are rare, but must not crash check
                self._syntax_error(exc, None)
            else:
                if root is None:
                    self.report(code("empty-file"), None, None)
            yield root
        finally:
            self.loader.dispose()

    def _syntax_error(self, exc: yaml.YAMLError, item: str | None) -> None:
        line = error_line(exc, self.source)
        args = yaml_error_args(exc, self.source)
        self.report(self.rules.code("yaml-syntax"), line, item, **args)

    def fields(
        self, node: MappingNode, allowed: tuple[str, ...], item: str | None
    ) -> dict[str, Entry]:
        """Known keys of a mapping; unknown and repeated keys are reported.

        Merge keys (`<<: *common`) are applied first, and an explicit key overrides a merged
        one; a key that is not text is reported and skipped.
        """
        merged: set[int] = set()
        if any(key.tag == MERGE_TAG for key, _ in node.value):
            merged = self._merge(node, item)
        found: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(self.rules.code("key-not-text"), key_node, item)
                continue
            key = str(key_node.value)
            previous = found.get(key)
            if previous is not None:
                if id(previous[0]) in merged:  # an explicit key overrides a merged one
                    found[key] = (key_node, value_node)
                else:
                    first = str(node_line(previous[0]))
                    code = self.rules.code("duplicate-key")
                    self.report(code, key_node, item, key=key, first_line=first)
            elif key in allowed:
                found[key] = (key_node, value_node)
            else:
                self._unknown_key(key_node, key, allowed, item)
        return found

    def _merge(self, node: MappingNode, item: str | None) -> set[int]:
        """Apply YAML merge keys in place; returns the ids of the merged key nodes."""
        explicit = sum(1 for k, _ in node.value if k.tag != MERGE_TAG)
        try:
            self.loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as exc:
            self._syntax_error(exc, item)
            node.value = [(k, v) for k, v in node.value if k.tag != MERGE_TAG]
            return set()
        return {id(k) for k, _ in node.value[: len(node.value) - explicit]}

    def _unknown_key(
        self, key_node: Node, key: str, allowed: tuple[str, ...], item: str | None
    ) -> None:
        """Report an unknown key, suggesting an alias's key or a close allowed key."""
        listed = ", ".join(allowed)
        guess = self.rules.key_aliases.get(key)
        if guess is None:
            folded = {k.casefold(): k for k in allowed}
            close = difflib.get_close_matches(key.casefold(), list(folded), n=1, cutoff=0.6)
            guess = folded[close[0]] if close else None
        if guess in allowed:
            code = self.rules.code("unknown-key-suggest")
            self.report(code, key_node, item, key=key, suggestion=str(guess), allowed=listed)
        else:
            self.report(self.rules.code("unknown-key"), key_node, item, key=key, allowed=listed)
