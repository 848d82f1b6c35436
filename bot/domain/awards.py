"""Reading `/award 成员… 分数 理由`: who gets how many points for what. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# One award at most: a slip such as 500 for 5 is refused, not ranked.
MAX_AWARD_POINTS = 100
MAX_REASON_LENGTH = 200
# "5", or "5分" / "+5" to say plainly that it is the points and not a user id.
_POINTS = re.compile(r"\+?(\d{1,9})(?:分)?")
_MEMBER = re.compile(r"@\w{1,64}|-?\d{1,20}")


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
    to member 123456; "5分" or "+5" ends the run wherever it stands."""
    run: list[str] = []
    for word in args:
        if _is_explicit_points(word):
            run.append(word)
            break
        if not _MEMBER.fullmatch(word):
            break
        run.append(word)
    if len(run) < 2 or not (points_match := _POINTS.fullmatch(run[-1])):
        raise AwardArgsError("usage")
    reason = " ".join(args[len(run) :]).strip()
    if not reason:
        raise AwardArgsError("no-reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise AwardArgsError("reason-too-long")
    points = int(points_match.group(1))
    if not 1 <= points <= MAX_AWARD_POINTS:
        raise AwardArgsError("points-range")
    members = tuple(dict.fromkeys(run[:-1]))
    return AwardRequest(members, points, reason)


def _is_explicit_points(word: str) -> bool:
    return bool(_POINTS.fullmatch(word)) and (word.startswith("+") or word.endswith("分"))
