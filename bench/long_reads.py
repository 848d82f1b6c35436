"""Long reads on SQLite: the organiser reports over a year of history, and what members
answering a quiz at the same time notice.

The ledger of a real deployment: 3,000 members in 60 study groups and a year of history.
Each day about 30% of the members play (a daily quiz of five questions, one point for each
right answer; a fifth of them a challenge too), two pushes a month are acknowledged for a
point by most members, and organisers give a few manual awards a week. Some members play
nearly every day, most now and then. Everything is loaded straight into the project's own
schema (executemany through the sqlite3 module, as bench/rankings.py does) and the running
totals rebuilt with the project's `rebuild_totals`.

Then one bot runs on that database (the in-process sandbox, the bot's own handlers) and, for
each report, an organiser sends the command again and again for at least a second while
members keep tapping answers (lanes, each one answer every `--interval` ms, the way
bench/quiz_answers.py drives them). Printed per report:
- the time the report takes (median of its runs, and the longest run);
- the longest the event loop went without running anything else while the report ran (a
  ticker task records the largest gap between its wakeups, less its own sleep): the time
  every member's tap waited;
- p50 and p99 of the quiz answers given meanwhile, from the moment the member tapped (the
  planned arrival, so an answer that waited for the loop to come free counts the wait),
  beside the same figures with no report running, measured in the same run.

    .venv/bin/python -m bench.long_reads [--members 3000] [--groups 60] [--days 365]
        [--lanes 4] [--interval 100] [--seconds 1.0] [--history FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bench.common import bench_config, start_bot, stop_bot, write_single_bank
from bench.quiz_answers import QUESTIONS_PER_QUIZ, empty_schedules, press_b
from bot.sandbox.state import BotApiSandbox
from bot.services.ledger import rebuild_totals
from bot.storage import migrate
from bot.storage.db import create_engine, session_factory
from bot.tgbot.context import StudyApplication

ZONE = ZoneInfo("Asia/Shanghai")
# A Wednesday afternoon in December: "this year" holds almost a whole year of history.
NOW = datetime(2025, 12, 17, 15, 0, tzinfo=ZONE).astimezone(UTC)
FIRST_MEMBER = 10_000_000
ORGANISER = 1
ANSWERERS = 5000  # the members tapping answers during the reports (not in the history)
DAILY_QUESTIONS = 5
CHALLENGE_SHARE = 0.2  # of the day's players
ACK_PUSHES_PER_MONTH = 2
ACK_SHARE = 0.6
MANUAL_AWARDS_PER_WEEK = 5
RIGHT = 0.8  # share of right answers


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class History:
    """Rows for the project's tables, in their column order."""

    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    awards: list[tuple[Any, ...]] = field(default_factory=list)


def member_group(member: int, groups: int) -> int:
    return (member - FIRST_MEMBER) % groups + 1


