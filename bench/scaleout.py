"""Scale-out (issue 8): several `studybot run` processes in webhook mode on one PostgreSQL.

1. Webhook throughput: a load generator plays Telegram and POSTs /start updates (each from a
   member new to the bot, so each registers one) round robin to 1, then 2, then 3 processes,
   over loopback, with the secret header; a process answers once it has handled the update.
   Prints updates a second for each and the scaling factor against one process, and how
   many cores each part kept busy meanwhile: the bots, the sandbox, the PostgreSQL server
   processes of the scratch database, the load generator, and other work on the machine.
2. Broadcast with two dispatchers (`pushes.dispatchers: 2`): the elected process and one
   helper send one push to every member through a sandbox that enforces Telegram's flood
   limits (scaled, so the run is short). Prints the rate against the bot-wide limit and the
   sandbox's count of 429 answers.

Everything runs on this machine: the sandbox (a process of its own), PostgreSQL, the bots
and the load generator share its cores, so the figures are a floor for a real deployment.
A scratch database is created for the run and dropped after.

    .venv/bin/python -m bench.scaleout [--updates 1000] [--recipients 2000] [--scale 3]
                                       [--admin-url postgresql+asyncpg://postgres@127.0.0.1/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.storage import migrate
from bot.storage.db import create_engine
from bot.storage.models import PushDelivery
from bot.tgbot.webhook import SECRET_HEADER
from tests.e2e.process import prepare_members

REPO = Path(__file__).resolve().parents[1]
TOKEN = "7070:BENCH-scaleout"
SECRET = "bench_secret-0123456789"
ADMIN = 1
PUSH = {
    "id": "materials",
    "title": "本月学习材料",
    "trigger": "monthly on day 1 at 09:00",
    "audience": "all",
    "content": {"text": "请学习本月材料。", "acknowledge": {"points": 1}},
}
IN_FLIGHT_PER_PROCESS = 4  # like Telegram, which keeps several requests open
TIME_CAP = 60.0  # seconds for any one measurement


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def scratch_database(admin_url: str) -> AsyncIterator[str]:
    name = f"studybot_bench_scale_{os.getpid()}"
    admin = create_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@contextlib.asynccontextmanager
async def sandbox(scale: float | None) -> AsyncIterator[tuple[str, str, int]]:
    """The sandbox server in a process of its own: (Bot API base URL, control URL, pid)."""
    flood = ["--flood", "--flood-scale", str(scale)] if scale else []
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.sandbox",
        "--token",
        TOKEN,
        *flood,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    base_url = (await process.stdout.readline()).decode().strip()
    try:
        yield base_url, base_url.removesuffix("/bot") + "/control", process.pid
    finally:
        process.terminate()
        await process.wait()


class Bots:
    """N `studybot run` processes in webhook mode, one port each."""

    def __init__(self, count: int, folder: Path, base_url: str, database_url: str) -> None:
        self.count, self.folder = count, folder
        self.base_url, self.database_url = base_url, database_url
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[asyncio.subprocess.Process] = []

    async def start(self, schedules: Path, **extra: Any) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STUDYBOT_")}
        env["TELEGRAM_BOT_TOKEN"] = TOKEN
        for index, port in enumerate(self.ports):
            config = {
                "bot_api_base_url": self.base_url,
                "bot_api_file_url": self.base_url.replace("/bot", "/file/bot"),
                "database_url": self.database_url,
                "log_level": "INFO",
                "admins": [ADMIN],
                "mode": "webhook",
                "webhook": {
                    "listen": "127.0.0.1",
                    "port": port,
                    "url": "https://bench.invalid",
                    "secret_token": SECRET,
                },
                "quizzes_dir": str(REPO / "quizzes"),
                "schedules_dir": str(schedules),
                **extra,
            }
            path = self.folder / f"bot{index}.yaml"
            path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            log = (self.folder / f"bot{index}.log").open("ab")
            self.processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    "-c",
                    str(path),
                    "run",
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        async with httpx.AsyncClient(timeout=5) as client:
            for port in self.ports:
                await wait_ready(client, port)

    def log(self, index: int) -> str:
        return (self.folder / f"bot{index}.log").read_text(encoding="utf-8", errors="replace")

    async def stop(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            await asyncio.wait_for(process.wait(), 60)


async def wait_ready(client: httpx.AsyncClient, port: int) -> None:
    for _ in range(300):
        with contextlib.suppress(httpx.TransportError):
            response = await client.post(f"http://127.0.0.1:{port}/telegram", json={})
            if response.status_code == 403:  # serving, and no secret given
                return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the bot on port {port} did not come up")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes (Linux /proc; gone ones count 0)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def postgres_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the scratch database (the bots' connections)."""
    engine = create_engine(database_url)
    async with engine.connect() as conn:
        pids = await conn.scalars(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        result = list(pids)
    await engine.dispose()
    return result


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (Linux /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def start_update(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": f"成员{user_id}"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
            "from": {**user, "language_code": "zh-hans"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def open_chats(control: str, user_ids: list[int]) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for start in range(0, len(user_ids), 2000):
            response = await client.post(
                f"{control}/open_chats", json={"user_ids": user_ids[start : start + 2000]}
            )
            response.raise_for_status()


async def post_updates(ports: list[int], users: range, first_update: int) -> tuple[int, float]:
    """POST one /start per user round robin to `ports`; (updates handled, seconds)."""
    limits = httpx.Limits(max_connections=IN_FLIGHT_PER_PROCESS * len(ports))
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for offset in range(len(users)):
            queue.put_nowait(offset)
        handled = 0
        started = time.perf_counter()

        async def worker(port: int) -> None:
            nonlocal handled
            while not queue.empty() and time.perf_counter() - started < TIME_CAP:
                offset = queue.get_nowait()
                update = start_update(first_update + offset, users[offset])
                response = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    json=update,
                    headers={SECRET_HEADER: SECRET},
                )
                response.raise_for_status()
                handled += 1

        await asyncio.gather(
            *(worker(port) for port in ports for _ in range(IN_FLIGHT_PER_PROCESS))
        )
        return handled, time.perf_counter() - started


async def throughput(database_url: str, folder: Path, updates: int) -> None:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    await engine.dispose()
    empty = folder / "no-schedules"
    empty.mkdir()
    async with sandbox(None) as (base_url, control, sandbox_pid):
        everyone = list(range(10_000, 10_000 + 4 * updates))
        await open_chats(control, everyone)
        bots = Bots(3, folder / "throughput", base_url, database_url)
        bots.folder.mkdir()
        await bots.start(empty)
        try:
            # Warm up every process (connections, imports on first use), then measure.
            warm = range(9_000, 9_000 + 20 * bots.count)
            await open_chats(control, list(warm))
            await post_updates(bots.ports, warm, 1)
            rates: dict[int, float] = {}
            for count in (1, 2, 3):
                users = range(10_000 + (count - 1) * updates, 10_000 + count * updates)
                pids = {"bots": [p.pid for p in bots.processes], "sandbox": [sandbox_pid]}
                pids["postgres"] = await postgres_pids(database_url)
                before = {name: cpu_seconds(group) for name, group in pids.items()}
                own, machine = time.process_time(), machine_busy()
                handled, elapsed = await post_updates(bots.ports[:count], users, count * 10**6)
                used = {name: cpu_seconds(group) - before[name] for name, group in pids.items()}
                used["load"] = time.process_time() - own
                # Whatever else the machine was busy with meanwhile (other users' work).
                used["other"] = machine_busy() - machine - sum(used.values())
                rates[count] = handled / elapsed
                print(
                    f"{count} process{'es' if count > 1 else '  '}: {handled} /start updates"
                    f" in {elapsed:5.1f} s = {rates[count]:6.1f} updates/s"
                    f"   scaling x{rates[count] / rates[1]:.2f}   cores busy: "
                    + ", ".join(
                        f"{name} {seconds / elapsed:.2f}" for name, seconds in used.items()
                    )
                )
                if used["other"] / elapsed > 0.2:
                    print("   (other work on the machine took CPU meanwhile: this row is low)")
        finally:
            await bots.stop()


async def broadcast(database_url: str, folder: Path, recipients: int, scale: float) -> None:
    members = list(range(100_000, 100_000 + recipients))
    engine = create_engine(database_url)
    async with engine.begin() as conn:  # the first part's members are not in this sandbox
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    await prepare_members(database_url, members)
    schedules = folder / "schedules"
    schedules.mkdir()
    (schedules / "materials.yaml").write_text(
        yaml.safe_dump(PUSH, allow_unicode=True), encoding="utf-8"
    )
    async with sandbox(scale) as (base_url, control, _):
        await open_chats(control, [ADMIN, *members])
        bots = Bots(3, folder / "broadcast", base_url, database_url)
        bots.folder.mkdir()
        await bots.start(schedules, pushes={"limit_scale": scale, "dispatchers": 2})
        async with httpx.AsyncClient(timeout=60) as client:
            try:
                # The helper waits a little before its first send (the join delay).
                await asyncio.sleep(6)
                base = (await client.post(f"{control}/stats", json={})).json()["result"]
                update = start_update(1, ADMIN)
                update["message"]["text"] = "/pushnow materials"
                update["message"]["entities"][0]["length"] = len("/pushnow")
                await client.post(
                    f"http://127.0.0.1:{bots.ports[-1]}/telegram",
                    json=update,
                    headers={SECRET_HEADER: SECRET},
                )
                samples = await watch_sends(client, control, base["sends_ok"], recipients)
                stats = (await client.post(f"{control}/stats", json={})).json()["result"]
                logs = [bots.log(i) for i in range(bots.count)]  # before the stop's hand-overs
            finally:
                await bots.stop()
    async with engine.connect() as conn:
        by_status = dict(
            (
                await conn.execute(
                    select(PushDelivery.status, func.count()).group_by(PushDelivery.status)
                )
            ).all()
        )
    await engine.dispose()
    report_broadcast(samples, stats["total_429"] - base["total_429"], scale, by_status, logs)


async def watch_sends(
    client: httpx.AsyncClient, control: str, base: int, recipients: int
) -> list[tuple[float, int]]:
    """(time, sends so far) every 0.2 s until every recipient has had the push."""
    samples: list[tuple[float, int]] = []
    started = time.perf_counter()
    while time.perf_counter() - started < TIME_CAP * 3:
        stats = (await client.post(f"{control}/stats", json={})).json()["result"]
        samples.append((time.perf_counter(), stats["sends_ok"] - base))
        if samples[-1][1] >= recipients:
            break
        await asyncio.sleep(0.2)
    return samples


def report_broadcast(
    samples: list[tuple[float, int]],
    rejected: int,
    scale: float,
    by_status: dict[str, int],
    logs: list[str],
) -> None:
    limit = 30 * scale
    moving = [(t, n) for t, n in samples if n > 0]
    (t0, n0), (t1, n1) = moving[0], moving[-1]
    rate = (n1 - n0) / (t1 - t0)
    # Without the first and last tenth: a helper sees a new broadcast at its next poll of the
    # outbox (up to 2 s), and at the end one dispatcher may finish before the other.
    middle = [(t, n) for t, n in moving if 0.1 * n1 <= n <= 0.9 * n1]
    steady = (middle[-1][1] - middle[0][1]) / (middle[-1][0] - middle[0][0])
    # The busiest second seen, from samples about a second apart.
    peak = max(
        (
            (nb - na) / (tb - ta)
            for (ta, na) in moving
            for (tb, nb) in moving
            if 0.9 <= tb - ta <= 1.3
        ),
        default=rate,
    )
    helpers = sum("helps dispatch pushes" in log for log in logs)
    leaders = sum("elected to run the scheduler" in log for log in logs)
    print(
        f"dispatchers: {leaders} elected + {helpers} helper(s); deliveries by status: "
        f"{dict(sorted(by_status.items()))}"
    )
    print(
        f"broadcast rate {rate:.1f}/s against the bot-wide limit {limit:.0f}/s (30/s x "
        f"{scale:g}): {rate / limit:.1%} overall, {steady / limit:.1%} in the middle 80%; "
        f"busiest second seen {peak:.1f}/s"
    )
    print(f"429 answers: {rejected}   (target: 0)")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=1000, help="per measurement")
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=3.0, help="flood limits times this")
    parser.add_argument(
        "--admin-url",
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL URL allowed to create and drop a scratch database",
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; processes, sandbox, PostgreSQL and load share them")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with scratch_database(args.admin_url) as url:
            print("-- webhook updates a second --")
            await throughput(url, folder, args.updates)
            print("-- broadcast with two dispatchers --")
            await broadcast(url, folder, args.recipients, args.scale)


if __name__ == "__main__":
    asyncio.run(main())
