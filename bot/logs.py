"""Logging set-up: level from the config, and the bot token never written anywhere."""

from __future__ import annotations

import logging
import sys

REDACTED = "<bot-token>"


class RedactTokenFilter(logging.Filter):
    """httpx and PTB log request URLs, which contain the token; replace it before output."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, REDACTED)
            record.args = None
        return True


def configure_logging(level: str, token: str | None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if token:
        handler.addFilter(RedactTokenFilter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # One line per HTTP request drowns everything else at INFO.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
