"""Telegram's flood limits as spacing between sends: pure, the clock is passed in.

Telegram allows a bot about 30 messages a second overall, 1 a second in one chat and 20 a
minute in one group. Sends are spaced evenly instead of burst, a little wider than the limit,
so a sliding one-second window never holds more than the limit (no 429s) while the rate stays
within a few percent of it. Spacing counts from when a message really left, not from when it
was planned, so a process that fell behind cannot catch up in a burst. PTB's AIORateLimiter
has no per-chat limit and does not retry by default, hence this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Spacing is this much wider than the limit: a window that starts exactly on a send would
# otherwise count one send too many, and requests jitter a little on their way.
SAFETY = 1.02


@dataclass(frozen=True, slots=True)
class Limits:
    per_bot_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_group_per_minute: float = 20.0

    def scaled(self, factor: float) -> Limits:
        return Limits(
            self.per_bot_per_second * factor,
            self.per_chat_per_second * factor,
            self.per_group_per_minute * factor,
        )


@dataclass
class Pacer:
    limits: Limits = field(default_factory=Limits)
    _bot_next: float = 0.0
    _chat_next: dict[int, float] = field(default_factory=dict)

    def _chat_gap(self, chat_id: int) -> float:
        if chat_id < 0:  # groups and channels have negative ids
            return 60.0 / self.limits.per_group_per_minute * SAFETY
        return 1.0 / self.limits.per_chat_per_second * SAFETY

    @property
    def bot_gap(self) -> float:
        return 1.0 / self.limits.per_bot_per_second * SAFETY

    def chat_ready_at(self, chat_id: int) -> float:
        """When `chat_id` may next get a message, as far as its own limit goes."""
        return self._chat_next.get(chat_id, 0.0)

    def bot_ready_at(self) -> float:
        """When the bot may next send anything."""
        return self._bot_next

    def departed(self, chat_id: int, at: float) -> None:
        """A message to `chat_id` left at `at`: the next ones keep their distance from it."""
        self._bot_next = max(self._bot_next, at + self.bot_gap)
        self._chat_next[chat_id] = max(self.chat_ready_at(chat_id), at + self._chat_gap(chat_id))

    def hold(self, until: float, chat_id: int | None = None) -> None:
        """Telegram said RetryAfter: nothing more to that chat (or at all) before `until`."""
        if chat_id is None:
            self._bot_next = max(self._bot_next, until)
        else:
            self._chat_next[chat_id] = max(self.chat_ready_at(chat_id), until)

    def forget_idle(self, now: float) -> None:
        """Drop chats whose spacing has run out, so a long broadcast keeps memory flat."""
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
