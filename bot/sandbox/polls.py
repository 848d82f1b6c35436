"""Polls the bot sent: validation on send, votes from users, closing."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import SandboxError, bad_request
from bot.sandbox.params import Params

MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS, MAX_OPTIONS = 2, 12
MAX_EXPLANATION = 200
MAX_EXPLANATION_LINE_FEEDS = 2
MIN_OPEN_PERIOD, MAX_OPEN_PERIOD = 5, 2_628_000


@dataclass
class PollRecord:
    json: dict[str, Any]
    chat_id: int
    closes_at: float | None  # on the sandbox clock
    votes: dict[int, list[int]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.json["id"])

    def close_if_due(self, now: float) -> None:
        if self.closes_at is not None and now >= self.closes_at:
            self.json["is_closed"] = True

    def vote(self, user_id: int, option_ids: list[int]) -> None:
        """Apply a user's vote (empty list: retract) and recount, as a client would allow."""
        poll = self.json
        if poll["is_closed"]:
            raise SandboxError(f"poll {self.id} is closed")
        options = poll["options"]
        if any(not 0 <= option < len(options) for option in option_ids):
            raise SandboxError(f"poll {self.id} has options 0..{len(options) - 1}")
        if len(set(option_ids)) != len(option_ids):
            raise SandboxError("an option can be chosen only once")
        if len(option_ids) > 1 and not poll["allows_multiple_answers"]:
            raise SandboxError(f"poll {self.id} allows only one answer")
        if user_id in self.votes and not poll["allows_revoting"]:
            raise SandboxError(f"poll {self.id} does not allow changing a vote")
        if option_ids:
            self.votes[user_id] = list(option_ids)
        else:
            self.votes.pop(user_id, None)
        for index, option in enumerate(options):
            option["voter_count"] = sum(index in chosen for chosen in self.votes.values())
        poll["total_voter_count"] = len(self.votes)

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.json)


def build_poll(
    poll_id: str, params: Params, now: float, wall_now: int
) -> tuple[dict[str, Any], float | None]:
    """Validate sendPoll parameters; returns the Poll object and when it closes (clock time)."""
    question = params.opt_string("question") or ""
    if not question.strip():
        raise bad_request("poll question must be non-empty")
    if len(question) > MAX_QUESTION:
        raise bad_request(f"poll question length must not exceed {MAX_QUESTION}")
    texts = [_option_text(option) for option in params.structured("options") or []]
    if len(texts) < MIN_OPTIONS:
        raise bad_request(f"poll must have at least {MIN_OPTIONS} option")
    if len(texts) > MAX_OPTIONS:
        raise bad_request(f"poll can't have more than {MAX_OPTIONS} options")
    if any(not text.strip() for text in texts):
        raise bad_request("poll options must be non-empty")
    if any(len(text) > MAX_OPTION for text in texts):
        raise bad_request(f"poll options length must not exceed {MAX_OPTION}")

    poll_type = params.opt_string("type") or "regular"
    if poll_type not in ("regular", "quiz"):
        raise bad_request("wrong poll type specified")
    is_quiz = poll_type == "quiz"
    multiple = params.flag("allows_multiple_answers")
    correct = _correct_options(params, len(texts), is_quiz, multiple)
    explanation = params.opt_string("explanation")
    if explanation is not None and (not is_quiz or len(explanation) > MAX_EXPLANATION):
        raise bad_request("explanation can be specified only for quizzes, up to 200 characters")
    if explanation is not None and explanation.count("\n") > MAX_EXPLANATION_LINE_FEEDS:
        raise bad_request("poll explanation must have at most 2 line feeds")

    poll: dict[str, Any] = {
        "id": poll_id,
        "question": question,
        "options": [
            {"text": text, "voter_count": 0, "persistent_id": str(index)}
            for index, text in enumerate(texts)
        ],
        "total_voter_count": 0,
        "is_closed": params.flag("is_closed"),
        "is_anonymous": params.flag("is_anonymous", default=True),
        "type": poll_type,
        "allows_multiple_answers": multiple,
        "allows_revoting": params.flag("allows_revoting", default=not is_quiz),
        "members_only": params.flag("members_only"),
    }
    if correct:
        poll["correct_option_ids"] = correct
    if explanation:
        poll["explanation"] = explanation
    closes_at = _closing_time(params, poll, now, wall_now)
    return poll, closes_at


def _option_text(option: Any) -> str:
    # PTB sends InputPollOption objects; older clients send plain strings.
    if isinstance(option, dict):
        return str(option.get("text", ""))
    return str(option)


def _correct_options(params: Params, count: int, is_quiz: bool, multiple: bool) -> list[int]:
    many = params.structured("correct_option_ids")
    one = params.opt_integer("correct_option_id")
    correct = [int(option) for option in many] if many else ([] if one is None else [one])
    if not is_quiz:
        return []
    if not correct:
        raise bad_request("quiz poll must have a correct option")
    if any(not 0 <= option < count for option in correct) or len(set(correct)) != len(correct):
        raise bad_request("wrong correct option id specified")
    if len(correct) > 1 and not multiple:
        raise bad_request("quiz with one answer must have exactly one correct option")
    return correct


def _closing_time(params: Params, poll: dict[str, Any], now: float, wall_now: int) -> float | None:
    open_period = params.opt_integer("open_period")
    close_date = params.opt_integer("close_date")
    if open_period is not None:
        if not MIN_OPEN_PERIOD <= open_period <= MAX_OPEN_PERIOD:
            raise bad_request("wrong open period specified")
        poll["open_period"] = open_period
        poll["close_date"] = wall_now + open_period
        return now + open_period
    if close_date is not None:
        if not MIN_OPEN_PERIOD <= close_date - wall_now <= MAX_OPEN_PERIOD:
            raise bad_request("wrong close date specified")
        poll["close_date"] = close_date
        return now + (close_date - wall_now)
    return None
