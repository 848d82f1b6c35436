"""`studybot check` on the config: what works but leaves the bot without someone to run it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from bot.config import parse_config
from bot.content.check import check_all

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _report_lines(admins: list[int]) -> list[str]:
    raw = {"admins": admins, "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=REPO, environ={}), NOW)
    assert not report.has_errors  # a warning: the bot runs all the same
    return report.lines("zh")


def test_no_admins_is_a_warning_that_says_how_to_find_ones_id() -> None:
    [warning] = [line for line in _report_lines([]) if "admins" in line]
    assert warning.startswith("config.yaml admins 为空") and "/me" in warning
    assert "1 个提醒" in _report_lines([])[-1]


def test_with_admins_there_is_nothing_to_say() -> None:
    assert not [line for line in _report_lines([5123456789]) if "admins 为空" in line]


def test_the_samples_all_push_again_after_today() -> None:
    """An organiser deploying now gets a programme that runs, not last year's dates."""
    assert not [line for line in _report_lines([5123456789]) if "以后不会再推送" in line]


def test_a_schedule_that_will_never_push_again_is_named_with_its_line(tmp_path: Path) -> None:
    shutil.copytree(REPO / "quizzes", tmp_path / "quizzes")
    (tmp_path / "schedules").mkdir()
    (tmp_path / "schedules" / "old.yaml").write_text(
        '- id: last-year\n  title: 去年的讲座\n  trigger: "2025-06-01 09:00"\n'
        "  audience: all\n  content: {text: 讲座}\n"
        '- id: ended\n  title: 已结束\n  trigger: "每月1日 09:00"\n'
        "  active: {until: 2026-10-31}\n  audience: all\n  content: {text: 材料}\n"
        "- id: switched-off\n  title: 已关闭\n  enabled: false\n"
        '  trigger: "2025-06-01 09:00"\n  audience: all\n  content: {text: 关}\n',
        encoding="utf-8",
    )
    raw = {"admins": [1], "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=tmp_path, environ={}), NOW)
    assert not report.has_errors  # a warning: the bot runs all the same
    stale = [line for line in report.lines("zh") if "以后不会再推送" in line]
    assert len(stale) == 2, stale
    assert stale[0].startswith("schedules/old.yaml:3") and "2025-06-01 09:00" in stale[0]
    assert stale[1].startswith("schedules/old.yaml:8") and "ended" in stale[1]


def test_an_ended_active_range_is_named_with_its_end_not_as_a_past_trigger(
    tmp_path: Path,
) -> None:
    shutil.copytree(REPO / "quizzes", tmp_path / "quizzes")
    (tmp_path / "schedules").mkdir()
    (tmp_path / "schedules" / "old.yaml").write_text(
        'id: ended\ntitle: 已结束\ntrigger: "每天 08:30"\n'
        "active: {from: 2026-01-01, until: 2026-03-01}\naudience: all\ncontent: {text: 材料}\n",
        encoding="utf-8",
    )
    raw = {"admins": [1], "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=tmp_path, environ={}), NOW)
    for locale, ended in [("zh", "有效期（active）到 2026-03-01 已经结束"), ("en", "2026-03-01")]:
        [stale] = [line for line in report.lines(locale) if "ended" in line]
        assert ended in stale and "每天 08:30" not in stale, stale


def test_a_schedule_drawing_from_a_disabled_bank_is_a_warning(tmp_path: Path) -> None:
    """A bank switched off (enabled: false) that a push's quiz button or contest names: the
    button would find no questions. Either file is valid alone; the check reads both."""
    shutil.copytree(REPO / "quizzes", tmp_path / "quizzes")
    bank = tmp_path / "quizzes" / "theory-study.yaml"
    bank.write_text("enabled: false\n" + bank.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "schedules").mkdir()
    (tmp_path / "schedules" / "study.yaml").write_text(
        'id: study\ntitle: 学习\ntrigger: "每天 08:30"\naudience: all\n'
        "content: {text: 材料, quiz: {bank: theory-study}}\n",
        encoding="utf-8",
    )
    raw = {"admins": [1], "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=tmp_path, environ={}), NOW)
    [warning] = [line for line in report.lines("zh") if "未启用" in line]
    assert warning.startswith("schedules/study.yaml:3 [study]") and "theory-study" in warning
    assert report.lines("zh")[-1].endswith("0 个错误，1 个提醒。")


def test_a_schedule_drawing_from_a_bank_with_errors_points_at_the_bank(tmp_path: Path) -> None:
    """One wrong answer letter in theory-study.yaml: the schedules that use the bank are told
    the bank has errors in its file, not that no bank theory-study exists beside the file."""
    shutil.copytree(REPO / "quizzes", tmp_path / "quizzes")
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    bank = tmp_path / "quizzes" / "theory-study.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer: B", "answer: Z", 1))
    raw = {"admins": [1], "quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    report = check_all(parse_config(raw, base_dir=tmp_path, environ={}), NOW)
    about = [line for line in report.lines("zh") if line.startswith("schedules/")]
    assert about and all("quizzes/theory-study.yaml" in line for line in about)
    assert not [line for line in about if "没有编号为" in line]
    # The check fails for the bank; the pushes load, to go out without their quiz button.
    assert report.has_errors
    assert all("照常发出，但不带答题按钮" in line for line in about)
    assert report.schedules == 27  # every sample schedule, lectures.yaml holds 20
