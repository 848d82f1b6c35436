"""Study groups and rankings through the real Application and the in-process sandbox."""

from __future__ import annotations

import asyncio
import io
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import NoReturn
from zoneinfo import ZoneInfo

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select
from telegram import Update

import bot.services.exports as exports
import bot.tgbot.handlers.rankings as rankings_handlers
from bot.cli import main
from bot.services.ledger import Ledger
from bot.storage.models import Member, StudyGroup
from tests.harness import ADMIN_ID, BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT = -100777


def text_of(messages: list[object]) -> str:
    return "\n".join(getattr(m, "text", None) or "" for m in messages)


async def create_group(harness: BotHarness, name: str) -> str:
    [created] = await harness.say(ADMIN_ID, f"/newgroup {name}")
    match = re.search(r"<code>([A-Z0-9]+)</code>", created.text or "")
    assert match, created.text
    return match.group(1)


async def award(harness: BotHarness, member: int, points: int, reference: str) -> None:
    async with harness.services.unit() as unit:
        await Ledger(unit.session).award(member, "manual", reference, points, harness.clock())


async def test_admin_creates_a_group_and_members_join_with_its_code(harness: BotHarness) -> None:
    code = await create_group(harness, "机关第一青年理论学习小组")
    [joined] = await harness.say(1, f"/join {code.lower()}", name="张三")
    assert "欢迎加入学习小组“机关第一青年理论学习小组”" in (joined.text or "")
    [again] = await harness.say(1, f"/join {code}")
    assert "已经在学习小组" in (again.text or "")
    [bad] = await harness.say(2, "/join NOPE99")
    assert "加入码“NOPE99”不正确" in (bad.text or "") and "用法：/join" in (bad.text or "")
    [usage] = await harness.say(2, "/join")
    assert "用法：/join 加入码" in (usage.text or "")
    [left] = await harness.say(1, "/leave")
    assert "你已退出学习小组" in (left.text or "")
    [nothing] = await harness.say(1, "/leave")
    assert "没有加入任何学习小组" in (nothing.text or "")


async def test_arguments_after_a_full_width_space_or_a_new_line_count(
    harness: BotHarness,
) -> None:
    # A Chinese keyboard types the full-width space U+3000; a phone may put a new line.
    code = await create_group(harness, "一组")
    [joined] = await harness.say(1, f"/join\u3000{code}", name="张三")
    assert "欢迎加入学习小组“一组”" in (joined.text or "")
    [top] = await harness.say(ADMIN_ID, "/top\u3000本周")
    assert "本周" in (top.text or "") and "本月" not in (top.text or "")
    [moved] = await harness.say(ADMIN_ID, "/move\n1\u3000-")
    assert "张三" in (moved.text or "") and "用法" not in (moved.text or "")
    [renamed] = await harness.say(ADMIN_ID, "/renamegroup 一组\u3000二组")
    assert "改名为“二组”" in (renamed.text or "")


async def test_admin_renames_moves_removes_and_lists(harness: BotHarness) -> None:
    await create_group(harness, "一组")
    await create_group(harness, "二组")
    await harness.say(5, "/start", name="王五")
    [moved] = await harness.say(ADMIN_ID, "/move 5 一组")
    assert "已将 王五 调整到学习小组“一组”" in (moved.text or "")
    [renamed] = await harness.say(ADMIN_ID, '/renamegroup 一组 "第一 小组"')
    assert "改名为“第一 小组”" in (renamed.text or "")
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert "第一 小组" in (listing.text or "") and "1 人" in (listing.text or "")
    [taken] = await harness.say(ADMIN_ID, "/newgroup 二组")
    assert "已经有名为“二组”" in (taken.text or "") and "用法：/newgroup" in (taken.text or "")
    [ambiguous] = await harness.say(ADMIN_ID, "/newgroup 本月")
    assert "会与时间段" in (ambiguous.text or "")
    # A name /top would read as a (mistyped) date could only be reached by code or #id.
    [invalid_date] = await harness.say(ADMIN_ID, "/newgroup 2020-13")
    assert "会与时间段" in (invalid_date.text or "")
    [renamed_to_date] = await harness.say(ADMIN_ID, "/renamegroup 二组 2020-02-30")
    assert "会与时间段" in (renamed_to_date.text or "")
    [removed] = await harness.say(ADMIN_ID, "/delgroup 第一 小组")
    assert "原有 1 名成员改为未分组" in (removed.text or "")
    [unknown] = await harness.say(ADMIN_ID, "/delgroup 不存在")
    assert "找不到学习小组“不存在”" in (unknown.text or "") and "/grouplist" in (
        unknown.text or ""
    )
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, 5)
        assert member is not None and member.study_group_id is None


