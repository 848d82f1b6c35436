"""Telegram's RetryAfter, and what counts as network trouble, read the same way everywhere."""

from __future__ import annotations

from datetime import timedelta

from telegram.error import BadRequest, NetworkError, RetryAfter


def retry_after_seconds(error: RetryAfter) -> float:
    """PTB 22 gives seconds as a number or, opted in (PTB_TIMEDELTA), as a timedelta."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def network_trouble(error: object) -> bool:
    """The network (or Telegram) failed, not the bot: PTB's BadRequest is a NetworkError
    too, but a server that answers 400 was reached, and a request it refuses is the bot's
    own doing. TimedOut is network trouble."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)
