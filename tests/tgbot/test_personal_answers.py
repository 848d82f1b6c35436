"""Member commands answering one person (/me, /rank, /help, ...) sent in a group chat: the
answer goes to the member's private chat, and the group stays readable and within the 20
messages a minute Telegram allows a bot there."""

from __future__ import annotations

import asyncio
from pathlib import Path

from telegram import Update

from bot.domain.pacing import SAFETY
from bot.sandbox.flood import FloodLimits
from bot.sandbox.state import BotApiSandbox
from bot.storage.models import Member
from bot.tgbot.private_chat import NAMES_MAX, NOTICE_SPACING, GroupNotices
from tests.harness import BotHarness, FakeMonotonic, FrozenClock, fake_timing, make_config
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import single_bank, write_banks

GROUP = -1007001
READERS = range(8000, 8150)  # opened the private chat with the bot before
STRANGERS = range(8150, 8200)  # never did: the bot cannot write to them first


def flood_limited(
    database_url: str, tmp_path: Path, clock: FrozenClock
) -> tuple[BotHarness, FakeMonotonic]:
    """A bot whose sandbox keeps Telegram's limits, on the send budget's fake clock: the
    time the bot takes on it is what pacing costs, however slow the machine."""
    ticks = FakeMonotonic()
    # Message dates on that clock too: they show how the bot's messages were spaced.
    sandbox = BotApiSandbox(flood_limits=FloodLimits(), clock=ticks, wall_clock=ticks)
    folder = write_banks(tmp_path / "quizzes", single_bank(5))
    config = make_config(database_url, quizzes_dir=str(folder))
    return BotHarness(config, clock, sandbox, timing=fake_timing(ticks)), ticks


async def burst(harness: BotHarness, text: str, senders: range) -> None:
    """Every sender sends `text` in the group at once, handled side by side as the running
    bot handles different members' updates."""
    for user_id in senders:
        harness.sandbox.send_message(user_id, text, chat_id=GROUP)
    updates = [Update.de_json(data, harness.app.bot) for data in harness.sandbox.take_updates()]
    await asyncio.gather(*(harness.app.process_update(update) for update in updates))


def mention_of(user_id: int) -> str:
    return f'href="tg://user?id={user_id}"'


async def test_a_burst_of_me_in_a_group_is_answered_privately_at_the_bots_rate(
    database_url: str, tmp_path: Path, clock: FrozenClock
) -> None:
    """150 members send /me in the group at once. Answered there, they took 7.5 minutes of
    the group's 20 a minute and filled it with reports; each now has theirs in the private
    chat, at the bot's 30 a second, and the group stays as it was."""
    harness, ticks = flood_limited(database_url, tmp_path, clock)
    sandbox = harness.sandbox
    sandbox.group_chat(GROUP, "青年理论学习小组")
    for user_id in READERS:
        sandbox.private_chat(user_id)
    await harness.start()
    started = ticks.now
    try:
        await burst(harness, "/me", READERS)
    finally:
        await harness.stop()
    for user_id in READERS:
        [report] = sandbox.sent(user_id)
        assert f"用户ID {user_id}" in (report.text or "")
    assert sandbox.sent(GROUP) == []
    assert sandbox.stats.total_429 == 0
    assert ticks.now - started < len(READERS) * SAFETY / 30 + 1


