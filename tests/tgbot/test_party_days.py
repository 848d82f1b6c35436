"""Political birthdays (政治生日): /partyday, /partydays, /me, and the greeting push."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.harness import ADMIN_ID, BotHarness, FrozenClock
from tests.tgbot.conftest import PushHarnessFactory
from tests.tgbot.pushkit import at

ZHANG, LI, WANG = 5123456789, 5123456790, 5123456791
GROUP = -1001234567890


async def test_a_member_gives_sees_and_clears_their_day_of_joining(harness: BotHarness) -> None:
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    [none] = await harness.say(ZHANG, "/partyday", name="张三")
    assert "还没有填写入党日期" in (none.text or "")
    [noted] = await harness.say(ZHANG, "/partyday 2008年7月1日")
    assert (noted.text or "") == (
        "已记下你的入党日期：2008-07-01（党龄 18 年）。下一个政治生日：2027-07-01。"
    )
    [shown] = await harness.say(ZHANG, "/partyday")
    assert "你的入党日期：2008-07-01（党龄 18 年），下一个政治生日：2027-07-01" in (
        shown.text or ""
    )
    [me] = await harness.say(ZHANG, "/me")
    assert "入党日期：2008-07-01（党龄 18 年）" in (me.text or "")
    [cleared] = await harness.say(ZHANG, "/partyday -")
    assert (cleared.text or "") == "已清除你的入党日期。"
    [me] = await harness.say(ZHANG, "/me")
    assert "入党日期：未填写" in (me.text or "")


async def test_a_birthday_later_this_year_is_the_next_one(harness: BotHarness) -> None:
    at(harness.clock, "2026-03-01T10:00:00+08:00")
    [noted] = await harness.say(ZHANG, "/partyday 2001-07-01", name="张三")
    assert "党龄 24 年）。下一个政治生日：2026-07-01" in (noted.text or "")


async def test_a_mistyped_day_of_joining_says_what_is_wrong_and_how(
    harness: BotHarness,
) -> None:
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    for typed, problem in [
        ("2008-02-30", "没有 2008-02-30 这一天"),
        ("2027-07-01", "在今天之后"),
        ("1900-07-01", "早于 1921年7月1日 建党"),
        ("2008-07-01 2009-07-01", "组织员"),  # a member naming another: organisers only
    ]:
        [refused] = await harness.say(ZHANG, f"/partyday {typed}", name="张三")
        assert problem in (refused.text or ""), typed
    [usage] = await harness.say(ZHANG, "/partyday 去年七一")
    assert "不是日期" in (usage.text or "") and "用法：/partyday 2008-07-01" in (usage.text or "")
    [me] = await harness.say(ZHANG, "/me")
    assert "入党日期：未填写" in (me.text or "")  # nothing was written


async def test_a_date_typed_with_spaces_is_one_date_for_members_and_organisers(
    harness: BotHarness,
) -> None:
    """Telegram splits a command at spaces; a date is read from all the words, not taken for
    a member's name (which would tell a member that only organisers may do that)."""
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    for typed in ["2008年7月 1日", "2008 年 7 月 1 日", "2008 7 1", "２００８年　７月　１日"]:
        [noted] = await harness.say(ZHANG, f"/partyday {typed}", name="张三")
        assert (noted.text or "").startswith("已记下你的入党日期：2008-07-01"), typed
    await harness.say(LI, "/start", name="李四")
    harness.sandbox.user(LI, "李四", username="lisi")
    await harness.say(LI, "/start")
    [noted] = await harness.say(ADMIN_ID, "/partyday @lisi 2010年7月 15日")
    assert "已记下 李四 的入党日期：2010-07-15" in (noted.text or "")
    [noted] = await harness.say(ADMIN_ID, f"/partyday {LI} 2010 7 16")
    assert "已记下 李四 的入党日期：2010-07-16" in (noted.text or "")


async def test_the_day_of_joining_is_given_in_private_only(harness: BotHarness) -> None:
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={ZHANG: "member"})
    [refused] = await harness.say(ZHANG, "/partyday 2008-07-01", chat_id=GROUP, name="张三")
    assert "私聊" in (refused.text or "")
    [me] = await harness.say(ZHANG, "/partyday")
    assert "还没有填写" in (me.text or "")


async def test_me_in_a_group_chat_leaves_the_day_of_joining_out(harness: BotHarness) -> None:
    # /partyday keeps the day out of group chats; /me there must not show it either: the
    # report goes to the private chat, and the group sees none of it.
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    await harness.say(ZHANG, "/partyday 2008-07-01", name="张三")
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={ZHANG: "member", LI: "member"})
    assert await harness.say(ZHANG, "/me", chat_id=GROUP) == []
    private = harness.sandbox.sent(ZHANG)[-1]
    assert "👤 张三" in (private.text or "")
    assert "入党日期：2008-07-01（党龄 18 年）" in (private.text or "")
    # 李四 never opened the private chat: named in the group, with nothing of a report.
    [other] = await harness.say(LI, "/me", chat_id=GROUP, name="李四")
    assert "李四" in (other.text or "") and "入党" not in (other.text or "")


