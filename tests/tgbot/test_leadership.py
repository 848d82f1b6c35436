"""The elected process: what it runs, what it takes over, and how dispatchers share the rate.

Two harnesses on one PostgreSQL database stand for two processes (one sandbox is Telegram for
both); with SQLite the one process always leads.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update

from bot.services.quiz import Deadline
from bot.tgbot.leadership import Leadership
from tests.harness import ADMIN_ID, BotHarness, FrozenClock
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import question_message, single_bank

MEMBER = 2301
BANK = single_bank(5, time_limit=30)


def _leadership(harness: BotHarness) -> Leadership:
    return harness.app.bot_data.leadership


def _job_names(harness: BotHarness) -> set[str]:
    assert harness.app.job_queue is not None
    return {job.name or "" for job in harness.app.job_queue.jobs()}


def _forget_deadlines(harness: BotHarness) -> None:
    """What the process that armed them dying does to its deadline jobs."""
    assert harness.app.job_queue is not None
    for job in harness.app.job_queue.jobs():
        if isinstance(job.data, Deadline):
            job.schedule_removal()


def _postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes need PostgreSQL (set STUDYBOT_TEST_DATABASE_URL)")


async def test_a_lone_process_leads_at_once(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(BANK)
    leadership = _leadership(harness)
    assert leadership.is_leader
    assert leadership.election.sole == database_url.startswith("sqlite")
    assert harness.app.bot_data.pushes.scheduling
    assert {"leadership", "push-scan-all"} <= _job_names(harness)


async def test_the_leader_times_out_a_question_no_process_will(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness(BANK)
    first = question_message(await harness.say(MEMBER, "/quiz"))
    _forget_deadlines(harness)
    clock.advance(seconds=35)
    await _leadership(harness).tick()
    assert "超时未作答" not in (harness.sandbox_message(first).text or "")  # not yet: grace
    clock.advance(seconds=10)
    await _leadership(harness).tick()
    assert "超时未作答" in (harness.sandbox_message(first).text or "")
    # The next question was asked, with its own deadline armed here.
    assert "第 2/5 题" in (question_message(harness.sandbox.sent(MEMBER)).text or "")
    assert any(name.startswith("quiz-deadline-") for name in _job_names(harness))
    before = len(harness.sandbox.sent(MEMBER))
    await _leadership(harness).tick()
    assert len(harness.sandbox.sent(MEMBER)) == before


async def test_a_deadline_armed_here_is_left_to_its_job(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness(BANK)
    first = question_message(await harness.say(MEMBER, "/quiz"))
    clock.advance(minutes=5)
    await _leadership(harness).tick()
    assert "超时未作答" not in (harness.sandbox_message(first).text or "")
    assert await harness.fire_due_jobs() == 1
    assert "超时未作答" in (harness.sandbox_message(first).text or "")


async def test_one_leader_among_two_and_the_other_takes_over(
    make_harness: HarnessFactory, clock: FrozenClock, database_url: str
) -> None:
    _postgres_only(database_url)
    first = await make_harness(BANK)
    second = await make_harness(BANK)
    assert _leadership(first).is_leader and not _leadership(second).is_leader
    assert "push-scan-all" in _job_names(first)
    assert not any(name.startswith("push-scan-") for name in _job_names(second))

    # A question asked by the follower, which then dies.
    asked = question_message(await second.say(MEMBER, "/quiz"))
    await second.stop()
    clock.advance(seconds=45)
    await _leadership(first).tick()
    assert "超时未作答" in (first.sandbox_message(asked).text or "")

    third = await make_harness(BANK)
    assert not _leadership(third).is_leader
    await first.stop()  # gives the lock up
    await _leadership(third).tick()
    assert _leadership(third).is_leader
    assert "push-scan-all" in _job_names(third)
    # The deadline the dead leader had armed is armed here, a little late (its asker may live).
    armed = [
        job.data
        for job in third.app.job_queue.jobs()  # type: ignore[union-attr]
        if isinstance(job.data, Deadline)
    ]
    assert len(armed) == 1 and armed[0].position == 1


async def test_a_new_members_first_updates_on_two_processes_at_once(
    make_harness: HarnessFactory, database_url: str
) -> None:
    """Telegram posts a chat's updates side by side, so one member's first /start and the
    message after it may reach two processes at once: each registers the member."""
    _postgres_only(database_url)
    first = await make_harness(BANK)
    second = await make_harness(BANK)
    first.sandbox.user(MEMBER, "新成员")
    first.sandbox.send_message(MEMBER, "/start")
    first.sandbox.send_message(MEMBER, "/help")
    start, help_ = first.sandbox.take_updates()
    await asyncio.gather(
        first.app.process_update(Update.de_json(start, first.app.bot)),
        second.app.process_update(Update.de_json(help_, second.app.bot)),
    )
    replies = [message.text or "" for message in first.sandbox.sent(MEMBER)]
    assert len(replies) == 2, replies
    assert any("你好，新成员" in reply for reply in replies)
    assert any("/quiz" in reply and "你好" not in reply for reply in replies), replies
    assert not any("出了点问题" in reply for reply in replies)


async def test_a_push_made_in_a_follower_is_scheduled_by_the_leader(
    make_harness: HarnessFactory, database_url: str
) -> None:
    _postgres_only(database_url)
    leader = await make_harness(BANK)
    follower = await make_harness(BANK)
    await follower.say(ADMIN_ID, "/newpush")
    [audience] = await follower.say(ADMIN_ID, "本周学习提醒")
    await follower.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await follower.say(ADMIN_ID, "每天 09:00")
    [created] = await follower.press(ADMIN_ID, confirm, "✅ 确认")
    assert "chat-1" in (created.text or "")
    assert "push-scan-chat-1" not in _job_names(follower)
    assert "push-scan-chat-1" not in _job_names(leader)
    await _leadership(leader).tick()
    assert "push-scan-chat-1" in _job_names(leader)


async def test_two_dispatchers_split_the_bot_rate(
    make_harness: HarnessFactory, database_url: str
) -> None:
    _postgres_only(database_url)
    config: dict[str, Any] = {"pushes": {"dispatchers": 2}}
    leader = await make_harness(BANK, **config)
    helper = await make_harness(BANK, **config)
    rate = leader.app.bot_data.pushes.dispatcher.limits.per_bot_per_second
    leader.app.bot_data.pushes.start_dispatcher()
    await _leadership(helper).tick()  # takes a helper slot and starts sending
    try:
        assert helper.app.bot_data.pushes.dispatching
        helper_limits = helper.app.bot_data.pushes.dispatcher.limits
        assert helper_limits.per_bot_per_second == rate / 2 - 1  # one spare for the edges
        assert helper_limits.per_chat_per_second == 1.0  # a chat is served by one of them
        await _leadership(leader).tick()
        assert leader.app.bot_data.pushes.dispatcher.limits.per_bot_per_second == rate / 2 - 1
        await helper.stop()
        await _leadership(leader).tick()
        assert leader.app.bot_data.pushes.dispatcher.limits.per_bot_per_second == rate
    finally:
        await leader.app.bot_data.pushes.stop()
        await helper.app.bot_data.pushes.stop()


async def test_content_reloaded_in_one_process_is_reloaded_in_the_others(
    make_harness: HarnessFactory, database_url: str
) -> None:
    _postgres_only(database_url)
    first = await make_harness(BANK)
    second = await make_harness(BANK)
    await _leadership(first).tick()  # both listen
    await _leadership(second).tick()
    before = first.services.content_version
    second.services.load_content()  # what /reload or a confirmed bank upload does there
    await _leadership(second).tick()
    for _ in range(100):  # the notification comes over the first one's connection
        if first.services.content_version > before:
            break
        await asyncio.sleep(0.02)
    assert first.services.content_version == before + 1
    # Nothing echoes back: the second one does not reload its own reload again.
    version = second.services.content_version
    await _leadership(first).tick()
    await asyncio.sleep(0.2)
    assert second.services.content_version == version
