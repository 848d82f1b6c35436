"""A quiz started before midnight and finished after it counts for the day it was started:
its points and, with them, its answers (the accuracy of /standouts and /export)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tests.harness import ADMIN_ID
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import answer, question_message, single_bank

MEMBER = 3101


async def test_a_daily_quiz_finished_after_midnight_counts_its_answers_with_its_points(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(20))
    # Sunday 2026-12-27, 23:59 in Shanghai: the last minute of a week.
    harness.clock.now = datetime(2026, 12, 27, 15, 59, tzinfo=UTC)
    sent = await harness.say(MEMBER, "/quiz", name="张三")
    for _ in range(5):  # 23:59:20, 23:59:40, then three on Monday
        harness.clock.advance(seconds=20)
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "获得积分：5" in (sent[-1].text or "")
    # The five points are last week's; so are the five answers that earned them.
    [standouts] = await harness.say(ADMIN_ID, "/standouts 上周")
    assert "1. 张三（未加入小组）：5 分 · 正确率 100%（5/5）" in standouts.plain_text
    sent = await harness.say(ADMIN_ID, "/export 上周")
    [workbook] = [m for m in sent if (m.file_name or "").endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(workbook.file_content or b""))["成员"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    [mine] = [dict(zip(header, row, strict=True)) for row in rows if row[1] == MEMBER]
    assert (mine["总积分"], mine["答题次数"], mine["答题数"], mine["答对数"]) == (5, 1, 5, 5)
    # This week has neither the points nor the answers.
    sent = await harness.say(ADMIN_ID, "/export 本周")
    [workbook] = [m for m in sent if (m.file_name or "").endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(workbook.file_content or b""))["成员"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    [mine] = [dict(zip(header, row, strict=True)) for row in rows if row[1] == MEMBER]
    assert (mine["总积分"], mine["答题次数"], mine["答题数"]) == (0, 0, 0)


async def test_quiz_sent_again_just_after_midnight_goes_on_with_the_quiz_on_the_clock(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(20))
    # Sunday 2026-12-27, 23:59:30 in Shanghai.
    harness.clock.now = datetime(2026, 12, 27, 15, 59, 30, tzinfo=UTC)
    sent = await harness.say(MEMBER, "/quiz", name="张三")
    for _ in range(2):
        harness.clock.advance(seconds=10)
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    on_screen = question_message(sent)
    assert "第 3/5 题" in on_screen.plain_text
    # 00:00:05 on Monday: the member sends /quiz to see the question again; it still has
    # 15 of its 30 seconds. The quiz goes on, for Sunday, not thrown away for a new one.
    harness.clock.advance(seconds=15)
    sent = await harness.say(MEMBER, "/quiz")
    again = question_message(sent)
    assert "你有一次答题还没完成" in sent[0].plain_text
    assert "第 3/5 题" in again.plain_text and "还剩 15 秒" in again.plain_text
    assert not harness.sandbox_message(on_screen).keyboard
    for _ in range(3):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "答对 5 / 5 题" in sent[-1].plain_text and "获得积分：5" in sent[-1].plain_text
    [rank] = await harness.say(MEMBER, "/rank 上周")
    assert "你在2026-12-21 至 2026-12-27 这一周：5 分" in rank.plain_text
    # Monday's own daily quiz comes next, and scores.
    sent = await harness.say(MEMBER, "/quiz")
    assert "第 1/5 题" in question_message(sent).plain_text
    assert not any("练习" in m.plain_text for m in sent)
    for _ in range(5):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "获得积分：5" in sent[-1].plain_text
    [me] = await harness.say(MEMBER, "/me")
    assert "本周（2026-12-28 至 2027-01-03）：5 分" in me.plain_text
    assert "每日答题连续：2 天" in me.plain_text


async def test_challenge_just_after_midnight_keeps_the_daily_quiz_on_the_clock(
    make_harness: HarnessFactory,
) -> None:
    """/challenge at 00:00:05 would silently end the daily quiz begun at 23:59 while its
    question still runs: the rest of Sunday's points would be lost without a word."""
    harness = await make_harness(single_bank(20))
    harness.clock.now = datetime(2026, 12, 27, 15, 59, 50, tzinfo=UTC)  # 23:59:50 Sunday
    sent = await harness.say(MEMBER, "/quiz", name="张三")
    harness.clock.advance(seconds=15)  # 00:00:05 Monday; 15 of its 30 seconds left
    [refusal] = await harness.say(MEMBER, "/challenge")
    assert "午夜前开始的每日答题还没有答完（已答 0/5 题）" in refusal.plain_text
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "第 2/5 题" in question_message(sent).plain_text  # the quiz went on
