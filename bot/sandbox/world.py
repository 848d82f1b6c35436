"""Everything one fake Telegram server knows about one bot, shared by API and control side."""

from __future__ import annotations

import heapq
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bot.sandbox.chats import ChatRecord, Directory
from bot.sandbox.files import FileStore
from bot.sandbox.flood import FloodControl, FloodLimits, SandboxStats
from bot.sandbox.messages import MessageStore, StoredMessage
from bot.sandbox.polls import PollRecord
from bot.sandbox.updates import ChangeNotifier, UpdateQueue


class CallbackAnswer(NamedTuple):
    query_id: str
    text: str | None
    show_alert: bool


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40


@dataclass
class World:
    bot_user: dict[str, Any]
    notifier: ChangeNotifier
    clock: Callable[[], float]
    flood_limits: FloodLimits | None
    privacy_mode: bool
    wall_clock: Callable[[], float] = time.time  # Unix seconds for `date` fields
    directory: Directory = field(init=False)
    messages: MessageStore = field(default_factory=MessageStore)
    files: FileStore = field(default_factory=FileStore)
    polls: dict[str, PollRecord] = field(default_factory=dict)
    # (closes_at, poll id) of the polls that close by themselves, soonest first: every call
    # checks for due polls, and scanning them all made each call cost more as polls pile up.
    _closings: list[tuple[float, str]] = field(default_factory=list)
    updates: UpdateQueue = field(init=False)
    flood: FloodControl | None = field(init=False)
    stats: SandboxStats = field(default_factory=SandboxStats)
    open_callbacks: set[str] = field(default_factory=set)
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # setMyCommands lists keyed by (scope type, language code or "")
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    webhook: Webhook = field(default_factory=Webhook)
    # Telegram never repeats a poll or callback query id; a database kept from an earlier
    # sandbox (the console's) holds the old ones, so a new sandbox starts somewhere else.
    _serial: int = field(default_factory=lambda: secrets.randbelow(10**15) * 1000)

    def __post_init__(self) -> None:
        self.directory = Directory(self.bot_user)
        self.updates = UpdateQueue(self.notifier)
        self.flood = (
            None if self.flood_limits is None else FloodControl(self.flood_limits, self.clock)
        )

    def serial(self) -> int:
        """A fresh number for ids that must be unique across the sandbox."""
        self._serial += 1
        return self._serial

    def close_due_polls(self) -> None:
        """Close polls whose time is up, telling the bot as Telegram does.

        Checked whenever the sandbox is used rather than on a timer, so a fake clock works.
        """
        now = self.clock()
        while self._closings and self._closings[0][0] <= now:
            record = self.polls[heapq.heappop(self._closings)[1]]
            if not record.json["is_closed"]:  # else stopped by the bot before its time
                record.close_if_due(now)
                self.updates.push("poll", record.json)

    def add_poll(self, record: PollRecord) -> None:
        self.polls[record.id] = record
        if record.closes_at is not None:
            heapq.heappush(self._closings, (record.closes_at, record.id))

    def post(
        self,
        chat: ChatRecord,
        sender: dict[str, Any] | None,
        content: dict[str, Any],
        *,
        kind: str,
        by_bot: bool,
        **extra: Any,
    ) -> StoredMessage:
        """Store a new message in ``chat``; ``content`` holds the Message fields it carries."""
        message: dict[str, Any] = {
            "message_id": self.messages.next_id(chat.id),
            "date": int(self.wall_clock()),
            "chat": chat.as_json(),
        }
        if sender is not None:
            message["from"] = sender
        message.update(content)
        stored = self.messages.add(StoredMessage(message, kind, by_bot, **extra))
        self.notifier.notify()
        return stored
