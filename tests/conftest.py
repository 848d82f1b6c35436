"""Fixtures shared by the suite. The database is SQLite unless STUDYBOT_TEST_DATABASE_URL
names a PostgreSQL database, which each test gets emptied."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.sandbox.state import BotApiSandbox
from bot.storage.db import create_engine
from tests.harness import SESSION_RENDERER, BotHarness, FrozenClock, make_config

DATABASE_URL_ENV = "STUDYBOT_TEST_DATABASE_URL"


async def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def report_worker() -> Iterator[None]:
    """The bots' shared report worker (tests/harness.py) stops with the session."""
    yield
    SESSION_RENDERER.close()


@pytest.fixture
async def database_url(tmp_path: Path) -> str:
    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    await _empty_postgres(url)
    return url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def sandbox(clock: FrozenClock) -> BotApiSandbox:
    # Messages are dated by the frozen clock, like everything else the bot sees.
    return BotApiSandbox(wall_clock=clock.timestamp)


@pytest.fixture
async def harness(
    database_url: str, clock: FrozenClock, sandbox: BotApiSandbox
) -> AsyncIterator[BotHarness]:
    bot = BotHarness(make_config(database_url), clock, sandbox)
    await bot.start()
    yield bot
    await bot.stop()
