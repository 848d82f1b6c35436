"""A problem found in a content file, shared by every content loader (banks, schedules).

A problem carries a message id suffix and its arguments, not text, so `studybot check`
and the bot can show it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Severity = Literal["error", "warning"]

MESSAGE_PREFIX = "problem-"


# A message argument: a list (a tuple) is joined the way the reader's language lists things.
ProblemArg = str | int | tuple[str, ...]
Translate = Callable[[str, Mapping[str, ProblemArg]], str]


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # as the organiser knows it, e.g. "quizzes/x.yaml"
    line: int | None  # 1-based; None when the problem concerns the whole file
    item_id: str | None  # question id, schedule id, ... when the problem is inside one
    code: str  # the message id is "problem-" + code
    # Excluded from the hash (a mapping proxy is not hashable); equality still uses it.
    args: Mapping[str, ProblemArg] = field(default_factory=dict, hash=False)
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # Copy into a read-only view: a frozen problem must not change behind its back.
        object.__setattr__(self, "args", MappingProxyType(dict(self.args)))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def message_id(self) -> str:
        return MESSAGE_PREFIX + self.code

    @property
    def location(self) -> str:
        """ "quizzes/x.yaml:12 [q003]" (line and item only when known)."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return where if self.item_id is None else f"{where} [{self.item_id}]"

    def render(self, translate: Translate) -> str:
        """ "quizzes/x.yaml:12 [q003] <message>", with the message from `translate`."""
        return f"{self.location} {translate(self.message_id, self.args)}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File order, then line order; file-level problems first within a file."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


class ProblemList:
    """What a content catalog says about the files it read: errors reject, warnings inform."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)
