"""The control side as JSON actions, for tests that drive the sandbox from another process.

Each public method of :class:`ControlApi` is one action of ``POST /control/<action>``; its
keyword arguments are the JSON body's keys and its return value is the JSON ``result``.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from bot.sandbox.params import UploadedFile
from bot.sandbox.state import BotApiSandbox


class ControlApi:
    def __init__(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox

    @classmethod
    def actions(cls) -> frozenset[str]:
        return frozenset(
            name for name in vars(cls) if not name.startswith("_") and name != "actions"
        )

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> dict[str, Any]:
        return self._sandbox.user(user_id, first_name, username, language_code)

    def private_chat(self, user_id: int) -> dict[str, Any]:
        return self._sandbox.private_chat(user_id)

    def open_chats(self, user_ids: list[int]) -> int:
        """Many users who each pressed Start, in one call (broadcast benchmarks)."""
        for user_id in user_ids:
            self._sandbox.user(user_id, f"user{user_id}")
            self._sandbox.private_chat(user_id)
        return len(user_ids)

    def group_chat(
        self,
        chat_id: int,
        title: str,
        supergroup: bool = False,
        members: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        # JSON object keys are strings; user ids are ints.
        statuses = {int(user_id): status for user_id, status in (members or {}).items()}
        return self._sandbox.group_chat(chat_id, title, supergroup=supergroup, members=statuses)

    def send_message(
        self, user_id: int, text: str, chat_id: int | None = None, reply_to: int | None = None
    ) -> dict[str, Any]:
        return self._sandbox.send_message(user_id, text, chat_id=chat_id, reply_to=reply_to)

    def send_document(
        self,
        user_id: int,
        file_name: str,
        content_base64: str,
        chat_id: int | None = None,
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        content = base64.b64decode(content_base64)
        return self._sandbox.send_document(
            user_id, file_name, content, chat_id=chat_id, caption=caption, mime_type=mime_type
        )

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, chat_id: int | None = None
    ) -> str:
        return self._sandbox.press_button(user_id, message_id, callback_data, chat_id=chat_id)

    def inject_callback(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None
    ) -> str:
        return self._sandbox.inject_callback(user_id, message_id, data, chat_id=chat_id)

    def answer_poll(self, user_id: int, poll_id: str, option_ids: list[int]) -> None:
        self._sandbox.answer_poll(user_id, poll_id, option_ids)

    def block(self, user_id: int) -> None:
        self._sandbox.block(user_id)

    def unblock(self, user_id: int) -> None:
        self._sandbox.unblock(user_id)

    def set_bot_status(self, chat_id: int, status: str, by_user: int) -> None:
        self._sandbox.set_bot_status(chat_id, status, by_user)

    def restrict_bot(self, chat_id: int, can_send_messages: bool, by_user: int) -> None:
        self._sandbox.restrict_bot(chat_id, can_send_messages=can_send_messages, by_user=by_user)

    def set_members_may_send(self, chat_id: int, allowed: bool) -> None:
        self._sandbox.set_members_may_send(chat_id, allowed)

    def migrate_group(self, chat_id: int) -> int:
        return self._sandbox.migrate_group(chat_id)

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [message.as_json() for message in self._sandbox.sent(chat_id)]

    def last(self, chat_id: int | None = None) -> dict[str, Any] | None:
        message = self._sandbox.last(chat_id)
        return None if message is None else message.as_json()

    async def wait_sent(
        self,
        count: int = 1,
        chat_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a JSON argument, not a Python-side wait
    ) -> list[dict[str, Any]]:
        """Long-polls until the bot has sent ``count`` messages; HTTP 408 on timeout."""
        sent = await self._sandbox.wait_sent(count, chat_id=chat_id, timeout=timeout)
        return [message.as_json() for message in sent]

    def callback_answers(self) -> list[dict[str, Any]]:
        return [answer._asdict() for answer in self._sandbox.callback_answers]

    def commands(self, language_code: str = "", scope: str = "default") -> list[list[str]]:
        return [list(pair) for pair in self._sandbox.commands(language_code, scope)]

    def webhook(self) -> dict[str, Any]:
        return dataclasses.asdict(self._sandbox.webhook)

    def stats(self) -> dict[str, Any]:
        return self._sandbox.stats.as_dict()

    def calls(self) -> list[dict[str, Any]]:
        return [
            {"method": method, "params": {key: _jsonable(v) for key, v in params.items()}}
            for method, params in self._sandbox.calls
        ]

    def updates(self) -> list[dict[str, Any]]:
        return self._sandbox.pending_updates()

    def reset(self) -> None:
        self._sandbox.reset()


def _jsonable(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return {"filename": value.filename, "size": len(value.content)}
    return value
