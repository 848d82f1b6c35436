"""A study group's invite link: t.me/<bot>?start=<join code> starts the bot and joins."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.messages import SentMessage
from tests.harness import ADMIN_ID, BotHarness

LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Z0-9]+)")
# How Telegram finds an address in a message's text: it runs on to the next space, line end
# or one of <>"«», past Chinese words and full-width brackets (tdlib's is_url_path_symbol).
ADDRESS = re.compile(r"https?://[^\s<>\"«»]+")


def tapped_links(message: SentMessage) -> list[str]:
    """The links a member can tap in `message`: its <a href> links, and the addresses
    Telegram finds in the rest of its text (entities count in UTF-16 code units)."""
    rest = bytearray((message.plain_text or "").encode("utf-16-le"))
    links = []
    for entity in message.message.get("entities", []):
        if entity["type"] == "text_link":
            links.append(entity["url"])
            start, length = entity["offset"] * 2, entity["length"] * 2
            rest[start : start + length] = " ".encode("utf-16-le") * entity["length"]
    return links + ADDRESS.findall(rest.decode("utf-16-le"))


def start_codes(message: SentMessage) -> list[str]:
    """The start parameters of the bot links a member can tap in `message`."""
    return [
        code
        for link in tapped_links(message)
        for code in parse_qs(urlsplit(link).query).get("start", [])
    ]


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
    harness.clock.advance(minutes=11)  # a new member's first minutes are a welcome's
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


async def test_the_invite_link_a_member_taps_carries_exactly_the_join_code(
    harness: BotHarness,
) -> None:
    """Telegram runs an address on past the Chinese text after it: the link must end where
    the code does, in every message that shows it and in both languages."""
    [created] = await harness.say(ADMIN_ID, "/newgroup 第三小组")
    [code] = start_codes(created)
    assert re.fullmatch(r"[A-Z0-9]+", code), code
    [renewed] = await harness.say(ADMIN_ID, "/newcode 第三小组")
    [new_code] = start_codes(renewed)
    assert new_code != code and re.fullmatch(r"[A-Z0-9]+", new_code), new_code
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert start_codes(listing) == [new_code]
    await harness.say(ADMIN_ID, "/lang en")
    [listing] = await harness.say(ADMIN_ID, "/grouplist")
    assert start_codes(listing) == [new_code]
    [welcome] = await harness.say(3, f"/start {new_code}", name="王五")
    assert "欢迎加入学习小组“第三小组”" in (welcome.plain_text or "")


async def test_a_removed_member_who_comes_back_by_the_link_is_back_and_the_admins_hear_of_it(
    harness: BotHarness,
) -> None:
    """A link or a join code brings a member back into the programme as /join always has:
    they chose to come back. The admins, who took them out, are told who came back where
    and how to undo it, instead of finding them in the rankings again some day."""
    [created] = await harness.say(ADMIN_ID, "/newgroup 第三小组")
    link = LINK.search(created.plain_text or "")
    assert link
    await harness.say(3, f"/start {link[2]}", name="王五")
    [removed] = await harness.say(ADMIN_ID, "/removemember 3")
    assert "移出学习计划" in (removed.plain_text or "")
    assert "/newcode" in (removed.plain_text or "")  # how to keep them from coming back
    before = len(harness.sandbox.sent(ADMIN_ID))
    [welcome] = await harness.say(3, f"/start {link[2]}", name="王五")
    assert "已重新加入学习计划" in (welcome.plain_text or "")
    [notice] = harness.sandbox.sent(ADMIN_ID)[before:]
    text = notice.plain_text or ""
    assert "王五（3）" in text and "第三小组" in text, text
    assert "/removemember 3" in text and "/newcode 第三小组" in text, text
    [me] = await harness.say(3, "/me")
    assert "第三小组" in (me.plain_text or "")
    # Joining again while in the programme is no return: the admins hear nothing more.
    await harness.say(3, f"/join {link[2]}")
    assert len(harness.sandbox.sent(ADMIN_ID)) == before + 1
