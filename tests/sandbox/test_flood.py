"""Flood limits, on a fake clock so nothing sleeps."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.sandbox import BotApiSandbox, FloodLimits, SandboxRequest
from tests.sandbox.conftest import FakeClock

# PTB warns that retry_after will become a timedelta; either type is fine here.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else value


def limited(clock: FakeClock, scale: float = 1.0) -> tuple[BotApiSandbox, Bot]:
    sandbox = BotApiSandbox(clock=clock, flood_limits=FloodLimits(scale=scale))
    return sandbox, Bot(sandbox.token, request=SandboxRequest(sandbox))


async def test_bot_wide_limit_is_30_per_second(clock: FakeClock) -> None:
    sandbox, bot = limited(clock)
    for user_id in range(1, 32):
        sandbox.private_chat(user_id)
    for user_id in range(1, 31):
        await bot.send_message(user_id, "push")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(31, "push")
    assert retry_seconds(caught.value) == 1
    clock.advance(1)
    await bot.send_message(31, "push")
    assert sandbox.stats.sends_ok == 31
    assert sandbox.stats.too_many_requests["sendMessage"] == 1
    assert sandbox.stats.total_429 == 1


async def test_429_body_is_telegrams(clock: FakeClock) -> None:
    sandbox, _ = limited(clock)
    sandbox.group_chat(-10, "Group")
    await sandbox.call("sendMessage", {"chat_id": -10, "text": "a"})
    status, body = await sandbox.call("sendMessage", {"chat_id": -10, "text": "b"})
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_one_message_per_second_per_group(clock: FakeClock) -> None:
    sandbox, bot = limited(clock)
    sandbox.group_chat(-10, "Group")
    sandbox.group_chat(-20, "Other group")
    await bot.send_message(-10, "a")
    with pytest.raises(RetryAfter):
        await bot.send_poll(-10, "Q", ["x", "y"])
    await bot.send_message(-20, "other chats are not held up")
    clock.advance(0.5)
    with pytest.raises(RetryAfter):
        await bot.send_document(-10, b"x", filename="x.txt")
    clock.advance(0.5)
    await bot.send_message(-10, "b")


async def test_a_private_chat_takes_a_short_burst_then_one_a_second(clock: FakeClock) -> None:
    sandbox, bot = limited(clock)
    sandbox.private_chat(1)
    sandbox.private_chat(2)
    await bot.send_message(1, "a")
    await bot.send_poll(1, "Q", ["x", "y"])
    await bot.send_document(1, b"x", filename="x.txt")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "a fourth at once")
    assert retry_seconds(caught.value) == 1
    await bot.send_message(2, "other chats are not held up")
    clock.advance(0.5)
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "half a message back")
    clock.advance(0.5)
    await bot.send_message(1, "one a second sustained")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "and no more")
    clock.advance(3)
    for _ in range(3):
        await bot.send_message(1, "a quiet while refills the burst")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "but no further")


async def test_twenty_messages_per_minute_per_group(clock: FakeClock) -> None:
    sandbox, bot = limited(clock)
    sandbox.group_chat(-10, "Group")
    for _ in range(20):
        await bot.send_message(-10, "question")
        clock.advance(1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(-10, "one too many")
    assert retry_seconds(caught.value) == 40  # the first of the twenty leaves the window
    clock.advance(39)
    with pytest.raises(RetryAfter):
        await bot.send_message(-10, "still too early")
    clock.advance(1)
    await bot.send_message(-10, "now")


async def test_edits_count_against_the_bot_only(clock: FakeClock) -> None:
    sandbox, bot = limited(clock)
    sandbox.private_chat(1)
    sandbox.private_chat(2)
    message = await bot.send_message(1, "v0")
    clock.advance(1)
    for version in range(1, 31):
        await bot.edit_message_text(f"v{version}", 1, message.message_id)
    with pytest.raises(RetryAfter):
        await bot.send_message(2, "no room left this second")
    assert sandbox.stats.too_many_requests["sendMessage"] == 1
    assert sandbox.stats.ok["editMessageText"] == 30


async def test_scale_multiplies_every_limit(clock: FakeClock) -> None:
    sandbox, bot = limited(clock, scale=10)
    sandbox.group_chat(-10, "Group")
    for user_id in range(1, 302):
        sandbox.private_chat(user_id)
    for _ in range(30):
        await bot.send_message(1, "per private chat: 3 seconds' worth of 10 a second at once")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "31st")
    for user_id in range(2, 272):
        await bot.send_message(user_id, "bot-wide: 300 a second")
    with pytest.raises(RetryAfter):
        await bot.send_message(300, "301st")
    for second in range(20):
        clock.advance(1)
        for _ in range(10):
            await bot.send_message(-10, f"group second {second}")
        if second == 0:
            with pytest.raises(RetryAfter):
                await bot.send_message(-10, "per group: 10 a second")
    with pytest.raises(RetryAfter):
        await bot.send_message(-10, "201st this minute")


async def test_no_limits_by_default(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(1)
    for _ in range(100):
        await bot.send_message(1, "spam")
    assert sandbox.stats.sends_ok == 100
    assert sandbox.stats.total_429 == 0
