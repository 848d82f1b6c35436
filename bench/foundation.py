"""Foundation figures (issue 2): start-up of the real `studybot run` process until its first
getUpdates on SQLite, and the cost of one /start through the in-process sandbox beside a bare
PTB echo in the same run.

    .venv/bin/python -m bench.foundation [--starts 3] [--updates 500]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import bench_config, describe, echo_app, start_bot, stop_bot, timed_updates
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from tests.e2e.process import BotProcess, write_config

TOKEN = "5151:BENCH-token"


async def startup_seconds(folder: Path) -> float:
    sandbox = BotApiSandbox(token=TOKEN)
    async with SandboxServer(sandbox) as server:
        config = write_config(
            folder, server, f"sqlite+aiosqlite:///{folder / 'startup.db'}", log_level="WARNING"
        )
        bot = BotProcess(config, TOKEN, folder / "startup.log")
        started = time.perf_counter()
        await bot.start()
        await sandbox.wait_for(
            lambda: any(method == "getUpdates" for method, _ in sandbox.calls), timeout=60
        )
        elapsed = time.perf_counter() - started
        await bot.stop()
    return elapsed


async def start_costs(database_url: str, count: int) -> tuple[list[float], list[float]]:
    echo_sandbox = BotApiSandbox()
    echo = await echo_app(echo_sandbox)
    for i in range(count):
        echo_sandbox.user(1000 + i, f"成员{i}")
    echo_times = await timed_updates(
        echo, echo_sandbox, lambda i: echo_sandbox.send_message(1000 + i, "/start"), count
    )
    await echo.shutdown()

    sandbox = BotApiSandbox()
    app = await start_bot(bench_config(database_url), sandbox)
    for i in range(count):
        sandbox.user(1000 + i, f"成员{i}")
    # Half first contacts (a member row written), half repeats: both happen in real use.
    start_times = await timed_updates(
        app, sandbox, lambda i: sandbox.send_message(1000 + i % (count // 2), "/start"), count
    )
    await stop_bot(app)
    return echo_times, start_times


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--updates", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        startups = []
        for i in range(args.starts):
            run = folder / f"run{i}"
            run.mkdir()
            startups.append(await startup_seconds(run))
        print(
            f"start-up to first getUpdates (SQLite, fresh database): "
            f"median {statistics.median(startups):.2f} s over {len(startups)} runs "
            f"({', '.join(f'{s:.2f}' for s in startups)})"
        )
        echo, start = await start_costs(f"sqlite+aiosqlite:///{folder / 'start.db'}", args.updates)
        print(describe("bare PTB echo", echo))
        print(describe("/start (SQLite)", start))
        ratio = statistics.median(start) / statistics.median(echo)
        print(f"  ratio /start / echo at p50: {ratio:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
