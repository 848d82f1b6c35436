"""Typed access to Bot API parameters, whatever way they travelled.

Telegram accepts the same call as a JSON body, a query string, form fields or multipart parts,
so a value may arrive decoded (``5``, ``True``, ``{...}``) or as the string PTB put in a form
(``"5"``, ``"true"``, ``'{"inline_keyboard": ...}'``). Each accessor accepts both, and a
string parameter is never JSON-decoded, so a message text of ``"123"`` stays text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import bad_request


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str | None = None


class Params:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    def has(self, name: str) -> bool:
        return self._raw.get(name) not in (None, "")

    def string(self, name: str) -> str:
        value = self.opt_string(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def opt_string(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool | dict | list | UploadedFile):
            raise bad_request(f"invalid {name} specified")
        return str(value)

    def integer(self, name: str) -> int:
        value = self.opt_integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def opt_integer(self, name: str) -> int | None:
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise bad_request(f"invalid {name} specified")

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.lower() in ("true", "1", "false", "0"):
            return value.lower() in ("true", "1")
        raise bad_request(f"invalid {name} specified")

    def structured(self, name: str) -> Any:
        """A structured parameter (object or array), decoding it if it came as a string."""
        value = self._raw.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A chat id, or a public ``@username`` as Telegram also accepts for channels."""
        value = self._raw.get(name)
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.integer(name)

    def file(self, name: str) -> UploadedFile | str:
        """An uploaded part, or a file_id / URL string; resolves ``attach://<part>`` refs."""
        value = self._raw.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self._raw.get(value.removeprefix("attach://"))
        if isinstance(value, UploadedFile):
            return value
        if isinstance(value, str) and value:
            return value
        raise bad_request(f"there is no {name} in the request")
