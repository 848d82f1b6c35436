"""The year-end 学习标兵 selection as an organiser does it on New Year's Day: December's and
2026's figures, asked for the way organisers write periods, checked against a hand count."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tests.harness import ADMIN_ID, BotHarness
from tests.tgbot.test_rankings import create_group

ZHANG, LI, WANG = 1, 2, 3


async def _december(harness: BotHarness) -> None:
    """张三 5 and 李四 3 in December (the last second of 2026 for 李四), 王五 4 in November
    and 1 on New Year's Day."""
    harness.clock.now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    code = await create_group(harness, "一组")
    for member, name in ((ZHANG, "张三"), (LI, "李四"), (WANG, "王五")):
        await harness.say(member, f"/join {code}", name=name)
    await harness.say(ADMIN_ID, f"/award {WANG} 4 参加集中学习")
    harness.clock.now = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    await harness.say(ADMIN_ID, f"/award {ZHANG} 5 参加集中学习")
    harness.clock.now = datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC)  # 23:59:59 local
    await harness.say(ADMIN_ID, f"/award {LI} 3 撰写心得体会")
    harness.clock.now = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)  # 08:00 local
    await harness.say(ADMIN_ID, f"/award {WANG} 1 志愿服务")


async def test_december_and_2026_are_asked_for_as_organisers_write_them(
    harness: BotHarness,
) -> None:
    await _december(harness)
    december = ["1. 张三（一组） — 5 分", "2. 李四（一组） — 3 分"]
    for text in ("上月", "2026年12月份", "上一个月", "十二月份"):
        [top] = await harness.say(ADMIN_ID, f"/top {text}")
        lines = top.plain_text.splitlines()
        assert "2026年12月" in lines[0] and lines[1:] == december, text
    for text in ("去年", "2026年度", "上年度", "2026年全年"):
        [standouts] = await harness.say(ADMIN_ID, f"/standouts {text}")
        lines = standouts.plain_text.splitlines()
        assert "学习标兵候选 · 2026年" in lines[0], text
        assert lines[2:] == [
            "1. 张三（一组）：5 分 · 正确率 -（0/0）· 2026-12-10 10:00 达到",
            "2. 王五（一组）：4 分 · 正确率 -（0/0）· 2026-11-20 10:00 达到",
            "3. 李四（一组）：3 分 · 正确率 -（0/0）· 2026-12-31 23:59 达到",
        ], text


async def test_the_fourth_quarter_is_asked_for_as_organisers_write_it(
    harness: BotHarness,
) -> None:
    await _december(harness)
    for text in ("第四季度", "2026年第四季度", "2026年Q4", "上季度"):
        [groups] = await harness.say(ADMIN_ID, f"/groups {text}")
        lines = groups.plain_text.splitlines()
        assert "学习小组排名 · 2026年第4季度" in lines[0], text
        # 4 + 5 + 3 points among 3 members, all of whom scored.
        assert lines[2] == "1. 一组 — 综合 4.00 · 人均 4.0 分 · 参与 3/3（100%）· 共 12 分", text


async def test_the_week_across_new_year_is_asked_for_by_its_iso_week(
    harness: BotHarness,
) -> None:
    """/export names the file of the week 2026-12-28..2027-01-03 studybot-2026-W53: the same
    name, or 第53周, asks for that week."""
    await _december(harness)
    harness.clock.now = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)  # Monday 09:00 local
    sent = await harness.say(ADMIN_ID, "/export 上周")
    assert [m.file_name for m in sent if m.kind == "document"] == [
        "studybot-2026-W53.xlsx",
        "studybot-2026-W53.csv",
    ]
    for text in ("上周", "2026-W53", "第53周", "2026年第53周"):
        [top] = await harness.say(ADMIN_ID, f"/top {text}")
        assert top.plain_text.splitlines() == [
            "🏆 积分排行 · 2026-12-28 至 2027-01-03 这一周 · 全体成员",
            "1. 李四（一组） — 3 分",
            "2. 王五（一组） — 1 分",
        ], text
    [refused] = await harness.say(ADMIN_ID, "/top 2027-W53")
    assert "“2027-W53”不是有效的日期" in refused.plain_text