async def test_a_member_an_admin_moves_is_told_in_their_language(harness: BotHarness) -> None:
    await create_group(harness, "一组")
    await harness.say(5, "/start", name="王五")
    await harness.say(6, "/start", name="Li")
    await harness.say(6, "/lang en")
    before = {member: len(harness.sandbox.sent(member)) for member in (5, 6)}
    await harness.say(ADMIN_ID, "/move 5 一组")
    await harness.say(ADMIN_ID, "/move 6 一组")
    [told] = harness.sandbox.sent(5)[before[5] :]
    assert told.plain_text == "管理员已将你调整到学习小组“一组”。发送 /rank 查看组内排名。"
    [told_en] = harness.sandbox.sent(6)[before[6] :]
    assert "An admin moved you to the study group “一组”" in told_en.plain_text
    await harness.say(ADMIN_ID, "/move 5 -")
    assert "管理员已将你移出学习小组“一组”" in (harness.sandbox.last(5).plain_text or "")  # type: ignore[union-attr]
    count = len(harness.sandbox.sent(5))
    await harness.say(ADMIN_ID, "/move 5 -")  # nothing changed: nothing to tell
    assert len(harness.sandbox.sent(5)) == count
    # A member who blocked the bot cannot be told; the move stands all the same.
    harness.sandbox.block(5)
    [moved] = await harness.say(ADMIN_ID, "/move 5 一组")
    assert "已将 王五 调整到学习小组“一组”" in (moved.plain_text or "")


async def test_usernames_are_found_whatever_their_case(harness: BotHarness) -> None:
    # Telegram usernames ignore case; admins type them as they remember them.
    await create_group(harness, "一组")
    harness.sandbox.user(6, "赵六", username="ZhaoLiu")
    harness._known.add(6)  # keep the username say() would otherwise replace
    await harness.say(6, "/start")
    [moved] = await harness.say(ADMIN_ID, "/move @zhaoliu 一组")
    assert "已将 赵六 调整到学习小组“一组”" in (moved.text or "")
    [granted] = await harness.say(ADMIN_ID, "/grant @ZHAOLIU")
    assert "赵六" in (granted.text or "") and "找不到" not in (granted.text or "")
    [removed] = await harness.say(ADMIN_ID, "/removemember @zhaoLIU")
    assert "已将 赵六（6）移出学习计划" in (removed.text or "")


async def test_move_says_what_actually_changed(harness: BotHarness) -> None:
    await create_group(harness, "一组")
    await harness.say(5, "/start", name="王五")
    [unchanged] = await harness.say(ADMIN_ID, "/move 5 -")
    assert "王五 不在任何学习小组" in (unchanged.text or "")
    assert "移出小组" not in (unchanged.text or "")
    await harness.say(ADMIN_ID, "/removemember 5")
    [back] = await harness.say(ADMIN_ID, "/move 5 -")
    assert "王五 已重新加入学习计划" in (back.text or "")
    await harness.say(ADMIN_ID, "/removemember 5")
    await harness.say(ADMIN_ID, "/lang en")
    [moved] = await harness.say(ADMIN_ID, "/move 5 一组")
    assert "Moved 王五 to the study group" in (moved.text or "")
    assert "王五 is back in the programme" in (moved.text or "")
    assert "You are back" not in (moved.text or "")


async def test_members_cannot_manage_groups(harness: BotHarness) -> None:
    for command in ("/newgroup 三组", "/delgroup 三组", "/move 1 三组", "/removemember 1"):
        [refusal] = await harness.say(1, command)
        assert "需要管理员权限" in (refusal.text or ""), command
    [refusal] = await harness.say(1, "/top")
    assert "需要组织员权限" in (refusal.text or "")
    [hidden] = await harness.say(1, "/help")
    assert "/me" in (hidden.text or "") and "/top" not in (hidden.text or "")
    [shown] = await harness.say(ADMIN_ID, "/help")
    assert "/newgroup" in (shown.text or "") and "/export" in (shown.text or "")


async def test_a_period_with_an_impossible_year_is_explained(harness: BotHarness) -> None:
    for command in ("/top 0000-05", "/groups 9999-12", "/export 9999-12-31"):
        [reply] = await harness.say(ADMIN_ID, command)
        given = command.split(" ")[1]
        assert f"“{given}”不是有效的日期" in (reply.text or ""), command
        assert "用法：" + command.split(" ")[0] in (reply.text or ""), command
    [created] = await harness.say(ADMIN_ID, "/newgroup 0000-05")
    assert "出了点问题" not in (created.text or "")


