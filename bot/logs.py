"""Logging set-up: level from the config, and the bot token never written anywhere."""

from __future__ import annotations

import logging
import sys

REDACTED = "<bot-token>"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """httpx and PTB put request URLs, which contain the token, in messages and in
    exception texts; the token is cut from the finished line, so tracebacks are covered too."""

    def __init__(self, token: str | None) -> None:
        super().__init__(FORMAT)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return line.replace(self._token, REDACTED) if self._token else line


def configure_logging(level: str, token: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # One line per HTTP request drowns everything else, unless debugging.
    logging.getLogger("httpx").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    # Likewise APScheduler's two lines per job run: the leader's tick comes every 2 seconds.
    logging.getLogger("apscheduler").setLevel(
        logging.DEBUG if level == "DEBUG" else logging.WARNING
    )
