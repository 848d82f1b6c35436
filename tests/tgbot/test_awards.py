"""/award and /unaward: points given by hand, through the real Application."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.services.ledger import rebuild_totals
from bot.storage.models import ScoreEvent
from tests.harness import ADMIN_ID, BotHarness
from tests.tgbot.test_rankings import create_group

ZHANG, LI = 5123456789, 5123456790


async def _two_members_in_a_group(harness: BotHarness) -> None:
    harness.clock.now = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    code = await create_group(harness, "第一小组")
    await harness.say(ZHANG, f"/join {code}", name="张三")
    await harness.say(LI, f"/join {code}", name="李四")
    harness.sandbox.user(LI, "李四", username="lisi")
    await harness.say(LI, "/start")  # the bot learns the username from an update


async def test_an_organiser_awards_points_that_rank_and_the_member_is_told(
    harness: BotHarness,
) -> None:
    await _two_members_in_a_group(harness)
    [given] = await harness.say(ADMIN_ID, f"/award {ZHANG} @lisi 5 参加集中学习")
    lines = (given.plain_text or "").splitlines()
    assert lines[0].endswith("已给 张三 加 5 分：参加集中学习")
    assert lines[1].endswith("已给 李四 加 5 分：参加集中学习")
    assert "/unaward" in lines[2]
    [told] = harness.sandbox.sent(ZHANG)[-1:]
    assert "🎖 你获得 5 分：参加集中学习" in (told.text or "")
    [top] = await harness.say(ADMIN_ID, "/top 本周")
    assert "1. 张三（第一小组） — 5 分" in (top.text or "")
    [groups] = await harness.say(ADMIN_ID, "/groups 本周")
    assert "参与 2/2" in (groups.text or "")


async def test_a_replayed_award_scores_once(harness: BotHarness) -> None:
    await _two_members_in_a_group(harness)
    harness.sandbox.send_message(ADMIN_ID, f"/award {ZHANG} 3 心得体会")
    [update] = harness.sandbox.take_updates()
    from telegram import Update

    app = harness.app
    for _ in range(2):  # Telegram may deliver an update twice
        await app.process_update(Update.de_json(update, app.bot))
    async with harness.services.unit() as unit:
        total = await unit.session.scalar(
            select(func.sum(ScoreEvent.points)).where(ScoreEvent.member_id == ZHANG)
        )
    assert total == 3
    replies = [m.plain_text or "" for m in harness.sandbox.sent(ADMIN_ID)[-2:]]
    assert "已经记过，没有重复加分" in replies[1]


async def test_unaward_takes_the_points_back_from_every_period(harness: BotHarness) -> None:
    await _two_members_in_a_group(harness)
    [given] = await harness.say(ADMIN_ID, f"/award {ZHANG} 50 错写的分数")
    award_id = (given.plain_text or "").split()[0]  # "#1"
    harness.clock.advance(days=30)  # taken back next month: it leaves the month it was in
    [revoked] = await harness.say(ADMIN_ID, f"/unaward {award_id}")
    assert "已撤销" in (revoked.plain_text or "") and "50 分" in (revoked.plain_text or "")
    assert "你的一笔加分已撤销：50 分" in (harness.sandbox.sent(ZHANG)[-1].text or "")
    [top] = await harness.say(ADMIN_ID, "/top 2026-03")
    assert "张三" not in (top.text or "")
    [groups] = await harness.say(ADMIN_ID, "/groups 2026-03")
    assert "参与 0/2" in (groups.plain_text or "")
    [again] = await harness.say(ADMIN_ID, f"/unaward {award_id}")
    assert "已经撤销过了" in (again.plain_text or "")
    # Totals rebuilt from the ledger agree with the ones kept along the way.
    async with harness.services.unit() as unit:
        await rebuild_totals(unit.session, harness.services.config.zone, harness.clock())
    assert [m.text for m in await harness.say(ADMIN_ID, "/top 2026-03")] == [top.text]
    assert [m.text for m in await harness.say(ADMIN_ID, "/groups 2026-03")] == [groups.text]


async def test_award_mistakes_are_explained(harness: BotHarness) -> None:
    await _two_members_in_a_group(harness)
    [no_reason] = await harness.say(ADMIN_ID, f"/award {ZHANG} 5")
    assert "请写上加分理由" in (no_reason.plain_text or "")
    [usage] = await harness.say(ADMIN_ID, "/award 五分")
    assert "用法：/award" in (usage.plain_text or "")
    [too_many] = await harness.say(ADMIN_ID, f"/award {ZHANG} 500 学习")
    assert "1 到 100 分" in (too_many.plain_text or "")
    [unknown] = await harness.say(ADMIN_ID, f"/award {ZHANG} @nobody 5 学习")
    assert "找不到成员 @nobody" in (unknown.plain_text or "")
    async with harness.services.unit() as unit:  # one unknown name: nobody got anything
        assert not await unit.session.scalar(select(func.count()).select_from(ScoreEvent))
    [refusal] = await harness.say(LI, f"/award {LI} 5 自己给自己")
    assert "需要组织员权限" in (refusal.plain_text or "")
    [own] = await harness.say(ADMIN_ID, f"/award {ZHANG} {ADMIN_ID} 5 一起参加")
    assert "不能给自己加分" in (own.plain_text or "")
    [missing] = await harness.say(ADMIN_ID, "/unaward 999")
    assert "没有编号为 #999" in (missing.plain_text or "")


async def test_the_export_lists_the_periods_manual_awards(harness: BotHarness) -> None:
    import io

    from openpyxl import load_workbook

    await _two_members_in_a_group(harness)
    await harness.say(ADMIN_ID, f"/award {ZHANG} 5 参加集中学习", name="王书记")
    [given] = await harness.say(ADMIN_ID, "/award @lisi 2 写错了")
    await harness.say(ADMIN_ID, f"/unaward {(given.plain_text or '').split()[0]}")
    sent = await harness.say(ADMIN_ID, "/export 本月")
    [workbook_file] = [m for m in sent if m.kind == "document" and m.file_name.endswith(".xlsx")]
    sheet = load_workbook(io.BytesIO(workbook_file.file_content or b""))["人工加分"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["编号", "加分时间", "用户ID", "姓名", "分数", "理由", "加分人", "撤销时间"]
    assert rows[1] == [
        "#1",
        "2026-03-04 10:00",
        str(ZHANG),
        "张三",
        5,
        "参加集中学习",
        "王书记",
        None,
    ]
    assert rows[2][3:7] == ["李四", 2, "写错了", "王书记"] and rows[2][7] == "2026-03-04 10:00"


async def test_an_id_too_long_for_the_database_is_an_unknown_name(harness: BotHarness) -> None:
    await _two_members_in_a_group(harness)
    huge = "9" * 20  # beyond a 64-bit integer: the database would refuse the query
    [award] = await harness.say(ADMIN_ID, f"/award {huge} 5 学习")
    assert f"找不到成员 {huge}" in (award.plain_text or "")
    [unaward] = await harness.say(ADMIN_ID, f"/unaward {huge}")
    assert f"没有编号为 #{huge}" in (unaward.plain_text or "")
    [move] = await harness.say(ADMIN_ID, f"/move -{huge} 第一小组")
    assert f"找不到成员 -{huge}" in (move.plain_text or "")
    [top] = await harness.say(ADMIN_ID, f"/top #{huge}")
    assert f"“#{huge}”既不是可识别的时间段，也不是学习小组的名称" in (top.plain_text or "")


async def test_a_member_taken_out_of_the_programme_gets_no_award(harness: BotHarness) -> None:
    await _two_members_in_a_group(harness)
    await harness.say(ADMIN_ID, f"/removemember {ZHANG}")
    [refused] = await harness.say(ADMIN_ID, f"/award @lisi {ZHANG} 5 参加集中学习")
    assert f"张三（{ZHANG}）已移出学习计划" in (refused.plain_text or "")
    async with harness.services.unit() as unit:  # one such name: nobody got anything
        assert not await unit.session.scalar(select(func.count()).select_from(ScoreEvent))
    assert not any("你获得" in (m.text or "") for m in harness.sandbox.sent(LI))


async def test_an_unaward_gives_back_the_time_the_remaining_total_was_reached(
    harness: BotHarness,
) -> None:
    """/standouts lists equal points by who reached them first and shows when. An award taken
    back is as if never given: the member reached what is left when they got it, not when the
    cancelled award came."""
    await _two_members_in_a_group(harness)
    harness.clock.now = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    await harness.say(ADMIN_ID, f"/award {ZHANG} 5 参加集中学习")
    harness.clock.now = datetime(2026, 12, 15, 2, 0, tzinfo=UTC)
    await harness.say(ADMIN_ID, f"/award {LI} 5 参加集中学习")
    harness.clock.now = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    [given] = await harness.say(ADMIN_ID, f"/award {ZHANG} 3 写错了")
    harness.clock.now = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
    await harness.say(ADMIN_ID, f"/unaward {(given.plain_text or '').split()[0]}")
    expected = [
        "1. 张三（第一小组）：5 分 · 正确率 -（0/0）· 2026-12-10 10:00 达到",
        "2. 李四（第一小组）：5 分 · 正确率 -（0/0）· 2026-12-15 10:00 达到",
    ]
    # A bucket (the month, the year) and a range of days summed from day buckets.
    for period in ("本月", "2026年", "2026-12-02..2026-12-30"):
        [standouts] = await harness.say(ADMIN_ID, f"/standouts {period}")
        assert standouts.plain_text.splitlines()[2:] == expected, period
        [top] = await harness.say(ADMIN_ID, f"/top {period}")
        assert top.plain_text.splitlines()[1:] == [
            "1. 张三（第一小组） — 5 分",
            "1. 李四（第一小组） — 5 分",
        ], period
    # Totals rebuilt from the ledger say the same.
    async with harness.services.unit() as unit:
        await rebuild_totals(unit.session, harness.services.config.zone, harness.clock())
    [standouts] = await harness.say(ADMIN_ID, "/standouts 本月")
    assert standouts.plain_text.splitlines()[2:] == expected
    # An award after the take-back counts from its own time again.
    harness.clock.now = datetime(2026, 12, 22, 2, 0, tzinfo=UTC)
    await harness.say(ADMIN_ID, f"/award {ZHANG} 1 心得体会")
    [standouts] = await harness.say(ADMIN_ID, "/standouts 本月")
    assert "1. 张三（第一小组）：6 分 · 正确率 -（0/0）· 2026-12-22 10:00 达到" in (
        standouts.plain_text
    )


async def test_a_member_named_by_name_gets_their_user_id_not_the_usage(
    harness: BotHarness,
) -> None:
    """/award 张三 5 参加学习, with the name an organiser knows: the reply gives 张三's user id
    to write instead, as /grant 张三 does; nobody gets points."""
    await _two_members_in_a_group(harness)
    [reply] = await harness.say(ADMIN_ID, "/award 张三 5 参加集中学习")
    assert str(ZHANG) in (reply.plain_text or "") and "用户ID" in (reply.plain_text or "")
    [usage] = await harness.say(ADMIN_ID, "/award 5分 参加集中学习")
    assert "用法" in (usage.plain_text or "")
