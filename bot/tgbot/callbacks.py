"""Callback data: short strings that name a quiz, a question position and a choice.

Telegram allows 64 bytes; the position makes every button specific to one question, which is
how stale buttons are recognised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Action = Literal["choose", "submit", "retry"]
_PREFIX: dict[Action, str] = {"choose": "qc", "submit": "qs", "retry": "qr"}
_ACTION = {prefix: action for action, prefix in _PREFIX.items()}


@dataclass(frozen=True, slots=True)
class QuizCallback:
    action: Action
    session_id: int
    position: int = 0
    option: int = 0

    def encode(self) -> str:
        return f"{_PREFIX[self.action]}:{self.session_id}:{self.position}:{self.option}"


# The largest id the database stores (a 64-bit integer column).
_MAX_ID = 2**63 - 1


def callback_number(text: str) -> int | None:
    """The number in a button's data as the bot writes it (ASCII digits, at most what an
    id column holds); None for anything else: forged data, or from another version."""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= _MAX_ID else None


def decode_quiz_callback(data: str) -> QuizCallback | None:
    """None for anything that is not one of ours (or was forged)."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] not in _ACTION:
        return None
    session_id, position, option = (callback_number(p) for p in parts[1:])
    if session_id is None or position is None or option is None:
        return None
    return QuizCallback(_ACTION[parts[0]], session_id, position, option)


QUIZ_CALLBACK_PATTERN = r"^q[csr]:"
