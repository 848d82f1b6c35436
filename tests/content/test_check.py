"""`studybot check` on the config: what works but leaves the bot without someone to run it."""

from __future__ import annotations

from pathlib import Path

from bot.config import parse_config
from bot.content.check import check_all

REPO = Path(__file__).resolve().parents[2]


def _report_lines(admins: list[int]) -> list[str]:
    raw = {"admins": admins, "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=REPO, environ={}))
    assert not report.has_errors  # a warning: the bot runs all the same
    return report.lines("zh")


def test_no_admins_is_a_warning_that_says_how_to_find_ones_id() -> None:
    [warning] = [line for line in _report_lines([]) if "admins" in line]
    assert warning.startswith("config.yaml admins 为空") and "/me" in warning
    assert "1 个提醒" in _report_lines([])[-1]


def test_with_admins_there_is_nothing_to_say() -> None:
    assert not [line for line in _report_lines([5123456789]) if "admins 为空" in line]