async def test_two_periods_are_refused_as_two_periods(harness: BotHarness) -> None:
    await create_group(harness, "一组")
    for command in ("/top 本周 上周", "/top 一组 2026-03 本月 5", "/standouts 本月 上月"):
        [reply] = await harness.say(ADMIN_ID, command)
        text = reply.plain_text
        assert "只能指定一个时间段" in text and "小组" not in text.split("用法")[0], command
        assert "用法：" + command.split(" ")[0] in text, command
    [reply] = await harness.say(ADMIN_ID, "/top 本周 上周")
    assert "“本周”和“上周”" in reply.plain_text


async def test_top_and_standouts_take_a_date_range_typed_with_spaces(
    harness: BotHarness,
) -> None:
    # The way the bot itself writes a range ("2026-03-01 至 2026-03-08"), and the way /rank,
    # /groups and /export already read it.
    harness.clock.now = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    code = await create_group(harness, "一组")
    await harness.say(1, f"/join {code}", name="张三")
    await award(harness, 1, 3, "a")
    for command in ("/top 2026-03-01 至 2026-03-05 一组 5", "/standouts 2026-03-01 ~ 2026-03-05"):
        [reply] = await harness.say(ADMIN_ID, command)
        assert "2026-03-01 至 2026-03-05" in (reply.text or ""), command
        assert "张三" in (reply.text or ""), command
    [reversed_range] = await harness.say(ADMIN_ID, "/top 2026-03-05 至 2026-03-01")
    assert "开始日期晚于结束日期" in (reversed_range.text or "")


async def test_top_and_standouts_read_a_period_of_two_words_as_rank_does(
    harness: BotHarness,
) -> None:
    """An English organiser writes "last week" as the bot writes "this week": /rank and
    /groups read it so, and /top and /standouts must too, not take "last" for a group."""
    harness.clock.now = datetime(2026, 3, 11, 2, 0, tzinfo=UTC)
    await harness.say(ADMIN_ID, "/lang en")
    for command, period in (
        ("/top last week", "the week of 2026-03-02 to 2026-03-08"),
        ("/standouts last month 5", "2026-02"),
        ("/top all time", "all time"),
        ("/top 2025 Q4 3", "2025 Q4"),
        ("/top this week", "this week (2026-03-09 to 2026-03-15)"),
        # A month by its name, as 5月 and 2020年5月 read in Chinese.
        ("/top May 2025", "2025-05"),
        ("/top Feb", "2026-02"),
        ("/top december 5", "2025-12"),
    ):
        [reply] = await harness.say(ADMIN_ID, command)
        header = (reply.plain_text or "").splitlines()[0]
        assert header.split(" · ")[1] == period, (command, header)
    [chinese] = await harness.say(ADMIN_ID + 1, "/rank 2026年 2月")
    assert "2026年2月" in (chinese.plain_text or "")


async def test_linkgroup_in_a_group_chat_lets_members_join_there(harness: BotHarness) -> None:
    await create_group(harness, "第二小组")
    harness.sandbox.group_chat(CHAT, "第二小组群", members={ADMIN_ID: "creator", 7: "member"})
    # Before the chat is linked, /join alone says so, not just how /join is used.
    [early] = await harness.say(7, "/join", chat_id=CHAT, name="赵六")
    assert "本群还没有关联学习小组" in early.plain_text and "/linkgroup" in early.plain_text
    [linked] = await harness.say(ADMIN_ID, "/linkgroup 第二小组", chat_id=CHAT)
    assert "本群已关联到学习小组“第二小组”" in (linked.text or "")
    [joined] = await harness.say(7, "/join", chat_id=CHAT, name="赵六")
    assert "欢迎加入学习小组“第二小组”" in (joined.text or "")
    # /top in the linked chat ranks that study group, not everyone.
    await create_group(harness, "第一小组")
    await award(harness, 7, 2, "r1")
    await harness.say(9, "/start", name="钱七")
    await harness.say(ADMIN_ID, "/move 9 第一小组")
    await award(harness, 9, 5, "r2")
    [board] = await harness.say(ADMIN_ID, "/top", chat_id=CHAT)
    assert "第二小组" in board.plain_text and "赵六" in board.plain_text
    assert "钱七" not in board.plain_text
    # The chat's id, for a schedule's audience.chats (scheduled contests), is shown.
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert f"已关联群聊 {CHAT}" in (listing.plain_text or "")
    [private] = await harness.say(ADMIN_ID, "/linkgroup 第二小组")
    assert "需要在要关联的 Telegram 群里发送" in (private.text or "")
    async with harness.services.unit() as unit:
        group = await unit.session.scalar(select(StudyGroup).where(StudyGroup.chat_id == CHAT))
        assert group is not None and group.name == "第二小组"


