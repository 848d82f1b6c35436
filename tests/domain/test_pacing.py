"""The pacer against the sandbox's own flood windows: whatever happens to requests on their
way (the server stalling, answers coming back late), no window at the server holds more than
the limit, and without such delays the rate stays within a few percent of it."""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.pacing import SAFETY, Limits, Pacer, Ticket
from bot.sandbox.errors import ApiError
from bot.sandbox.flood import FloodControl, FloodLimits


@dataclass(frozen=True)
class Send:
    chat_id: int | None  # None: an edit, counted for the bot only
    to_server: float = 0.0  # from leaving to the server's stamp, unless a stall holds it longer
    back: float = 0.0  # from the stamp to the answer coming back
    late: float = 0.0  # the sender's own hiccup: it leaves this long after it may
    reply: bool = False  # a broadcast's send by default


@dataclass(order=True)
class _Flying:
    lands: float
    serial: int
    ticket: Ticket = field(compare=False)


@dataclass
class Run:
    departures: list[float]
    stamps: list[tuple[float, Send]]  # in the server's order
    rejected: list[Send]


def broadcast(
    limits: Limits,
    sends: list[Send],
    *,
    concurrency: int,
    stalls: Sequence[tuple[float, float]] = (),
) -> Run:
    """A sender that follows the pacer as the dispatcher does, in simulated time: up to
    `concurrency` requests in flight, each leaving as soon as the pacer allows and landing
    when its answer is back. A request reaching the server during one of its `stalls`
    (start, length) is stamped when the stall ends. The stamps then go through the
    sandbox's FloodControl, in the order the server handles them."""
    pacer = Pacer(limits)
    flying: list[_Flying] = []
    serials = itertools.count()
    now = 0.0
    departures: list[float] = []
    stamps: list[tuple[float, Send]] = []

    def land_next() -> None:
        nonlocal now
        first = heapq.heappop(flying)
        now = max(now, first.lands)
        pacer.landed(first.ticket, first.lands)

    for send in sends:
        while True:
            while flying and flying[0].lands <= now:
                land_next()
            next_landing = flying[0].lands if flying else math.inf
            chat_ready = pacer.chat_ready_at(send.chat_id, reply=send.reply)
            ready = max(pacer.bot_ready_at(), chat_ready, now)
            if flying and (len(flying) >= concurrency or ready >= next_landing):
                land_next()  # a landing comes first and may bring `ready` forward
                continue
            assert ready < math.inf, "the pacer waits for a landing with nothing in flight"
            now = ready
            break
        while flying and flying[0].lands <= now + send.late:
            land_next()
        now += send.late
        ticket = pacer.departed(send.chat_id, now, reply=send.reply)
        stamp = now + send.to_server
        for start, length in stalls:
            if start <= stamp < start + length:
                stamp = start + length
        departures.append(now)
        stamps.append((stamp, send))
        heapq.heappush(flying, _Flying(stamp + send.back, next(serials), ticket))
        pacer.forget_idle(now)
    stamps.sort(key=lambda pair: pair[0])
    return Run(departures, stamps, _rejections(limits, stamps))


@dataclass
class _ServerClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


def _rejections(
    limits: Limits, stamps: list[tuple[float, Send]], *, bot_only: bool = False
) -> list[Send]:
    """The sends the sandbox turns away; `bot_only`: counting each against the bot's limit
    alone."""
    clock = _ServerClock()
    flood = FloodControl(
        FloodLimits(
            limits.per_bot_per_second, limits.per_chat_per_second, limits.per_group_per_minute
        ),
        clock,
    )
    rejected = []
    for clock.now, send in stamps:
        chat_id = send.chat_id
        try:
            if chat_id is None or bot_only:
                flood.check_edit()
            else:
                flood.check_send(chat_id, is_group=chat_id < 0)
        except ApiError as error:
            assert error.status == 429
            rejected.append(send)
    return rejected


def rate(run: Run) -> float:
    """Sends a second, from the first departure to the last (n sends, n - 1 gaps)."""
    return (len(run.departures) - 1) / (run.departures[-1] - run.departures[0])


BENCH = Limits().scaled(3)  # bench/broadcast.py: 90 sends a second

# Mostly a millisecond or two on the way, sometimes a stall of up to 600 ms.
delays = st.one_of(st.just(0.0), st.floats(0.0, 0.003), st.floats(0.0, 0.6))
chats = st.one_of(st.integers(1, 400), st.integers(1, 3), st.integers(-3, -1), st.none())
# The sender itself leaving late: its loop busy for a moment, or for a long while.
hiccups = st.one_of(st.just(0.0), st.floats(0.0, 0.01), st.floats(0.0, 0.3))
# Broadcast sends and replies (which keep no spacing in their chat) mixed.
sends = st.builds(Send, chats, delays, delays, hiccups, st.booleans())
limits = st.builds(
    Limits,
    st.sampled_from([5.0, 14.5, 30.0, 90.0]),
    st.sampled_from([1.0, 3.0, 10.0]),
    st.sampled_from([20.0, 60.0, 600.0]),
)
stalls = st.lists(st.tuples(st.floats(0.0, 10.0), st.floats(0.0, 0.8)), max_size=4)