async def test_organisers_set_a_members_day_and_list_a_months_political_birthdays(
    harness: BotHarness,
) -> None:
    at(harness.clock, "2026-06-20T10:00:00+08:00")
    await harness.say(ZHANG, "/partyday 2008-07-01", name="张三")
    harness.sandbox.user(LI, "李四", username="lisi")
    await harness.say(LI, "/start", name="李四")
    harness.sandbox.user(LI, "李四", username="lisi")
    await harness.say(LI, "/start")
    await harness.say(WANG, "/start", name="王五")
    [refused] = await harness.say(WANG, "/partyday @lisi 2010-07-15")
    assert "组织员" in (refused.text or "")
    [noted] = await harness.say(ADMIN_ID, "/partyday @LiSi 2010-07-15")
    assert "已记下 李四 的入党日期：2010-07-15（党龄 15 年）" in (noted.text or "")
    [shown] = await harness.say(ADMIN_ID, f"/partyday {ZHANG}")
    assert "张三 的入党日期：2008-07-01" in (shown.text or "")
    [listing] = await harness.say(ADMIN_ID, "/partydays 7")
    lines = (listing.text or "").splitlines()
    assert lines[0] == "🎂 2026年7月过政治生日的党员（2 人）："
    assert lines[1] == f"7月1日 张三（{ZHANG}）· 入党 18 周年"
    assert lines[2] == f"7月15日 李四 @lisi（{LI}）· 入党 16 周年"
    assert lines[3].startswith("另有 2 名成员尚未填写入党日期")  # 王五 and the admin
    [june] = await harness.say(ADMIN_ID, "/partydays")
    assert "2026年6月没有成员过政治生日" in (june.text or "")
    [member_asks] = await harness.say(WANG, "/partydays")
    assert "组织员" in (member_asks.text or "")
    [bad] = await harness.say(ADMIN_ID, "/partydays 13")
    assert "用法：/partydays" in (bad.text or "")