async def test_a_burst_from_members_the_bot_cannot_write_to_keeps_the_group_within_limits(
    database_url: str, tmp_path: Path, clock: FrozenClock
) -> None:
    """Members who never opened the private chat are each named in a group notice with the
    link to it, and the notices keep to at most 10 a minute, half the group's limit."""
    harness, _ = flood_limited(database_url, tmp_path, clock)
    sandbox = harness.sandbox
    sandbox.group_chat(GROUP, "青年理论学习小组")
    await harness.start()
    try:
        await burst(harness, "/me", STRANGERS)
    finally:
        await harness.stop()
    # On this fake clock a notice's wait jumps time ahead at once, before the other members'
    # updates reach it, so each notice names one member here; the running bot names all who
    # come during the wait in one (test_members_named_while_a_notice_waits_share_the_next_one).
    notices = sandbox.sent(GROUP)
    text = "\n".join(notice.text or "" for notice in notices)
    for user_id in STRANGERS:
        assert text.count(mention_of(user_id)) == 1
    assert "用户ID" not in text  # nobody's report before the group
    username = harness.app.bot.username
    assert all(f"https://t.me/{username}" in (notice.text or "") for notice in notices)
    dates = [notice.message["date"] for notice in notices]
    assert all(sum(1 for other in dates if date <= other < date + 60) <= 10 for date in dates)
    assert sandbox.stats.total_429 == 0


async def test_a_member_the_bot_cannot_write_to_is_shown_the_way_to_the_private_chat(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness()
    stranger = STRANGERS.start
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={stranger: "member"})
    [notice] = await harness.say(stranger, "/rank", chat_id=GROUP, name="王五")
    assert f'<a href="tg://user?id={stranger}">王五</a>' in (notice.text or "")
    username = harness.app.bot.username
    assert f'<a href="https://t.me/{username}">@{username}</a>' in (notice.text or "")
    assert "积分排行" not in (notice.text or "")
    # Once they open the private chat, the same command is answered there.
    await harness.say(stranger, "/start")
    [board] = await harness.say(stranger, "/rank")
    assert "积分排行" in (board.text or "")
    assert await harness.say(stranger, "/rank", chat_id=GROUP) == []
    assert "积分排行" in (harness.sandbox.sent(stranger)[-1].text or "")


async def test_a_member_who_blocked_the_bot_is_named_in_the_group_and_not_pushed_to(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness()
    blocker = READERS.start
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={blocker: "member"})
    await harness.say(blocker, "/start")
    harness.sandbox.block(blocker)
    [notice] = await harness.say(blocker, "/help", chat_id=GROUP)
    assert mention_of(blocker) in (notice.text or "")
    async with harness.services.unit() as unit:
        member = await unit.session.get(Member, blocker)
        assert member is not None and not member.is_reachable


async def test_quiz_banks_and_unknown_commands_in_a_group_are_answered_privately(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness()
    reader = READERS.start
    harness.sandbox.group_chat(GROUP, "青年理论学习小组", members={reader: "member"})
    await harness.say(reader, "/start")
    for command in ("/quiz", "/banks", "/nosuchcommand"):
        assert await harness.say(reader, command, chat_id=GROUP) == []
    quiz, banks, unknown = (m.text or "" for m in harness.sandbox.sent(reader)[-3:])
    assert "私聊" in quiz and "题库" in banks and "没有这个命令" in unknown


class HeldClock:
    """A clock whose sleeps end only when the test lets them, then all at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.released = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        await self.released.wait()
        self.now += seconds


async def test_members_named_while_a_notice_waits_share_the_next_one() -> None:
    """A burst costs the group a few notices however many ask: whoever comes while the next
    notice waits out its spacing is named in it, up to NAMES_MAX a notice."""
    clock = HeldClock()
    notices = GroupNotices(lambda: clock.now, clock.sleep)
    sent: list[tuple[float, list[str]]] = []

    async def send(names: list[str]) -> None:
        sent.append((clock.now, names))

    await notices.name(GROUP, "first", send)  # nothing waits: at once
    names = [f"member{i}" for i in range(NAMES_MAX + 10)]
    flusher = asyncio.create_task(notices.name(GROUP, names[0], send))
    await asyncio.sleep(0)  # it waits out the spacing ...
    for name in names[1:]:
        await notices.name(GROUP, name, send)  # ... and these return at once, named by it
    assert sent == [(0.0, ["first"])]
    clock.released.set()
    await flusher
    assert sent[1:] == [
        (NOTICE_SPACING, names[:NAMES_MAX]),
        (2 * NOTICE_SPACING, names[NAMES_MAX:]),
    ]
