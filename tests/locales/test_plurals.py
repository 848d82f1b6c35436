"""English messages agree with their counts: "1 point", "2 points", never "1 points"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from fluent.syntax import FluentParser
from fluent.syntax.ast import Message, MessageReference, VariableReference
from fluent.syntax.visitor import Visitor

from bot.locales import catalog_files, translate

# (message id, the count arguments, the other arguments, with 1, with 2). Every count
# argument gets the same number, as an int: a str would always select the plural.
CASES: list[tuple[str, tuple[str, ...], Mapping[str, Any], str, str]] = [
    ("award-given", ("points",), {"id": "7", "name": "A", "reason": "R"}, "1 point:", "2 points:"),
    (
        "award-seen",
        ("points",),
        {"id": "7", "name": "A", "reason": "R"},
        "(1 point:",
        "(2 points:",
    ),
    (
        "award-revoked",
        ("points",),
        {"id": "7", "name": "A", "reason": "R"},
        "1 point of",
        "2 points of",
    ),
    ("award-you-got", ("points",), {"reason": "R", "by": "B"}, "get 1 point:", "get 2 points:"),
    ("award-you-lost", ("points",), {"reason": "R"}, ": 1 point (", ": 2 points ("),
    (
        "check-summary",
        ("banks", "questions", "schedules", "errors", "warnings"),
        {},
        "1 question bank (1 question), 1 schedule; 1 error, 1 warning.",
        "2 question banks (2 questions), 2 schedules; 2 errors, 2 warnings.",
    ),
    (
        "contest-announce-plan",
        ("questions", "seconds"),
        {"source": "S"},
        "1 question, 1 second each",
        "2 questions, 2 seconds each",
    ),
    ("contest-announce-rules", ("points",), {}, "earns 1 point;", "earns 2 points;"),
    ("contest-countdown", ("seconds",), {}, "in 1 second.", "in 2 seconds."),
    ("contest-closed-stats", ("answered",), {"right": 1}, "of 1 answer", "of 2 answers"),
    (
        "contest-standings-summary",
        ("asked",),
        {"people": 3},
        "1 question asked",
        "2 questions asked",
    ),
    (
        "contest-standings-line",
        ("points",),
        {"mark": "1.", "name": "A", "group": "", "correct": 1, "time": 9},
        ": 1 point (",
        ": 2 points (",
    ),
    (
        "contest-group-credit",
        ("members", "points"),
        {"group": "G"},
        "1 member took part and earned 1 point.",
        "2 members took part and earned 2 points.",
    ),
    (
        "contest-bad-questions",
        ("value",),
        {"min": 3, "max": 50},
        "1 question is",
        "2 questions is",
    ),
    ("contest-bad-seconds", ("value",), {"min": 10, "max": 600}, "1 second is", "2 seconds is"),
    ("group-removed", ("members",), {"name": "G"}, "Its only member is", "Its 2 members are"),
    ("group-list-header", ("count",), {}, "1 study group:", "2 study groups:"),
    (
        "group-line",
        ("members",),
        {"id": "3", "name": "G", "code": "C", "chat": ""},
        "· 1 member",
        "· 2 members",
    ),
    ("group-joined", ("members",), {"group": "G"}, "has 1 member now", "has 2 members now"),
    (
        "groups-import-done",
        ("created", "moved"),
        {"updated": 0, "unchanged": 0, "registered": 0},
        "1 group created, 0 updated, 0 unchanged; 1 member placed",
        "2 groups created, 0 updated, 0 unchanged; 2 members placed",
    ),
    ("problem-import-options-too-few", ("count",), {"min": 2}, "has 1 option;", "has 2 options;"),
    ("import-summary-more", ("count",), {}, "1 more problem (", "2 more problems ("),
    (
        "export-skipped",
        ("count",),
        {"format": "F", "ids": "q1"},
        "1 question was",
        "2 questions were",
    ),
    ("push-ack-button", ("points",), {}, "(+1 point)", "(+2 points)"),
    ("push-ack-thanks", ("points",), {}, "+1 point!", "+2 points!"),
    ("fire-sending", ("count",), {}, "sent, 1 recipient", "sent, 2 recipients"),
    ("push-queued", ("count",), {"id": "s"}, "to 1 recipient.", "to 2 recipients."),
    ("push-nudged", ("count",), {"id": "s"}, "1 member who has not", "2 members who have not"),
    (
        "stats-line",
        ("recipients",),
        {"sent": 0, "pending": 0, "failed": 0, "blocked": 0, "uncertain": 0},
        "1 recipient:",
        "2 recipients:",
    ),
    (
        "reload-done",
        ("banks", "schedules"),
        {},
        "1 question bank, 1 schedule.",
        "2 question banks, 2 schedules.",
    ),
    ("quiz-time-limit", ("seconds",), {}, "⏱ 1 second", "⏱ 2 seconds"),
    ("quiz-points-earned", ("points",), {}, "+1 point", "+2 points"),
    ("admin-more-problems", ("count",), {}, "1 more problem.", "2 more problems."),
    (
        "rank-board-line",
        ("points",),
        {"rank": 1, "name": "A", "group": ""},
        "— 1 point",
        "— 2 points",
    ),
    (
        "rank-board-tied",
        ("count", "points"),
        {"rank": 3},
        "1 more with 1 point shares",
        "2 more with 2 points share",
    ),
    ("rank-standing-left", ("points",), {"period": "P"}, "P: 1 point (", "P: 2 points ("),
    (
        "rank-standing",
        ("points",),
        {"period": "P", "group": "", "overall": ""},
        "P: 1 point,",
        "P: 2 points,",
    ),
    (
        "rank-standing-you",
        ("points",),
        {"period": "P", "group": "", "overall": ""},
        "P: 1 point,",
        "P: 2 points,",
    ),
    (
        "me-accuracy",
        ("answered",),
        {"accuracy": "50%", "correct": 1},
        "of 1 scored question right",
        "of 2 scored questions right",
    ),
    ("me-daily-streak", ("days",), {}, "1 day", "2 days"),
    ("me-best-streak", ("questions",), {}, "1 question", "2 questions"),
    (
        "groups-line",
        ("points",),
        {
            "rank": 1,
            "name": "G",
            "score": "1",
            "per_member": "1",
            "active": 1,
            "members": 1,
            "participation": "1",
        },
        "· 1 point",
        "· 2 points",
    ),
    (
        "groups-ungrouped",
        ("members", "points"),
        {"active": 1},
        "1 member, 1 of them scored, 1 point (",
        "2 members, 1 of them scored, 2 points (",
    ),
    (
        "standouts-line",
        ("points",),
        {
            "rank": 1,
            "name": "A",
            "group": "G",
            "accuracy": "1",
            "correct": 1,
            "answered": 1,
            "reached": "R",
        },
        "(G): 1 point ·",
        "(G): 2 points ·",
    ),
    ("export-caption", ("members",), {"period": "P"}, "· 1 member", "· 2 members"),
    ("cli-rebuilt", ("rows",), {"zone": "Z"}, "1 row (", "2 rows ("),
    (
        "problem-schedule-bad-cron-fields",
        ("count",),
        {"text": "T"},
        "has 1 field;",
        "has 2 fields;",
    ),
    (
        "problem-schedule-series-unused",
        ("fires", "unused"),
        {"items": 3},
        "fires only once in its active range but the series has 3 items; the last one is never",
        "fires only 2 times in its active range but the series has 3 items; the last 2 are never",
    ),
    # Messages that handled the singular already: kept in the list so they stay right.
    (
        "problem-options-too-few",
        ("count",),
        {"min": 2},
        "There is 1 option;",
        "There are 2 options;",
    ),
    (
        "import-summary-problems",
        ("errors", "warnings"),
        {},
        "1 error and 1 warning",
        "2 errors and 2 warnings",
    ),
    (
        "banks-line",
        ("total",),
        {"title": "T", "id": "b", "counts": ""},
        "1 question (",
        "2 questions (",
    ),
    ("quiz-time-left", ("seconds",), {}, "1 second left", "2 seconds left"),
]

# The nouns made to agree: after "1" none of them may take an "s".
NOUNS = (
    "point|member|question|question bank|schedule|error|warning|second|answer|study group|group"
    "|option|problem|more problem|recipient|scored question|day|row|field|time|item"
)
ONE_PLURAL = re.compile(rf"(?<![\d.,])1 (?:{NOUNS})s\b")


@pytest.mark.parametrize(
    ("message_id", "counts", "args", "one", "other"), CASES, ids=[case[0] for case in CASES]
)
def test_english_count_agrees_with_its_noun(
    message_id: str, counts: tuple[str, ...], args: Mapping[str, Any], one: str, other: str
) -> None:
    singular = translate("en", message_id, {**args, **dict.fromkeys(counts, 1)})
    plural = translate("en", message_id, {**args, **dict.fromkeys(counts, 2)})
    assert one in singular
    assert other in plural
    assert not ONE_PLURAL.search(singular), singular


def _variables(message: Message, messages: Mapping[str, Message]) -> set[str]:
    """The variables a message needs, with those of the messages it refers to: a referenced
    message is formatted with the caller's variables."""
    found: set[str] = set()
    referred: list[str] = []

    class Collect(Visitor):
        # fluent.syntax visitors dispatch on the node class name.
        def visit_VariableReference(self, node: VariableReference) -> None:
            found.add(node.id.name)

        def visit_MessageReference(self, node: MessageReference) -> None:
            referred.append(node.id.name)

    Collect().visit(message)
    for name in referred:
        found |= _variables(messages[name], messages)
    return found


