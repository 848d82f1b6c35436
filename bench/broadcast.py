"""Broadcast speed (issue 4): 10,000 recipients through the sandbox's HTTP server, which runs
in its own process and enforces Telegram's flood limits, scaled by one factor so the run is
short. Prints the achieved send rate as a share of the (scaled) limit and the 429 count.
Target: at least 95% of the limit with zero 429s.

    .venv/bin/python -m bench.broadcast [--recipients 10000] [--scale 3] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import bench_config
from bot.domain.pacing import Limits
from bot.services.identity import Actor, Role
from bot.tgbot.app import build_application
from bot.tgbot.push_engine import Timing
from tests.e2e.process import prepare_members
from tests.tgbot.pushkit import write_schedules

TOKEN = "6060:BENCH-broadcast"
PUSH = {
    "id": "bench",
    "title": "本月学习材料",
    "trigger": "monthly on day 1 at 09:00",
    "audience": "all",
    "content": {"text": "请学习本月材料。", "acknowledge": {"points": 1}},
}


async def start_sandbox(scale: float) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--token",
        TOKEN,
        "--flood",
        "--flood-scale",
        str(scale),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    base_url = (await process.stdout.readline()).decode().strip()
    return process, base_url


async def prepare(database_url: str, recipients: int) -> None:
    await prepare_members(database_url, range(100_000, 100_000 + recipients))


async def run(database_url: str, recipients: int, scale: float, folder: Path) -> None:
    await prepare(database_url, recipients)
    sandbox, base_url = await start_sandbox(scale)
    control = base_url.removesuffix("/bot") + "/control"
    try:
        async with httpx.AsyncClient(timeout=60) as client:
            ids = [100_000 + i for i in range(recipients)]
            for start in range(0, len(ids), 2000):
                response = await client.post(
                    f"{control}/open_chats", json={"user_ids": ids[start : start + 2000]}
                )
                response.raise_for_status()
            config = bench_config(
                database_url,
                bot_api_base_url=base_url,
                bot_api_file_url=base_url.replace("/bot", "/file/bot"),
                schedules_dir=str(write_schedules(folder / "schedules", PUSH)),
                pushes={"limit_scale": scale},
            )
            app = build_application(
                config, token=TOKEN, timing=Timing(limits=Limits().scaled(scale), concurrency=16)
            )
            await app.initialize()
            assert app.post_init is not None
            await app.post_init(app)
            services = app.bot_data.services
            admin = Actor(1, "bench", "zh", Role.ADMIN)
            async with services.unit() as unit:
                fired = await unit.pushes.push_now(admin, "bench")
            started = time.perf_counter()
            sent = await app.bot_data.pushes.dispatcher.run_once()
            elapsed = time.perf_counter() - started
            await app.shutdown()
            stats = (await client.post(f"{control}/stats", json={})).json()["result"]
        limit = 30 * scale
        rate = sent / elapsed
        print(f"recipients {fired.recipients}, delivered {sent} in {elapsed:.1f} s")
        print(
            f"rate {rate:.1f}/s against the limit {limit:.0f}/s (30/s x {scale:g}): "
            f"{rate / limit:.1%} of the limit   (target: at least 95%)"
        )
        print(f"429 answers: {stats['total_429']}   (target: 0)")
    finally:
        sandbox.terminate()
        await sandbox.wait()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=3.0)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        url = args.postgres or f"sqlite+aiosqlite:///{Path(name) / 'broadcast.db'}"
        print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
        await run(url, args.recipients, args.scale, Path(name))


if __name__ == "__main__":
    asyncio.run(main())
