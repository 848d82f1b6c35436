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
