"""Messages in every chat, and the read-back view of what the bot sent."""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import bad_request

Keyboard = tuple[tuple[tuple[str, str], ...], ...]

_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "web_app",
    "login_url",
    "callback_game",
    "pay",
)


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate a reply_markup the way Telegram does; None means "no markup"."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove: nothing to check
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" must be '
            "an Array of Arrays"
        )
    for row in rows:
        for button in row:
            if (
                not isinstance(button, dict)
                or not button.get("text")
                or not any(action in button for action in _BUTTON_ACTIONS)
            ):
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are "
                    "unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a Message carries: Telegram echoes only inline keyboards, and no empty ones."""
    if markup and markup.get("inline_keyboard"):
        return markup
    return None


def keyboard_of(message: dict[str, Any]) -> Keyboard:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return tuple(
        tuple((button["text"], str(_button_target(button))) for button in row) for row in rows
    )


def _button_target(button: dict[str, Any]) -> Any:
    return next((button[key] for key in _BUTTON_ACTIONS if key in button), "")


@dataclass
class StoredMessage:
    """A message as Telegram holds it, plus what the bot originally asked for."""

    json: dict[str, Any]
    kind: str  # "text", "poll", "document", "photo", or "service" for others
    by_bot: bool
    source_text: str | None = None  # text or caption as the bot sent it, markup included
    parse_mode: str | None = None
    file_id: str | None = None
    poll_id: str | None = None
    deleted: bool = False


class MessageStore:
    def __init__(self, first_id: int = 1) -> None:
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._first_id = first_id
        self._next_id: dict[int, int] = {}
        self.sent_order: list[tuple[int, int]] = []

    def next_id(self, chat_id: int) -> int:
        """Message ids count up per chat, as in private chats and groups."""
        message_id = self._next_id.get(chat_id, self._first_id)
        self._next_id[chat_id] = message_id + 1
        return message_id

    def add(self, stored: StoredMessage) -> StoredMessage:
        key = (stored.json["chat"]["id"], stored.json["message_id"])
        self._messages[key] = stored
        if stored.by_bot:
            self.sent_order.append(key)
        return stored

    def get(self, chat_id: int, message_id: int) -> StoredMessage | None:
        stored = self._messages.get((chat_id, message_id))
        return None if stored is None or stored.deleted else stored

    def last_sent_by_bot(self, chat_id: int | None = None) -> StoredMessage | None:
        """The newest of `sent_by_bot`, found from the end (harnesses ask after each step)."""
        for key in reversed(self.sent_order):
            if chat_id is None or key[0] == chat_id:
                stored = self._messages[key]
                if not stored.deleted:
                    return stored
        return None

    def sent_by_bot(self, chat_id: int | None = None) -> list[StoredMessage]:
        return [
            stored
            for key in self.sent_order
            if (chat_id is None or key[0] == chat_id)
            and not (stored := self._messages[key]).deleted
        ]


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent, as it stands now (after edits and votes).

    ``text`` is the text or caption exactly as the bot sent it (HTML tags included, so
    tests can check escaping); ``plain_text`` is what the user reads.
    """

    chat_id: int
    message_id: int
    kind: str
    text: str | None
    parse_mode: str | None
    keyboard: Keyboard
    poll: dict[str, Any] | None = None
    file_name: str | None = None
    file_content: bytes | None = None
    edited: bool = False
    message: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def plain_text(self) -> str | None:
        return self.message.get("text", self.message.get("caption"))

    def as_json(self) -> dict[str, Any]:
        """A JSON-able form for the HTTP control API (file bytes in base64)."""
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "kind": self.kind,
            "text": self.text,
            "plain_text": self.plain_text,
            "parse_mode": self.parse_mode,
            "keyboard": [[list(button) for button in row] for row in self.keyboard],
            "poll": self.poll,
            "file_name": self.file_name,
            "file_base64": (
                None if self.file_content is None else base64.b64encode(self.file_content).decode()
            ),
            "edited": self.edited,
            "message": copy.deepcopy(self.message),
        }


def buttons(message: SentMessage) -> list[tuple[str, str]]:
    """Every button of the message's inline keyboard, row by row, as (text, target)."""
    return [button for row in message.keyboard for button in row]
