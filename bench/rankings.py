"""Rankings at scale: 100,000 members in 500 study groups, then 1 million and 10 million
ledger rows; /top, the rank part of /me and /groups timed at p50 and p99 on SQLite and
PostgreSQL, and PostgreSQL's plans printed.

Target (issue 5): going from 1 million to 10 million rows makes none of them more than
1.5 times slower. Rankings read the running totals (`score_totals` per member,
`group_totals` per group), never the ledger: /top reads an index in order and stops, a rank
is a count over that index plus a couple of hundred look-ups for the group, /groups reads
one row per group. Their cost does not follow the ledger's size.

How the rows are made (`--model`):
- history (default): the ledger grows because time passes. Every day 5% of the members
  play (three daily-quiz points and one 3-point challenge each: 20,000 rows a day), so
  1 million rows are 50 days of history and 10 million rows 500 days, ending now.
- dense: the same members earn ten times as much in the same year (every row in the 365
  days before now): a week then holds ten times the rows and far more active members.
The 10-million ledger is the 1-million one plus older rows (history) or more rows in the
same year (dense): in the history model "this month" holds the same rows at both sizes.
Totals are then rebuilt with the project's own `rebuild_totals`.

Rows are loaded with executemany (SQLite, through the sqlite3 module) or COPY (PostgreSQL,
asyncpg), secondary indexes dropped during the load and built after, then ANALYZE.

    .venv/bin/python -m bench.rankings [--rows 1000000,10000000] [--postgres URL]
        [--no-sqlite] [--samples 200] [--model history|dense]

The PostgreSQL database named by URL is emptied (schema public dropped): use a scratch one.
Each smaller size is kept as a copy (NAME_1000000 on PostgreSQL, made with NAME as its
template; a file beside the SQLite one), and the sizes are then timed in turn, sample by
sample, so that other load on the machine weighs on every size alike.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import bench_config
from bot.config import Config
from bot.domain.periods import PeriodKind, current_period
from bot.services.identity import Actor, Role
from bot.services.ledger import SESSION_ZONE_KEY, rebuild_totals
from bot.services.rankings import RankingService
from bot.storage import migrate
from bot.storage.db import create_engine, session_factory

ZONE = ZoneInfo("Asia/Shanghai")
# A Wednesday afternoon in the middle of a month.
NOW = datetime(2026, 3, 18, 15, 0, tzinfo=ZONE).astimezone(UTC)
MEMBERS = 100_000
GROUPS = 500
ACTIVE_SHARE = 0.05  # of the members, each day (history model)
FIRST_MEMBER = 10_000_000
ADMIN = Actor(1, "bench", "zh", Role.ADMIN)
SECONDARY_INDEXES = {
    "ix_score_events_member_time": "score_events (member_id, created_at)",
    "ix_score_events_time": "score_events (created_at)",
}


@dataclass
class Rows:
    """(member_id, group_id, source, reference, points, created_at UTC)."""

    rows: list[tuple[int, int, str, str, int, datetime]]


def member_group(member_id: int) -> int:
    return (member_id - FIRST_MEMBER) % GROUPS + 1


def make_rows(count: int, start_ref: int, model: str, rng: random.Random) -> Rows:
    """`count` ledger rows, the newest first for history (so more rows go further back)."""
    rows: list[tuple[int, int, str, str, int, datetime]] = []
    per_day = int(MEMBERS * ACTIVE_SHARE) * 4
    ref = start_ref
    today_start = datetime(2026, 3, 18, tzinfo=ZONE).astimezone(UTC)
    if model == "history":
        # Day k back from today; days already used by earlier rows are skipped.
        first_day = start_ref // per_day
        day = first_day
        while len(rows) < count:
            base = today_start - timedelta(days=day)
            span = (NOW - base).total_seconds() if day == 0 else 86_400.0
            for member in rng.sample(range(MEMBERS), per_day // 4):
                member_id = FIRST_MEMBER + member
                moment = base + timedelta(seconds=rng.random() * span)
                for points, source in ((1, "daily_quiz"), (1, "daily_quiz"), (1, "daily_quiz")):
                    rows.append(
                        (member_id, member_group(member_id), source, f"{ref:010d}", points, moment)
                    )
                    ref += 1
                rows.append(
                    (member_id, member_group(member_id), "challenge", f"{ref:010d}", 3, moment)
                )
                ref += 1
                if len(rows) >= count:
                    break
            day += 1
    else:
        seconds = 365 * 86_400
        while len(rows) < count:
            member_id = FIRST_MEMBER + rng.randrange(MEMBERS)
            moment = NOW - timedelta(seconds=rng.random() * seconds)
            points = rng.choice((1, 1, 1, 3))
            source = "daily_quiz" if points == 1 else "challenge"
            rows.append(
                (member_id, member_group(member_id), source, f"{ref:010d}", points, moment)
            )
            ref += 1
    return Rows(rows[:count])


# ---- loading ---------------------------------------------------------------------------------


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite+aiosqlite:///")


def load_people_sqlite(path: str) -> None:
    now = NOW.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO study_groups (id, name, join_code, created_at) VALUES (?, ?, ?, ?)",
            [(g, f"第{g}学习小组", f"G{g:05d}", now) for g in range(1, GROUPS + 1)],
        )
        db.executemany(
            "INSERT INTO members (id, first_name, is_organiser, is_reachable, study_group_id,"
            " joined_at, last_seen_at) VALUES (?, ?, 0, 1, ?, ?, ?)",
            [
                (FIRST_MEMBER + m, f"成员{m}", member_group(FIRST_MEMBER + m), now, now)
                for m in range(MEMBERS)
            ],
        )


def load_rows_sqlite(path: str, rows: Rows) -> float:
    started = time.perf_counter()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA synchronous=OFF")
        for name in SECONDARY_INDEXES:
            db.execute(f"DROP INDEX IF EXISTS {name}")
        db.executemany(
            "INSERT INTO score_events (member_id, study_group_id, source, reference, points,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (m, g, s, r, p, c.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"))
                for m, g, s, r, p, c in rows.rows
            ),
        )
        for name, columns in SECONDARY_INDEXES.items():
            db.execute(f"CREATE INDEX {name} ON {columns}")
    return time.perf_counter() - started


async def load_people_postgres(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw: Any = (await conn.get_raw_connection()).driver_connection
        await raw.copy_records_to_table(
            "study_groups",
            records=[(g, f"第{g}学习小组", f"G{g:05d}", NOW) for g in range(1, GROUPS + 1)],
            columns=["id", "name", "join_code", "created_at"],
        )
        await raw.copy_records_to_table(
            "members",
            records=[
                (
                    FIRST_MEMBER + m,
                    f"成员{m}",
                    False,
                    True,
                    member_group(FIRST_MEMBER + m),
                    NOW,
                    NOW,
                )
                for m in range(MEMBERS)
            ],
            columns=[
                "id",
                "first_name",
                "is_organiser",
                "is_reachable",
                "study_group_id",
                "joined_at",
                "last_seen_at",
            ],
        )
        await conn.commit()


async def load_rows_postgres(engine: AsyncEngine, rows: Rows) -> float:
    started = time.perf_counter()
    async with engine.connect() as conn:
        for name in SECONDARY_INDEXES:
            await conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        await conn.commit()
        raw: Any = (await conn.get_raw_connection()).driver_connection
        await raw.copy_records_to_table(
            "score_events",
            records=rows.rows,
            columns=["member_id", "study_group_id", "source", "reference", "points", "created_at"],
        )
        for name, columns in SECONDARY_INDEXES.items():
            await conn.execute(text(f"CREATE INDEX {name} ON {columns}"))
        await conn.commit()
    return time.perf_counter() - started


async def analyze(engine: AsyncEngine) -> None:
    if engine.dialect.name == "postgresql":
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    else:
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))


async def rebuild(engine: AsyncEngine) -> tuple[float, int]:
    started = time.perf_counter()
    async with session_factory(engine)() as session:
        count = await rebuild_totals(session, ZONE, NOW)
        await session.commit()
    return time.perf_counter() - started, count


# ---- timing ----------------------------------------------------------------------------------


class Bench:
    def __init__(self, engine: AsyncEngine, config: Config, samples: int) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self.config = config
        self.samples = samples
        self.rng = random.Random(7)

    async def call(self, work: Callable[[RankingService], Awaitable[Any]]) -> float:
        """One update's worth: a session, the service, the commit (as the bot does)."""
        started = time.perf_counter()
        async with self.sessions() as session:
            session.info[SESSION_ZONE_KEY] = ZONE
            await work(RankingService(session, self.config, lambda: NOW))
            await session.commit()
        return time.perf_counter() - started

    def operations(self) -> dict[str, Callable[[RankingService], Awaitable[Any]]]:
        def member() -> int:
            return FIRST_MEMBER + self.rng.randrange(MEMBERS)

        async def me_ranks(service: RankingService) -> None:
            # What /me does for its ranks: count the members once, then three standings.
            who = member()
            members = await service.count_members()
            for kind in (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR):
                await service.standing(who, current_period(kind, NOW, ZONE), members=members)

        return {
            "/top (this month, everyone)": lambda s: s.top(ADMIN, ["本月"]),
            "/top (all time, everyone)": lambda s: s.top(ADMIN, ["全部"]),
            "/top (this month, one group)": lambda s: s.top(
                ADMIN, ["本月", f"#{self.rng.randrange(1, GROUPS + 1)}"]
            ),
            "/me ranks (week, month, year)": me_ranks,
            "/groups (this month)": lambda s: s.groups(ADMIN, "本月"),
            "/groups (this year)": lambda s: s.groups(ADMIN, "今年"),
        }

    async def explain(self) -> None:
        """PostgreSQL's plans for the statements each operation runs (EXPLAIN ANALYZE)."""
        captured: list[tuple[str, Any]] = []

        def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                captured.append((statement, parameters))

        for label, work in self.operations().items():
            if "all time" in label or "this year" in label:
                continue
            captured.clear()
            event.listen(self.engine.sync_engine, "before_cursor_execute", capture)
            try:
                await self.call(work)
            finally:
                event.remove(self.engine.sync_engine, "before_cursor_execute", capture)
            print(f"\n=== {label}: {len(captured)} statements")
            async with self.engine.connect() as conn:
                for statement, parameters in captured:
                    if not any(t in statement for t in ("_totals", "members")):
                        continue
                    result = await conn.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters
                    )
                    print("--- " + " ".join(statement.split())[:300])
                    for (line,) in result:
                        print("    " + line)


