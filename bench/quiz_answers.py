"""Quiz answers end to end: update in, answer and ledger rows written, verdict edited in and the
next question sent through the in-process sandbox; against a bare PTB echo in the same run.

Target (issue 3): one answer costs at most 3 times the echo.

    .venv/bin/python -m bench.quiz_answers [--answers 400] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from pathlib import Path

import yaml
from telegram import Update

from bench.common import bench_config, describe, echo_app, start_bot, stop_bot, timed_updates
from bot.sandbox.state import BotApiSandbox


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


QUESTIONS_PER_QUIZ = 40


def write_bank(folder: Path) -> Path:
    """Single-choice questions, so every answer is a button press scored in the ledger."""
    questions = [
        {
            "id": f"q{i:04d}",
            "type": "single",
            "question": f"第{i}题：全年计划组织几期“干部大讲堂”？",
            "options": ["3期", "5期", "10期", "15期"],
            "answer": "B",
            "explanation": "依据《2020年机关党的建设工作要点》二.5。",
        }
        for i in range(200)
    ]
    bank = {"id": "bench", "title": "基准题库", "questions": questions}
    (folder / "bench.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    return folder


def empty_schedules(folder: Path) -> Path:
    """No pushes in this bench (the sample schedules name banks it does not load)."""
    (folder / "schedules").mkdir(exist_ok=True)
    return folder / "schedules"


async def measure_answers(database_url: str, count: int, folder: Path) -> list[float]:
    sandbox = BotApiSandbox()
    config = bench_config(
        database_url,
        quizzes_dir=str(write_bank(folder)),
        schedules_dir=str(empty_schedules(folder)),
        quiz={"daily_questions": QUESTIONS_PER_QUIZ},
        # Every correct answer writes a ledger row: no daily cap in the way.
        scoring={"daily_max_points": 1_000_000},
    )
    app = await start_bot(config, sandbox)
    members = max(1, -(-count // QUESTIONS_PER_QUIZ))
    for i in range(members):
        sandbox.user(5000 + i, f"成员{i}")
        sandbox.send_message(5000 + i, "/quiz")
    for data in sandbox.take_updates():
        await app.process_update(Update.de_json(data, app.bot))

    def press(i: int) -> None:
        member = 5000 + i // QUESTIONS_PER_QUIZ
        question = sandbox.last(member)
        assert question is not None and question.keyboard, question
        _, callback = question.keyboard[0][1]
        sandbox.inject_callback(member, question.message_id, callback)

    times = await timed_updates(app, sandbox, press, count)
    await stop_bot(app)
    return times


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=400)
    parser.add_argument("--postgres", default=None, help="postgresql+asyncpg://… to bench too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        echo = await measure_echo(args.answers)
        print(describe("bare PTB echo", echo))
        for label, url in targets:
            answers = await measure_answers(url, args.answers, Path(folder))
            print(describe(f"quiz answer ({label})", answers))
            ratio = statistics.median(answers) / statistics.median(echo)
            print(f"  ratio answer/echo at p50: {ratio:.2f}  (target: at most 3.00)")


if __name__ == "__main__":
    asyncio.run(main())
