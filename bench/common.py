"""Shared pieces of the benchmarks: an offline bot on the in-process sandbox, and a bare PTB
echo bot on the same transport as the baseline measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.config import LIMIT_SCALE_MAX, Config, parse_config
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import BotApiSandbox
from bot.services.clock import Clock, utc_now
from bot.tgbot.app import build_application
from bot.tgbot.context import StudyApplication
from bot.tgbot.update_order import PerSenderUpdateProcessor

REPO = Path(__file__).resolve().parents[1]


def write_single_bank(folder: Path, count: int) -> Path:
    """A bank of `count` single-choice questions (answer B) in `folder`: every answer is a
    button press or a poll vote, scored in the ledger."""
    questions = [
        {
            "id": f"q{i:04d}",
            "type": "single",
            "question": f"第{i}题：全年计划组织几期“干部大讲堂”？",
            "options": ["3期", "5期", "10期", "15期"],
            "answer": "B",
            "explanation": "依据《2020年机关党的建设工作要点》二.5。",
        }
        for i in range(count)
    ]
    bank = {"id": "bench", "title": "基准题库", "questions": questions}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    return folder


def bench_config(database_url: str, **overrides: Any) -> Config:
    raw: dict[str, Any] = {
        "database_url": database_url,
        "log_level": "WARNING",
        # The benches measure the bot's own cost per update, through a sandbox without flood
        # limits: the send budget at Telegram's rate (30 messages a second, 20 a minute in a
        # group) would cap their figures instead. So pacing is scaled out of the way; the
        # benches of pacing itself (broadcast, scaleout) set their own scale.
        "pushes": {"limit_scale": LIMIT_SCALE_MAX},
    }
    raw.update(overrides)
    return parse_config(raw, base_dir=REPO, environ={})


async def start_bot(
    config: Config, sandbox: BotApiSandbox, clock: Clock = utc_now
) -> StudyApplication:
    app = build_application(
        config,
        request=SandboxRequest(sandbox),
        updates_request=SandboxRequest(sandbox),
        clock=clock,
        token=sandbox.token,
    )
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    return app


async def stop_bot(app: StudyApplication) -> None:
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


async def echo_app(sandbox: BotApiSandbox) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder()
        .token(sandbox.token)
        .request(SandboxRequest(sandbox))
        .get_updates_request(SandboxRequest(sandbox))
        .concurrent_updates(PerSenderUpdateProcessor(64))  # as the bot's own
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    await app.initialize()
    return app


def injected(updates: list[dict[str, Any]]) -> dict[str, Any]:
    """The update an injection made. A poll vote also brings the poll's new state, and the
    sandbox closes polls whose time is up whenever it is used: no handler reads those."""
    [update] = [data for data in updates if "poll" not in data]
    return update


async def timed_updates(
    app: Application[Any, Any, Any, Any, Any, Any],
    sandbox: BotApiSandbox,
    inject: Callable[[int], object],
    count: int,
    before_each: Callable[[int], Awaitable[None]] | None = None,
) -> list[float]:
    """Seconds per update: inject one update, hand it to the app, wait for its handlers."""
    times = []
    for i in range(count):
        if before_each is not None:
            await before_each(i)
        inject(i)
        data = injected(sandbox.take_updates())
        update = Update.de_json(data, app.bot)
        started = time.perf_counter()
        await app.process_update(update)
        times.append(time.perf_counter() - started)
    return times


def describe(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"{label:<34} n={len(times):<5} p50={p50:7.2f} ms  p99={p99:7.2f} ms"
