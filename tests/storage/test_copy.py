"""`studybot db copy`: an organisation that began on SQLite moves to PostgreSQL (the target is
the suite's database: PostgreSQL when the suite is given one) with every row, and the bot
goes on there as before."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.sandbox.state import BotApiSandbox
from bot.services.identity import Actor, Role
from bot.storage import migrate
from bot.storage.copy import CopyRefused, copy_database
from bot.storage.db import create_engine
from bot.storage.models import ScoreEvent
from tests.harness import ADMIN_ID, BotHarness, FrozenClock, make_config
from tests.storage.test_upgrade_with_data import _counts, _fill

ADMIN = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)


async def _filled_sqlite(tmp_path: Path) -> tuple[str, dict[str, int]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'source.db'}"
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        return url, await _fill(engine)
    finally:
        await engine.dispose()


async def test_every_row_goes_over_and_the_bot_goes_on_there(
    tmp_path: Path, database_url: str
) -> None:
    source_url, seeded = await _filled_sqlite(tmp_path)
    source, target = create_engine(source_url), create_engine(database_url)
    try:
        copied = await copy_database(source, target)
        assert {name: copied[name] for name in seeded} == seeded
        assert await _counts(target, seeded) == seeded
        with pytest.raises(CopyRefused) as again:  # the target has members now
            await copy_database(source, target)
        assert again.value.message_id == "db-copy-target-not-empty"
        assert await _counts(target, seeded) == seeded
    finally:
        await source.dispose()
        await target.dispose()

    clock = FrozenClock(now=datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    bot = BotHarness(make_config(database_url), clock, BotApiSandbox(wall_clock=clock.timestamp))
    await bot.start()
    try:
        async with bot.services.unit() as unit:
            board = await unit.rankings.top(ADMIN, ["累计"])
            copied_ids = await unit.session.scalar(select(func.max(ScoreEvent.id)))
        assert [(e.rank, e.member_id, e.points) for e in board.entries] == [
            (1, 1002, 30),
            (2, 1001, 12),
            (3, 1003, 2),
        ]
        # A new ledger row gets an id of its own (PostgreSQL's sequence moved past the copy).
        [done] = await bot.say(ADMIN_ID, "/award 1003 3 参加集中学习")
        assert "3" in done.plain_text
        async with bot.services.unit() as unit:
            newest = await unit.session.scalar(select(func.max(ScoreEvent.id)))
            board = await unit.rankings.top(ADMIN, ["累计"])
        assert newest is not None and copied_ids is not None and newest > copied_ids
        assert [(e.member_id, e.points) for e in board.entries][-1] == (1003, 5)
    finally:
        await bot.stop()


async def test_a_source_behind_this_release_is_upgraded_first(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    target = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    try:
        await migrate.upgrade(engine, migrate.revisions_oldest_first()[-2])
        with pytest.raises(CopyRefused) as refused:
            await copy_database(engine, target)
        assert refused.value.message_id == "db-copy-source-behind"
    finally:
        await engine.dispose()
        await target.dispose()
