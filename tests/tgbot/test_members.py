"""/start, /help, /lang, roles and unknown commands, through the in-process sandbox."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.storage.models import Member
from tests.harness import ADMIN_ID, BotHarness

MEMBER = 1001


async def member_count(harness: BotHarness) -> int:
    async with harness.services.unit() as unit:
        return int(await unit.session.scalar(select(func.count()).select_from(Member)) or 0)


async def test_start_registers_once_and_greets_in_chinese(harness: BotHarness) -> None:
    [first] = await harness.say(MEMBER, "/start", name="张三")
    assert "你好，张三" in (first.text or "")
    assert "/help" in (first.text or "")
    async with harness.services.unit() as unit:
        joined = (await unit.session.get(Member, MEMBER)).joined_at  # type: ignore[union-attr]
    harness.clock.advance(hours=1)
    [again] = await harness.say(MEMBER, "/start")
    assert "欢迎回来" in (again.text or "")
    assert await member_count(harness) == 1
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, MEMBER)
        assert member is not None and member.joined_at == joined


async def test_help_lists_only_what_the_caller_may_use(harness: BotHarness) -> None:
    [member_help] = await harness.say(MEMBER, "/help")
    assert "/quiz" in (member_help.text or "")
    assert "/grant" not in (member_help.text or "")
    assert "题库文件" not in (member_help.text or "")
    [admin_help] = await harness.say(ADMIN_ID, "/help")
    assert "/grant" in (admin_help.text or "")
    assert "发送题库文件（.xlsx .csv" in (admin_help.text or "")  # uploads have no command


async def test_lang_switches_per_member(harness: BotHarness) -> None:
    [switched] = await harness.say(MEMBER, "/lang en")
    assert "Switched to English" in (switched.text or "")
    [help_en] = await harness.say(MEMBER, "/help")
    assert "Commands you can use" in (help_en.text or "")
    [other] = await harness.say(MEMBER + 1, "/help")
    assert "可用命令" in (other.text or "")
    [back] = await harness.say(MEMBER, "/lang")
    assert "已切换为中文" in (back.text or "")
    [bad] = await harness.say(MEMBER, "/lang fr")
    assert "不支持该语言" in (bad.text or "")


async def test_english_telegram_users_start_in_english(harness: BotHarness) -> None:
    harness.sandbox.user(MEMBER, "Ann", language_code="en-GB")
    harness._known.add(MEMBER)
    [reply] = await harness.say(MEMBER, "/start")
    assert "Hello, Ann" in (reply.text or "")


async def test_admin_grants_and_revokes_organiser(harness: BotHarness) -> None:
    await harness.say(MEMBER, "/start", name="李四")
    harness.sandbox.user(MEMBER, "李四", username="lisi")
    await harness.say(MEMBER, "/start")
    [granted] = await harness.say(ADMIN_ID, "/grant @lisi")
    assert "已将 李四" in (granted.text or "") and "组织员" in (granted.text or "")
    [again] = await harness.say(ADMIN_ID, f"/grant {MEMBER}")
    assert "已经是组织员" in (again.text or "")
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, MEMBER)
        assert member is not None and member.is_organiser
    [revoked] = await harness.say(ADMIN_ID, f"/revoke {MEMBER}")
    assert "已撤销" in (revoked.text or "")
    [usage] = await harness.say(ADMIN_ID, "/grant")
    assert "用法" in (usage.text or "")
    [missing] = await harness.say(ADMIN_ID, "/grant @nobody")
    assert "找不到成员 @nobody" in (missing.text or "")


async def test_member_gets_a_polite_refusal_for_admin_commands(harness: BotHarness) -> None:
    [refusal] = await harness.say(MEMBER, f"/grant {MEMBER}")
    assert "需要管理员权限" in (refusal.text or "")
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, MEMBER)
        assert member is not None and not member.is_organiser


async def test_unknown_command_points_to_help(harness: BotHarness) -> None:
    [hint] = await harness.say(MEMBER, "/frobnicate")
    assert "/help" in (hint.text or "") and "没有这个命令" in (hint.text or "")


async def test_command_menu_published_in_both_languages(harness: BotHarness) -> None:
    zh = dict(harness.sandbox.commands("zh"))
    en = dict(harness.sandbox.commands("en"))
    assert zh["quiz"].startswith("每日答题")
    assert en["quiz"].startswith("daily quiz")
    assert "grant" not in zh


async def test_a_bug_is_logged_with_context_and_the_user_gets_no_traceback(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("bot.services.members.MemberService.set_language", broken)
    [answer] = await harness.say(MEMBER, "/lang en")
    assert answer.text == "抱歉，处理时出了点问题，已记录下来。请稍后再试。"
    [record] = [r for r in caplog.records if r.name == "bot.tgbot.errors"]
    assert f"from user {MEMBER}" in record.getMessage() and record.exc_info is not None


async def test_user_ids_are_shown_whole_not_as_grouped_numbers(harness: BotHarness) -> None:
    """Telegram ids have ten digits; "5,123,456,789" cannot be pasted into /move or admins."""
    member = 5123456789
    await harness.say(member, "/start", name="李四")
    [me] = await harness.say(member, "/me")
    assert "用户ID 5123456789" in (me.text or "")
    [granted] = await harness.say(ADMIN_ID, f"/grant {member}")
    assert "已将 李四（5123456789）设为组织员" in (granted.text or "")
    [removed] = await harness.say(ADMIN_ID, f"/removemember {member}")
    assert "（5123456789）" in (removed.text or "")


async def test_a_member_whose_first_message_was_not_start_is_welcomed_as_new(
    harness: BotHarness,
) -> None:
    """/quiz, or a join link's code typed, before /start registers the member too; their
    /start a moment later is still their first, not a return."""
    await harness.say(MEMBER, "/banks", name="张三")
    [first] = await harness.say(MEMBER, "/start")
    assert (first.text or "").startswith("你好，张三！")
    assert "欢迎回来" not in (first.text or "")


async def test_a_member_named_by_their_name_is_not_told_to_send_start(
    harness: BotHarness,
) -> None:
    """An organiser types the name they know (/grant 张三) for a member who did send /start:
    the bot says a name is not an id or @username and gives the ids of those of that name,
    instead of asking 张三 to send the /start they already sent."""
    await harness.say(MEMBER, "/start", name="张三")
    await harness.say(MEMBER + 1, "/start", name="张三")
    [granted] = await harness.say(ADMIN_ID, "/grant 张三")
    text = granted.text or ""
    assert "/start" not in text
    assert "用户ID" in text and f"{MEMBER}、{MEMBER + 1}" in text
    [moved] = await harness.say(ADMIN_ID, "/move 王五 -")
    assert "/start" not in (moved.text or "") and "没有名叫“王五”的成员" in (moved.text or "")
    await harness.say(ADMIN_ID, "/lang en")
    [english] = await harness.say(ADMIN_ID, "/grant 张三")
    assert "user id" in (english.text or "") and f"{MEMBER}, {MEMBER + 1}" in (english.text or "")