def _english_messages() -> Iterator[tuple[str, set[str]]]:
    messages = {
        entry.id.name: entry
        for path in catalog_files("en")
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body
        if isinstance(entry, Message)
    }
    for name, message in messages.items():
        if message.value is not None:
            yield name, _variables(message, messages)


# Counts that are never 1 where the message is used, so their nouns stay plural: more
# options than the maximum, a maximum of hundreds, more groups than are shown, a series
# with more items than fires (at least one).
NEVER_ONE: dict[str, tuple[str, ...]] = {
    "problem-options-too-many": ("count", "max"),
    "problem-import-options-too-many": ("count", "max"),
    "problem-import-too-many": ("max",),
    "groups-more": ("total",),
    "chart-top-of": ("total",),
    "problem-schedule-series-unused": ("items",),
}


def test_no_english_message_says_1_with_a_plural_noun() -> None:
    # Every variable set to 1: a message added later with "{ $n } points" and no selector
    # shows up here even before it gets a case above.
    wrong = []
    for message_id, variables in _english_messages():
        args = {**dict.fromkeys(variables, 1), **dict.fromkeys(NEVER_ONE.get(message_id, ()), 2)}
        text = translate("en", message_id, args)
        if ONE_PLURAL.search(text):
            wrong.append(f"{message_id}: {text}")
    assert wrong == []
