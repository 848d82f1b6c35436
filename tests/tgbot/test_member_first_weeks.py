"""A member's first weeks, told as a story on a frozen clock: two study groups, daily quizzes
across a week boundary (Sunday to Monday), a month end and a year end in Asia/Shanghai; a
challenge; a member who changes group mid-month; English; a member who blocks the bot and
comes back. At each step, what the members and the organiser see must agree."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.messages import SentMessage
from tests.harness import ADMIN_ID, BotHarness
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import answer, question_message, single_bank

ZHANG, LI, WANG = 4001, 4002, 4003
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Shanghai wall-clock time, as the UTC the clock holds."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


async def create_group(harness: BotHarness, name: str) -> str:
    [created] = await harness.say(ADMIN_ID, f"/newgroup {name}")
    match = re.search(r"<code>([A-Z0-9]+)</code>", created.text or "")
    assert match, created.text
    return match.group(1)


async def daily_quiz(harness: BotHarness, member: int, right: int = 5) -> SentMessage:
    """The daily quiz of five questions, `right` of them answered correctly; the summary."""
    sent = await harness.say(member, "/quiz")
    for number in range(5):
        sent = await answer(harness, member, question_message(sent), correctly=number < right)
    return sent[-1]


async def me(harness: BotHarness, member: int) -> str:
    [reply] = await harness.say(member, "/me")
    return reply.plain_text


async def test_a_members_first_weeks(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(40))
    clock = harness.clock
    clock.now = datetime(2026, 12, 24, 2, 0, tzinfo=UTC)  # Thursday 10:00 in Shanghai
    await harness.say(ADMIN_ID, "/start", name="组织员")
    first, second = await create_group(harness, "一组"), await create_group(harness, "二组")
    await harness.say(ZHANG, f"/join {first}", name="张三")
    await harness.say(LI, f"/join {first}", name="李四")
    await harness.say(WANG, f"/join {second}", name="王五")

    # Thursday: the daily quiz scores once; a second run is practice.
    assert "获得积分：5" in (await daily_quiz(harness, ZHANG)).plain_text
    again = await daily_quiz(harness, ZHANG)
    assert "本次为练习，不计积分" in again.plain_text
    assert "本周（2026-12-21 至 2026-12-27）：5 分" in await me(harness, ZHANG)

    # Friday to Monday, across the week boundary: the streak goes on, the week starts over.
    for day in (25, 26, 27, 28):
        clock.now = shanghai(2026, 12, day, 9)
        assert "获得积分：4" in (await daily_quiz(harness, ZHANG, right=4)).plain_text
    report = await me(harness, ZHANG)
    assert "本周（2026-12-28 至 2027-01-03）：4 分" in report
    assert "本月（2026年12月）：21 分" in report
    assert "每日答题连续：5 天" in report
    assert "答题正确率：84%（计分答题 25 题，答对 21 题）" in report

    # Tuesday goes by without a quiz: on Wednesday morning the streak is broken.
    clock.now = shanghai(2026, 12, 29, 20)
    assert "每日答题连续：5 天" in await me(harness, ZHANG)  # today's is still to come
    clock.now = shanghai(2026, 12, 30, 9)
    assert "每日答题连续：0 天" in await me(harness, ZHANG)
    await daily_quiz(harness, ZHANG)
    assert "每日答题连续：1 天" in await me(harness, ZHANG)

    # Li's challenge: seven in a row, three points, the best streak kept.
    sent = await harness.say(LI, "/challenge")
    for _ in range(7):
        sent = await answer(harness, LI, question_message(sent), correctly=True)
    sent = await answer(harness, LI, question_message(sent), correctly=False)
    assert "连续答对 7 题，最好成绩 7 题" in sent[-1].plain_text
    assert "获得积分：3" in sent[-1].plain_text
    assert "挑战答题最佳连对：7 题" in await me(harness, LI)

    # New Year's Eve, 23:59: Wang's quiz ends after midnight and counts for 2026.
    clock.now = shanghai(2026, 12, 31, 23, 59)
    sent = await harness.say(WANG, "/quiz")
    for _ in range(5):
        clock.advance(seconds=20)
        sent = await answer(harness, WANG, question_message(sent), correctly=True)
    assert "获得积分：5" in sent[-1].plain_text
    report = await me(harness, WANG)
    assert "本周（2026-12-28 至 2027-01-03）：5 分" in report
    assert "本月（2027年1月）：0 分" in report and "今年（2027年）：0 分" in report
    assert "每日答题连续：1 天" in report
    [rank] = await harness.say(WANG, "/rank 去年")
    assert "2026年 · 二组" in rank.plain_text and "1. 王五 — 5 分" in rank.plain_text
    # The organiser's boards say the same for 2026.
    [top] = await harness.say(ADMIN_ID, "/top 2026")
    assert top.plain_text.splitlines()[1:] == [
        "1. 张三（一组） — 26 分",
        "2. 王五（二组） — 5 分",
        "3. 李四（一组） — 3 分",
    ]
    [groups] = await harness.say(ADMIN_ID, "/groups 2026")
    assert "1. 一组 — 综合 14.50 · 人均 14.5 分 · 参与 2/2（100%）· 共 29 分" in (
        groups.plain_text
    )
    assert "2. 二组 — 综合 5.00 · 人均 5.0 分 · 参与 1/1（100%）· 共 5 分" in groups.plain_text
    # And Wang's first quiz of 2027 scores on its own.
    await daily_quiz(harness, WANG)
    assert "今年（2027年）：5 分" in await me(harness, WANG)
    assert "每日答题连续：2 天" in await me(harness, WANG)

    # Mid-January Zhang moves from 一组 to 二组: this month's points go with them.
    clock.now = shanghai(2027, 1, 15, 9)
    await daily_quiz(harness, ZHANG, right=3)
    [left] = await harness.say(ZHANG, "/leave")
    assert "你已退出学习小组“一组”" in left.plain_text
    [joined] = await harness.say(ZHANG, f"/join {second}")
    assert "欢迎加入学习小组“二组”" in joined.plain_text
    [rank] = await harness.say(ZHANG, "/rank")
    assert "2027年1月" in rank.plain_text and "1. 王五 — 5 分\n2. 张三 — 3 分" in rank.plain_text
    assert "你在本月（2027年1月）：3 分，组内第 2 名（共 2 人），总第 2 名（共 4 人）" in (
        rank.plain_text
    )
    [groups] = await harness.say(ADMIN_ID, "/groups")
    assert "1. 二组 — 综合 4.00 · 人均 4.0 分 · 参与 2/2（100%）· 共 8 分" in groups.plain_text
    assert "2. 一组 — 综合 0.00 · 人均 0.0 分 · 参与 0/1（0%）· 共 0 分" in groups.plain_text

    # English from now on, everything.
    [switched] = await harness.say(ZHANG, "/lang en")
    assert "Switched to English" in switched.plain_text
    report = await me(harness, ZHANG)
    assert "\nThis month (2027-01): 3 points, 2 of 2 in the group, 2 of 4 overall" in report
    assert "Daily quiz streak: 1 day" in report
    assert not re.search(r"[分名题天组]", report.replace("二组", ""))
    sent = await harness.say(ZHANG, "/quiz")
    assert "this round is practice" in sent[0].plain_text
    [stopped] = await harness.say(ZHANG, "/stop")
    assert "Daily quiz finished" in stopped.plain_text and "no points" in stopped.plain_text

    # Li blocks the bot, misses days, and comes back: still a member, still ranked.
    harness.sandbox.block(LI)
    await harness.deliver()
    clock.now = shanghai(2027, 1, 20, 9)
    [back] = await harness.say(LI, "/start")
    assert "欢迎回来，李四" in back.plain_text
    report = await me(harness, LI)
    assert "👤 李四 · 一组" in report and "今年（2027年）：0 分" in report
    assert "获得积分：5" in (await daily_quiz(harness, LI)).plain_text
    assert "本月（2027年1月）：5 分，组内第 1 名（共 1 人），总第 1 名（共 4 人）" in (
        await me(harness, LI)
    )


async def test_a_daily_quiz_begun_and_left_unanswered_keeps_no_streak(
    make_harness: HarnessFactory,
) -> None:
    """/quiz then /stop with nothing answered (or every question left to time out) counted
    as a day of daily quiz: the streak could be kept without answering a question."""
    harness = await make_harness(single_bank(40))
    clock = harness.clock
    clock.now = shanghai(2026, 12, 24, 9)
    await daily_quiz(harness, ZHANG)
    clock.now = shanghai(2026, 12, 25, 9)
    await harness.say(ZHANG, "/quiz")
    await harness.say(ZHANG, "/stop")
    assert "每日答题连续：1 天" in await me(harness, ZHANG)  # Thursday's, still counting
    clock.now = shanghai(2026, 12, 26, 9)
    await harness.say(ZHANG, "/quiz")
    for _ in range(5):  # every question left to time out
        clock.now += timedelta(seconds=31)
        await harness.fire_due_jobs()
    assert "超时未作答" in harness.sandbox.sent(ZHANG)[-2].plain_text
    assert "每日答题连续：0 天" in await me(harness, ZHANG)
    clock.now = shanghai(2026, 12, 27, 9)
    await daily_quiz(harness, ZHANG, right=0)  # answered, all wrong: a day of study all the same
    assert "每日答题连续：1 天" in await me(harness, ZHANG)