async def test_a_linked_chat_upgraded_to_a_supergroup_stays_linked(harness: BotHarness) -> None:
    # Telegram turns a basic group into a supergroup (a new chat id) when its admins change
    # some settings; members then write from the new chat.
    await create_group(harness, "第三小组")
    old_chat = -4001
    harness.sandbox.group_chat(
        old_chat, "第三小组群", members={ADMIN_ID: "creator", 8: "member"}, supergroup=False
    )
    await harness.say(ADMIN_ID, "/linkgroup 第三小组", chat_id=old_chat)
    new_chat = harness.sandbox.migrate_group(old_chat)
    await harness.deliver()
    [joined] = await harness.say(8, "/join", chat_id=new_chat, name="钱八")
    assert "欢迎加入学习小组“第三小组”" in (joined.text or "")
    async with harness.services.unit() as unit:
        group = await unit.session.scalar(select(StudyGroup).where(StudyGroup.name == "第三小组"))
        assert group is not None and group.chat_id == new_chat


async def test_top_rank_me_and_groups(harness: BotHarness) -> None:
    harness.clock.now = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    code = await create_group(harness, "第一小组")
    await create_group(harness, "空小组")
    for member, name in ((1, "张三"), (2, "李四"), (3, "王五")):
        await harness.say(member, f"/join {code}", name=name)
    await harness.say(4, "/start", name="孙七")
    await award(harness, 1, 8, "a")
    await award(harness, 2, 8, "b")
    await award(harness, 3, 2, "c")
    await award(harness, 4, 1, "d")
    [top] = await harness.say(ADMIN_ID, "/top 本周")
    lines = (top.text or "").splitlines()
    assert "本周（2026-03-02 至 2026-03-08）" in lines[0] and "全体成员" in lines[0]
    assert lines[1:] == [
        "1. 张三（第一小组） — 8 分",
        "1. 李四（第一小组） — 8 分",
        "3. 王五（第一小组） — 2 分",
        "4. 孙七 — 1 分",
    ]
    [group_top] = await harness.say(ADMIN_ID, "/top 第一小组 2")
    assert "第一小组" in (group_top.text or "").splitlines()[0]
    assert "另有" not in (group_top.text or "")
    [rank] = await harness.say(3, "/rank")
    assert "你在本月（2026年3月）：2 分，组内第 3 名（共 3 人），总第 3 名（共 5 人）" in (
        rank.text or ""
    )
    [me] = await harness.say(1, "/me")
    # The id is what an admin puts in config.yaml's admins, or names in /grant and /move.
    assert "👤 张三 · 第一小组 · 用户ID 1" in (me.text or "")
    assert (
        "本周（2026-03-02 至 2026-03-08）：8 分，组内第 1 名（共 3 人），总第 1 名（共 5 人）"
        in (me.text or "")
    )
    [groups] = await harness.say(ADMIN_ID, "/groups")
    assert "1. 第一小组 — 综合 6.00 · 人均 6.0 分 · 参与 3/3（100%）· 共 18 分" in (
        groups.text or ""
    )
    assert "2. 空小组 — 暂无成员" in (groups.text or "")
    assert "未加入小组：2 人，其中 1 人有积分，共 1 分" in (groups.text or "")
    [standouts] = await harness.say(ADMIN_ID, "/standouts 本月 2")
    assert "学习标兵候选" in (standouts.text or "") and "1. 张三（第一小组）：8 分" in (
        standouts.text or ""
    )
    [bad] = await harness.say(ADMIN_ID, "/top 明年")
    assert "“明年”既不是可识别的时间段" in (bad.text or "") and "用法：/top" in (bad.text or "")
    [escaped] = await harness.say(ADMIN_ID, "/groups <b>")
    assert "&lt;b&gt;" in (escaped.text or "")