def make_history(members: int, groups: int, days: int, rng: random.Random) -> History:
    history = History()
    # How often each member plays: mean 30%, a few every day, many now and then.
    keenness = [min(1.0, rng.expovariate(1 / 0.3)) for _ in range(members)]
    today = NOW.astimezone(ZONE).date()
    session_id = answer_id = 0
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        start = datetime(day.year, day.month, day.day, 7, tzinfo=ZONE)
        span = 15 * 3600 if back else (NOW - start).total_seconds()
        for index, keen in enumerate(keenness):
            if rng.random() >= keen:
                continue
            member = FIRST_MEMBER + index
            group = member_group(member, groups)
            began = start + timedelta(seconds=rng.random() * span * 0.9)
            modes = ["daily"] + (["challenge"] if rng.random() < CHALLENGE_SHARE else [])
            for mode in modes:
                session_id += 1
                count = DAILY_QUESTIONS if mode == "daily" else rng.randint(3, 15)
                rights = [rng.random() < RIGHT for _ in range(count)]
                if mode == "challenge":  # a challenge ends at the first wrong answer
                    count = rights.index(False) + 1 if False in rights else count
                    rights = rights[:count]
                streak = sum(rights) if mode == "challenge" else 0
                points = sum(rights) if mode == "daily" else min(3, streak // 3)
                finished = began + timedelta(seconds=20 * count)
                history.sessions.append(
                    (
                        session_id,
                        member,
                        member,
                        mode,
                        "finished",
                        day.isoformat(),
                        1,
                        json.dumps([f"bank:q{i:04d}" for i in range(count)]),
                        count,
                        sum(rights),
                        streak,
                        points,
                        "[]",
                        _stamp(began),
                        _stamp(finished),
                    )
                )
                for position, right in enumerate(rights):
                    answer_id += 1
                    at = _stamp(began + timedelta(seconds=20 * position + 10))
                    key, given = f"bank:q{position:04d}", "B" if right else "A"
                    row = (answer_id, session_id, member, position, key, "0" * 64, given)
                    history.answers.append((*row, int(right), 0, at))
                    if mode == "daily" and right:
                        reference = f"{member}:{day.isoformat()}:{position + 1}"
                        history.events.append((member, group, "daily_quiz", reference, 1, at))
                if mode == "challenge" and points:
                    history.events.append(
                        (member, group, "challenge", str(session_id), points, _stamp(finished))
                    )
        if day.day in (1, 15) and ACK_PUSHES_PER_MONTH:
            fire = f"{day.isoformat()}"
            for index in range(members):
                if rng.random() < ACK_SHARE:
                    member = FIRST_MEMBER + index
                    moment = start + timedelta(hours=2, seconds=rng.random() * 40_000)
                    at = _stamp(moment)
                    group = member_group(member, groups)
                    history.events.append((member, group, "ack", f"{fire}:{member}", 1, at))
        if rng.random() < MANUAL_AWARDS_PER_WEEK / 7:
            member = FIRST_MEMBER + rng.randrange(members)
            award_id = len(history.awards) + 1
            at = _stamp(start + timedelta(hours=3))
            history.awards.append(
                (award_id, member, ORGANISER, 5, "参加集中学习", 0, award_id, at)
            )
            group = member_group(member, groups)
            history.events.append((member, group, "manual", str(award_id), 5, at))
    return history


def load(path: str, members: int, groups: int, history: History) -> None:
    now = _stamp(NOW)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA synchronous=OFF")
        db.executemany(
            "INSERT INTO study_groups (id, name, join_code, created_at) VALUES (?, ?, ?, ?)",
            [(g, f"第{g}学习小组", f"G{g:05d}", now) for g in range(1, groups + 1)],
        )
        db.executemany(
            "INSERT INTO members (id, first_name, is_organiser, is_reachable, study_group_id,"
            " joined_at, last_seen_at) VALUES (?, ?, 0, 1, ?, ?, ?)",
            [
                (FIRST_MEMBER + m, f"成员{m}", member_group(FIRST_MEMBER + m, groups), now, now)
                for m in range(members)
            ]
            + [(ORGANISER, "组织员", None, now, now)],
        )
        db.executemany(
            "INSERT INTO quiz_sessions (id, member_id, chat_id, mode, status, quiz_day, scored,"
            " question_keys, position, correct_count, streak, points, selection, started_at,"
            " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            history.sessions,
        )
        db.executemany(
            "INSERT INTO quiz_answers (id, session_id, member_id, position, question_key,"
            " content_hash, given, correct, timed_out, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            history.answers,
        )
        db.executemany(
            "INSERT INTO manual_awards (id, member_id, given_by, points, reason, chat_id,"
            " message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            history.awards,
        )
        db.executemany(
            "INSERT INTO score_events (member_id, study_group_id, source, reference, points,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            history.events,
        )


async def build(url: str, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    engine = create_engine(url)
    await migrate.upgrade(engine)
    await engine.dispose()
    history = make_history(args.members, args.groups, args.days, random.Random(3))
    path = url.removeprefix("sqlite+aiosqlite:///")
    load(path, args.members, args.groups, history)
    async with session_factory(engine)() as session:
        totals = await rebuild_totals(session, ZONE, NOW)
        await session.commit()
    async with engine.begin() as conn:
        await conn.exec_driver_sql("ANALYZE")
    await engine.dispose()
    print(
        f"{args.members:,} members in {args.groups} groups, {args.days} days:"
        f" {len(history.events):,} ledger rows, {len(history.sessions):,} quizzes,"
        f" {len(history.answers):,} answers, {totals:,} running totals;"
        f" built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def keenest(path: str) -> int:
    """The member with the most history: /me reads theirs."""
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT member_id FROM quiz_answers GROUP BY member_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return int(row[0])


# ---- measuring -------------------------------------------------------------------------------


class Ticker:
    """The largest gap between the wakeups of a task that sleeps 1 ms at a time: how long
    the event loop ran something else without a break."""

    SLEEP = 0.001

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.SLEEP)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - self.SLEEP)
            last = now

    def __enter__(self) -> Ticker:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


class Answerers:
    """Members with a daily quiz open, tapping the right answer; each quiz gives 39 taps."""

    def __init__(self, app: StudyApplication, sandbox: BotApiSandbox, count: int) -> None:
        self.app = app
        self.sandbox = sandbox
        self._members: Iterator[int] = iter(range(ANSWERERS, ANSWERERS + count))
        self._current: list[tuple[int, int]] = []  # (member, taps left), one per lane

    async def open(self, lanes: int) -> None:
        self._current = [await self._next() for _ in range(lanes)]

    async def _next(self) -> tuple[int, int]:
        member = next(self._members)
        self.sandbox.user(member, f"答题{member}")
        self.sandbox.send_message(member, "/quiz")
        [data] = self.sandbox.take_updates()
        await self.app.process_update(Update.de_json(data, self.app.bot))
        return member, QUESTIONS_PER_QUIZ - 1  # the last answer ends the quiz

    async def tap(self, lane: int) -> None:
        member, left = self._current[lane]
        if not left:
            member, left = await self._next()
        press_b(self.sandbox, member)
        [data] = self.sandbox.take_updates()  # no await since the press: it is this one
        update = Update.de_json(data, self.app.bot)
        await self.app.update_processor.process_update(update, self.app.process_update(update))
        self._current[lane] = (member, left - 1)


async def lanes_until(
    answerers: Answerers, lanes: int, interval: float, done: asyncio.Event
) -> list[float]:
    """Each lane taps once every `interval` s until `done`; the seconds from each planned
    tap to its handled answer."""
    latencies: list[float] = []

    async def lane(index: int) -> None:
        planned = time.perf_counter() + index * interval / lanes
        while not done.is_set():
            await asyncio.sleep(max(0.0, planned - time.perf_counter()))
            if done.is_set():
                break
            await answerers.tap(index)
            latencies.append(time.perf_counter() - planned)
            planned += interval

    await asyncio.gather(*(lane(i) for i in range(lanes)))
    return latencies


@dataclass
class Figures:
    runs: list[float]
    blocked: float
    answers: list[float]


async def measure(
    app: StudyApplication,
    sandbox: BotApiSandbox,
    answerers: Answerers,
    command: tuple[int, str] | None,
    args: argparse.Namespace,
) -> Figures:
    """`command` (sender, text) sent again and again for at least `args.seconds` (none: the
    baseline), with the answer lanes tapping meanwhile."""
    done = asyncio.Event()
    runs: list[float] = []

    async def reports() -> None:
        started = time.perf_counter()
        while len(runs) < 2 or time.perf_counter() - started < args.seconds:
            if command is None:
                await asyncio.sleep(args.seconds)
                runs.append(args.seconds)
                continue
            sender, text = command
            sandbox.send_message(sender, text)
            [data] = sandbox.take_updates()
            update = Update.de_json(data, app.bot)
            began = time.perf_counter()
            await app.update_processor.process_update(update, app.process_update(update))
            runs.append(time.perf_counter() - began)
        done.set()

    with Ticker() as ticker:
        _, answers = await asyncio.gather(
            reports(), lanes_until(answerers, args.lanes, args.interval / 1000, done)
        )
    return Figures(runs, ticker.longest, answers)


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def commands(keen: int) -> dict[str, tuple[int, str]]:
    year = f"{NOW.astimezone(ZONE).year}-01-01..{NOW.astimezone(ZONE).date().isoformat()}"
    return {
        "/export 今年": (ORGANISER, "/export 今年"),
        "/standouts 今年": (ORGANISER, "/standouts 今年"),
        "/chart 今年": (ORGANISER, "/chart 今年"),
        "/top 今年": (ORGANISER, "/top 今年"),
        "/groups 今年": (ORGANISER, "/groups 今年"),
        "/me (the keenest member)": (keen, "/me"),
        "/top (this year's days)": (ORGANISER, f"/top {year}"),
        "/groups (this year's days)": (ORGANISER, f"/groups {year}"),
        "/export (this year's days)": (ORGANISER, f"/export {year}"),
    }


async def run(url: str, folder: Path, args: argparse.Namespace) -> None:
    path = url.removeprefix("sqlite+aiosqlite:///")
    keen = keenest(path)
    config = bench_config(
        url,
        admins=[ORGANISER],
        quizzes_dir=str(write_single_bank(folder / "bank", 200)),
        schedules_dir=str(empty_schedules(folder)),
        quiz={"daily_questions": QUESTIONS_PER_QUIZ},
        scoring={"daily_max_points": 1_000_000},
    )
    sandbox = BotApiSandbox(wall_clock=NOW.timestamp)
    sandbox.user(ORGANISER, "组织员")
    sandbox.user(keen, "最勤快的成员")
    app = await start_bot(config, sandbox, clock=lambda: NOW)
    answerers = Answerers(app, sandbox, count=100_000)
    await answerers.open(args.lanes)
    reports = commands(keen)
    for sender, text in reports.values():  # warm up: fonts, statements, caches
        sandbox.send_message(sender, text)
    for data in sandbox.take_updates():
        await app.process_update(Update.de_json(data, app.bot))
    print(
        f"\n{args.lanes} members answering, each every {args.interval:.0f} ms; each report"
        f" sent again and again for {args.seconds:.1f} s (at least twice)\n"
    )
    print(
        f"{'report':<28} {'runs':>4} {'report p50':>11} {'longest':>9} {'loop blocked':>13}"
        f" {'answers':>8} {'answer p50':>11} {'answer p99':>11}"
    )
    base = await measure(app, sandbox, answerers, None, args)
    base50, base99 = percentiles(base.answers)
    print(
        f"{'(no report: baseline)':<28} {'':>4} {'':>11} {'':>9} {base.blocked * 1000:10.1f} ms"
        f" {len(base.answers):>8} {base50:8.2f} ms {base99:8.2f} ms"
    )
    for label, command in reports.items():
        figures = await measure(app, sandbox, answerers, command, args)
        p50, p99 = percentiles(figures.answers)
        print(
            f"{label:<28} {len(figures.runs):>4} {statistics.median(figures.runs) * 1000:8.1f} ms"
            f" {max(figures.runs) * 1000:6.0f} ms {figures.blocked * 1000:10.1f} ms"
            f" {len(figures.answers):>8} {p50:8.2f} ms {p99:8.2f} ms"
            f"   answers x{p50 / base50:.1f} p50, x{p99 / base99:.1f} p99",
            flush=True,
        )
    await stop_bot(app)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--groups", type=int, default=60)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--lanes", type=int, default=4, help="members answering at once")
    parser.add_argument("--interval", type=float, default=100, help="ms between a lane's taps")
    parser.add_argument("--seconds", type=float, default=1.0, help="per report, at least")
    parser.add_argument(
        "--history", default=None, help="an SQLite file to keep the built history in (reused)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        history = Path(args.history) if args.history else folder / "history.db"
        if not history.exists():
            await build(f"sqlite+aiosqlite:///{history}", args)
        # The run adds members and answers: it works on a copy, so a kept history stays as built.
        database = folder / "bench.db"
        shutil.copyfile(history, database)
        with database.open("rb+") as copy:
            os.fsync(copy.fileno())  # else the first checkpoint's fsync writes the whole copy
        await run(f"sqlite+aiosqlite:///{database}", folder, args)


if __name__ == "__main__":
    asyncio.run(main())
