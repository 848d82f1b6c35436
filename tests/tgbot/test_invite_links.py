"""A study group's invite link: t.me/<bot>?start=<join code> starts the bot and joins."""

from __future__ import annotations

import re

from tests.harness import ADMIN_ID, BotHarness

LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Z0-9]+)")


async def test_a_member_who_opens_a_groups_invite_link_is_in_the_group(
    harness: BotHarness,
) -> None:
    [created] = await harness.say(ADMIN_ID, "/newgroup 机关第一青年理论学习小组")
    match = LINK.search(created.plain_text or "")
    assert match, created.text
    assert match[1] == harness.app.bot.username
    code = match[2]
    assert f"<code>{code}</code>" in (created.text or "")  # the link's code is the group's
    # Telegram sends "/start CODE" when a member opens the link.
    [welcome] = await harness.say(1, f"/start {code}", name="张三")
    text = welcome.plain_text or ""
    assert text.startswith("你好，张三！欢迎使用学习助手。")
    assert "欢迎加入学习小组“机关第一青年理论学习小组”！小组现有 1 人" in text
    [me] = await harness.say(1, "/me")
    assert "机关第一青年理论学习小组" in (me.text or "")
    [again] = await harness.say(1, f"/start {code}")
    assert "欢迎回来" in (again.text or "") and "已经在学习小组" in (again.text or "")


async def test_an_out_of_date_invite_link_says_so_and_still_welcomes(
    harness: BotHarness,
) -> None:
    [created] = await harness.say(ADMIN_ID, "/newgroup 第二小组")
    old = LINK.search(created.plain_text or "")
    assert old
    [renewed] = await harness.say(ADMIN_ID, "/newcode 第二小组")
    new = LINK.search(renewed.plain_text or "")
    assert new and new[2] != old[2]
    [welcome] = await harness.say(2, f"/start {old[2]}", name="李四")
    text = welcome.plain_text or ""
    assert text.startswith("你好，李四！")
    assert f"加入码“{old[2]}”不正确" in text and "请向组织员要新的邀请链接" in text
    assert "/help" in text  # the usual introduction follows
    [me] = await harness.say(2, "/me")
    assert "未加入小组" in (me.text or "")
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert f"https://t.me/{harness.app.bot.username}?start={new[2]}" in (listing.plain_text or "")
