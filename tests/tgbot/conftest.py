"""The harness factory the Telegram-layer tests share: banks written for the test, config
overrides, and every harness stopped at the end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.state import BotApiSandbox
from tests.harness import BotHarness, FrozenClock, make_config
from tests.tgbot.pushkit import PushHarness, write_schedules
from tests.tgbot.quizkit import MIXED_BANK, write_banks

HarnessFactory = Callable[..., Awaitable[BotHarness]]
PushHarnessFactory = Callable[..., Awaitable[PushHarness]]


@pytest.fixture
async def make_harness(
    database_url: str, clock: FrozenClock, sandbox: BotApiSandbox, tmp_path: Path
) -> AsyncIterator[HarnessFactory]:
    started: list[BotHarness] = []

    async def make(*banks: dict[str, Any], **config: Any) -> BotHarness:
        folder = write_banks(tmp_path / "quizzes", *(banks or (MIXED_BANK,)))
        harness = BotHarness(
            make_config(database_url, quizzes_dir=str(folder), **config), clock, sandbox
        )
        await harness.start()
        started.append(harness)
        return harness

    yield make
    for harness in started:
        await harness.stop()


@pytest.fixture
async def make_push_harness(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> AsyncIterator[PushHarnessFactory]:
    """A push harness with these schedules (dicts, as in a schedules file)."""
    started: list[PushHarness] = []

    async def build(*schedules: dict[str, Any], **kwargs: Any) -> PushHarness:
        folder = write_schedules(tmp_path / "schedules", *schedules)
        harness = PushHarness(database_url, clock, folder, **kwargs)
        await harness.start()
        started.append(harness)
        return harness

    yield build
    for harness in started:
        await harness.stop()