async def test_the_greeting_reaches_todays_members_by_name_with_their_years(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """The sample schedule, as shipped: 08:30, only the members whose day it is."""
    sample = Path(__file__).parents[2] / "schedules" / "political-birthday.yaml"
    at(clock, "2026-02-28T08:00:00+08:00")
    harness = await make_push_harness(
        yaml.safe_load(sample.read_text(encoding="utf-8")), flood=None
    )
    await harness.members(range(1, 5))
    for member, typed in [(1, "2008-02-29"), (2, "1998-02-28"), (3, "2026-02-28")]:
        await harness.say(member, f"/partyday {typed}")  # 4 gives no day
    await harness.pushes.scan_all()
    at(clock, "2026-02-28T08:30:05+08:00")
    [result] = await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    greeted = {
        m: s.text or ""
        for m in range(1, 5)
        for s in harness.sandbox.sent(m)
        if "政治生日快乐" in (s.text or "")
    }
    assert set(greeted) == {1, 2}  # 29 February is kept on the 28th; 3 joined today
    assert result.recipients == 2
    assert "成员1同志，祝您政治生日快乐！" in greeted[1]
    assert "今天是您入党 18 周年的纪念日" in greeted[1]
    assert "今天是您入党 28 周年的纪念日" in greeted[2]
    assert "{" not in greeted[1] + greeted[2]


async def test_a_name_in_a_push_is_each_members_own_and_a_group_is_greeted_as_a_whole(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    schedule = {
        "id": "study-day",
        "title": "党章学习日",
        "trigger": "daily at 09:00",
        "audience": {"all": True, "chats": [GROUP]},
        "content": {"text": "{姓名}，今天是党章学习日。"},
    }
    at(clock, "2026-03-02T08:59:00+08:00")
    harness = await make_push_harness(schedule, flood=None)
    await harness.members(range(1, 3))
    harness.sandbox.user(2, "<李>四")
    await harness.say(2, "/start", name="<李>四")
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={1: "member"})
    await harness.pushes.scan_all()
    at(clock, "2026-03-02T09:00:05+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [first] = harness.sandbox.sent(1)
    assert (first.plain_text or "").endswith("成员1，今天是党章学习日。")
    [second] = harness.sandbox.sent(2)[-1:]
    assert (second.plain_text or "").endswith("<李>四，今天是党章学习日。")
    [group] = harness.sandbox.sent(GROUP)
    assert (group.plain_text or "").endswith("同志们，今天是党章学习日。")


async def test_an_organisers_preview_of_the_greeting_names_them_and_keeps_the_years_slot(
    harness: BotHarness,
) -> None:
    """/preview shows the organiser what a member gets: their own name in it, and {党龄}
    as written, since it is each member's own."""
    await harness.say(ADMIN_ID, "/start", name="王书记")
    replies = await harness.say(ADMIN_ID, "/preview political-birthday")
    greeting = replies[-1].plain_text or ""
    assert "王书记同志，祝您政治生日快乐！" in greeting
    assert "今天是您入党 {党龄} 周年的纪念日" in greeting


async def test_a_greeting_caught_up_after_midnight_goes_to_the_members_of_its_own_day(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    """An evening greeting the bot was down for, sent after midnight within its catch-up
    time: the members whose day it was, with their years, not the next day's members."""
    schedule = {
        "id": "evening-greeting",
        "title": "政治生日",
        "trigger": "每天 22:00",
        "audience": {"all": True, "only": "政治生日"},
        "catch_up": {"within": "12h"},
        "content": {"text": "{姓名}同志，今天是您入党 {党龄} 周年。"},
    }
    at(clock, "2026-06-30T21:00:00+08:00")
    harness = await make_push_harness(schedule, flood=None)
    await harness.members(range(1, 3))
    await harness.say(1, "/partyday 2008-06-30")
    await harness.say(2, "/partyday 2008-07-01")
    await harness.pushes.scan_all()
    at(clock, "2026-07-01T01:00:00+08:00")  # the bot was down at 22:00
    [result] = await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [greeting] = harness.sandbox.sent(1)[-1:]
    assert (greeting.plain_text or "").endswith("成员1同志，今天是您入党 18 周年。")
    assert not [s for s in harness.sandbox.sent(2) if "周年" in (s.text or "")]
    assert result.recipients == 1


async def test_a_reminder_to_study_the_greeting_names_the_member_in_its_title(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    schedule = {
        "id": "greeting",
        "title": "{姓名}同志入党 {党龄} 周年",
        "trigger": "每天 08:30",
        "audience": {"all": True, "only": "政治生日"},
        "content": {"text": "请重温入党誓词。", "acknowledge": {"points": 1}},
    }
    at(clock, "2026-07-01T08:00:00+08:00")
    harness = await make_push_harness(schedule, flood=None)
    await harness.members(range(1, 2))
    await harness.say(1, "/partyday 2008-07-01")
    await harness.pushes.scan_all()
    at(clock, "2026-07-01T08:30:05+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    at(clock, "2026-07-01T17:00:00+08:00")
    await harness.say(ADMIN_ID, "/nudge greeting")
    await harness.pushes.dispatcher.run_once()
    [greeting, reminder] = harness.sandbox.sent(1)[-2:]
    assert (greeting.plain_text or "").startswith("成员1同志入党 18 周年")
    assert "《成员1同志入党 18 周年》" in (reminder.plain_text or "")


async def test_a_member_who_joined_this_year_is_not_told_zero_years(harness: BotHarness) -> None:
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    [noted] = await harness.say(ZHANG, "/partyday 2026-07-01", name="张三")
    assert (noted.text or "") == (
        "已记下你的入党日期：2026-07-01（党龄不满 1 年）。下一个政治生日：2027-07-01。"
    )
    [me] = await harness.say(ZHANG, "/me")
    assert "入党日期：2026-07-01（党龄不满 1 年）" in (me.text or "")
    await harness.say(ZHANG, "/lang en")
    [shown] = await harness.say(ZHANG, "/partyday")
    assert "on 2026-07-01 (less than a year in the Party)" in (shown.text or "")
    [me] = await harness.say(ZHANG, "/me")
    assert "Joined the Party: 2026-07-01 (less than a year in the Party)" in (me.text or "")


async def test_the_months_list_in_english_writes_its_dates_as_dates(harness: BotHarness) -> None:
    at(harness.clock, "2026-06-20T10:00:00+08:00")
    await harness.say(ZHANG, "/partyday 2008-07-01", name="张三")
    await harness.say(ADMIN_ID, "/lang en")
    [listing] = await harness.say(ADMIN_ID, "/partydays 7")
    lines = (listing.text or "").splitlines()
    assert lines[0] == "🎂 Political birthdays in 2026-07 (1 member):"
    assert lines[1] == f"07-01 张三 ({ZHANG}) · 18 years in the Party"
    [none] = await harness.say(ADMIN_ID, "/partydays 8")
    assert (none.text or "").startswith("No member has a political birthday in 2026-08.")
    [named] = await harness.say(ADMIN_ID, "/partydays July")  # as /partydays 7 and 7月
    assert (named.text or "").splitlines()[0] == lines[0]


async def test_an_english_member_gives_the_day_as_the_bot_writes_dates_in_english(
    harness: BotHarness,
) -> None:
    """The bot writes "founded on 1 July 1921" in English: a member may write a day so too,
    rather than being told the command needs an organiser (a first word taken for a name)."""
    at(harness.clock, "2026-11-28T10:00:00+08:00")
    await harness.say(ZHANG, "/lang en", name="Zhang")
    for text in ("July 1, 2008", "1 July 2008", "1st Jul 2008", "Jul. 1 2008"):
        [noted] = await harness.say(ZHANG, f"/partyday {text}")
        assert (noted.text or "").startswith("Noted: you joined the Party on 2008-07-01"), text
    [organiser] = await harness.say(ADMIN_ID, f"/partyday {ZHANG} 30 June 2009")
    assert "2009-06-30" in (organiser.text or "")
    [wrong] = await harness.say(ZHANG, "/partyday 31 June 2008")
    assert "2008-06-31" not in (wrong.text or "") and "organiser" not in (wrong.text or "")