async def snapshot(engine: AsyncEngine, url: str, rows: int) -> str:
    """A copy of the database as it is now (rows ledger rows); returns its URL."""
    await engine.dispose()
    if engine.dialect.name == "postgresql":
        base, _, name = url.rpartition("/")
        copy = f"{name}_{rows}"
        admin = create_engine(f"{base}/postgres")
        async with admin.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text(f'DROP DATABASE IF EXISTS "{copy}"'))
            await autocommit.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"'))
        await admin.dispose()
        return f"{base}/{copy}"
    path = sqlite_path(url)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = f"{path}.{rows}"
    shutil.copyfile(path, copy)
    return f"sqlite+aiosqlite:///{copy}"


async def run_backend(
    label: str, url: str, targets: list[int], args: argparse.Namespace
) -> dict[int, dict[str, tuple[float, float]]]:
    """Load the ledger size by size, keeping a copy of each but the last; then time every
    operation on all sizes in turn, sample by sample, so that whatever else the machine is
    doing weighs on each size alike."""
    print(f"\n## {label}: {MEMBERS:,} members in {GROUPS} groups, model {args.model}", flush=True)
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(engine)
    if engine.dialect.name == "postgresql":
        await load_people_postgres(engine)
    else:
        await engine.dispose()
        load_people_sqlite(sqlite_path(url))
    rng = random.Random(11)
    loaded = 0
    urls: dict[int, str] = {}
    for target in targets:
        started = time.perf_counter()
        rows = make_rows(target - loaded, loaded, args.model, rng)
        made = time.perf_counter() - started
        if engine.dialect.name == "postgresql":
            load = await load_rows_postgres(engine, rows)
        else:
            await engine.dispose()
            load = load_rows_sqlite(sqlite_path(url), rows)
        del rows
        loaded = target
        seconds, totals = await rebuild(engine)
        await analyze(engine)
        print(
            f"  {target:>12,} ledger rows: made in {made:.0f} s, loaded in {load:.0f} s, "
            f"totals rebuilt in {seconds:.0f} s ({totals:,} total rows)",
            flush=True,
        )
        urls[target] = url if target == targets[-1] else await snapshot(engine, url, target)
    await engine.dispose()
    engines = {size: create_engine(address) for size, address in urls.items()}
    benches = {
        size: Bench(engines[size], bench_config(urls[size]), args.samples) for size in targets
    }
    results = await measure_interleaved(benches)
    if engine.dialect.name == "postgresql" and args.explain:
        print(f"\nPostgreSQL plans at {targets[-1]:,} rows:")
        await benches[targets[-1]].explain()
    for each in engines.values():
        await each.dispose()
    return results


