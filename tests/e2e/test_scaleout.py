"""Three real `studybot run` processes in webhook mode on one PostgreSQL database.

The test plays Telegram: it takes the updates the sandbox's users make and POSTs them to the
processes in turn, with the secret header. One member's quiz is answered across all three;
the process elected to run the scheduler is SIGKILLed in the middle of a broadcast and
another takes over, finishes the broadcast, and times out a question the dead one had asked;
the delivery table and the ledger show nothing lost and nothing twice.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.storage.db import create_engine
from bot.storage.models import PushDelivery, PushFire, QuizAnswer, ScoreEvent
from bot.tgbot.webhook import SECRET_HEADER
from tests.e2e.process import BotProcess, free_port, prepare_members, write_config
from tests.harness import button_data
from tests.tgbot.pushkit import write_schedules
from tests.tgbot.quizkit import question_message, single_bank, write_banks

TOKEN = "8888:SCALE-token"
SECRET = "s3cret_webhook-token"
ADMIN = 900001
PLAYER = 900002  # answers a quiz across the three processes
LATE = 900003  # asks a timed question of the leader, which is then killed
MEMBERS = range(30_000, 30_400)
SCALE = 5.0  # Telegram's limits times five, in the sandbox and in the bot alike
TIME_LIMIT = 10  # seconds per question
ELECTED = "elected to run the scheduler"
PUSH = {
    "id": "materials",
    "title": "本月学习材料",
    "trigger": "monthly on day 1 at 09:00",
    "audience": "all",
    "content": {"text": "请学习本月材料。", "acknowledge": {"points": 1}},
}


class Telegram:
    """Delivers the sandbox's pending updates to the bot processes over their webhooks."""

    def __init__(self, sandbox: BotApiSandbox, bots: list[BotProcess], ports: list[int]) -> None:
        self.sandbox = sandbox
        self.bots = bots
        self.ports = ports
        self.client = httpx.AsyncClient(timeout=30)
        self._turn = 0
        self.served_by: Counter[int] = Counter()
        self.path = "telegram"

    def alive(self) -> list[int]:
        return [
            i
            for i, bot in enumerate(self.bots)
            if bot.process is not None and bot.process.returncode is None
        ]

    async def post(self, index: int, update: Any, secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        response = await self.client.post(
            f"http://127.0.0.1:{self.ports[index]}/{self.path}", json=update, headers=headers
        )
        return response.status_code

    async def deliver(self, to: int | None = None) -> None:
        """Each pending update to process `to`, or to the live processes in turn. The answer
        comes once the update was handled, so the bot's replies are in the sandbox after."""
        for update in self.sandbox.take_updates():
            if to is None:
                alive = self.alive()
                to_now = alive[self._turn % len(alive)]
                self._turn += 1
            else:
                to_now = to
            assert await self.post(to_now, update) == 200
            self.served_by[to_now] += 1

    async def wait_ready(self, index: int) -> None:
        for _ in range(300):
            try:
                if await self.post(index, {"update_id": 0}, secret=None) == 403:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
        raise AssertionError(
            f"process {index} never served its webhook:\n{self.bots[index].log()}"
        )


def _leaders(bots: list[BotProcess]) -> list[int]:
    return [i for i, bot in enumerate(bots) if ELECTED in bot.log()]


async def _wait_for(predicate: Any, timeout: float, what: str) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _table(database_url: str, *columns: Any, where: Any = None) -> list[Any]:
    engine = create_engine(database_url)
    query = select(*columns)
    if where is not None:
        query = query.where(where)
    async with engine.connect() as conn:
        rows = list((await conn.execute(query)).all())
    await engine.dispose()
    return rows


async def test_three_webhook_processes_share_the_work(tmp_path: Path, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")
    await prepare_members(database_url, MEMBERS)
    # A member who answers at once gets a few messages a second (verdict, next question): more
    # room per chat than Telegram gives, where people read before they tap.
    flood = FloodLimits(per_chat_per_second=4, scale=SCALE)
    sandbox = BotApiSandbox(token=TOKEN, flood_limits=flood)
    for member in (ADMIN, PLAYER, LATE, *MEMBERS):
        sandbox.user(member, f"成员{member}")
        sandbox.private_chat(member)
    quizzes = write_banks(tmp_path / "quizzes", single_bank(5, time_limit=TIME_LIMIT))
    schedules = write_schedules(tmp_path / "schedules", PUSH)

    def pushes() -> Counter[int]:
        return Counter(m.chat_id for m in sandbox.sent() if "本月学习材料" in (m.text or ""))

    async with SandboxServer(sandbox) as server:
        ports = [free_port() for _ in range(3)]
        bots = []
        for index, port in enumerate(ports):
            folder = tmp_path / f"bot{index}"
            folder.mkdir()
            config = write_config(
                folder,
                server,
                database_url,
                log_level="INFO",
                admins=[ADMIN],
                mode="webhook",
                webhook={
                    "listen": "127.0.0.1",
                    "port": port,
                    "url": "https://bot.example.org",
                    "path": "telegram",
                    "secret_token": SECRET,
                },
                quizzes_dir=str(quizzes),
                schedules_dir=str(schedules),
                pushes={"limit_scale": SCALE},
            )
            bots.append(BotProcess(config, TOKEN, folder / "bot.log"))
        telegram = Telegram(sandbox, bots, ports)
        try:
            await asyncio.gather(*(bot.start() for bot in bots))
            for index in range(3):
                await telegram.wait_ready(index)
            await _wait_for(lambda: len(_leaders(bots)) == 1, 20, "a leader")
            await sandbox.wait_for(lambda: sandbox.webhook.url != "", timeout=30)
            assert sandbox.webhook.url == "https://bot.example.org/telegram"
            assert sandbox.webhook.secret_token == SECRET

            # Only Telegram knows the secret: a wrong or missing one is refused, unread.
            sandbox.send_message(PLAYER, "/start")
            [forged] = sandbox.take_updates()
            assert await telegram.post(0, forged, secret="wrong") == 403
            assert await telegram.post(1, forged, secret=None) == 403
            assert await telegram.post(2, forged, secret=SECRET[:-1]) == 403
            assert not sandbox.sent(PLAYER)

            # A quiz whose every step lands on another process than the one before.
            sandbox.send_message(PLAYER, "/quiz")
            await telegram.deliver()
            for _ in range(5):
                question = question_message(sandbox.sent(PLAYER))
                data = button_data(question, "B")
                sandbox.press_button(PLAYER, question.message_id, data)
                await telegram.deliver()
            assert any("答对 5 / 5 题" in (m.text or "") for m in sandbox.sent(PLAYER))

            # The leader asks LATE a timed question, and the broadcast starts elsewhere.
            [leader] = _leaders(bots)
            followers = [i for i in range(3) if i != leader]
            sandbox.send_message(LATE, "/quiz")
            await telegram.deliver(to=leader)
            asked_at = time.monotonic()
            sandbox.send_message(ADMIN, "/pushnow materials")
            await telegram.deliver(to=followers[0])
            await _wait_for(lambda: sum(pushes().values()) >= 100, 30, "the broadcast")
            leader_process = bots[leader].process
            assert leader_process is not None
            leader_process.kill()
            await bots[leader].wait()
            killed_at = time.monotonic()
            served_before = sum(pushes().values())
            assert served_before < len(MEMBERS), "the broadcast ended before the kill"
            assert killed_at - asked_at < TIME_LIMIT, "the leader timed the question out itself"

            await _wait_for(lambda: len(_leaders(bots)) == 2, 15, "a new leader")
            takeover = time.monotonic() - killed_at
            assert takeover < 10

            # The new leader finishes the broadcast.
            for _ in range(300):
                statuses = dict(
                    await _table(database_url, PushDelivery.chat_id, PushDelivery.status)
                )
                if statuses and not {"pending", "sending"} & set(statuses.values()):
                    break
                await asyncio.sleep(0.1)
            # ... and times out the question the dead process had asked.
            await sandbox.wait_for(
                lambda: any("超时" in (m.text or "") for m in sandbox.sent(LATE)), 30
            )

            # A member's 已学习 arrives at two processes (Telegram retried elsewhere).
            pushed = next(m for m in sandbox.sent(MEMBERS[0]) if "本月学习材料" in (m.text or ""))
            sandbox.press_button(
                MEMBERS[0], pushed.message_id, button_data(pushed, "✅ 已学习（+1 积分）")
            )
            [ack] = sandbox.take_updates()
            assert await telegram.post(followers[0], ack) == 200
            assert await telegram.post(followers[1], ack) == 200
        finally:
            codes = {}
            for index, bot in enumerate(bots):
                if bot.process is not None and bot.process.returncode is None:
                    codes[index] = await bot.stop()
            await telegram.client.aclose()
        assert all(code == 0 for code in codes.values()), [bots[i].log() for i in codes]
        assert all(TOKEN not in bot.log() for bot in bots)

    # The updates really were spread: every process served some.
    assert set(telegram.served_by) == {0, 1, 2}

    statuses = dict(await _table(database_url, PushDelivery.chat_id, PushDelivery.status))
    served = pushes()
    assert set(statuses) == {ADMIN, PLAYER, LATE, *MEMBERS}
    assert max(served.values()) == 1, "someone got the push twice"
    assert set(statuses.values()) <= {"sent", "uncertain"}
    unserved = set(statuses) - set(served)
    uncertain = {chat for chat, status in statuses.items() if status == "uncertain"}
    assert unserved <= uncertain  # only a send cut by the kill may be missing, and it is flagged
    assert len(uncertain) <= 8
    fires = await _table(database_url, PushFire.id, where=PushFire.schedule_id == "materials")
    assert len(fires) == 1, "the push was fired twice"

    answers = await _table(
        database_url,
        QuizAnswer.member_id,
        QuizAnswer.position,
        QuizAnswer.correct,
        QuizAnswer.timed_out,
    )
    by_member = Counter(member for member, *_ in answers)
    assert by_member[PLAYER] == 5
    assert all(correct for member, _, correct, _ in answers if member == PLAYER)
    assert [(p, t) for m, p, _, t in answers if m == LATE] == [(0, True)]

    ledger = await _table(database_url, ScoreEvent.member_id, ScoreEvent.source, ScoreEvent.points)
    assert sum(points for member, _, points in ledger if member == PLAYER) == 5
    assert [(source, points) for member, source, points in ledger if member == MEMBERS[0]] == [
        ("ack", 1)
    ]
    duplicates = await _table(
        database_url,
        ScoreEvent.source,
        ScoreEvent.reference,
        where=ScoreEvent.id.in_(
            select(func.min(ScoreEvent.id))
            .group_by(ScoreEvent.source, ScoreEvent.reference)
            .having(func.count() > 1)
        ),
    )
    assert duplicates == []


async def test_webhook_mode_in_one_process(tmp_path: Path, database_url: str) -> None:
    sandbox = BotApiSandbox(token=TOKEN)
    sandbox.user(PLAYER, "王五")
    async with SandboxServer(sandbox) as server:
        port = free_port()
        config = write_config(
            tmp_path,
            server,
            database_url,
            log_level="INFO",
            mode="webhook",
            webhook={
                "listen": "127.0.0.1",
                "port": port,
                "url": "https://bot.example.org/",
                "path": "hook",
                "secret_token": SECRET,
            },
        )
        bot = BotProcess(config, TOKEN, tmp_path / "bot.log")
        await bot.start()
        telegram = Telegram(sandbox, [bot], [port])
        telegram.path = "hook"
        try:
            await telegram.wait_ready(0)
            # The process listens first, then sets its webhook: wait for the second.
            await sandbox.wait_for(lambda: sandbox.webhook.url != "", timeout=30)
            assert sandbox.webhook.url == "https://bot.example.org/hook"
            sandbox.send_message(PLAYER, "/start")
            [update] = sandbox.take_updates()
            assert await telegram.post(0, update, secret="nope") == 403
            assert sandbox.sent(PLAYER) == []
            assert await telegram.post(0, update) == 200
            assert "你好，王五" in (sandbox.sent(PLAYER)[0].text or "")
        finally:
            code = await bot.stop()
            await telegram.client.aclose()
    assert code == 0, bot.log()
    # Stopping one process leaves the webhook set: the others still serve it.
    assert not any(method == "deleteWebhook" for method, _ in sandbox.calls)


async def test_a_second_process_on_one_sqlite_file_is_refused(
    tmp_path: Path, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the lock file is SQLite's")
    sandbox = BotApiSandbox(token=TOKEN)
    async with SandboxServer(sandbox) as server:
        config = write_config(tmp_path, server, database_url)
        first = BotProcess(config, TOKEN, tmp_path / "first.log")
        await first.start()
        try:
            await sandbox.wait_for(lambda: any(m == "getUpdates" for m, _ in sandbox.calls), 30)
            second = BotProcess(config, TOKEN, tmp_path / "second.log")
            await second.start()
            assert await second.wait() == 2
        finally:
            assert await first.stop() == 0, first.log()
    refusal = second.log()
    assert first.process is not None
    assert f"另一个 studybot 进程（PID {first.process.pid}）" in refusal
    assert f"Another studybot process (PID {first.process.pid})" in refusal
    assert "PostgreSQL" in refusal
    assert len(refusal.strip().splitlines()) == 2  # the two languages, no traceback
