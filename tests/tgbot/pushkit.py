"""A harness for pushes: schedules written for the test, and one fake clock shared by the
dispatcher's pacing and the sandbox's flood limits, so paced broadcasts take no real time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import insert, select

from bot.sandbox.flood import FloodLimits
from bot.sandbox.state import BotApiSandbox
from bot.storage.models import Member, PushDelivery
from bot.tgbot.push_engine import PushEngine
from tests.harness import (
    REPO,
    BotHarness,
    FakeMonotonic,
    FrozenClock,
    fake_timing,
    make_config,
    member_rows,
)

TELEGRAM_LIMITS = FloodLimits()


def at(clock: FrozenClock, text: str) -> None:
    """Set the frozen clock to a local time written with its offset."""
    clock.now = datetime.fromisoformat(text).astimezone(UTC)


def write_schedules(folder: Path, *schedules: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for schedule in schedules:
        (folder / f"{schedule['id']}.yaml").write_text(
            yaml.safe_dump(schedule, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


class PushHarness(BotHarness):
    def __init__(
        self,
        database_url: str,
        clock: FrozenClock,
        schedules: Path,
        *,
        flood: FloodLimits | None = TELEGRAM_LIMITS,
        quizzes: Path = REPO / "quizzes",
        concurrency: int = 1,
        **config: Any,
    ) -> None:
        self.ticks = FakeMonotonic()
        # Message dates on the frozen clock: /pushnow keys its fire by the command's date.
        sandbox = BotApiSandbox(flood_limits=flood, clock=self.ticks, wall_clock=clock.timestamp)
        super().__init__(
            make_config(
                database_url,
                schedules_dir=str(schedules),
                quizzes_dir=str(quizzes),
                **config,
            ),
            clock,
            sandbox,
            timing=fake_timing(self.ticks, concurrency),
        )

    @property
    def pushes(self) -> PushEngine:
        return self.app.bot_data.pushes

    async def members(self, ids: range, *, open_chats: bool = True) -> None:
        """Registered members, fast: rows written directly, chats opened in the sandbox."""
        now = self.clock()
        async with self.services.unit() as unit:
            await unit.session.execute(insert(Member), member_rows(ids, now))
        for i in ids:
            self.sandbox.user(i, f"成员{i}")
            if open_chats:
                self.sandbox.private_chat(i)

    async def deliveries(self) -> dict[int, str]:
        async with self.services.unit() as unit:
            rows = await unit.session.execute(select(PushDelivery.chat_id, PushDelivery.status))
            return {row[0]: row[1] for row in rows}