async def measure_interleaved(
    benches: dict[int, Bench],
) -> dict[int, dict[str, tuple[float, float]]]:
    sizes = sorted(benches)
    operations = {size: bench.operations() for size, bench in benches.items()}
    results: dict[int, dict[str, tuple[float, float]]] = {size: {} for size in sizes}
    samples = next(iter(benches.values())).samples
    for label in operations[sizes[0]]:
        times: dict[int, list[float]] = {size: [] for size in sizes}
        for size in sizes:
            for _ in range(3):  # warm the caches
                await benches[size].call(operations[size][label])
        for _ in range(samples):
            for size in sizes:
                times[size].append(await benches[size].call(operations[size][label]))
        for size in sizes:
            ordered = sorted(times[size])
            p50 = statistics.median(ordered) * 1000
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
            results[size][label] = (p50, p99)
            print(
                f"    {size:>12,} rows  {label:<32} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms",
                flush=True,
            )
    return results


def report(label: str, results: dict[int, dict[str, tuple[float, float]]]) -> None:
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print(f"\n{label}: {large:,} rows against {small:,} (target: at most 1.5x)")
    for name, (p50, p99) in results[small].items():
        big50, big99 = results[large][name]
        verdict = "ok" if big50 <= 1.5 * p50 and big99 <= 1.5 * max(p99, 1.0) else "OVER"
        print(f"  {name:<32} p50 x{big50 / p50:5.2f}   p99 x{big99 / p99:5.2f}   {verdict}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="1000000,10000000", help="ledger sizes, in order")
    parser.add_argument("--postgres", default=None, help="a scratch PostgreSQL database URL")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--model", choices=["history", "dense"], default="history")
    parser.add_argument("--no-explain", dest="explain", action="store_false")
    args = parser.parse_args()
    targets = [int(size) for size in args.rows.split(",")]
    print(f"rows: {', '.join(f'{t:,}' for t in targets)}; samples per figure: {args.samples}")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            report("SQLite", await run_backend("SQLite", url, targets, args))
    if args.postgres:
        report("PostgreSQL", await run_backend("PostgreSQL", args.postgres, targets, args))


if __name__ == "__main__":
    asyncio.run(main())
