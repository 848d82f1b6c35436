"""Scheduled pushes through the sandbox with Telegram's flood limits on."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from telegram import Update

from bot.sandbox.flood import FloodLimits
from bot.services.identity import Actor, Role
from bot.storage.models import Member, PushDelivery, PushFire, ScoreEvent
from tests.harness import ADMIN_ID, FrozenClock, buttons
from tests.tgbot.conftest import PushHarnessFactory
from tests.tgbot.pushkit import PushHarness, at, write_schedules

DAILY = {
    "id": "daily-note",
    "title": "每日学习提示",
    "trigger": "daily at 09:00",
    "audience": "all",
    "content": {
        "text": "<b>今日学习</b>：持续开展“党章学习日”活动。",
        "acknowledge": {"points": 2},
    },
}


async def fires(harness: PushHarness) -> list[PushFire]:
    async with harness.services.unit() as unit:
        return list(await unit.session.scalars(select(PushFire).order_by(PushFire.id)))


async def test_a_fire_is_claimed_once_and_acknowledged_once(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:59:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 4))
    assert await harness.pushes.scan_all() == []
    at(clock, "2026-03-02T09:00:20+08:00")
    [result] = await harness.pushes.scan_all()
    assert (result.status, result.recipients) == ("sending", 3)
    assert await harness.pushes.scan_all() == []  # the same fire is never claimed again
    assert await harness.pushes.dispatcher.run_once() == 3
    [push] = harness.sandbox.sent(1)
    assert "今日学习" in (push.text or "")
    await harness.press(1, push, "✅ 已学习（+2 积分）")
    assert harness.sandbox.callback_answers[-1].text == "已记录学习，+2 积分！"
    assert [label for label, _ in buttons(harness.sandbox_message(push))] == ["✅ 已学习"]
    await harness.press(1, harness.sandbox_message(push), "✅ 已学习")
    assert harness.sandbox.callback_answers[-1].text == "你已经点过“已学习”了。"
    async with harness.services.unit() as unit:
        total = await unit.session.scalar(select(func.sum(ScoreEvent.points)))
    assert total == 2


async def test_restart_never_fires_twice(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 3))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:05+08:00")
    await harness.pushes.scan_all()
    await harness.stop()
    again = await make_push_harness(DAILY)
    assert await again.pushes.scan_all() == []
    assert len(await fires(again)) == 1


async def test_broadcast_to_2000_members_within_flood_limits(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(10_000, 12_000))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    [result] = await harness.pushes.scan_all()
    assert result.recipients == 2000
    started = harness.ticks.now
    await harness.pushes.dispatcher.run_once()
    elapsed = harness.ticks.now - started
    stats = harness.sandbox.stats
    assert stats.total_429 == 0
    per_chat = Counter(m.chat_id for m in harness.sandbox.sent())
    assert len(per_chat) == 2000 and set(per_chat.values()) == {1}
    # Paced at the limit, not far below it: 2,000 messages at 30 a second.
    assert 2000 / 30 <= elapsed <= 2000 / 30 * 1.1
    assert set((await harness.deliveries()).values()) == {"sent"}


async def test_a_429_storm_is_waited_out_and_nobody_gets_two(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    # Telegram here allows far less than the dispatcher assumes: every burst meets 429s.
    harness = await make_push_harness(DAILY, flood=FloodLimits(per_bot_per_second=5))
    await harness.members(range(1, 61))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    for _ in range(30):
        await harness.pushes.dispatcher.run_once()
        clock.advance(seconds=30)
        if set((await harness.deliveries()).values()) == {"sent"}:
            break
    assert harness.sandbox.stats.total_429 > 0
    assert set((await harness.deliveries()).values()) == {"sent"}
    per_chat = Counter(m.chat_id for m in harness.sandbox.sent())
    assert set(per_chat.values()) == {1} and len(per_chat) == 60


async def test_blocked_members_are_marked_and_left_out_next_time(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 6))
    harness.sandbox.block(3)
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert (await harness.deliveries())[3] == "blocked"
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, 3)
        assert member is not None and not member.is_reachable
    clock.advance(days=1)
    [result] = await harness.pushes.scan_all()
    assert result.recipients == 4


async def test_a_group_that_became_a_supergroup_still_gets_its_push(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    group = {**DAILY, "id": "group-note", "audience": {"chats": [-5001]}}
    harness = await make_push_harness(group)
    harness.sandbox.group_chat(-5001, "青年理论学习小组")
    new_id = harness.sandbox.migrate_group(-5001)
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    for _ in range(3):
        await harness.pushes.dispatcher.run_once()
    [message] = [m for m in harness.sandbox.sent(new_id) if "今日学习" in (m.text or "")]
    assert message.chat_id == new_id
    assert (await harness.deliveries()) == {new_id: "sent"}


async def test_fires_missed_while_down_follow_the_catch_up_policy(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    catch_up = {**DAILY, "id": "late-ok", "catch_up": {"within": "2h"}}
    skip = {**DAILY, "id": "late-skip"}
    harness = await make_push_harness(catch_up, skip)
    await harness.members(range(1, 3))
    await harness.pushes.scan_all()
    await harness.stop()
    at(clock, "2026-03-02T10:30:00+08:00")  # down over the 09:00 fire, 1.5 hours late now
    restarted = await make_push_harness(catch_up, skip)
    results = {r.schedule_id: r.status for r in await restarted.pushes.scan_all()}
    assert results == {"late-ok": "sending", "late-skip": "skipped"}


async def test_a_reminder_missed_on_several_days_is_caught_up_once(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Down over three 09:00 fires of a daily reminder, all within its catch-up window:
    members used to get three identical copies at once on restart; now the latest one."""
    at(clock, "2026-03-02T08:00:00+08:00")
    daily = {**DAILY, "catch_up": {"within": "3d"}}
    harness = await make_push_harness(daily)
    await harness.members(range(1, 3))
    await harness.pushes.scan_all()
    await harness.stop()
    at(clock, "2026-03-04T09:30:00+08:00")
    restarted = await make_push_harness(daily)
    results = [(r.fire_time.day, r.status) for r in await restarted.pushes.scan_all()]
    assert results == [(2, "skipped"), (3, "skipped"), (4, "sending")]
    restarted.sandbox.private_chat(1)  # the restarted bot talks to a sandbox of its own
    await restarted.pushes.dispatcher.run_once()
    assert len([m for m in restarted.sandbox.sent(1) if "今日学习" in (m.text or "")]) == 1


