"""Telegram's RetryAfter, read the same way everywhere."""

from __future__ import annotations

from datetime import timedelta

from telegram.error import RetryAfter


def retry_after_seconds(error: RetryAfter) -> float:
    """PTB 22 gives seconds as a number or, opted in (PTB_TIMEDELTA), as a timedelta."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
