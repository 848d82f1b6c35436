"""Replies and pushes share the bot's one budget of sends: members who answer quizzes while a
broadcast goes out draw no 429, and their replies go first instead of queueing behind it."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.domain.pacing import SAFETY
from bot.sandbox.messages import SentMessage
from bot.services.identity import Actor, Role
from tests.harness import ADMIN_ID, FrozenClock
from tests.tgbot.pushkit import PushHarness, at, write_schedules
from tests.tgbot.quizkit import MIXED_BANK, question_message, single_bank, write_banks

MEMBERS = range(1, 2001)
# The first in the outbox: their push is out before they play, and the broadcast goes on.
PLAYERS = range(1, 41)
QUESTIONS = 3
INVITE = {
    "id": "invite",
    "title": "本周答题",
    "trigger": "daily at 09:00",
    "audience": "all",
    "content": {"text": "本周答题邀请", "quiz": {"bank": "many", "questions": QUESTIONS}},
}
# The bot's spacing at Telegram's 30 messages a second.
GAP = SAFETY / 30


def time_replies(harness: PushHarness, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """How long each reply (a request the dispatcher did not send) waited, on the fake clock
    the pacing and the sandbox share, from asking to leave to leaving for the last time."""
    limiter: Any = harness.app.bot.rate_limiter
    original = limiter.process_request
    waits: list[float] = []

    async def timed(
        callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        asked = harness.ticks.now
        left: list[float] = []

        async def leaving(*call_args: Any, **call_kwargs: Any) -> Any:
            left.append(harness.ticks.now)
            return await callback(*call_args, **call_kwargs)

        result = await original(leaving, args, kwargs, endpoint, data, rate_limit_args)
        if rate_limit_args is None:
            waits.append(left[-1] - asked)
        return result

    monkeypatch.setattr(limiter, "process_request", timed)
    return waits


def invitation(harness: PushHarness, member: int) -> SentMessage:
    return next(m for m in harness.sandbox.sent(member) if "本周答题邀请" in (m.text or ""))


async def test_members_answering_during_a_broadcast_go_first_and_draw_no_429(
    database_url: str, clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = PushHarness(
        database_url,
        clock,
        write_schedules(tmp_path / "schedules", INVITE),
        quizzes=write_banks(tmp_path / "quizzes", single_bank(5)),
        concurrency=8,  # as deployed: sends queue up for their turn
    )
    await harness.start()
    try:
        await harness.members(MEMBERS)
        waits = time_replies(harness, monkeypatch)
        await harness.pushes.scan_all()
        at(clock, "2026-03-02T09:00:00+08:00")
        await harness.pushes.scan_all()
        broadcast = asyncio.create_task(harness.pushes.dispatcher.run_once())

        def pushed() -> int:
            return sum("本周答题邀请" in (m.text or "") for m in harness.sandbox.sent())

        await harness.sandbox.wait_for(lambda: pushed() >= 2 * len(PLAYERS), timeout=60)
        # Round by round, so a member's next message comes a while after his last, as when
        # a person reads the question: no one taps four answers within a fraction of a
        # second, more than the short burst Telegram allows a private chat.
        questions = {}
        for member in PLAYERS:
            sent = await harness.press(member, invitation(harness, member), "📝 开始答题")
            questions[member] = question_message(sent)
        summaries: dict[int, str] = {}
        for number in range(1, QUESTIONS + 1):
            for member in PLAYERS:
                sent = await harness.press(member, questions[member], "B")
                if number < QUESTIONS:
                    questions[member] = question_message(sent)
                else:
                    summaries[member] = sent[-1].text or ""
        assert not broadcast.done(), "the broadcast ended before the members finished"
        await broadcast

        stats = harness.sandbox.stats
        assert stats.total_429 == 0, stats.as_dict()
        # No reply was dropped: every member played the quiz to its end.
        assert all(f"答对 {QUESTIONS} / {QUESTIONS} 题" in summaries[m] for m in PLAYERS)
        # Each reply left at the bot's next moment to send, ahead of the broadcast.
        assert len(waits) >= len(PLAYERS) * (QUESTIONS + 1) * 2
        assert max(waits) <= GAP + 1e-6  # (sums of floats on the fake clock)
        # The broadcast reached everyone, once.
        per_chat = Counter(
            m.chat_id for m in harness.sandbox.sent() if "本周答题邀请" in (m.text or "")
        )
        assert set(per_chat) == set(MEMBERS) and set(per_chat.values()) == {1}
        assert set((await harness.deliveries()).values()) == {"sent"}
    finally:
        await harness.stop()


GROUP = -100123
GROUP_NOTE = {
    "id": "group-note",
    "title": "小组学习提示",
    "trigger": "daily at 09:00",
    "audience": {"chats": [GROUP]},
    "content": {"text": "本周小组学习安排"},
}
COUNTDOWN = 10


async def test_a_push_reaching_a_group_mid_contest_keeps_the_groups_limits(
    database_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = PushHarness(
        database_url,
        clock,
        write_schedules(tmp_path / "schedules", GROUP_NOTE),
        quizzes=write_banks(tmp_path / "quizzes", MIXED_BANK),
    )
    await harness.start()
    try:
        harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={ADMIN_ID: "administrator"})
        [announcement] = await harness.say(ADMIN_ID, "/contest mixed 2 20", chat_id=GROUP)
        assert "答题挑战赛" in (announcement.text or "")
        # The push arrives at the same moment, on the clock the flood limits run on.
        async with harness.services.unit() as unit:
            actor = Actor(ADMIN_ID, "admin", "zh", Role.ADMIN)
            assert (await unit.pushes.push_now(actor, "group-note")).recipients == 1
        assert await harness.pushes.dispatcher.run_once() == 1
        clock.advance(seconds=COUNTDOWN)  # the contest's first question, at once after
        assert await harness.fire_due_jobs() == 1

        assert harness.sandbox.stats.total_429 == 0, harness.sandbox.stats.as_dict()
        sent = harness.sandbox.sent(GROUP)
        assert "本周小组学习安排" in (sent[1].text or "") and sent[2].poll is not None
        assert set((await harness.deliveries()).values()) == {"sent"}
    finally:
        await harness.stop()
