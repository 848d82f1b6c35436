"""Expected failures: shown politely to the person, never as a traceback."""

from __future__ import annotations

from typing import Any


class UserFacingError(Exception):
    """A domain error whose text is a catalog message id plus its arguments."""

    def __init__(self, message_id: str, **args: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.args_map: dict[str, Any] = args


class PermissionDenied(UserFacingError):
    def __init__(self, required: str) -> None:
        super().__init__("error-permission-denied", required=required)


class BadCommandUsage(UserFacingError):
    """A command with missing or malformed arguments; the text shows the right usage."""

    def __init__(self, usage_id: str) -> None:
        super().__init__(usage_id)