async def test_removed_members_drop_out_of_the_chat_rankings(harness: BotHarness) -> None:
    await harness.say(1, "/start", name="张三")
    await harness.say(2, "/start", name="李四")
    await award(harness, 1, 5, "a")
    await award(harness, 2, 3, "b")
    [removed] = await harness.say(ADMIN_ID, "/removemember 1")
    assert "移出学习计划" in (removed.text or "")
    [top] = await harness.say(ADMIN_ID, "/top")
    assert "张三" not in (top.text or "") and "1. 李四 — 3 分" in (top.text or "")
    [me] = await harness.say(1, "/me")
    assert "你已移出学习计划" in (me.text or "") and "5 分" in (me.text or "")


async def test_export_sends_a_workbook_and_a_csv(harness: BotHarness) -> None:
    await harness.say(1, "/start", name="张三")
    await award(harness, 1, 5, "a")
    sent = await harness.say(ADMIN_ID, "/export 本月")
    documents = [m for m in sent if m.kind == "document"]
    assert [d.file_name for d in documents] == ["studybot-2026-03.xlsx", "studybot-2026-03.csv"]
    workbook = load_workbook(io.BytesIO(documents[0].file_content or b""))
    rows = list(workbook["成员"].iter_rows(values_only=True))
    assert rows[1][2] == "张三" and rows[1][6] == 5
    assert (documents[1].file_content or b"").startswith(b"\xef\xbb\xbf")
    assert "张三" in (documents[1].file_content or b"").decode("utf-8-sig")
    assert "积分统计" in (documents[0].text or "")


async def test_export_in_a_group_chat_is_refused_not_posted_to_the_group(
    harness: BotHarness,
) -> None:
    """The workbook lists every member with their points: not for a whole group chat."""
    harness.sandbox.group_chat(CHAT, "第二小组群", members={ADMIN_ID: "creator", 7: "member"})
    [refused] = await harness.say(ADMIN_ID, "/export 本月", chat_id=CHAT)
    assert refused.plain_text == "导出的表格含全体成员的姓名和积分，请在与我的私聊中发送 /export。"
    assert not [m for m in harness.sandbox.sent(CHAT) if m.kind == "document"]


async def test_chart_sends_a_png(harness: BotHarness) -> None:
    await create_group(harness, "第一小组")
    sent = await harness.say(ADMIN_ID, "/chart 全部")
    [photo] = [m for m in sent if m.kind == "photo"]
    assert (photo.file_content or b"").startswith(b"\x89PNG")
    assert "学习小组排名 · 全部时间" in (photo.text or "")


# Renderers the bot hands its report worker process instead of the real ones (module-level:
# the worker imports them by name).
def render_fails(*args: object) -> NoReturn:
    raise RuntimeError("the renderer broke")


def worker_dies(*args: object) -> NoReturn:
    os._exit(1)  # the worker killed mid-render, as the out-of-memory killer would


@pytest.mark.parametrize("failure", [render_fails, worker_dies])
@pytest.mark.parametrize(
    ("command", "module", "renderer", "kind"),
    [
        ("/export 全部", exports, "render_files", "document"),
        ("/chart 全部", rankings_handlers, "group_chart_png", "photo"),
    ],
)
async def test_a_report_that_fails_to_render_says_so_and_the_next_one_is_sent(
    harness: BotHarness,
    monkeypatch: pytest.MonkeyPatch,
    failure: object,
    command: str,
    module: ModuleType,
    renderer: str,
    kind: str,
) -> None:
    await create_group(harness, "第一小组")
    with monkeypatch.context() as patched:
        patched.setattr(module, renderer, failure)
        failed = await harness.say(ADMIN_ID, command)
    assert [m.text for m in failed] == ["抱歉，处理时出了点问题，已记录下来。请稍后再试。"]
    sent = await harness.say(ADMIN_ID, command)
    assert kind in [m.kind for m in sent]


