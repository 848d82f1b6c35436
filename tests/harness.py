"""Driving the real Application offline: the in-process sandbox, a frozen clock, and helpers
that play a member and return what the bot sent back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update

from bot.config import Config, parse_config
from bot.sandbox.messages import SentMessage
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import BotApiSandbox
from bot.services.rendering import Renderer
from bot.services.unit import Services
from bot.tgbot.app import build_application
from bot.tgbot.context import StudyApplication
from bot.tgbot.push_engine import Timing

REPO = Path(__file__).resolve().parents[1]
ADMIN_ID = 900001
# One report worker process for the whole session (tests/conftest.py stops it): started
# for each test's bot, it would cost its start-up in every test that exports or charts.
SESSION_RENDERER = Renderer()


@dataclass
class FrozenClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 1, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def timestamp(self) -> float:
        """Unix seconds: the sandbox's `wall_clock`, so message dates follow the frozen time."""
        return self.now.timestamp()


@dataclass
class FakeMonotonic:
    """A monotonic clock that moves only when someone sleeps on it, at once."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        target = self.now + max(seconds, 0.0)
        await asyncio.sleep(0)
        self.now = max(self.now, target)


def fake_timing(ticks: FakeMonotonic, concurrency: int = 1) -> Timing:
    """The bot's send budget on `ticks`, so paced replies and broadcasts take no real time.
    One send in flight at a time by default: the fake clock then moves exactly with the
    pacing."""
    return Timing(monotonic=ticks, sleep=ticks.sleep, concurrency=concurrency, wake_early=0.0)


def make_config(database_url: str, **overrides: Any) -> Config:
    raw: dict[str, Any] = {
        "database_url": database_url,
        "admins": [ADMIN_ID],
        "quizzes_dir": str(REPO / "quizzes"),
        "schedules_dir": str(REPO / "schedules"),
    }
    raw.update(overrides)
    return parse_config(raw, base_dir=REPO, environ={})


def member_rows(ids: Iterable[int], now: datetime) -> list[dict[str, Any]]:
    """Registered members as rows, for tests and benches that need many of them fast."""
    return [
        {
            "id": i,
            "first_name": f"成员{i}",
            "is_organiser": False,
            "is_reachable": True,
            "joined_at": now,
            "last_seen_at": now,
        }
        for i in ids
    ]


class BotHarness:
    def __init__(
        self,
        config: Config,
        clock: FrozenClock,
        sandbox: BotApiSandbox,
        *,
        timing: Timing | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.sandbox = sandbox
        self.app: StudyApplication = build_application(
            config,
            request=SandboxRequest(sandbox),
            updates_request=SandboxRequest(sandbox),
            clock=clock,
            token=sandbox.token,
            # Replies are paced too (a second apart in a chat): on a fake clock by default.
            timing=timing or fake_timing(FakeMonotonic()),
            renderer=SESSION_RENDERER,
        )

    async def start(self) -> None:
        await self.app.initialize()
        if self.app.post_init is not None:
            await self.app.post_init(self.app)

    async def stop(self) -> None:
        await self.app.shutdown()
        if self.app.post_shutdown is not None:
            await self.app.post_shutdown(self.app)

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    async def deliver(self) -> None:
        """Hand every pending update to the application, as polling would."""
        for data in self.sandbox.take_updates():
            await self.app.process_update(Update.de_json(data, self.app.bot))

    async def _collect(self, chat_id: int | None) -> list[SentMessage]:
        before = {(m.chat_id, m.message_id) for m in self.sandbox.sent(chat_id)}
        await self.deliver()
        return [m for m in self.sandbox.sent(chat_id) if (m.chat_id, m.message_id) not in before]

    async def say(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        name: str | None = None,
        reply_to: int | None = None,
    ) -> list[SentMessage]:
        """The member writes `text` (in reply to message `reply_to`); returns the messages
        the bot sent in reply."""
        if name is not None or user_id not in self._known:
            self.sandbox.user(user_id, name or f"成员{user_id}")
            self._known.add(user_id)
        self.sandbox.send_message(user_id, text, chat_id=chat_id, reply_to=reply_to)
        return await self._collect(chat_id if chat_id is not None else user_id)

    async def say_anonymously(self, chat_id: int, text: str) -> list[SentMessage]:
        """A group admin who remains anonymous writes `text` in group `chat_id`."""
        self.sandbox.send_anonymously(chat_id, text)
        return await self._collect(chat_id)

    async def edit(self, user_id: int, message_id: int, text: str) -> list[SentMessage]:
        """The member edits a message they wrote in their private chat to say `text`."""
        self.sandbox.edit_message(user_id, message_id, text)
        return await self._collect(user_id)

    async def press(self, user_id: int, message: SentMessage, label: str) -> list[SentMessage]:
        """Press the button whose text is `label` on `message` (as it is now)."""
        data = button_data(self.sandbox_message(message), label)
        self.sandbox.press_button(user_id, message.message_id, data, chat_id=message.chat_id)
        return await self._collect(message.chat_id)

    async def press_data(self, user_id: int, message: SentMessage, data: str) -> list[SentMessage]:
        """A callback with any data: stale buttons, replays and forgeries."""
        self.sandbox.inject_callback(user_id, message.message_id, data, chat_id=message.chat_id)
        return await self._collect(message.chat_id)

    def sandbox_message(self, message: SentMessage) -> SentMessage:
        current = [
            m for m in self.sandbox.sent(message.chat_id) if m.message_id == message.message_id
        ]
        return current[0] if current else message

    async def fire_due_jobs(self) -> int:
        """Run the jobs whose time has come on the frozen clock (question deadlines)."""
        assert self.app.job_queue is not None
        fired = 0
        for job in self.app.job_queue.jobs():
            # The scheduler is not running here, so the due time is the one the job was
            # armed with (a question deadline carries it).
            due = getattr(job.data, "at", None)
            if due is not None and due <= self.clock():
                job.schedule_removal()
                await job.run(self.app)
                fired += 1
        return fired

    @property
    def _known(self) -> set[int]:
        known: set[int] = self.__dict__.setdefault("_known_users", set())
        return known


def buttons(message: SentMessage) -> Iterator[tuple[str, str]]:
    for row in message.keyboard:
        yield from row


def button_data(message: SentMessage, label: str) -> str:
    for text, data in buttons(message):
        if text == label:
            return data
    raise AssertionError(f"no button {label!r} on message: {[t for t, _ in buttons(message)]}")
