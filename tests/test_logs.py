"""The token never reaches a log line, whatever carries it."""

from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, configure_logging

TOKEN = "987654:SECRET-token-value"


def test_token_is_cut_from_messages_and_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", TOKEN)
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"connect failed for https://api.telegram.org/bot{TOKEN}/getUpdates")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("network trouble")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert err.count(REDACTED) == 2


def test_http_requests_are_quiet_at_info() -> None:
    configure_logging("INFO", TOKEN)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
