"""Replies turned away with a short RetryAfter are sent again; the push dispatcher's are not."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.sandbox.flood import FloodLimits
from bot.sandbox.state import BotApiSandbox
from bot.tgbot.flood_retry import MAX_WAIT_SECONDS, NO_RETRY, RetryBriefFloodWaits
from bot.tgbot.push_engine import Timing
from tests.harness import BotHarness, FrozenClock, make_config
from tests.tgbot.pushkit import FakeMonotonic
from tests.tgbot.quizkit import question_message, single_bank, write_banks


class _Telegram:
    """A Bot API call that is turned away `refusals` times with RetryAfter(`wait`)."""

    def __init__(self, refusals: int, wait: float) -> None:
        self.refusals, self.wait, self.calls = refusals, wait, 0

    async def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.refusals:
            raise RetryAfter(int(self.wait))
        return {"ok": True}


async def _through(limiter: RetryBriefFloodWaits, call: _Telegram, args: Any = None) -> Any:
    return await limiter.process_request(call, (), {}, "sendMessage", {}, args)


@pytest.fixture
def waited() -> list[float]:
    return []


@pytest.fixture
def limiter(waited: list[float]) -> RetryBriefFloodWaits:
    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    return RetryBriefFloodWaits(sleep=sleep)


async def test_a_short_wait_is_sat_out_and_the_reply_sent(
    limiter: RetryBriefFloodWaits, waited: list[float]
) -> None:
    call = _Telegram(refusals=2, wait=3)
    assert await _through(limiter, call) == {"ok": True}
    assert call.calls == 3 and waited == [3, 3]


async def test_it_gives_up_after_three_tries(limiter: RetryBriefFloodWaits) -> None:
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=3, wait=1))


async def test_a_long_wait_and_the_dispatchers_sends_are_left_to_the_caller(
    limiter: RetryBriefFloodWaits, waited: list[float]
) -> None:
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=1, wait=MAX_WAIT_SECONDS + 1))
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=1, wait=1), NO_RETRY)
    assert waited == []


async def test_every_member_gets_a_question_when_replies_pass_the_limit(
    database_url: str, tmp_path: Any, clock: FrozenClock
) -> None:
    # Telegram's own limits on a clock that stands still but for the replies' waits: 45
    # members at once are more than 30 a second however slow the machine running the test.
    ticks = FakeMonotonic()
    sandbox = BotApiSandbox(flood_limits=FloodLimits(), clock=ticks)
    folder = write_banks(tmp_path / "quizzes", single_bank(5))
    timing = Timing(monotonic=ticks, sleep=ticks.sleep, concurrency=1, wake_early=0.0)
    config = make_config(database_url, quizzes_dir=str(folder))
    harness = BotHarness(config, clock, sandbox, timing=timing)
    await harness.start()
    try:
        members = range(7000, 7045)
        for member in members:
            sent = await harness.say(member, "/quiz")
            assert "第 1/5 题" in (question_message(sent).text or "")
        assert sandbox.stats.total_429 > 0  # the limit was really met, and sat out
    finally:
        await harness.stop()
