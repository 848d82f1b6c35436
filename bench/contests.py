"""Poll answers during a 500-member group contest, beside a bare PTB echo in the same run.

Everything goes through the real Application and the in-process sandbox, on a fake clock
(polls close when the bench says so, nothing sleeps). For each question every member votes;
Telegram then sends the bot two updates: the PollAnswer, and a Poll update with the new
counts (which no handler takes). Figures:

- handler: `process_update` of each PollAnswer update (it queues the vote; the 500th of a
  question also writes the queue, so that write is inside these figures);
- the flush at each poll's close (whatever is still queued), timed on its own;
- all-in: (update time + flush) / answers, the whole cost of one answer, compared with the
  echo's mean and median cost per update. Target (issue 6): at most 3 times the echo.
- the Poll updates and the end of the contest (standings, 500 ledger rows) are shown apart:
  neither is per answer.

The first question registers the 500 members (none used /start): its writes are the
dearest, and are included.

    .venv/bin/python -m bench.contests [--members 500] [--questions 5] [--postgres URL]

--postgres names a throwaway database: its public schema is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from telegram import Update

from bench.common import bench_config, describe, echo_app, timed_updates, write_single_bank
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import BotApiSandbox
from bot.storage.db import create_engine
from bot.tgbot.app import build_application
from bot.tgbot.context import StudyApplication

ADMIN = 900001
GROUP = -1001234567890
FIRST_MEMBER = 100_000
SECONDS = 60


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 1, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Figures:
    handler: list[float] = field(default_factory=list)
    poll_updates: list[float] = field(default_factory=list)
    # Per question: seconds spent in PollAnswer updates, and in the flush at its close.
    per_question: list[tuple[float, float]] = field(default_factory=list)
    end: float = 0.0


async def measure_echo(count: int) -> list[float]:
    sandbox = BotApiSandbox()
    app = await echo_app(sandbox)
    for user in range(count):
        sandbox.user(1000 + user, f"成员{user}")
    times = await timed_updates(
        app, sandbox, lambda i: sandbox.send_message(1000 + i, f"回声 {i}"), count
    )
    await app.shutdown()
    return times


async def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


async def run_due_jobs(app: StudyApplication, clock: FakeClock) -> int:
    """The contest's steps whose time has come (the scheduler is not running here)."""
    assert app.job_queue is not None
    ran = 0
    for job in app.job_queue.jobs():
        due = getattr(job.data, "at", None)
        if due is not None and due <= clock():
            job.schedule_removal()
            await job.run(app)
            ran += 1
    return ran


async def handle(app: StudyApplication, sandbox: BotApiSandbox) -> None:
    for data in sandbox.take_updates():
        await app.process_update(Update.de_json(data, app.bot))


async def measure_contest(
    database_url: str, members: int, questions: int, folder: Path
) -> Figures:
    clock = FakeClock()
    sandbox = BotApiSandbox(clock=lambda: clock.now.timestamp())
    config = bench_config(
        database_url, quizzes_dir=str(write_single_bank(folder, 50)), admins=[ADMIN]
    )
    app = build_application(
        config,
        request=SandboxRequest(sandbox),
        updates_request=SandboxRequest(sandbox),
        token=sandbox.token,
        clock=clock,
    )
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    voters = range(FIRST_MEMBER, FIRST_MEMBER + members)
    for uid in voters:
        sandbox.user(uid, f"成员{uid}")
    roster = {uid: "member" for uid in voters} | {ADMIN: "administrator"}
    sandbox.group_chat(GROUP, "青年理论学习小组", supergroup=True, members=roster)
    sandbox.send_message(ADMIN, f"/contest bench {questions} {SECONDS}", chat_id=GROUP)
    await handle(app, sandbox)

    figures = Figures()
    runner = app.bot_data.contests
    clock.now += timedelta(seconds=10)
    await run_due_jobs(app, clock)
    for number in range(questions):
        poll = [m for m in sandbox.sent(GROUP) if m.poll is not None][-1]
        assert poll.poll is not None
        poll_id = poll.poll["id"]
        clock.now += timedelta(seconds=1)
        answered_before = len(figures.handler)
        for i, uid in enumerate(voters):
            sandbox.answer_poll(uid, poll_id, [1 if i % 3 else 0])
            for data in sandbox.take_updates():
                update = Update.de_json(data, app.bot)
                started = time.perf_counter()
                await app.process_update(update)
                spent = time.perf_counter() - started
                (figures.handler if update.poll_answer else figures.poll_updates).append(spent)
        started = time.perf_counter()
        await runner.flush()
        handled = sum(figures.handler[answered_before:])
        figures.per_question.append((handled, time.perf_counter() - started))
        clock.now += timedelta(seconds=SECONDS)
        await run_due_jobs(app, clock)  # the poll closes: its explanation
        clock.now += timedelta(seconds=5)
        started = time.perf_counter()
        await run_due_jobs(app, clock)  # the next question, or the standings
        if number == questions - 1:
            figures.end = time.perf_counter() - started
    standings = [m for m in sandbox.sent(GROUP) if m.poll is None][-1]
    assert (standings.text or "").startswith("🏆"), standings.text
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)
    return figures


def report(label: str, figures: Figures, echo: list[float], members: int) -> None:
    print(describe(f"poll answer handler ({label})", figures.handler))
    echo_mean, echo_p50 = statistics.fmean(echo), statistics.median(echo)
    for number, (handled, flushed) in enumerate(figures.per_question, start=1):
        note = " (registers the members)" if number == 1 else ""
        print(
            f"  question {number}: {members} answers in {handled * 1000:.0f} ms of updates "
            f"+ {flushed * 1000:.1f} ms flush at the close{note}"
        )

    def all_in(rows: list[tuple[float, float]]) -> float:
        return sum(h + f for h, f in rows) / (members * len(rows))

    for name, rows in (
        ("all questions", figures.per_question),
        ("questions 2+ (members known)", figures.per_question[1:]),
    ):
        if not rows:
            continue
        cost = all_in(rows)
        print(
            f"  all-in per answer, {name}: {cost * 1000:.3f} ms = {1 / cost:,.0f} answers/s; "
            f"x{cost / echo_mean:.2f} the echo's mean, x{cost / echo_p50:.2f} its p50 "
            f"(target: at most x3)"
        )
    print(describe(f"  poll state updates ({label})", figures.poll_updates))
    print(f"  end of contest (standings, {members} ledger rows): {figures.end * 1000:.0f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--postgres", default=None, help="postgresql+asyncpg://… to bench too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        targets = [("SQLite", f"sqlite+aiosqlite:///{folder / 'bench.db'}")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        echo = await measure_echo(args.members * args.questions)
        print(describe("bare PTB echo", echo))
        print(f"  echo mean {statistics.fmean(echo) * 1000:.3f} ms per update (tail included)")
        for label, url in targets:
            if label == "PostgreSQL":
                await empty_postgres(url)
            figures = await measure_contest(url, args.members, args.questions, folder / label)
            report(label, figures, echo, args.members)


if __name__ == "__main__":
    asyncio.run(main())
