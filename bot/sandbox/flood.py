"""Telegram's flood limits, and the counters that show how a sender fared against them."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.sandbox.errors import too_many_requests


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's published broadcast limits; ``scale`` multiplies the rates for benchmarks.

    A group gets at most one message a second, strictly. A private chat may take a short
    burst (Telegram's FAQ: "We may allow short bursts that go over this limit"): up to
    ``private_burst`` seconds' worth of its rate at once, about one a second sustained.
    Telegram publishes no figure; three is "a few messages at once"."""

    per_bot_per_second: float = 30
    per_chat_per_second: float = 1
    per_group_per_minute: float = 20
    scale: float = 1.0
    private_burst: float = 3

    def __post_init__(self) -> None:
        # Below one second's worth, a burst would refuse what the one-second window allows.
        if self.private_burst < 1:
            raise ValueError("private_burst is at least 1 (a second's worth)")


class _Limit(Protocol):
    def retry_after(self, now: float) -> int | None: ...
    def record(self, now: float) -> None: ...


class _Window:
    """Timestamps of accepted sends within the last ``span`` seconds."""

    def __init__(self, span: float, limit: float) -> None:
        self.span = span
        self.limit = limit
        self._times: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        """Seconds to wait before one more send fits, or None if it fits now."""
        while self._times and self._times[0] <= now - self.span:
            self._times.popleft()
        if len(self._times) < self.limit:
            return None
        # The send fits once enough of the oldest entries have left the window.
        index = min(len(self._times) - 1, max(0, len(self._times) - math.ceil(self.limit)))
        return max(1, math.ceil(self._times[index] + self.span - now))

    def record(self, now: float) -> None:
        self._times.append(now)


class _Burst:
    """A private chat's allowance: a bucket of ``capacity`` messages, refilled at ``rate`` a
    second. Sends one second's worth apart always fit, whatever came before them."""

    # Levels are sums of float products: a send that fits exactly must not miss by a rounding.
    _ROUNDING = 1e-9

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self._level = capacity
        self._at: float | None = None

    def _level_at(self, now: float) -> float:
        if self._at is None:
            return self.capacity
        return min(self.capacity, self._level + (now - self._at) * self.rate)

    def retry_after(self, now: float) -> int | None:
        missing = 1 - self._level_at(now)
        if missing <= self._ROUNDING:
            return None
        return max(1, math.ceil(missing / self.rate))

    def record(self, now: float) -> None:
        self._level = self._level_at(now) - 1
        self._at = now


class FloodControl:
    """Rejects sends beyond the limits, per bot, per chat and per group."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float]) -> None:
        self._limits = limits
        self._clock = clock
        self._bot = _Window(1.0, limits.per_bot_per_second * limits.scale)
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}
        self._private: dict[int, _Burst] = {}

    def check_send(self, chat_id: int, is_group: bool) -> None:
        """Admit one new message to ``chat_id`` or raise the 429 Telegram would answer."""
        windows: list[_Limit] = [self._bot]
        if is_group:
            windows.append(self._window(self._chats, chat_id, 1.0, "per_chat_per_second"))
            windows.append(self._window(self._groups, chat_id, 60.0, "per_group_per_minute"))
        else:
            windows.append(self._burst(chat_id))
        self._admit(windows, self._clock())

    def check_edit(self) -> None:
        """Edits do not fill the chat's quota but do count against the bot's."""
        self._admit([self._bot], self._clock())

    def _window(self, table: dict[int, _Window], chat_id: int, span: float, limit: str) -> _Window:
        window = table.get(chat_id)
        if window is None:
            window = table[chat_id] = _Window(
                span, getattr(self._limits, limit) * self._limits.scale
            )
        return window

    def _burst(self, chat_id: int) -> _Burst:
        burst = self._private.get(chat_id)
        if burst is None:
            rate = self._limits.per_chat_per_second * self._limits.scale
            burst = self._private[chat_id] = _Burst(rate, rate * self._limits.private_burst)
        return burst

    @staticmethod
    def _admit(windows: list[_Limit], now: float) -> None:
        waits = [w for w in (window.retry_after(now) for window in windows) if w is not None]
        if waits:
            raise too_many_requests(max(waits))
        for window in windows:
            window.record(now)


SEND_METHODS = frozenset({"sendMessage", "sendPoll", "sendDocument", "sendPhoto"})


@dataclass
class SandboxStats:
    """What happened to the bot's calls, by method; read by tests and benchmarks."""

    calls: Counter[str] = field(default_factory=Counter)
    ok: Counter[str] = field(default_factory=Counter)
    too_many_requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)

    def record(self, method: str, status: int) -> None:
        self.calls[method] += 1
        if status == 200:
            self.ok[method] += 1
        else:
            self.errors[status] += 1
            if status == 429:
                self.too_many_requests[method] += 1

    @property
    def sends_ok(self) -> int:
        return sum(self.ok[method] for method in SEND_METHODS)

    @property
    def total_429(self) -> int:
        return sum(self.too_many_requests.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": dict(self.calls),
            "ok": dict(self.ok),
            "too_many_requests": dict(self.too_many_requests),
            "errors": {str(code): count for code, count in self.errors.items()},
            "sends_ok": self.sends_ok,
            "total_429": self.total_429,
        }