async def test_schedules_fire_in_their_own_timezones(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T00:00:00+00:00")
    shanghai = {**DAILY, "id": "shanghai", "timezone": "Asia/Shanghai"}
    london = {**DAILY, "id": "london", "timezone": "Europe/London"}
    harness = await make_push_harness(shanghai, london)
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T01:00:30+00:00")  # 09:00 in Shanghai, 01:00 in London
    assert [r.schedule_id for r in await harness.pushes.scan_all()] == ["shanghai"]
    at(clock, "2026-03-02T09:00:30+00:00")  # 09:00 in London
    assert [r.schedule_id for r in await harness.pushes.scan_all()] == ["london"]


async def test_series_sends_one_item_per_fire(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-01-31T12:00:00+08:00")
    series = {
        "id": "materials",
        "title": "每月学习材料",
        "trigger": "monthly on day 1 at 09:00",
        "active": {"from": "2026-01-01"},
        "audience": "all",
        "content": {
            "series": {
                "items": [
                    {"title": "一月", "text": "一月的材料"},
                    {"title": "二月", "text": "二月的材料"},
                    {"title": "三月", "text": "三月的材料"},
                ]
            }
        },
    }
    harness = await make_push_harness(series)
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    for month in ("02", "03"):
        at(clock, f"2026-{month}-01T09:00:10+08:00")
        await harness.pushes.scan_all()
        await harness.pushes.dispatcher.run_once()
    texts = [m.text or "" for m in harness.sandbox.sent(1)]
    assert "二月（2/3）" in texts[0] and "三月（3/3）" in texts[1]


async def test_a_nudge_names_a_series_item_by_its_title_alone(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """《…》 holds a title: the item's place in the series goes after it, as in the push."""
    at(clock, "2026-01-31T12:00:00+08:00")
    content = {**MONTHLY_SERIES["content"], "acknowledge": {"points": 1}}
    harness = await make_push_harness({**MONTHLY_SERIES, "content": content})
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    at(clock, "2026-02-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    await harness.say(ADMIN_ID, "/nudge materials")
    await harness.pushes.dispatcher.run_once()
    reminder = harness.sandbox.sent(1)[-1].plain_text
    assert "你还没有学习《二月》（2/3）" in reminder, reminder


async def test_stats_and_nudges_go_on_for_a_schedule_its_file_no_longer_loads(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    """Yesterday's push went out; today its file broke (a typo, a file moved) and /reload
    dropped it. Its statistics and reminders are in the database and still serve."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 3))
    await harness.say(ADMIN_ID, "/pushnow daily-note")
    await harness.pushes.dispatcher.run_once()
    (tmp_path / "schedules" / "daily-note.yaml").write_text("id: daily-note\n", "utf-8")
    await harness.say(ADMIN_ID, "/reload")
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert "已送达 3" in stats.plain_text, stats.plain_text
    [nudged] = await harness.say(ADMIN_ID, "/nudge daily-note")
    assert "已向 3 位" in nudged.plain_text, nudged.plain_text
    [unknown] = await harness.say(ADMIN_ID, "/pushstats no-such-schedule")
    assert "没有编号为 no-such-schedule 的推送计划" in unknown.plain_text


async def test_a_reminder_is_no_schedule_of_its_own(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """A reminder is filed as daily-note:nudge; named as a schedule, /nudge would remind
    about the reminder, and a member who had done the reading got its 已学习 points again."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 3))
    await harness.say(ADMIN_ID, "/pushnow daily-note")
    await harness.pushes.dispatcher.run_once()
    await harness.say(ADMIN_ID, "/nudge daily-note")
    await harness.pushes.dispatcher.run_once()
    for command in ("/nudge daily-note:nudge", "/pushstats daily-note:nudge"):
        [unknown] = await harness.say(ADMIN_ID, command)
        assert "没有编号为 daily-note:nudge 的推送计划" in unknown.plain_text, unknown.plain_text


async def test_organiser_commands(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    # Replies come in bursts Telegram tolerates in private chats; flood limits are tested above.
    harness = await make_push_harness(DAILY, flood=None)
    await harness.members(range(1, 4))
    [refusal] = await harness.say(1, "/pushnow daily-note")
    assert "组织员" in (refusal.text or "")
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    assert "daily-note" in (listing.text or "") and "2026-03-02 09:00" in (listing.text or "")
    assert " \n" not in listing.plain_text  # no line ends in a space
    note, preview = await harness.say(ADMIN_ID, "/preview daily-note")
    assert "预览" in (note.text or "") and "今日学习" in (preview.text or "")
    assert not any("今日学习" in (m.text or "") for m in harness.sandbox.sent(1))
    [queued] = await harness.say(ADMIN_ID, "/pushnow daily-note")
    assert "4 位接收人" in (queued.text or "")  # three members and the admin
    await harness.pushes.dispatcher.run_once()
    push = harness.sandbox.sent(1)[-1]
    await harness.press(1, push, "✅ 已学习（+2 积分）")
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert "已送达 4" in (stats.text or "") and "已学习：1 人（25%）" in (stats.text or "")
    [nudged] = await harness.say(ADMIN_ID, "/nudge daily-note")
    assert "3 位" in (nudged.text or "")
    await harness.pushes.dispatcher.run_once()
    assert harness.sandbox.sent(1)[-1] == harness.sandbox_message(push)  # not reminded
    reminder = harness.sandbox.sent(2)[-1]
    assert "提醒" in (reminder.text or "")
    await harness.press(2, reminder, "✅ 已学习（+2 积分）")
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert "已学习：2 人（50%）" in (stats.text or "")
    [paused] = await harness.say(ADMIN_ID, "/pause daily-note")
    assert "已暂停" in (paused.text or "")
    [listing] = await harness.say(ADMIN_ID, "/schedules")  # no next time while paused
    assert "[已暂停]" in (listing.text or "") and "下次：—" in (listing.text or "")
    at(clock, "2026-03-02T09:00:30+08:00")
    assert await harness.pushes.scan_all() == []
    await harness.say(ADMIN_ID, "/resume daily-note")
    clock.advance(days=1)
    assert len(await harness.pushes.scan_all()) == 1
    [usage] = await harness.say(ADMIN_ID, "/pause")
    assert "用法" in (usage.text or "")
    [unknown] = await harness.say(ADMIN_ID, "/pause nope")
    assert "没有编号为 nope" in (unknown.text or "")


async def test_the_quiz_button_on_a_push_starts_that_banks_quiz(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    invite = {
        **DAILY,
        "id": "invite",
        "content": {"text": "本周答题邀请", "quiz": {"bank": "theory-study", "questions": 3}},
    }
    harness = await make_push_harness(invite, flood=None)
    await harness.members(range(1, 2))
    await harness.say(1, "/start")
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    push = next(m for m in harness.sandbox.sent(1) if "本周答题邀请" in (m.text or ""))
    sent = await harness.press(1, push, "📝 开始答题")
    assert "第 1/3 题" in (sent[-1].text or "")


async def test_newpush_guides_an_organiser_to_a_schedule(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 3))
    [ask] = await harness.say(ADMIN_ID, "/newpush")
    assert "请发送推送内容" in (ask.text or "")
    [audience] = await harness.say(ADMIN_ID, "学习《条例》第一章\n请大家认真学习 <原文>")
    await harness.press(ADMIN_ID, audience, "全体成员")
    [when] = await harness.say(ADMIN_ID, "每天 25:00")
    assert "看不懂时间“每天 25:00”" in (when.text or "")
    preview, confirm = await harness.say(ADMIN_ID, "每天 09:00")
    assert "请大家认真学习 &lt;原文&gt;" in (preview.text or "")
    [created] = await harness.press(ADMIN_ID, confirm, "✅ 确认")
    assert "已创建推送计划 chat-1" in (created.text or "")
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    assert "chat-1" in (listing.text or "")
    at(clock, "2026-03-02T09:00:10+08:00")
    [result] = await harness.pushes.scan_all()
    assert (result.schedule_id, result.recipients) == ("chat-1", 3)
    await harness.pushes.dispatcher.run_once()
    assert "学习《条例》第一章" in (harness.sandbox.sent(1)[-1].text or "")


async def test_newpush_in_a_group_chat_takes_replies_and_pushes_to_that_chat(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Started in a group, the conversation stays there: the bot sees a group's messages
    only when they answer it (privacy mode), so it asks for replies, and offers 本群."""
    harness = await make_push_harness(flood=None)
    harness.sandbox.group_chat(-5001, "青年理论学习小组", members={ADMIN_ID: "member"})
    harness.sandbox.group_chat(-5002, "另一个群", members={ADMIN_ID: "member"})
    [ask] = await harness.say(ADMIN_ID, "/newpush", chat_id=-5001)
    assert "请发送推送内容" in (ask.text or "") and "回复" in (ask.text or "")
    # A reply to the bot in another group is about something else: not the push's content.
    [other] = await harness.say(ADMIN_ID, "/help", chat_id=-5002)
    assert await harness.say(ADMIN_ID, "收到", chat_id=-5002, reply_to=other.message_id) == []
    [audience] = await harness.say(
        ADMIN_ID, "本周学习安排\n周五学习党章", chat_id=-5001, reply_to=ask.message_id
    )
    [when] = await harness.press(ADMIN_ID, audience, "本群")
    _, confirm = await harness.press(ADMIN_ID, when, "立即发送")
    [queued] = await harness.press(ADMIN_ID, confirm, "✅ 确认")
    assert "已开始发送" in (queued.text or "")
    await harness.pushes.dispatcher.run_once()
    assert "周五学习党章" in (harness.sandbox.sent(-5001)[-1].text or "")


async def test_a_reply_to_the_bot_in_a_group_chat_registers_nobody(
    make_push_harness: PushHarnessFactory,
) -> None:
    """A group member who answers the bot's message with 收到 wrote to no draft of theirs:
    they do not join the programme (and its pushes to everyone) by it."""
    harness = await make_push_harness(flood=None)
    harness.sandbox.group_chat(
        -5001, "青年理论学习小组", members={ADMIN_ID: "member", 7: "member"}
    )
    [help_text] = await harness.say(ADMIN_ID, "/help", chat_id=-5001)
    assert await harness.say(7, "收到", chat_id=-5001, reply_to=help_text.message_id) == []
    async with harness.services.unit() as unit:
        assert await unit.session.get(Member, 7) is None


async def test_newpush_sends_a_forwarded_file_now_and_cancel_leaves(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 2))
    await harness.say(ADMIN_ID, "/newpush")
    [cancelled] = await harness.say(ADMIN_ID, "/cancel")
    assert "已取消" in (cancelled.text or "")
    [after] = await harness.say(ADMIN_ID, "这不是推送内容")
    assert "没看懂" in (after.text or "")  # the draft is gone; text goes back to normal
    await harness.say(ADMIN_ID, "/newpush")
    harness.sandbox.send_document(ADMIN_ID, "学习材料.pdf", b"%PDF-1.4", caption="三月学习材料")
    [audience] = await harness._collect(ADMIN_ID)
    [when] = await harness.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await harness.press(ADMIN_ID, when, "立即发送")
    [queued] = await harness.press(ADMIN_ID, confirm, "✅ 确认")
    assert "已开始发送" in (queued.text or "")
    await harness.pushes.dispatcher.run_once()
    text, document = harness.sandbox.sent(1)[-2:]
    assert "三月学习材料" in (text.text or "") and document.kind == "document"
    [refused] = await harness.say(1, "/newpush")
    assert "组织员" in (refused.text or "")


async def test_a_second_tap_on_a_newpush_button_is_answered_not_an_error(
    make_push_harness: PushHarnessFactory,
) -> None:
    """A double tap on ✖ 取消 (or a tap on an old draft's button): the second tap found
    the buttons gone, and the organiser was told "出了点问题", with a traceback in the log."""
    harness = await make_push_harness(flood=None)
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "三月学习材料")
    await harness.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await harness.say(ADMIN_ID, "每天 09:00")
    data = dict(buttons(confirm))["✖ 取消"]
    await harness.press(ADMIN_ID, confirm, "✖ 取消")
    refused_before = harness.sandbox.stats.errors.total()
    [again] = await harness.press_data(ADMIN_ID, confirm, data)
    assert "已取消" in (again.text or "")
    assert "出了点问题" not in (harness.sandbox.callback_answers[-1].text or "")
    assert harness.sandbox.stats.errors.total() == refused_before


async def test_a_replayed_pushnow_update_broadcasts_once(
    make_push_harness: PushHarnessFactory,
) -> None:
    harness = await make_push_harness(DAILY, flood=None)
    await harness.members(range(1, 3))
    harness.sandbox.user(ADMIN_ID, "管理员")
    harness.sandbox.send_message(ADMIN_ID, "/pushnow daily-note")
    [update] = harness.sandbox.take_updates()
    for _ in range(2):  # PTB acknowledges polled updates first; a crash replays them
        await harness.app.process_update(Update.de_json(update, harness.app.bot))
    await harness.pushes.dispatcher.run_once()
    assert len([m for m in harness.sandbox.sent(1) if "今日学习" in (m.text or "")]) == 1
    assert len(await fires(harness)) == 1


async def test_a_clean_stop_finishes_sends_under_way_and_keeps_the_rest_pending(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY)
    await harness.members(range(1, 201))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    dispatcher = harness.pushes.dispatcher
    running = asyncio.create_task(dispatcher.run_forever())
    await harness.sandbox.wait_for(lambda: len(harness.sandbox.sent()) >= 10, timeout=10)
    dispatcher.stop()
    await asyncio.wait_for(running, 10)
    statuses = Counter((await harness.deliveries()).values())
    assert "sending" not in statuses and "uncertain" not in statuses
    assert statuses["sent"] >= 10 and statuses["pending"] > 0
    assert statuses["sent"] == len(harness.sandbox.sent())


async def test_newpush_a_file_without_caption_is_titled_by_its_name(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 2))
    await harness.say(ADMIN_ID, "/newpush")
    harness.sandbox.send_document(ADMIN_ID, "三月学习材料.pdf", b"%PDF-1.4")
    [audience] = await harness._collect(ADMIN_ID)
    [when] = await harness.press(ADMIN_ID, audience, "全体成员")
    preview, confirm = await harness.press(ADMIN_ID, when, "立即发送")
    assert "三月学习材料.pdf" in (preview.text or "")
    [queued] = await harness.press(ADMIN_ID, confirm, "✅ 确认")
    assert "已开始发送" in (queued.text or "")
    await harness.pushes.dispatcher.run_once()
    text, document = harness.sandbox.sent(1)[-2:]
    assert "三月学习材料.pdf" in (text.text or "") and document.kind == "document"


async def test_newpush_refuses_a_one_off_time_already_past(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "党章学习日提醒")
    await harness.press(ADMIN_ID, audience, "全体成员")
    [past] = await harness.say(ADMIN_ID, "2025-03-02 09:00")  # the year mistyped
    assert "已经过去" in (past.text or "")
    [earlier_today] = await harness.say(ADMIN_ID, "2026-03-02 07:30")
    assert "已经过去" in (earlier_today.text or "")
    preview, confirm = await harness.say(ADMIN_ID, "2026-03-02 09:00")
    assert "党章学习日提醒" in (preview.text or "") and "2026-03-02 09:00" in (confirm.text or "")


async def test_newpush_to_a_study_group_still_reaches_it_after_a_new_join_code(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 4))
    await harness.say(ADMIN_ID, "/newgroup 青年一组")
    async with harness.services.unit() as unit:
        code = (await unit.groups.find("青年一组")).join_code
    for member in (1, 2):
        await harness.say(member, f"/join {code}")
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "小组学习提示\n请学习《条例》第二章")
    await harness.press(ADMIN_ID, audience, "青年一组")
    _, confirm = await harness.say(ADMIN_ID, "每天 09:00")
    await harness.press(ADMIN_ID, confirm, "✅ 确认")
    await harness.say(ADMIN_ID, "/newcode 青年一组")  # the old code stops working
    await harness.say(ADMIN_ID, "/renamegroup 青年一组 青年理论学习一组")
    at(clock, "2026-03-02T09:00:10+08:00")
    [result] = await harness.pushes.scan_all()
    assert result.recipients == 2
    await harness.pushes.dispatcher.run_once()
    assert "小组学习提示" in (harness.sandbox.sent(1)[-1].text or "")
    assert not any("小组学习提示" in (m.text or "") for m in harness.sandbox.sent(3))


async def test_preview_shows_the_series_item_the_next_fire_sends(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-02-10T12:00:00+08:00")
    series = {
        "id": "materials",
        "title": "每月学习材料",
        "trigger": "每月1日 09:00",
        "active": {"from": "2026-01-01", "until": "2026-03-31"},
        "audience": "all",
        "content": {
            "series": {
                "items": [
                    {"title": "一月", "text": "一月的材料"},
                    {"title": "二月", "text": "二月的材料"},
                    {"title": "三月", "text": "三月的材料"},
                ]
            }
        },
    }
    harness = await make_push_harness(series, flood=None)
    _, preview = await harness.say(ADMIN_ID, "/preview materials")
    assert "三月（3/3）" in (preview.text or "")  # 1 March's push, not January's
    at(clock, "2026-04-10T12:00:00+08:00")
    [done] = await harness.say(ADMIN_ID, "/preview materials")
    assert "系列已推完" in (done.text or "")


async def test_a_member_removed_from_the_programme_gets_no_pushes(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    group_note = {**DAILY, "id": "group-note", "audience": {"groups": ["青年一组"]}}
    harness = await make_push_harness(DAILY, group_note, flood=None)
    await harness.members(range(1, 4))
    await harness.say(ADMIN_ID, "/newgroup 青年一组")
    async with harness.services.unit() as unit:
        code = (await unit.groups.find("青年一组")).join_code
    for member in (1, 2):
        await harness.say(member, f"/join {code}")
    await harness.say(ADMIN_ID, "/removemember 2")
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:10+08:00")
    results = {r.schedule_id: r.recipients for r in await harness.pushes.scan_all()}
    assert results == {"daily-note": 3, "group-note": 1}  # members 1 and 3 and the admin
    await harness.pushes.dispatcher.run_once()
    assert any("今日学习" in (m.text or "") for m in harness.sandbox.sent(1))
    assert not any("今日学习" in (m.text or "") for m in harness.sandbox.sent(2))
    await harness.say(ADMIN_ID, "/removemember 3")  # after the push: not reminded either
    [nudged] = await harness.say(ADMIN_ID, "/nudge daily-note")
    assert "已向 2 位" in (nudged.text or "")  # member 1 and the admin


async def test_an_audience_names_a_group_by_name_code_or_id_alike_in_sending_and_warning(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """One rule reads an audience's groups: the push reaches the group however it is named,
    and /schedules warns of exactly the entries that reach nobody."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY, flood=None)
    await harness.say(ADMIN_ID, "/newgroup 青年一组")
    async with harness.services.unit() as unit:
        group = await unit.groups.find("青年一组")
    for member in (1, 2):
        await harness.say(member, f"/join {group.join_code}")
    for ref in ("青年一组", group.join_code, f"#{group.id}", "青年二组"):
        named = {**DAILY, "id": "group-note", "audience": {"groups": [ref]}}
        write_schedules(harness.config.schedules_path, named)
        await harness.say(ADMIN_ID, "/reload")
        [listing] = await harness.say(ADMIN_ID, "/schedules")
        clock.advance(minutes=1)
        [queued] = await harness.say(ADMIN_ID, "/pushnow group-note")
        if ref == "青年二组":
            assert "没有学习小组“青年二组”" in listing.plain_text
        else:
            assert "⚠️" not in listing.plain_text, ref
            assert "2 位接收人" in queued.plain_text, (ref, queued.plain_text)


MONTHLY_SERIES: dict[str, Any] = {
    "id": "materials",
    "title": "每月学习材料",
    "trigger": "每月1日 09:00",
    "active": {"from": "2026-01-01"},
    "audience": "all",
    "content": {
        "series": {
            "items": [
                {"title": "一月", "text": "一月的材料"},
                {"title": "二月", "text": "二月的材料"},
                {"title": "三月", "text": "三月的材料"},
            ]
        }
    },
}


async def test_pushnow_on_a_finished_series_says_so_and_sends_nothing(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-04-10T12:00:00+08:00")  # January, February and March have gone out
    harness = await make_push_harness(MONTHLY_SERIES, flood=None)
    await harness.members(range(1, 3))
    [reply] = await harness.say(ADMIN_ID, "/pushnow materials")
    assert "系列已推完" in (reply.text or "") and "接收人" not in (reply.text or "")
    assert await fires(harness) == []  # /pushstats and /nudge still see the last real push
    await harness.pushes.dispatcher.run_once()
    assert harness.sandbox.sent(1) == []


async def test_pushnow_on_a_dated_series_sends_this_months_item_and_never_advances(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-11-28T12:00:00+08:00")
    items = [{"title": f"{month}月", "text": f"{month}月的材料"} for month in range(1, 13)]
    series = {**MONTHLY_SERIES, "content": {"series": {"items": items}}}
    harness = await make_push_harness(series, flood=None)
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    await harness.say(ADMIN_ID, "/pushnow materials")
    await harness.pushes.dispatcher.run_once()
    at(clock, "2026-12-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    titles = [(m.text or "").split("\n")[0] for m in harness.sandbox.sent(1)]
    # November's item now (the latest scheduled fire's), December's once, on 1 December.
    assert titles == ["<b>11月（11/12）</b>", "<b>12月（12/12）</b>"]


async def test_pushnow_on_a_series_without_dates_repeats_the_current_item(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    series = {**MONTHLY_SERIES, "trigger": "每天 09:00"}
    del series["active"]
    harness = await make_push_harness(series, flood=None)
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.say(ADMIN_ID, "/pushnow materials")
    at(clock, "2026-03-03T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    titles = [(m.text or "").split("\n")[0] for m in harness.sandbox.sent(1)]
    assert titles == ["<b>一月（1/3）</b>", "<b>一月（1/3）</b>", "<b>二月（2/3）</b>"]


async def test_preview_sends_the_files_the_push_sends(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    handout = tmp_path / "schedules" / "materials" / "三月学习材料.txt"
    handout.parent.mkdir(parents=True)
    handout.write_text("《中国共产党章程》第一章", encoding="utf-8")
    with_file = {
        **DAILY,
        "content": {**DAILY["content"], "files": ["materials/三月学习材料.txt"]},
    }
    harness = await make_push_harness(with_file, flood=None)
    note, text, document = await harness.say(ADMIN_ID, "/preview daily-note")
    assert "预览" in (note.text or "") and "今日学习" in (text.text or "")
    assert document.kind == "document"
    await harness.members(range(1, 2))
    await harness.say(ADMIN_ID, "/pushnow daily-note")
    await harness.pushes.dispatcher.run_once()
    pushed = harness.sandbox.sent(1)
    assert [m.kind for m in pushed] == [text.kind, document.kind]  # what the push sends


async def test_newpush_warns_that_a_day_after_28_skips_shorter_months(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "月末学习小结")
    await harness.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await harness.say(ADMIN_ID, "每月31日 09:00")
    assert "每月 31 日在较短的月份不存在" in (confirm.text or "")  # what `studybot check` says
    [created] = await harness.press(ADMIN_ID, confirm, "✅ 确认")  # accepted all the same
    assert "已创建推送计划 chat-1" in (created.text or "")
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "月中学习提示")
    await harness.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await harness.say(ADMIN_ID, "每月15日 09:00")
    assert "较短的月份" not in (confirm.text or "")


async def test_two_organisers_confirming_at_once_get_two_schedules(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 2))
    await harness.say(ADMIN_ID, "/grant 1")
    for organiser, title in ((ADMIN_ID, "党章学习日提醒"), (1, "三会一课提醒")):
        await harness.say(organiser, "/newpush")
        [audience] = await harness.say(organiser, title)
        await harness.press(organiser, audience, "全体成员")
        await harness.say(organiser, "每天 09:00")  # both now at the confirm step

    # The moment that matters: the second confirm has read the table and is writing its
    # row while the first one's row is written but not yet committed.
    first_writes, second_writes = asyncio.Event(), asyncio.Event()
    inserts: list[str] = []

    def watch(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CHAT_SCHEDULES"):
            inserts.append(statement)
            (first_writes if len(inserts) == 1 else second_writes).set()

    engine = harness.services.sessions.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", watch)

    async def confirm(member_id: int, *, hold: bool) -> str:
        actor = Actor(member_id, "组织员", "zh", Role.ORGANISER)
        async with harness.services.unit() as unit:
            scheduled = await unit.drafts.confirm(actor)
            if hold:
                await second_writes.wait()  # commit only once the other one is writing
        return scheduled.schedule.id

    first = asyncio.create_task(confirm(ADMIN_ID, hold=True))
    await first_writes.wait()
    second = asyncio.create_task(confirm(1, hold=False))
    try:
        ids = await asyncio.wait_for(asyncio.gather(first, second), timeout=30)
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert sorted(ids) == ["chat-1", "chat-2"]
    await harness.services.load_chat_schedules()  # as the confirm button's handler does
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    assert "党章学习日提醒" in (listing.text or "") and "三会一课提醒" in (listing.text or "")


async def test_a_daily_quiz_reminder_skips_members_who_finished_todays_quiz(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """学习强国-style nudge: only who still has today's daily quiz to do hears of it."""
    from datetime import date

    from bot.storage.models import QuizSession

    reminder = {
        "id": "quiz-reminder",
        "title": "每日答题提醒",
        "trigger": "daily at 20:00",
        "audience": {"all": True, "only": "今日未答题"},
        "content": {"text": "今天的每日答题还没完成，发送 /quiz 开始。"},
    }
    at(clock, "2026-03-02T19:00:00+08:00")
    harness = await make_push_harness(reminder, flood=None)
    await harness.members(range(1, 6))
    today, yesterday = date(2026, 3, 2), date(2026, 3, 1)
    sessions = [  # member, day, scored, status
        (1, today, True, "finished"),  # done: no reminder
        (2, today, True, "active"),  # half-way: reminded
        (3, yesterday, True, "finished"),  # yesterday's does not count
        (4, today, True, "abandoned"),  # gave up with /stop: /quiz is practice now
    ]
    async with harness.services.unit() as unit:
        for member, day, scored, status in sessions:
            unit.session.add(
                QuizSession(
                    member_id=member,
                    chat_id=member,
                    mode="daily",
                    status=status,
                    quiz_day=day,
                    scored=scored,
                    question_keys=[],
                    started_at=clock(),
                )
            )
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T20:00:10+08:00")
    [result] = await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    reminded = {
        m
        for m in range(1, 6)
        if any("每日答题" in (s.text or "") for s in harness.sandbox.sent(m))
    }
    assert reminded == {2, 3, 5}
    assert result.recipients == 3


async def test_a_schedule_naming_a_group_that_does_not_exist_is_pointed_out(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """`studybot check` cannot know the groups (it reads no database): a name mistyped in a
    schedule's audience, or a group renamed since, would push to nobody in that group
    without a word. /reload and /schedules say so."""
    at(clock, "2026-03-02T08:00:00+08:00")
    party_day = {
        **DAILY,
        "id": "party-day",
        "audience": {"groups": ["第一小组", "第2小组"]},
    }
    harness = await make_push_harness(party_day, flood=None)
    await harness.say(ADMIN_ID, "/newgroup 第一小组")
    await harness.say(ADMIN_ID, "/newgroup 第二小组")
    [reloaded] = await harness.say(ADMIN_ID, "/reload")
    warning = "推送计划 party-day 的推送对象里没有学习小组“第2小组”"
    assert warning in (reloaded.text or "")
    assert "第一小组”" not in (reloaded.text or "")
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    assert warning in (listing.text or "")
    await harness.say(ADMIN_ID, "/renamegroup 第二小组 第2小组")
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    assert "没有学习小组" not in (listing.text or "")


async def test_already_studied_in_a_group_chat_leaves_the_button_for_the_others(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """One message in a group serves every member: the first who taps 已学习 must not turn
    it into "✅ 已学习" for the rest, who would take it as done and miss their points."""
    at(clock, "2026-03-02T08:59:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [-5001]}}, flood=None)
    harness.sandbox.group_chat(-5001, "青年理论学习小组", members={1: "member", 2: "member"})
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:20+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [push] = harness.sandbox.sent(-5001)
    for member in (1, 2):
        await harness.press(member, harness.sandbox_message(push), "✅ 已学习（+2 积分）")
        assert harness.sandbox.callback_answers[-1].text == "已记录学习，+2 积分！"
    assert [label for label, _ in buttons(harness.sandbox_message(push))] == [
        "✅ 已学习（+2 积分）"
    ]
    async with harness.services.unit() as unit:
        rows = await unit.session.execute(select(ScoreEvent.member_id, ScoreEvent.points))
    assert sorted(tuple(row) for row in rows) == [(1, 2), (2, 2)]


async def test_the_quiz_button_on_a_group_push_says_where_the_quiz_went(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Pressed in a group chat, the quiz goes to the member's private chat: they are told so,
    and one who never opened that chat (the bot cannot write first) is told to open it."""
    at(clock, "2026-03-02T08:00:00+08:00")
    invite = {
        **DAILY,
        "id": "invite",
        "audience": {"chats": [-5001]},
        "content": {"text": "本周答题邀请", "quiz": {"bank": "theory-study", "questions": 3}},
    }
    harness = await make_push_harness(invite, flood=None)
    harness.sandbox.group_chat(-5001, "青年理论学习小组", members={1: "member", 2: "member"})
    await harness.say(1, "/start")
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:00+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [push] = harness.sandbox.sent(-5001)

    assert await harness.press(1, push, "📝 开始答题") == []  # nothing in the group
    assert "私聊" in (harness.sandbox.callback_answers[-1].text or "")
    assert "第 1/3 题" in (harness.sandbox.sent(1)[-1].text or "")

    assert await harness.press(2, push, "📝 开始答题") == []
    told = harness.sandbox.callback_answers[-1]
    assert told.show_alert and "/start" in (told.text or "")
    await harness.say(2, "/start")
    await harness.press(2, push, "📝 开始答题")
    assert "第 1/3 题" in (harness.sandbox.sent(2)[-1].text or "")


async def test_schedules_tells_a_fire_nobody_was_due_from_one_sent(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2026-03-02T08:00:00+08:00")
    birthdays = {
        **DAILY,
        "id": "birthdays",
        "audience": {"all": True, "only": "政治生日"},
        "catch_up": {"within": "12h"},
    }
    missed = {**DAILY, "id": "missed"}
    harness = await make_push_harness(birthdays, missed, flood=None)
    await harness.members(range(1, 3))  # nobody has given a day of joining
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T12:00:00+08:00")  # both fires due; the missed one is hours late
    await harness.pushes.scan_all()
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    text = listing.text or ""
    assert "上次：2026-03-02 09:00（没有接收人）" in text
    assert "上次：2026-03-02 09:00（错过未补发）" in text
    assert "0 人" not in text


async def test_a_group_chat_that_removed_the_bot_is_skipped_until_the_bot_is_back(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Someone removes the bot from a linked group chat: the admins hear which chat and how
    to fix it, pushes stop trying that chat (each fire only recorded another refusal), and
    adding the bot back resumes them with the chat still linked."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [-5001]}}, flood=None)
    harness.sandbox.group_chat(-5001, "一支部学习群", members={ADMIN_ID: "creator", 7: "member"})
    await harness.say(ADMIN_ID, "/newgroup 第一小组")
    await harness.say(ADMIN_ID, "/linkgroup 第一小组", chat_id=-5001)
    harness.sandbox.user(7, "王五")
    harness.sandbox.set_bot_status(-5001, "kicked", by_user=7)
    [removed] = harness.sandbox.take_updates()
    for _ in range(2):  # the update again (a replay): the admins are not told twice
        await harness.app.process_update(Update.de_json(removed, harness.app.bot))
    told = harness.sandbox.sent(ADMIN_ID)[-1]
    assert "已新建" in harness.sandbox.sent(ADMIN_ID)[-2].plain_text
    text = told.plain_text
    assert "一支部学习群" in text and "-5001" in text and "王五" in text
    assert "第一小组" in text and "暂停" in text and "/linkgroup" in text
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "已关联群聊 -5001（机器人已被移出该群，推送暂停）" in listing.plain_text

    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:10+08:00")
    [fired] = await harness.pushes.scan_all()
    assert fired.recipients == 0
    await harness.pushes.dispatcher.run_once()
    assert not [c for c in harness.sandbox.calls if c[1].get("chat_id") == -5001][2:]

    harness.sandbox.set_bot_status(-5001, "member", by_user=ADMIN_ID)
    await harness.deliver()
    assert "已经关联到学习小组“第一小组”" in harness.sandbox.sent(-5001)[-1].plain_text
    assert "推送恢复" in harness.sandbox.sent(ADMIN_ID)[-1].plain_text
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "推送暂停" not in listing.plain_text
    at(clock, "2026-03-03T09:00:10+08:00")
    [fired] = await harness.pushes.scan_all()
    assert fired.recipients == 1
    await harness.pushes.dispatcher.run_once()
    assert "今日学习" in harness.sandbox.sent(-5001)[-1].plain_text


async def test_a_group_chat_that_refuses_a_push_is_skipped_afterwards(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """The bot was removed while Telegram's notice of it got lost (down for over a day): the
    first refused push marks the chat, so later fires stop trying it."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [-5001]}}, flood=None)
    bot_id = harness.app.bot.id
    harness.sandbox.group_chat(-5001, "一支部学习群", members={bot_id: "kicked"})
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert (await harness.deliveries()) == {-5001: "blocked"}
    at(clock, "2026-03-03T09:00:10+08:00")
    [fired] = await harness.pushes.scan_all()
    assert fired.recipients == 0


async def test_the_admins_hear_of_a_removal_that_a_refused_push_noticed_first(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """A push goes out the moment after the bot was removed, before Telegram's notice of it
    is handled: the refusal marks the chat, and the notice still tells the admins."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [-5001]}}, flood=None)
    harness.sandbox.group_chat(-5001, "一支部学习群", members={ADMIN_ID: "creator"})
    harness.sandbox.private_chat(ADMIN_ID)
    await harness.pushes.scan_all()
    harness.sandbox.set_bot_status(-5001, "kicked", by_user=ADMIN_ID)
    at(clock, "2026-03-02T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert (await harness.deliveries()) == {-5001: "blocked"}
    await harness.deliver()
    assert "一支部学习群" in harness.sandbox.sent(ADMIN_ID)[-1].plain_text


async def test_pushstats_of_a_push_without_a_studied_button_says_no_count_of_it(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """A reminder with no 已学习 button read 已学习：0 人（0%）, as if nobody had studied."""
    at(clock, "2026-03-02T08:00:00+08:00")
    reminder = {**DAILY, "content": {"text": "今晚 8 点开会。"}}
    harness = await make_push_harness(reminder, flood=None)
    await harness.members(range(1, 3))
    await harness.say(ADMIN_ID, "/pushnow daily-note")
    await harness.pushes.dispatcher.run_once()
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert "已送达 3" in stats.plain_text
    assert "已学习：" not in stats.plain_text and "0%" not in stats.plain_text
    assert "没有“已学习”按钮" in stats.plain_text


async def test_newpush_content_too_long_for_one_message_is_refused_with_the_count(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """A pasted article near Telegram's 4096 characters, plus its title as the heading, made a
    push Telegram refuses: the preview failed with 出了点问题 and every member's copy would too."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY, flood=None)
    await harness.say(ADMIN_ID, "/newpush")
    # One pasted line: its first 30 characters become the title, shown above it all.
    [refused] = await harness.say(ADMIN_ID, "理&" * 2040)
    assert "太长" in refused.plain_text and "4096" in refused.plain_text, refused.plain_text
    assert not list(buttons(refused))
    [audience] = await harness.say(ADMIN_ID, "第一章学习材料\n" + "理&" * 2000)
    await harness.press(ADMIN_ID, audience, "全体成员")
    preview, _ = await harness.say(ADMIN_ID, "每天 09:00")
    assert "理&amp;" in (preview.text or "")


async def test_schedules_lists_what_goes_out_next_first(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """/schedules listed the schedules in file order: with the samples' 28 it was hard to see
    what goes out next. Soonest first; a paused one, which has no next time, last."""
    at(clock, "2026-03-02T08:00:00+08:00")
    monthly = {**DAILY, "id": "a-monthly", "trigger": "每月15日 09:00"}
    weekly = {**DAILY, "id": "b-paused", "trigger": "每天 08:30"}
    harness = await make_push_harness(monthly, weekly, DAILY, flood=None)
    await harness.say(ADMIN_ID, "/pause b-paused")
    [listing] = await harness.say(ADMIN_ID, "/schedules")
    order = [line.split("：")[0] for line in listing.plain_text.splitlines() if "• " in line]
    assert order == ["• daily-note", "• a-monthly", "• b-paused"], listing.plain_text


async def test_pushstats_says_who_counts_as_blocked_and_how_they_come_back(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Members known from a group (a contest vote, a command there) who never opened the
    bot's private chat are refused like those who blocked it: 已屏蔽 2 read as two blocks."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness(DAILY, flood=None)
    await harness.members(range(1, 3), open_chats=False)
    await harness.say(ADMIN_ID, "/pushnow daily-note")
    await harness.pushes.dispatcher.run_once()
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert "已屏蔽 2" in stats.plain_text, stats.plain_text
    assert "从未打开与机器人的私聊" in stats.plain_text and "/start" in stats.plain_text


SUPERGROUP = -1001234505001


async def last_delivery(harness: PushHarness) -> tuple[int, str]:
    async with harness.services.unit() as unit:
        row = (
            await unit.session.execute(
                select(PushDelivery.chat_id, PushDelivery.status)
                .order_by(PushDelivery.id.desc())
                .limit(1)
            )
        ).one()
    return row[0], row[1]


async def test_a_group_chat_that_muted_the_bot_is_named_to_the_admins_once(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """The group's admins took the bot's right to send messages: every push to the chat was
    recorded as failed, nobody was told, and the chat was taken for one the bot had left.
    Now the admins hear at once which chat, which pushes and what to do; /grouplist and
    /pushstats say why the chat gets nothing; giving the right back resumes the pushes."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [SUPERGROUP]}}, flood=None)
    harness.sandbox.group_chat(
        SUPERGROUP, "一支部学习群", supergroup=True, members={ADMIN_ID: "creator", 7: "member"}
    )
    await harness.say(ADMIN_ID, "/newgroup 第一小组")
    await harness.say(ADMIN_ID, "/linkgroup 第一小组", chat_id=SUPERGROUP)
    harness.sandbox.user(7, "王五")
    harness.sandbox.restrict_bot(SUPERGROUP, can_send_messages=False, by_user=7)
    [muted] = harness.sandbox.take_updates()
    for _ in range(2):  # the update again (a replay): the admins are not told twice
        await harness.app.process_update(Update.de_json(muted, harness.app.bot))
    told = harness.sandbox.sent(ADMIN_ID)[-1].plain_text
    assert "王五" in told and "一支部学习群" in told and str(SUPERGROUP) in told, told
    assert "第一小组" in told and "daily-note" in told and "发送消息" in told
    assert "已新建" in harness.sandbox.sent(ADMIN_ID)[-2].plain_text  # told once
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "（机器人在该群被禁言，推送发不出去）" in listing.plain_text

    notices = len(harness.sandbox.sent(ADMIN_ID))
    await harness.pushes.scan_all()
    for day in ("02", "03"):
        at(clock, f"2026-03-{day}T09:00:10+08:00")
        [fired] = await harness.pushes.scan_all()
        assert fired.recipients == 1  # still in the chat: tried, never taken for removed
        await harness.pushes.dispatcher.run_once()
        assert await last_delivery(harness) == (SUPERGROUP, "muted")
    assert len(harness.sandbox.sent(ADMIN_ID)) == notices  # told once, not at every fire
    [stats] = await harness.say(ADMIN_ID, "/pushstats daily-note")
    assert f"被禁言：1 个群没有收到这条推送（{SUPERGROUP}（第一小组））" in stats.plain_text

    harness.sandbox.set_bot_status(SUPERGROUP, "member", by_user=ADMIN_ID)
    await harness.deliver()
    assert "又可以发送消息" in harness.sandbox.sent(ADMIN_ID)[-1].plain_text
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "禁言" not in listing.plain_text
    at(clock, "2026-03-04T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert await last_delivery(harness) == (SUPERGROUP, "sent")
    assert "今日学习" in harness.sandbox.sent(SUPERGROUP)[-1].plain_text


async def test_a_push_refused_by_a_muted_chat_tells_the_admins_when_the_notice_was_lost(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """Telegram's notice of the restriction never reached the bot (it was down): the first
    refused push tells the admins which chat and which push, once; the next push the chat
    takes (the right given back, its notice lost too) clears it."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [SUPERGROUP]}}, flood=None)
    harness.sandbox.group_chat(
        SUPERGROUP, "一支部学习群", supergroup=True, members={ADMIN_ID: "creator"}
    )
    harness.sandbox.private_chat(ADMIN_ID)
    harness.sandbox.restrict_bot(SUPERGROUP, can_send_messages=False, by_user=ADMIN_ID)
    harness.sandbox.take_updates()  # lost
    await harness.pushes.scan_all()
    for day in ("02", "03"):
        at(clock, f"2026-03-{day}T09:00:10+08:00")
        await harness.pushes.scan_all()
        await harness.pushes.dispatcher.run_once()
    [told] = harness.sandbox.sent(ADMIN_ID)
    text = told.plain_text
    assert "推送 daily-note 没能发到群“一支部学习群”" in text and str(SUPERGROUP) in text, text
    assert "发送消息" in text

    harness.sandbox.set_bot_status(SUPERGROUP, "member", by_user=ADMIN_ID)
    harness.sandbox.take_updates()  # lost as well
    at(clock, "2026-03-04T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert await last_delivery(harness) == (SUPERGROUP, "sent")
    harness.sandbox.restrict_bot(SUPERGROUP, can_send_messages=False, by_user=ADMIN_ID)
    harness.sandbox.take_updates()
    at(clock, "2026-03-05T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert len(harness.sandbox.sent(ADMIN_ID)) == 2  # muted anew: told anew


async def test_a_group_whose_members_may_not_post_gets_its_pushes_when_they_may_again(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """A basic group's admins switch off "send messages" for all members: Telegram tells the
    bot nothing, neither then nor when they switch it on again. The refused push tells the
    admins; the chat is tried at every push and takes the next one once members may post."""
    at(clock, "2026-03-02T08:00:00+08:00")
    harness = await make_push_harness({**DAILY, "audience": {"chats": [-5001]}}, flood=None)
    harness.sandbox.group_chat(-5001, "一支部学习群", members={ADMIN_ID: "creator"})
    await harness.say(ADMIN_ID, "/newgroup 第一小组")
    await harness.say(ADMIN_ID, "/linkgroup 第一小组", chat_id=-5001)
    harness.sandbox.set_members_may_send(-5001, False)
    assert harness.sandbox.take_updates() == []
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert await last_delivery(harness) == (-5001, "muted")
    told = harness.sandbox.sent(ADMIN_ID)[-1].plain_text
    assert "推送 daily-note 没能发到群“一支部学习群”" in told and "第一小组" in told, told
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "（机器人在该群被禁言，推送发不出去）" in listing.plain_text

    harness.sandbox.set_members_may_send(-5001, True)
    at(clock, "2026-03-03T09:00:10+08:00")
    [fired] = await harness.pushes.scan_all()
    assert fired.recipients == 1
    await harness.pushes.dispatcher.run_once()
    assert await last_delivery(harness) == (-5001, "sent")
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "禁言" not in listing.plain_text


async def test_newpush_confirmed_after_its_one_off_time_asks_for_the_time_again(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """The time was still ahead when typed, but the organiser confirmed after it: the push
    used to be created ("已创建推送计划") and then never sent."""
    at(clock, "2026-03-02T08:58:00+08:00")
    harness = await make_push_harness(flood=None)
    await harness.members(range(1, 3))
    await harness.say(ADMIN_ID, "/newpush")
    [audience] = await harness.say(ADMIN_ID, "党章学习日提醒")
    await harness.press(ADMIN_ID, audience, "全体成员")
    _, confirm = await harness.say(ADMIN_ID, "2026-03-02 09:00")
    at(clock, "2026-03-02T09:03:00+08:00")

    passed, ask_time = await harness.press(ADMIN_ID, confirm, "✅ 确认")

    assert "2026-03-02 09:00" in (passed.text or "") and "已经过去" in (passed.text or "")
    assert "已创建推送计划" not in (passed.text or "")
    _, confirm = await harness.press(ADMIN_ID, ask_time, "立即发送")
    [queued] = await harness.press(ADMIN_ID, confirm, "✅ 确认")
    assert "共 3 位接收人" in (queued.text or "")  # members 1 and 2, and the admin
    await harness.pushes.dispatcher.run_once()
    assert "党章学习日提醒" in (harness.sandbox.sent(1)[-1].text or "")


async def test_a_series_moved_to_a_later_hour_after_this_months_push_does_not_send_it_twice(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    """The organiser moves the monthly materials from 09:00 to 10:00 on the 1st, after the
    09:00 push went out, and sends /reload: the 10:00 fire is March's place in the series
    again. Members used to get March's material a second time."""
    series: dict[str, Any] = {
        "id": "materials",
        "title": "每月学习材料",
        "trigger": "每月1日 09:00",
        "active": {"from": "2027-01-01", "until": "2027-12-31"},
        "audience": "all",
        "content": {
            "series": {
                "items": [
                    {"title": f"{month}月", "text": f"{month}月的材料"} for month in range(1, 13)
                ]
            }
        },
    }
    at(clock, "2027-03-01T08:00:00+08:00")
    harness = await make_push_harness(series, flood=None)
    await harness.members(range(1, 3))
    await harness.pushes.scan_all()
    at(clock, "2027-03-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert "3月的材料" in (harness.sandbox.sent(1)[-1].text or "")

    at(clock, "2027-03-01T09:30:00+08:00")
    write_schedules(tmp_path / "schedules", {**series, "trigger": "每月1日 10:00"})
    await harness.say(ADMIN_ID, "/reload")
    at(clock, "2027-03-01T10:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert [m.text for m in harness.sandbox.sent(1) if "3月的材料" in (m.text or "")] == [
        harness.sandbox.sent(1)[-1].text
    ]
    [overview] = await harness.say(ADMIN_ID, "/schedules")
    assert "本期已推送过" in (overview.text or "")

    at(clock, "2027-04-01T10:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    assert "4月的材料" in (harness.sandbox.sent(1)[-1].text or "")