async def test_the_second_half_of_the_year_is_asked_for_as_organisers_write_it(
    harness: BotHarness,
) -> None:
    await _december(harness)
    for text in ("下半年", "2026年下半年", "去年下半年"):
        [standouts] = await harness.say(ADMIN_ID, f"/standouts {text}")
        lines = standouts.plain_text.splitlines()
        assert "学习标兵候选 · 2026-07-01 至 2026-12-31" in lines[0], text
        assert [line.split(" · ")[0] for line in lines[2:]] == [
            "1. 张三（一组）：5 分",
            "2. 王五（一组）：4 分",
            "3. 李四（一组）：3 分",
        ], text


async def test_the_export_ranks_whom_top_ranks_and_no_one_without_points(
    harness: BotHarness,
) -> None:
    """/rank says 暂无名次 to a member with no points in the period and /top leaves them out;
    the workbook gave every one of them a shared last place (王五, nothing in December, was
    3rd in the export of a month /top ranks two members in)."""
    await _december(harness)
    [top] = await harness.say(ADMIN_ID, "/top 上月")
    assert top.plain_text.splitlines()[1:] == ["1. 张三（一组） — 5 分", "2. 李四（一组） — 3 分"]
    [rank] = await harness.say(WANG, "/rank 上月")
    assert "你在2026年12月：还没有积分，暂无名次" in rank.plain_text
    sent = await harness.say(ADMIN_ID, "/export 上月")
    [workbook] = [m for m in sent if (m.file_name or "").endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(workbook.file_content or b""))["成员"]
    _, *rows = list(sheet.iter_rows(values_only=True))
    ranked = [(row[0], row[2], row[6]) for row in rows]
    assert ranked[:2] == [(1, "张三", 5), (2, "李四", 3)]
    assert [(rank, points) for rank, _, points in ranked[2:]] == [(None, 0), (None, 0)]
    [csv_file] = [m for m in sent if (m.file_name or "").endswith(".csv")]
    lines = (csv_file.file_content or b"").decode("utf-8-sig").splitlines()
    assert lines[3].startswith(",") and lines[1].startswith("1,")


async def test_a_member_whose_points_were_all_taken_back_takes_no_part_in_a_range(
    harness: BotHarness,
) -> None:
    """李四's only December award is taken back: December has one member of three taking
    part, whether asked for as the month or as a range of its days."""
    await _december(harness)
    [revoked] = await harness.say(ADMIN_ID, "/unaward 3")
    assert "已撤销 #3：李四 的 3 分" in revoked.plain_text
    # December: 5 points among 3 members, 1.67 each; 1 of 3 took part; 1.67 x 1/3 = 0.56.
    december = "1. 一组 — 综合 0.56 · 人均 1.7 分 · 参与 1/3（33%）· 共 5 分"
    # With 王五's 4 in November: 9 points, 3 each; 2 of 3 took part; 3 x 2/3 = 2.
    second_half = "1. 一组 — 综合 2.00 · 人均 3.0 分 · 参与 2/3（67%）· 共 9 分"
    for text, line in (
        ("上月", december),
        ("2026-12-02..2026-12-31", december),
        ("2026-11", "1. 一组 — 综合 0.44 · 人均 1.3 分 · 参与 1/3（33%）· 共 4 分"),
        ("下半年", second_half),
    ):
        [groups] = await harness.say(ADMIN_ID, f"/groups {text}")
        assert groups.plain_text.splitlines()[2] == line, text


async def test_days_without_their_year_are_asked_for_as_organisers_write_them(
    harness: BotHarness,
) -> None:
    await _december(harness)
    [day] = await harness.say(ADMIN_ID, "/top 12月31日")
    assert day.plain_text.splitlines() == [
        "🏆 积分排行 · 2026-12-31 · 全体成员",
        "1. 李四（一组） — 3 分",
    ]
    [new_year] = await harness.say(ADMIN_ID, "/standouts 12月28日 至 1月3日")
    lines = new_year.plain_text.splitlines()
    assert "学习标兵候选 · 2026-12-28 至 2027-01-03" in lines[0]
    assert [line.split(" · ")[0] for line in lines[2:]] == [
        "1. 李四（一组）：3 分",
        "2. 王五（一组）：1 分",
    ]
    [dashed] = await harness.say(ADMIN_ID, "/standouts 2026-12-28 - 2027-01-03")
    assert dashed.plain_text.splitlines()[2:] == lines[2:]
    [so_far] = await harness.say(ADMIN_ID, "/top 2026-12-01至今")
    assert "2026-12-01 至 2027-01-01" in so_far.plain_text.splitlines()[0]
    assert so_far.plain_text.splitlines()[1:] == [
        "1. 张三（一组） — 5 分",
        "2. 李四（一组） — 3 分",
        "3. 王五（一组） — 1 分",
    ]
