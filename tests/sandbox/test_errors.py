"""Telegram's failure answers, as PTB turns them into exceptions."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.sandbox import BotApiSandbox
from bot.sandbox.errors import SandboxError

USER = 42


async def test_blocked_user_and_my_chat_member_updates(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    sandbox.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "push")
    sandbox.unblock(USER)
    await bot.send_message(USER, "push")

    blocked, unblocked = (Update.de_json(u, bot) for u in sandbox.take_updates())
    assert blocked.my_chat_member is not None and unblocked.my_chat_member is not None
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert unblocked.my_chat_member.new_chat_member.status == "member"
    assert blocked.my_chat_member.from_user.id == USER


async def test_writing_to_a_blocked_bot_unblocks_it(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.block(USER)
    sandbox.send_message(USER, "/start")
    await bot.send_message(USER, "welcome back")
    kinds = [next(k for k in u if k != "update_id") for u in sandbox.take_updates()]
    assert kinds == ["my_chat_member", "my_chat_member", "message"]


async def test_unknown_chats_and_users_who_never_started(bot: Bot, sandbox: BotApiSandbox) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hello")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message("@somechannel", "hello")
    sandbox.user(USER)
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(USER, "hello")


async def test_group_migration(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(-5, "Branch", members={1: "creator"})
    new_id = sandbox.migrate_group(-5)
    assert str(new_id).startswith("-100")
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-5, "hello")
    assert caught.value.new_chat_id == new_id
    message = await bot.send_message(new_id, "hello")
    assert message.chat.type == "supergroup" and message.chat.title == "Branch"

    old, new, joined = (Update.de_json(u, bot) for u in sandbox.take_updates())
    assert old.message is not None and new.message is not None
    assert old.message.migrate_to_chat_id == new_id
    assert new.message.migrate_from_chat_id == -5
    # The bot is in the new chat as it was in the old one, told as Telegram tells it.
    change = joined.my_chat_member
    assert change is not None and change.chat.id == new_id and change.from_user.id == 1
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")


async def test_bot_removed_from_group(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(-7, "Gone", members={bot.id: "kicked"})
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-7, "hello")


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("", None, "Message text is empty"),
        ("   ", None, "Message text is empty"),
        ("x" * 4097, None, "Message is too long"),
        ("<b></b>", "HTML", "Message text is empty"),
        ("1 < 2", "HTML", "Can't parse entities: unsupported start tag"),
        ("<b>bold", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "HTML", "Unmatched end tag at byte offset 7"),
        ("<br/>line", "HTML", 'Unsupported start tag "br" at byte offset 0'),
        ("x", "Klingon", "Unsupported parse_mode"),
    ],
)
async def test_bad_text(
    bot: Bot, sandbox: BotApiSandbox, text: str, parse_mode: str | None, error: str
) -> None:
    sandbox.private_chat(USER)
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_message(USER, text, parse_mode=parse_mode)


async def test_longest_text_is_accepted(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    message = await bot.send_message(USER, "字" * 4096)
    assert message.text is not None and len(message.text) == 4096


async def test_callback_data_over_64_bytes(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="题" * 22)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "pick", reply_markup=markup)


async def test_a_bot_its_admins_muted_may_not_send(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(-1009, "Muted", supergroup=True, members={1: "creator"})
    sandbox.restrict_bot(-1009, can_send_messages=False, by_user=1)
    with pytest.raises(BadRequest, match="Not enough rights to send text messages to the chat"):
        await bot.send_message(-1009, "hello")
    with pytest.raises(BadRequest, match="Not enough rights to send photos to the chat"):
        await bot.send_photo(-1009, "AgAD-some-photo")
    member = await bot.get_chat_member(-1009, bot.id)
    assert member.status == "restricted" and not getattr(member, "can_send_messages", True)
    sandbox.restrict_bot(-1009, can_send_messages=True, by_user=1)
    await bot.send_message(-1009, "hello")

    muted, allowed = (Update.de_json(u, bot).my_chat_member for u in sandbox.take_updates())
    assert muted is not None and allowed is not None
    assert muted.old_chat_member.status == "member"
    assert muted.new_chat_member.status == "restricted"
    assert not getattr(muted.new_chat_member, "can_send_messages", True)
    assert getattr(allowed.new_chat_member, "can_send_messages", False)
    with pytest.raises(SandboxError, match="only supergroups"):
        sandbox.group_chat(-9, "Basic")
        sandbox.restrict_bot(-9, can_send_messages=False, by_user=1)
