"""Telegram's flood limits as rules for when a send may leave: pure, the clock is passed in.

Telegram allows a bot about 30 messages a second overall, 1 a second in one chat and 20 a
minute in one group, counted over sliding windows by the moment Telegram handles a request
(its stamp). PTB's AIORateLimiter has no per-chat limit and does not retry by default, hence
this. Two rules together decide when a send may leave:

- Spacing, which gives the rate: sends leave evenly spaced at the limit rather than in bursts.
  The bot's spacing keeps to its schedule through a send that left less than half a gap late:
  a busy event loop wakes a little late now and then, and at 90 sends a second a millisecond
  lost each time was several percent of the rate. After a longer delay it counts from when
  the message really left, so a process that fell behind cannot catch up in a burst: two
  sends are never closer than half a gap. (A chat's spacing always counts from the
  departure: a chat gets a message or two, and there is no rate to keep.) Replies to members
  share the bot's spacing, but neither keep nor make a chat's (`reply=True`): a reply
  leaves its chat as soon as the chat's windows allow, so a group that asks twice hears back
  a second apart, not the three seconds of 20 a minute spread evenly.
- Private chats take a reply at once. Telegram allows them short bursts over one a second
  (a verdict's explanation and the next question together, a member tapping fast), and
  waiting out the window there cost every quick answer a second; PTB's AIORateLimiter does
  not limit private chats at all. Such replies still count in their chat's windows, so a
  broadcast send to that chat waits for them. Groups keep their windows for replies too:
  Telegram holds them to one a second and 20 a minute strictly.
- Windows, which make a 429 impossible: a request's stamp lies somewhere between its
  departure and the moment its answer came back, so every request is kept with that upper
  bound (+infinity while it is in flight) for as long as its stamp might still be inside a
  window. A send may leave at `t` only if fewer than the limit of them have an upper bound
  after `t - span`. Take any window at Telegram and the send in it that left last: every
  other send in that window left before it and was stamped after `t - span`, so each was
  counted when it left, and there were fewer than the limit. This holds whatever the delays
  on the way (the server stalling, the kernel, this process's loop), and costs rate only
  after such a stall, while answers come back late.

The spacing therefore needs no margin against jitter any more. It keeps a small one all the
same (SAFETY): sends exactly 1/limit apart fill every window to the limit without going
over it, but put n sends into (n - 1) / limit seconds, a long-run rate a hair above the
limit; Telegram publishes its limits as "about" so many, not as a sliding window, so the rate
stays 1% below. (The old 2% also covered jitter and still let a stall put one send too many
into a window at the server; the window rule is what ended that.)
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

# How much wider than the limit the spacing is; the module docstring says why 1% is enough.
SAFETY = 1.01

SECOND = 1.0
MINUTE = 60.0


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


@dataclass(frozen=True, slots=True, eq=False)
class Ticket:
    """A request on its way to `chat_id`: hand it back to `Pacer.landed` once answered.
    Without a chat (an edit), it counts against the bot's limit only."""

    chat_id: int | None


Window = tuple[float, float]  # (span in seconds, limit)


def _leaves_window(stamp: float, span: float) -> float:
    """The first moment whose window no longer holds `stamp`, computed as the sandbox
    (bot/sandbox/flood.py) does: out once `stamp <= now - span`, which `stamp + span` alone
    can miss by a rounding, and a fake clock in tests would then send one too early."""
    moment = stamp + span
    while moment - span < stamp:
        moment = math.nextafter(moment, math.inf)
    return moment


@dataclass(slots=True)
class _Sends:
    """The sends of the bot as a whole, or of one chat."""

    next: float = 0.0  # a RetryAfter hold, or the bot's spacing after its last departure
    spaced: float = 0.0  # a chat's spacing after its last spaced departure (kept if spaced)
    in_flight: int = 0
    # When the answers of landed sends came back, sorted: upper bounds of their stamps.
    landed: list[float] = field(default_factory=list)

    def ready_at(self, windows: list[Window], *, spaced: bool = True) -> float:
        ready = max(self.next, self.spaced) if spaced else self.next
        for span, limit in windows:
            # At most this many may still be in the window when one more leaves.
            room = math.ceil(limit) - 1
            if self.in_flight > room:
                return math.inf  # known only when one of them lands
            kept = room - self.in_flight  # landed ones that may stay in the window
            if len(self.landed) > kept:
                # The newest landed one that must be out of the window first.
                stamp = self.landed[len(self.landed) - kept - 1]
                ready = max(ready, _leaves_window(stamp, span))
        return ready

    def land(self, at: float, keep: float) -> None:
        self.in_flight -= 1
        bisect.insort(self.landed, at)
        self.forget_before(at - keep)

    def forget_before(self, moment: float) -> None:
        """Sends that landed by `moment` are out of every window from then on."""
        del self.landed[: bisect.bisect_right(self.landed, moment)]

    def idle(self, now: float, keep: float) -> bool:
        """Whether nothing here holds a send back any more, once sends older than `keep`
        (the longest window) are forgotten."""
        self.forget_before(now - keep)
        quiet = max(self.next, self.spaced) <= now
        return quiet and self.in_flight == 0 and not self.landed