@settings(max_examples=150, deadline=None)
@given(limits, st.lists(sends, min_size=1, max_size=400), st.integers(1, 16), stalls)
def test_no_delay_on_the_way_puts_too_many_into_a_window_at_the_server(
    limits: Limits, sends: list[Send], concurrency: int, stalls: list[tuple[float, float]]
) -> None:
    run = broadcast(limits, sends, concurrency=concurrency, stalls=stalls)
    # Replies to a private chat go at once, past its one a second: only they may meet its
    # burst's end (and the retry sits that out). Broadcast sends, groups and the bot's own
    # limit never do.
    assert all(send.reply and send.chat_id and send.chat_id > 0 for send in run.rejected)
    assert _rejections(limits, run.stamps, bot_only=True) == []


def test_a_server_stall_is_no_burst_of_429s_after_it() -> None:
    # Evenly spaced departures alone (the pacer before the window rule, with 2% to spare)
    # went on at full rate once the stall ended, on top of the requests stamped at its end:
    # 15 answers were 429s.
    sends = [Send(chat_id, 0.001, 0.001) for chat_id in range(1, 1001)]
    run = broadcast(BENCH, sends, concurrency=16, stalls=[(3.0, 0.3)])
    assert run.rejected == []
    assert rate(run) >= 0.9 * BENCH.per_bot_per_second  # only the stall cost time


def test_requests_held_up_on_the_way_are_no_429s_when_they_arrive() -> None:
    # Thirty requests in a row take 150 ms to reach the server while later ones go straight
    # through: they arrive among sends that left after them. Evenly spaced departures alone
    # let 12 of them through into full windows.
    sends = [
        Send(chat_id, 0.15 if 300 <= chat_id < 330 else 0.001, 0.001) for chat_id in range(1, 901)
    ]
    run = broadcast(BENCH, sends, concurrency=16)
    assert run.rejected == []
    assert rate(run) >= 0.95 * BENCH.per_bot_per_second


@pytest.mark.parametrize("round_trip", [0.0, 0.002, 0.01])
def test_without_stalls_the_rate_is_within_5_percent_of_the_limit(round_trip: float) -> None:
    sends = [Send(chat_id, round_trip / 2, round_trip / 2) for chat_id in range(1, 3001)]
    run = broadcast(BENCH, sends, concurrency=16)
    assert run.rejected == []
    limit = BENCH.per_bot_per_second
    assert 0.95 * limit <= rate(run) <= limit
    assert rate(run) == pytest.approx(limit / SAFETY, rel=0.01)


def test_sends_a_little_late_cost_no_rate() -> None:
    # Up to 4 ms late each, below half the 11 ms gap: counting the spacing from departures
    # alone, this was 85% of the limit.
    sends = [Send(chat_id, 0.001, 0.001, late=chat_id % 5 / 1000) for chat_id in range(1, 3001)]
    run = broadcast(BENCH, sends, concurrency=16)
    assert run.rejected == []
    assert rate(run) == pytest.approx(BENCH.per_bot_per_second / SAFETY, rel=0.01)


def test_the_spacing_keeps_its_schedule_through_a_hiccup_but_never_catches_up() -> None:
    pacer = Pacer(BENCH)
    gap = pacer.bot_gap
    pacer.departed(1, at=100.0)
    pacer.departed(2, at=100.0 + 1.4 * gap)  # 0.4 gaps late: the schedule holds
    assert pacer.bot_ready_at() == pytest.approx(100.0 + 2 * gap)
    pacer.departed(3, at=100.0 + 2.6 * gap)  # 0.6 gaps late: one gap from now on
    assert pacer.bot_ready_at() == pytest.approx(100.0 + 3.6 * gap)


def test_a_request_in_flight_holds_its_chat_until_it_lands() -> None:
    pacer = Pacer(Limits(per_chat_per_second=1.0))
    ticket = pacer.departed(7, at=10.0)
    assert pacer.chat_ready_at(7) == math.inf
    assert pacer.chat_ready_at(8) == 0.0
    pacer.landed(ticket, at=10.5)
    # Its stamp may have been as late as 10.5: one second after that, not after leaving.
    assert pacer.chat_ready_at(7) == pytest.approx(11.5)