async def test_the_shell_shows_the_same_figures(
    harness: BotHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await create_group(harness, "第一小组")
    await harness.say(1, f"/join {code}", name="张三")
    await harness.say(2, "/start", name="李四")
    await award(harness, 1, 5, "a")
    await award(harness, 2, 7, "b")
    [top] = await harness.say(ADMIN_ID, "/top 全部")
    [groups] = await harness.say(ADMIN_ID, "/groups 全部")
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({"database_url": harness.config.database_url}), encoding="utf-8"
    )
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["-c", str(config), "leaderboard", "全部"]) == 0
    assert capsys.readouterr().out.strip() == (top.text or "").strip()
    assert (
        await asyncio.to_thread(main, ["-c", str(config), "leaderboard", "--groups", "全部"]) == 0
    )
    assert capsys.readouterr().out.strip() == (groups.text or "").strip()
    out = tmp_path / "out"
    assert (
        await asyncio.to_thread(main, ["-c", str(config), "export", "全部", "-o", str(out)]) == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["studybot-all.csv", "studybot-all.xlsx"]
    assert await asyncio.to_thread(main, ["-c", str(config), "leaderboard", "明年"]) == 2
    assert "明年" in capsys.readouterr().err


async def test_the_shell_lists_every_groups_file_problem_at_once(
    harness: BotHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({"database_url": harness.config.database_url}), encoding="utf-8"
    )
    groups = tmp_path / "groups.yaml"
    groups.write_text(
        "groups:\n  - name: 一组\n    code: ABC234\n  - name: 二组\n    code: ABC234\n"
        "  - name: 本月\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["-c", str(config), "groups", "import", str(groups)]) == 1
    error = capsys.readouterr().err
    assert f"{groups}:4 加入码 ABC234 重复出现（第一次在第 2 行）" in error
    assert f"{groups}:6 小组名称“本月”会与时间段" in error


async def test_the_shell_group_option_names_only_a_group(
    harness: BotHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await create_group(harness, "第一小组")
    await harness.say(1, f"/join {code}", name="张三")
    await award(harness, 1, 5, "a")
    [top] = await harness.say(ADMIN_ID, "/top 全部 第一小组")
    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump({"database_url": harness.config.database_url}), encoding="utf-8"
    )
    capsys.readouterr()
    board = ["-c", str(config), "leaderboard", "全部"]
    assert await asyncio.to_thread(main, [*board, "-g", "第一小组"]) == 0
    assert capsys.readouterr().out.strip() == (top.text or "").strip()
    assert await asyncio.to_thread(main, [*board, "-g", "nope"]) == 2
    error = capsys.readouterr().err
    assert "找不到学习小组“nope”" in error and "时间段" not in error


async def test_a_member_with_no_points_yet_is_not_ranked_first(harness: BotHarness) -> None:
    """On the 1st of a month everybody has 0 points: "总第 1 名（共 4 人）" would say nothing."""
    harness.clock.now = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    code = await create_group(harness, "第一小组")
    await harness.say(1, f"/join {code}", name="张三")
    [rank] = await harness.say(1, "/rank")
    assert "你在本月（2026年4月）：还没有积分，暂无名次" in (rank.plain_text or "")
    assert "第 1 名" not in (rank.plain_text or "")
    await award(harness, 1, 3, "first")
    [me] = await harness.say(1, "/me")
    assert "本月（2026年4月）：3 分" in (me.plain_text or "")


async def test_the_bot_added_to_a_group_says_how_to_use_it_there(harness: BotHarness) -> None:
    """The secretary adds the bot: it says what to do next and the chat's id, which a
    schedule's audience.chats needs and nobody else shows them before the chat is linked."""
    harness.sandbox.group_chat(CHAT, "第二小组群", members={ADMIN_ID: "creator"})
    harness.sandbox.set_bot_status(CHAT, "left", by_user=ADMIN_ID)
    harness.sandbox.take_updates()
    harness.sandbox.set_bot_status(CHAT, "member", by_user=ADMIN_ID)
    await harness.deliver()
    [hello] = harness.sandbox.sent(CHAT)
    assert "/linkgroup" in hello.plain_text and "/join" in hello.plain_text
    assert "/contest" in hello.plain_text and str(CHAT) in hello.plain_text
    # Made an admin afterwards: no second greeting.
    harness.sandbox.set_bot_status(CHAT, "administrator", by_user=ADMIN_ID)
    await harness.deliver()
    assert len(harness.sandbox.sent(CHAT)) == 1


async def test_the_bot_added_to_a_channel_says_nothing_there(harness: BotHarness) -> None:
    """A channel has no members to /join or /contest: the group greeting is not for it."""
    bot = harness.app.bot
    bot_user = {"id": bot.id, "is_bot": True, "first_name": "StudyBot", "username": bot.username}
    data = {
        "update_id": 990001,
        "my_chat_member": {
            "chat": {"id": -100999, "type": "channel", "title": "通知频道"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "管理员"},
            "date": 1,
            "old_chat_member": {"user": bot_user, "status": "left"},
            "new_chat_member": {"user": bot_user, "status": "member"},
        },
    }
    await harness.app.process_update(Update.de_json(data, bot))
    assert not [c for c in harness.sandbox.calls if str(c[1].get("chat_id")) == "-100999"]
