"""Replies are paced within Telegram's limits; one turned away all the same with a short
RetryAfter is sent again, and the push dispatcher's are not."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.domain.pacing import SAFETY
from bot.sandbox.flood import FloodLimits
from bot.sandbox.state import BotApiSandbox
from bot.tgbot.rate_limiter import (
    DISPATCHED,
    MAX_WAIT_SECONDS,
    BudgetRateLimiter,
    counted_against,
)
from tests.harness import BotHarness, FakeMonotonic, FrozenClock, fake_timing, make_config
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


async def _through(limiter: BudgetRateLimiter, call: _Telegram, args: Any = None) -> Any:
    return await limiter.process_request(call, (), {}, "sendMessage", {}, args)


@pytest.fixture
def waited() -> list[float]:
    return []


@pytest.fixture
def limiter(waited: list[float]) -> BudgetRateLimiter:
    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    return BudgetRateLimiter(fake_timing(FakeMonotonic()).budget(), sleep=sleep)


async def test_a_short_wait_is_sat_out_and_the_reply_sent(
    limiter: BudgetRateLimiter, waited: list[float]
) -> None:
    call = _Telegram(refusals=2, wait=3)
    assert await _through(limiter, call) == {"ok": True}
    assert call.calls == 3 and waited == [3, 3]


async def test_it_gives_up_after_three_tries(limiter: BudgetRateLimiter) -> None:
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=3, wait=1))


async def test_a_long_wait_and_the_dispatchers_sends_are_left_to_the_caller(
    limiter: BudgetRateLimiter, waited: list[float]
) -> None:
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=1, wait=MAX_WAIT_SECONDS + 1))
    with pytest.raises(RetryAfter):
        await _through(limiter, _Telegram(refusals=1, wait=1), DISPATCHED)
    assert waited == []


@pytest.mark.parametrize(
    ("endpoint", "data", "counted"),
    [
        ("sendMessage", {"chat_id": 5}, (True, 5)),
        ("sendPoll", {"chat_id": -100}, (True, -100)),
        ("copyMessage", {"chat_id": 5, "from_chat_id": 6}, (True, 5)),
        # Edits and a stopped poll count for the bot only, as the sandbox counts them.
        ("editMessageText", {"chat_id": 5}, (True, None)),
        ("stopPoll", {"chat_id": -100}, (True, None)),
        ("answerCallbackQuery", {"callback_query_id": "1"}, (False, None)),
        ("sendChatAction", {"chat_id": 5}, (False, None)),
        ("getChatMember", {"chat_id": -100, "user_id": 5}, (False, None)),
    ],
)
def test_what_counts_against_telegrams_limits(
    endpoint: str, data: dict[str, Any], counted: tuple[bool, int | None]
) -> None:
    assert counted_against(endpoint, data) == counted


def _flood_limited(
    flood: FloodLimits, database_url: str, tmp_path: Any, clock: FrozenClock
) -> tuple[BotHarness, FakeMonotonic]:
    """A bot with a daily quiz, its sandbox keeping `flood`, on a clock that stands still but
    for the replies' waits: the time a reply takes on it is what pacing costs, however slow
    the machine running the test."""
    ticks = FakeMonotonic()
    sandbox = BotApiSandbox(flood_limits=flood, clock=ticks)
    folder = write_banks(tmp_path / "quizzes", single_bank(5))
    config = make_config(database_url, quizzes_dir=str(folder))
    return BotHarness(config, clock, sandbox, timing=fake_timing(ticks)), ticks


async def _first_questions(
    flood: FloodLimits, database_url: str, tmp_path: Any, clock: FrozenClock
) -> tuple[BotApiSandbox, float]:
    """45 members ask for the daily quiz at once: more than 30 a second. Every one gets the
    first question; returns the sandbox and how long they took on the fake clock."""
    harness, ticks = _flood_limited(flood, database_url, tmp_path, clock)
    sandbox = harness.sandbox
    await harness.start()
    started = ticks.now
    try:
        for member in range(7000, 7045):
            sent = await harness.say(member, "/quiz")
            assert "第 1/5 题" in (question_message(sent).text or "")
    finally:
        await harness.stop()
    return sandbox, ticks.now - started


async def test_replies_past_the_limit_are_paced_to_it(
    database_url: str, tmp_path: Any, clock: FrozenClock
) -> None:
    sandbox, took = await _first_questions(FloodLimits(), database_url, tmp_path, clock)
    assert sandbox.stats.total_429 == 0
    assert took >= 44 * SAFETY / 30  # the limit was really met: 45 messages at 30 a second


async def test_every_member_gets_a_question_when_replies_pass_the_limit(
    database_url: str, tmp_path: Any, clock: FrozenClock
) -> None:
    # Telegram allows far less than the bot assumes (another process sends with its token).
    limits = FloodLimits(per_bot_per_second=5)
    sandbox, _ = await _first_questions(limits, database_url, tmp_path, clock)
    assert sandbox.stats.total_429 > 0  # the limit was really met, and sat out


async def test_a_member_who_answers_at_once_hears_back_at_once(
    database_url: str, tmp_path: Any, clock: FrozenClock
) -> None:
    # Telegram lets a bot send a private chat a few messages at once; only a group keeps one
    # a second strictly. A member who taps an answer right after the question arrived (or an
    # explanation followed by the next question) used to wait out a second for that window.
    harness, ticks = _flood_limited(FloodLimits(), database_url, tmp_path, clock)
    await harness.start()
    try:
        question = question_message(await harness.say(7100, "/quiz"))
        asked = ticks.now
        sent = await harness.press(7100, question, "B")
        assert "第 2/5 题" in (question_message(sent).text or "")
        # The verdict's edit and the next question: two turns in the bot's budget.
        assert ticks.now - asked <= 2 * SAFETY / 30 + 1e-6
        assert harness.sandbox.stats.total_429 == 0
    finally:
        await harness.stop()