@pytest.mark.parametrize(
    ("first_answer", "ready"),
    [
        # Its stamp was no later than 0.001: out of the window by the time the spacing ends.
        (0.001, 3 * 1.01 / 3),
        # Its stamp may have been 0.9: the second send's must leave the window first.
        (0.9, 1.01 / 3 + 0.001 + 1.0),
    ],
)
def test_the_bot_window_counts_sends_until_their_answers_are_a_window_old(
    first_answer: float, ready: float
) -> None:
    pacer = Pacer(Limits(per_bot_per_second=3.0))
    gap = pacer.bot_gap
    tickets = [pacer.departed(chat_id, at=i * gap) for i, chat_id in enumerate((1, 2, 3))]
    assert pacer.bot_ready_at() == math.inf  # three in flight: any might be stamped yet
    pacer.landed(tickets[1], at=gap + 0.001)
    pacer.landed(tickets[2], at=2 * gap + 0.001)
    pacer.landed(tickets[0], at=first_answer)
    assert pacer.bot_ready_at() == pytest.approx(ready)


def test_a_group_counts_a_minute_back() -> None:
    pacer = Pacer(Limits(per_group_per_minute=2.0))
    pacer.landed(pacer.departed(-5, at=0.0), at=5.0)
    pacer.landed(pacer.departed(-5, at=30.3), at=30.4)
    assert pacer.chat_ready_at(-5) == pytest.approx(65.0)  # the first answer's minute
    assert pacer.chat_ready_at(5) == 0.0


def test_hold_keeps_everything_back_until_then() -> None:
    pacer = Pacer()
    pacer.hold(until=40.0)
    pacer.hold(until=50.0, chat_id=9)
    assert pacer.bot_ready_at() == 40.0
    assert pacer.chat_ready_at(9) == 50.0
    assert pacer.chat_ready_at(10) == 0.0


def test_a_long_broadcast_keeps_memory_flat() -> None:
    pacer = Pacer(BENCH)
    now = 0.0
    for chat_id in range(1, 20_001):
        now = max(now, pacer.bot_ready_at(), pacer.chat_ready_at(chat_id))
        pacer.landed(pacer.departed(chat_id, now), now + 0.005)
        pacer.forget_idle(now)
    # Only what a window might still hold (about one second of sends), not 20,000 chats.
    limit = BENCH.per_bot_per_second
    assert len(pacer._chats) <= 2 * limit
    assert len(pacer._bot.landed) <= 2 * limit


def test_a_reply_keeps_a_chats_windows_but_not_its_spacing() -> None:
    pacer = Pacer()
    pacer.landed(pacer.departed(-5, at=0.0), at=0.01)  # a push reached the group
    # A reply may follow a second after (one a second), a broadcast send three (20 a minute).
    assert pacer.chat_ready_at(-5, reply=True) == pytest.approx(1.01)
    assert pacer.chat_ready_at(-5) == pytest.approx(3 * SAFETY)
    pacer.landed(pacer.departed(-5, at=1.01, reply=True), at=1.02)
    assert pacer.chat_ready_at(-5) == pytest.approx(3 * SAFETY)  # a reply spaces nothing


def test_a_reply_to_a_private_chat_goes_at_once_and_a_broadcast_send_waits_for_it() -> None:
    pacer = Pacer()
    pacer.landed(pacer.departed(5, at=0.0), at=0.01)  # a push reached the member
    assert pacer.chat_ready_at(5, reply=True) == 0.0  # Telegram allows a short burst
    ticket = pacer.departed(5, at=0.02, reply=True)
    assert pacer.chat_ready_at(5, reply=True) == 0.0
    assert pacer.chat_ready_at(5) == math.inf  # it might be stamped yet
    pacer.landed(ticket, at=0.03)
    assert pacer.chat_ready_at(5) == pytest.approx(1.03)  # the reply's second, strictly


def test_replies_to_a_group_keep_its_minute() -> None:
    pacer = Pacer(Limits(per_group_per_minute=3.0))
    now = 0.0
    for _ in range(3):
        now = pacer.chat_ready_at(-5, reply=True)
        pacer.landed(pacer.departed(-5, at=now, reply=True), at=now + 0.01)
    # The fourth waits until the first's answer is a minute old.
    assert pacer.chat_ready_at(-5, reply=True) == pytest.approx(60.01)


def test_an_edit_counts_for_the_bot_only() -> None:
    pacer = Pacer(Limits(per_bot_per_second=1.0))
    ticket = pacer.departed(None, at=5.0)
    assert pacer.chat_ready_at(None) == 0.0
    assert pacer.bot_ready_at() == math.inf  # in flight: it might be stamped yet
    pacer.landed(ticket, at=5.1)
    assert pacer.bot_ready_at() == pytest.approx(6.1)
    assert pacer._chats == {}
