"""Broadcast speed (issue 4): 10,000 recipients through the sandbox's HTTP server, which runs
in its own process and enforces Telegram's flood limits, scaled by one factor so the run is
short. Prints the achieved send rate as a share of the (scaled) limit and the 429 count.
Target: at least 95% of the limit with zero 429s.

Meanwhile replies go out to other chats, `--replies` a second (members answering quizzes),
through the same rate limiter as the bot's handlers: they share the bot's budget with the
broadcast and go first. Prints how long a reply took, from asking to send to Telegram's
answer, while nothing else is sent and during the broadcast. Target: during the broadcast,
the median no more than one send's spacing (1/limit) above the idle one: a reply takes the
bot's next moment to send, ahead of the broadcast.

    .venv/bin/python -m bench.broadcast [--recipients 10000] [--scale 3] [--replies 5]
                                        [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from telegram import Bot

from bench.common import bench_config
from bot.domain.pacing import Limits
from bot.services.identity import Actor, Role
from bot.tgbot.app import build_application
from bot.tgbot.push_engine import Timing
from tests.e2e.process import prepare_members
from tests.tgbot.pushkit import write_schedules

TOKEN = "6060:BENCH-broadcast"
# Chats the replies go to: not members, so not in the broadcast's audience. Each gets one
# reply every len(REPLY_CHATS) / rate seconds, well within one a second per chat.
REPLY_CHATS = range(900_000, 900_050)
IDLE_REPLIES = 20
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


class Replies:
    """Replies sent `per_second` while `running`, and how long each took."""

    def __init__(self, bot: Bot, per_second: float) -> None:
        self._bot = bot
        self._interval = 1 / per_second
        self._chats = itertools.cycle(REPLY_CHATS)
        self.seconds: list[float] = []

    async def _one(self) -> None:
        started = time.perf_counter()
        await self._bot.send_message(next(self._chats), "回答正确！下一题：")
        self.seconds.append(time.perf_counter() - started)

    async def send(self, count: int) -> None:
        """`count` replies, one after the other: nothing else is sent meanwhile."""
        for _ in range(count):
            await self._one()
            await asyncio.sleep(self._interval)

    async def during(self, work: asyncio.Task[int]) -> None:
        """Replies at the given rate until `work` is done."""
        sending: list[asyncio.Task[None]] = []
        while not work.done():
            sending.append(asyncio.create_task(self._one()))
            await asyncio.sleep(self._interval)
        await asyncio.gather(*sending)


def milliseconds(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"median {statistics.median(ordered) * 1000:.0f} ms, 95th percentile "
        f"{p95 * 1000:.0f} ms, longest {ordered[-1] * 1000:.0f} ms"
    )


async def run(
    database_url: str, recipients: int, scale: float, replies_per_second: float, folder: Path
) -> None:
    await prepare(database_url, recipients)
    sandbox, base_url = await start_sandbox(scale)
    control = base_url.removesuffix("/bot") + "/control"
    try:
        async with httpx.AsyncClient(timeout=60) as client:
            ids = [100_000 + i for i in range(recipients)] + list(REPLY_CHATS)
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
            replies = Replies(app.bot, replies_per_second)
            await replies.send(IDLE_REPLIES)
            idle = replies.seconds
            replies.seconds = []
            services = app.bot_data.services
            admin = Actor(1, "bench", "zh", Role.ADMIN)
            async with services.unit() as unit:
                fired = await unit.pushes.push_now(admin, "bench")
            started = time.perf_counter()
            broadcast = asyncio.create_task(app.bot_data.pushes.dispatcher.run_once())
            await replies.during(broadcast)
            sent = await broadcast
            elapsed = time.perf_counter() - started
            await app.shutdown()
            stats = (await client.post(f"{control}/stats", json={})).json()["result"]
        limit = 30 * scale
        rate = sent / elapsed
        overall = (sent + len(replies.seconds)) / elapsed
        print(f"recipients {fired.recipients}, delivered {sent} in {elapsed:.1f} s")
        print(
            f"rate {rate:.1f}/s against the limit {limit:.0f}/s (30/s x {scale:g}): "
            f"{rate / limit:.1%} of the limit; with the {len(replies.seconds)} replies "
            f"{overall:.1f}/s, {overall / limit:.1%}   (target: at least 95%)"
        )
        print(f"429 answers: {stats['total_429']}   (target: 0)")
        print(f"a reply, nothing else sending: {milliseconds(idle)}")
        print(
            f"a reply during the broadcast ({replies_per_second:g}/s): "
            f"{milliseconds(replies.seconds)}   (target: the median at most "
            f"{1000 / limit:.0f} ms, one send's spacing, above the one before)"
        )
    finally:
        sandbox.terminate()
        await sandbox.wait()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=3.0)
    parser.add_argument("--replies", type=float, default=5.0, help="replies a second")
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        url = args.postgres or f"sqlite+aiosqlite:///{Path(name) / 'broadcast.db'}"
        print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}")
        await run(url, args.recipients, args.scale, args.replies, Path(name))


if __name__ == "__main__":
    asyncio.run(main())
