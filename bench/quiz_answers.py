"""Quiz answers end to end: update in, answer and ledger rows written, verdict edited in and the
next question sent through the in-process sandbox; against a bare PTB echo in the same run.

Target (issue 3): one answer costs at most 3 times the echo.

Three figures per database, each beside the echo:
- latency: one update at a time, the time `process_update` takes (p50);
- throughput: many members answering at once through the bot's own update processor,
  answers a second (cost = 1 / rate);
- the floor: a PTB handler making exactly the Bot API calls an answer needs (answer the
  callback, edit the verdict in, send the next question) with no database and no logic,
  which is what the member must see and so the least any implementation can cost.

The same answer with `quiz.polls` (the question a quiz poll, answered by a vote: Telegram
shows the verdict, so the one Bot API call is the next poll) is measured as well.

With `--split`, each answer's latency run also says where its time goes: in SQLAlchemy's
async calls (statements, flushes, commits: every one passes `greenlet_spawn`), in the Bot
API calls (`Bot._post`, the in-process sandbox answering), and the rest (PTB's dispatch and
the bot's own logic). The wrappers cost a little themselves, so the figures of a `--split`
run are not the ones to compare with the target.

    .venv/bin/python -m bench.quiz_answers [--answers 400] [--members 40] [--postgres URL]
        [--split]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy.ext.asyncio.engine
import sqlalchemy.ext.asyncio.result
import sqlalchemy.ext.asyncio.session
import sqlalchemy.util.concurrency
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bench.common import (
    bench_config,
    describe,
    echo_app,
    injected,
    start_bot,
    stop_bot,
    timed_updates,
    write_single_bank,
)
from bot.sandbox.state import BotApiSandbox

QUESTIONS_PER_QUIZ = 40
# Each run's members start here; runs never share a member (see `measure`), nor do two
# invocations on the same PostgreSQL database: a member who finished today's quiz in the last
# one would find no question to answer in this one.
_FIRST_MEMBERS = itertools.count(random.randrange(10**9, 10**12, 10**6), 100_000)
QUESTION = (
    "第1题/共40题（单选）\n第12题：全年计划组织几期“干部大讲堂”？\n\n"
    "A. 3期\nB. 5期\nC. 10期\nD. 15期"
)
VERDICT = "\n\n✅ 回答正确。正确答案：B\n解析：依据《2020年机关党的建设工作要点》二.5。"
KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton(letter, callback_data=f"q:1:0:{i}") for i, letter in enumerate("ABCD")]]
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Press = Callable[[BotApiSandbox, int], None]


def empty_schedules(folder: Path) -> Path:
    """No pushes in this bench (the sample schedules name banks it does not load)."""
    (folder / "schedules").mkdir(exist_ok=True)
    return folder / "schedules"


def vote_b(sandbox: BotApiSandbox, member: int) -> None:
    """The member votes B (the right answer) in the newest quiz poll they were sent."""
    question = sandbox.last(member)
    assert question is not None and question.poll is not None, question
    sandbox.answer_poll(member, question.poll["id"], [1])


def press_b(sandbox: BotApiSandbox, member: int) -> None:
    """The member taps B (the right answer) under the newest question they were sent."""
    question = sandbox.last(member)
    assert question is not None and question.keyboard, question
    _, callback = question.keyboard[0][1]
    sandbox.inject_callback(member, question.message_id, callback)


def write(sandbox: BotApiSandbox, member: int) -> None:
    sandbox.send_message(member, "回声")


async def _floor_handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer("回答正确")
    chat_id = query.message.chat.id
    await context.bot.edit_message_text(
        QUESTION + VERDICT, chat_id=chat_id, message_id=query.message.message_id
    )
    await context.bot.send_message(chat_id, QUESTION, reply_markup=KEYBOARD)


async def floor_app(sandbox: BotApiSandbox, members: range) -> AnyApp:
    app = await echo_app(sandbox)
    app.add_handler(CallbackQueryHandler(_floor_handler))
    for member in members:
        sandbox.send_message(member, "/start")  # opens the chat
        await app.bot.send_message(member, QUESTION, reply_markup=KEYBOARD)
    sandbox.take_updates()
    return app


async def answer_app(
    database_url: str, sandbox: BotApiSandbox, folder: Path, members: range, *, polls: bool
) -> Any:
    config = bench_config(
        database_url,
        quizzes_dir=str(write_single_bank(folder, 200)),
        schedules_dir=str(empty_schedules(folder)),
        quiz={"daily_questions": QUESTIONS_PER_QUIZ, "polls": polls},
        # Every correct answer writes a ledger row: no daily cap in the way.
        scoring={"daily_max_points": 1_000_000},
    )
    app = await start_bot(config, sandbox)
    for member in members:
        sandbox.send_message(member, "/quiz")
    for data in sandbox.take_updates():
        await app.process_update(Update.de_json(data, app.bot))
    return app


def new_sandbox(members: range) -> BotApiSandbox:
    sandbox = BotApiSandbox()
    for member in members:
        sandbox.user(member, f"成员{member}")
    return sandbox


async def latency(
    app: AnyApp, sandbox: BotApiSandbox, press: Press, members: range, count: int
) -> list[float]:
    """One update at a time from a few members in turn (a quiz holds 40 questions)."""
    return await timed_updates(
        app, sandbox, lambda i: press(sandbox, members[i // QUESTIONS_PER_QUIZ]), count
    )


async def throughput(app: AnyApp, sandbox: BotApiSandbox, press: Press, members: range) -> float:
    """Every member answers a whole quiz, all at once, through the bot's update processor:
    updates handled a second."""
    per_member = QUESTIONS_PER_QUIZ - 1  # the last answer ends the quiz: no next question

    async def member_plays(member: int) -> None:
        for _ in range(per_member):
            press(sandbox, member)
            data = injected(sandbox.take_updates())  # no await since the press: it is this one
            update = Update.de_json(data, app.bot)
            await app.update_processor.process_update(update, app.process_update(update))

    started = time.perf_counter()
    await asyncio.gather(*(member_plays(member) for member in members))
    return per_member * len(members) / (time.perf_counter() - started)


class TimeSplit:
    """Seconds spent inside SQLAlchemy's async calls and inside Bot API calls (outermost
    calls only: a commit's own statements are not counted twice)."""

    def __init__(self) -> None:
        self.seconds = {"database": 0.0, "bot_api": 0.0}
        self._depth = {"database": 0, "bot_api": 0}

    def timed(self, key: str, call: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        async def timed_call(*args: Any, **kwargs: Any) -> Any:
            if self._depth[key]:
                return await call(*args, **kwargs)
            self._depth[key] += 1
            started = time.perf_counter()
            try:
                return await call(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - started
                self._depth[key] -= 1

        return timed_call

    @contextlib.contextmanager
    def watching(self) -> Iterator[TimeSplit]:
        """SQLAlchemy's asyncio modules each import `greenlet_spawn` by name."""
        modules = (
            sqlalchemy.util.concurrency,
            sqlalchemy.ext.asyncio.engine,
            sqlalchemy.ext.asyncio.result,
            sqlalchemy.ext.asyncio.session,
        )
        spawn, post = sqlalchemy.util.concurrency.greenlet_spawn, Bot._post
        timed_spawn = self.timed("database", spawn)
        for module in modules:
            module.greenlet_spawn = timed_spawn  # type: ignore[attr-defined]
        Bot._post = self.timed("bot_api", post)  # type: ignore[method-assign]
        try:
            yield self
        finally:
            for module in modules:
                module.greenlet_spawn = spawn  # type: ignore[attr-defined]
            Bot._post = post  # type: ignore[method-assign]


async def split_answer(kind: str, answers: int, folder: Path, url: str) -> str:
    """Where one answer's time goes (see the module's doc), per answer in ms."""
    first = next(_FIRST_MEMBERS)
    members = range(first, first + -(-answers // QUESTIONS_PER_QUIZ))
    app, sandbox, press = await ready(kind, members, folder / "split", url)
    with TimeSplit().watching() as split:
        samples = await latency(app, sandbox, press, members, answers)
    await stop_bot(app)
    total = sum(samples)
    database, bot_api = split.seconds["database"], split.seconds["bot_api"]
    per = 1000 / len(samples)
    return (
        f"  where it goes, per answer: {total * per:.2f} ms = SQLAlchemy {database * per:.2f}"
        f" + Bot API calls {bot_api * per:.2f} + the rest {(total - database - bot_api) * per:.2f}"
    )


async def ready(
    kind: str, members: range, folder: Path, url: str
) -> tuple[Any, BotApiSandbox, Press]:
    """A fresh bot of one kind (echo, floor, the quiz answer by button or by poll vote) for
    `members`."""
    sandbox = new_sandbox(members)
    if kind == "echo":
        return await echo_app(sandbox), sandbox, write
    if kind == "floor":
        return await floor_app(sandbox, members), sandbox, press_b
    polls = kind == "poll"
    app = await answer_app(url, sandbox, folder, members, polls=polls)
    return app, sandbox, vote_b if polls else press_b


async def measure(
    kind: str, answers: int, members: int, folder: Path, url: str = ""
) -> tuple[list[float], float]:
    """Latency samples and throughput of one kind of handler, each on a fresh bot. Every run
    has members of its own: the database is shared, and a member who finished today's daily
    quiz in an earlier run would only practise (no ledger rows) in a later one."""
    stop = stop_bot if kind in ("answer", "poll") else Application.shutdown
    quizzes = -(-answers // QUESTIONS_PER_QUIZ)
    first = next(_FIRST_MEMBERS)
    soloists = range(first, first + quizzes)
    app, sandbox, press = await ready(kind, soloists, folder / "latency", url)
    samples = await latency(app, sandbox, press, soloists, answers)
    await stop(app)
    group = range(soloists.stop, soloists.stop + members)
    app, sandbox, press = await ready(kind, group, folder / "throughput", url)
    rate = await throughput(app, sandbox, press, group)
    await stop(app)
    return samples, rate


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=400, help="for the latency figure")
    parser.add_argument("--members", type=int, default=40, help="answering at once")
    parser.add_argument("--postgres", default=None, help="postgresql+asyncpg://… to bench too")
    parser.add_argument("--split", action="store_true", help="say where an answer's time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        targets = [("SQLite", f"sqlite+aiosqlite:///{folder / 'bench.db'}")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        echo, echo_rate = await measure("echo", args.answers, args.members, folder)
        floor, floor_rate = await measure("floor", args.answers, args.members, folder)
        print(describe("bare PTB echo", echo), f"  at once: {echo_rate:7.0f}/s")
        print(
            describe("floor: the answer's 3 API calls", floor), f"  at once: {floor_rate:7.0f}/s"
        )
        floor_ratio = statistics.median(floor) / statistics.median(echo)
        print(
            f"  the floor against the echo: {floor_ratio:.2f} one at a time,"
            f" {echo_rate / floor_rate:.2f} at once"
        )
        for label, url in targets:
            for kind, name in (("answer", "quiz answer"), ("poll", "quiz answer as a poll vote")):
                answers, rate = await measure(kind, args.answers, args.members, folder, url)
                print(describe(f"{name} ({label})", answers), f"  at once: {rate:7.0f}/s")
                print(
                    f"  answer/echo: {statistics.median(answers) / statistics.median(echo):.2f}"
                    f" one at a time, {echo_rate / rate:.2f} at once   (target: at most 3.00);"
                    f" answer/floor: {statistics.median(answers) / statistics.median(floor):.2f},"
                    f" {floor_rate / rate:.2f}"
                )
                if args.split:
                    print(await split_answer(kind, args.answers, folder, url))


if __name__ == "__main__":
    asyncio.run(main())
