"""Reading `/award 成员… 分数 理由`: who gets how many points for what. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# One award at most: a slip such as 500 for 5 is refused, not ranked.
MAX_AWARD_POINTS = 100
MAX_REASON_LENGTH = 200
# One word of the leading run: a member (@username or user id) or the points ("5"; "5分",
# "5 分" or "+5" say plainly that it is the points). A word ends at a space, a comma or 、,
# except that 分 may be followed straight by the reason ("5分参加学习").
_WORD = re.compile(
    r"[\s,、]*(?:(?P<points>\+\d{1,9}(?=[\s,、]|$)|\d{1,9}\s*分)"
    r"|(?P<member>@\w{1,64}|-?\d{1,20})(?=[\s,、]|$))"
)
_REASON_LEAD = " ,、:;"


class AwardArgsError(Exception):
    """The arguments cannot be read; `code` names what is wrong, for the catalogs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class AwardRequest:
    members: tuple[str, ...]  # user ids or @usernames, each once, in the order given
    points: int
    reason: str


def parse_award(args: Sequence[str]) -> AwardRequest:
    """Members first, then the points, then the reason (required). The points are the last
    number of the leading run of ids and numbers, so `/award 123456 5 学习` gives 5 points
    to member 123456; "5分" or "+5" ends the run wherever it stands. Full-width characters
    (＋５, ＠name, ，) read as their plain forms, as Chinese keyboards type them."""
    text = unicodedata.normalize("NFKC", " ".join(args)).strip()
    run: list[str] = []
    position = 0
    while found := _WORD.match(text, position):
        position = found.end()
        if found.group("points"):
            run.append(found.group("points"))
            break
        run.append(found.group("member"))
    if len(run) < 2 or not (points_text := re.search(r"\d+", run[-1])):
        raise AwardArgsError("usage")
    if run[-1].startswith("-"):  # read as an id in the run, but in the points' place
        raise AwardArgsError("points-range")
    reason = text[position:].strip().lstrip(_REASON_LEAD).strip()
    if not reason:
        raise AwardArgsError("no-reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise AwardArgsError("reason-too-long")
    points = int(points_text.group())
    if not 1 <= points <= MAX_AWARD_POINTS:
        raise AwardArgsError("points-range")
    members = tuple(dict.fromkeys(run[:-1]))
    return AwardRequest(members, points, reason)
