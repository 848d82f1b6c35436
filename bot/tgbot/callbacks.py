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


def decode_quiz_callback(data: str) -> QuizCallback | None:
    """None for anything that is not one of ours (or was forged)."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] not in _ACTION:
        return None
    try:
        session_id, position, option = (int(p) for p in parts[1:])
    except ValueError:
        return None
    if min(session_id, position, option) < 0:
        return None
    return QuizCallback(_ACTION[parts[0]], session_id, position, option)


QUIZ_CALLBACK_PATTERN = r"^q[csr]:"