@dataclass
class Pacer:
    limits: Limits = field(default_factory=Limits)
    _bot: _Sends = field(default_factory=_Sends)
    _chats: dict[int, _Sends] = field(default_factory=dict)
    # Landing a ticket twice would free a place in the windows that is not free: refused.
    _flying: set[Ticket] = field(default_factory=set)

    def _bot_windows(self) -> list[Window]:
        return [(SECOND, self.limits.per_bot_per_second)]

    def _chat_windows(self, chat_id: int) -> list[Window]:
        windows = [(SECOND, self.limits.per_chat_per_second)]
        if chat_id < 0:  # groups and channels have negative ids
            windows.append((MINUTE, self.limits.per_group_per_minute))
        return windows

    def _chat_gap(self, chat_id: int) -> float:
        if chat_id < 0:
            return MINUTE / self.limits.per_group_per_minute * SAFETY
        return SECOND / self.limits.per_chat_per_second * SAFETY

    @staticmethod
    def _keep(chat_id: int) -> float:
        """How long a chat's landed sends may matter: its longest window."""
        return MINUTE if chat_id < 0 else SECOND

    @property
    def bot_gap(self) -> float:
        return SECOND / self.limits.per_bot_per_second * SAFETY

    def chat_ready_at(self, chat_id: int | None, *, reply: bool = False) -> float:
        """When `chat_id` may next get a message, as far as its own limits go (and its
        spacing, unless a `reply`); infinity while that depends on a request in flight
        landing. A reply to a private chat may go at once (the module docstring says why)."""
        if chat_id is None or chat_id not in self._chats or (reply and chat_id > 0):
            return 0.0
        return self._chats[chat_id].ready_at(self._chat_windows(chat_id), spaced=not reply)

    def bot_ready_at(self) -> float:
        """When the bot may next send anything; infinity while that depends on a request in
        flight landing."""
        return self._bot.ready_at(self._bot_windows())

    def departed(self, chat_id: int | None, at: float, *, reply: bool = False) -> Ticket:
        """A message to `chat_id` left at `at`: the next ones keep their distance from it
        (in its chat, the next broadcast sends, unless it is a reply), and it counts in every
        window until it has landed and its window has passed."""
        gap = self.bot_gap
        on_schedule = at - self._bot.next <= gap / 2
        self._bot.next = (self._bot.next if on_schedule else at) + gap
        self._bot.in_flight += 1
        if chat_id is not None:
            sends = self._chats.setdefault(chat_id, _Sends())
            if not reply:
                sends.spaced = max(sends.spaced, at + self._chat_gap(chat_id))
            sends.in_flight += 1
        ticket = Ticket(chat_id)
        self._flying.add(ticket)
        return ticket

    def landed(self, ticket: Ticket, at: float) -> None:
        """The answer to `ticket`'s request came back at `at`: its stamp was no later."""
        self._flying.remove(ticket)
        self._bot.land(at, SECOND)
        if ticket.chat_id is not None:
            self._chats[ticket.chat_id].land(at, self._keep(ticket.chat_id))

    def hold(self, until: float, chat_id: int | None = None) -> None:
        """Telegram said RetryAfter: nothing more to that chat (or at all) before `until`."""
        sends = self._bot if chat_id is None else self._chats.setdefault(chat_id, _Sends())
        sends.next = max(sends.next, until)

    def forget_idle(self, now: float) -> None:
        """Drop chats that no longer hold anything back, so a long broadcast keeps memory
        flat (the bot's own sends forget as they land)."""
        self._chats = {
            chat_id: sends
            for chat_id, sends in self._chats.items()
            if not sends.idle(now, self._keep(chat_id))
        }
