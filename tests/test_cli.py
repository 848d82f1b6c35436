"""The command line as an operator uses it: check, db, console."""

from __future__ import annotations

import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.storage.migrate import revisions_oldest_first
from tests.tgbot.quizkit import single_bank, write_banks

REPO = Path(__file__).resolve().parents[1]
NOBODY = 65534


def studybot(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


def test_check_passes_on_the_shipped_content() -> None:
    done = studybot("-c", str(REPO / "config.example.yaml"), "check", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 个错误" in done.stdout


def test_check_names_file_line_and_fix_and_fails(tmp_path: Path) -> None:
    broken = single_bank(3, bank_id="broken")
    broken["questions"][1]["answer"] = "E"
    write_banks(tmp_path / "quizzes", broken)
    (tmp_path / "schedules").mkdir()
    (tmp_path / "config.yaml").write_text("language: zh\n", encoding="utf-8")
    done = studybot("check", cwd=tmp_path)
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if "broken.yaml" in x)
    assert "quizzes/broken.yaml:" in line and "[q001]" in line and "A–C" in line


def test_a_bad_config_is_one_clear_message(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("timezone: Mars/Base\n", encoding="utf-8")
    done = studybot("check", cwd=tmp_path)
    assert done.returncode == 2
    assert "timezone" in done.stderr and "Asia/Shanghai" in done.stderr
    assert "Traceback" not in done.stderr


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    done = studybot("db", "upgrade", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "数据库版本" in done.stdout and (tmp_path / "studybot.db").exists()


def test_console_chats_in_chinese_and_presses_numbered_buttons(tmp_path: Path) -> None:
    write_banks(tmp_path / "quizzes", single_bank(3))
    (tmp_path / "schedules").mkdir()
    config = {"quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = studybot(
        "console", "--name", "李雷", cwd=tmp_path, stdin="/start\n/quiz\n2\n/nonsense\n/quit\n"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "你好，李雷" in out
    assert "[2] B" in out  # buttons shown as numbered choices
    assert "回答正确" in out  # typing 2 pressed B, the right answer
    assert "没有这个命令" in out


def test_console_speaks_the_members_language_after_lang(tmp_path: Path) -> None:
    write_banks(tmp_path / "quizzes", single_bank(3))
    (tmp_path / "schedules").mkdir()
    config = {"quizzes_dir": "quizzes", "schedules_dir": "schedules"}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = studybot("console", cwd=tmp_path, stdin="/start\n/lang en\n/quiz\n2\n/quit\n")
    assert done.returncode == 0, done.stderr
    assert "(edited)" in done.stdout  # the answered question, marked in English
    assert "（已更新）" not in done.stdout


def test_an_english_deployments_console_plays_a_member_with_an_english_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "schedules").mkdir()
    config = {"quizzes_dir": "quizzes", "schedules_dir": "schedules", "language": "en"}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = studybot("console", cwd=tmp_path, stdin="/start\n/quit\n")
    assert done.returncode == 0, done.stderr
    assert "Hello, Test User!" in done.stdout, done.stdout
    helped = studybot("console", "--help", cwd=tmp_path)
    assert "(default Test User)" in " ".join(helped.stdout.split()), helped.stdout


def test_console_keeps_off_the_bots_database(tmp_path: Path) -> None:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "schedules").mkdir()
    config = {
        "quizzes_dir": "quizzes",
        "schedules_dir": "schedules",
        "database_url": "sqlite:///live.db",
    }
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = studybot("console", cwd=tmp_path, stdin="/start\n/quit\n")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "studybot-console.db").exists()
    assert not (tmp_path / "live.db").exists()


def test_backup_copies_what_the_running_bot_has_written_and_never_overwrites(
    tmp_path: Path,
) -> None:
    import sqlite3

    assert studybot("db", "upgrade", cwd=tmp_path).returncode == 0
    live = sqlite3.connect(tmp_path / "studybot.db")
    live.execute("PRAGMA journal_mode=WAL")
    live.execute(
        "INSERT INTO members (id, first_name, language, is_organiser, is_reachable, joined_at,"
        " last_seen_at) VALUES (7, '王五', 'zh', 0, 1, '2026-11-28', '2026-11-28')"
    )
    live.commit()  # in the -wal file, not yet in studybot.db: a plain copy would miss it
    done = studybot("backup", "copy.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已备份数据库到" in done.stdout
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT first_name FROM members WHERE id = 7").fetchall() == [("王五",)]
    copy.close()
    again = studybot("backup", "copy.db", cwd=tmp_path)
    assert again.returncode == 1 and "已存在，未覆盖" in again.stderr
    live.close()


def test_backup_into_a_folder_writes_a_dated_copy_there(tmp_path: Path) -> None:
    """A daily cron line `studybot backup /srv/backup` names the folder to keep copies in:
    each run writes a new dated copy there, not "already exists, not overwritten"."""
    assert studybot("db", "upgrade", cwd=tmp_path).returncode == 0
    (tmp_path / "backups").mkdir()
    done = studybot("backup", "backups", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [copy] = (tmp_path / "backups").glob("studybot-backup-*.db")
    assert copy.name in done.stdout


def test_backup_points_postgresql_users_to_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1/test"
    (tmp_path / "config.yaml").write_text(f"database_url: {url}\n", encoding="utf-8")
    done = studybot("backup", cwd=tmp_path)
    assert done.returncode == 2 and "pg_dump" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_speaks_the_configs_language_chinese_by_default(tmp_path: Path) -> None:
    from bot.cli import build_parser

    done = studybot("--help", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("用法：studybot")
    assert "检查配置、题库和推送计划" in done.stdout and "显示本帮助并退出" in done.stdout
    (tmp_path / "config.yaml").write_text("language: en\n", encoding="utf-8")
    english = studybot("leaderboard", "--help", cwd=tmp_path)
    assert english.stdout.startswith("usage: studybot leaderboard")
    assert "rank the study groups (/groups)" in english.stdout
    # Every subcommand's help has a text in both languages.
    for locale in ("zh", "en"):
        parser = build_parser(locale)
        commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        for name, command in commands.items():
            text = command.format_help()
            assert "cli-" not in text, (locale, name)


@pytest.mark.parametrize(
    ("argv", "chinese", "english"),
    [
        (["bogus"], "参数 command：'bogus' 不是可选的值（可选：'run'", "invalid choice: 'bogus'"),
        (["db"], "缺少参数：action", "the following arguments are required: action"),
        (["leaderboard", "-n", "abc"], "参数 -n：'abc' 不是有效的 int 值", "invalid int value"),
        (["leaderboard", "--groups", "--standouts"], "不能与参数 --groups 同时", "not allowed"),
        (["check", "extra"], "不认识的参数：extra", "unrecognized arguments: extra"),
    ],
)
def test_a_mistyped_command_line_is_told_in_the_configs_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    chinese: str,
    english: str,
) -> None:
    from bot.cli import main

    for language, expected in (("zh", chinese), ("en", english)):
        config = tmp_path / f"{language}.yaml"
        config.write_text(f"language: {language}\n", encoding="utf-8")
        with pytest.raises(SystemExit) as exited:
            main(["-c", str(config), *argv])
        assert exited.value.code == 2
        usage, *_, error = capsys.readouterr().err.strip().splitlines()
        assert usage.startswith("用法：" if language == "zh" else "usage:")
        assert expected in error, error
        if language == "zh":
            assert "error" not in error and "argument" not in error, error


def test_every_command_takes_the_config_after_its_name_too(tmp_path: Path) -> None:
    """README: "All take -c/--config FILE"; an operator writes it after the command too."""
    (tmp_path / "elsewhere.yaml").write_text("timezone: Mars/Base\n", encoding="utf-8")
    after = studybot("check", "-c", "elsewhere.yaml", cwd=tmp_path)
    assert after.returncode == 2 and "Mars/Base" in after.stderr, after.stderr
    before = studybot("--config", "elsewhere.yaml", "check", cwd=tmp_path)
    assert before.stderr == after.stderr
    (tmp_path / "english.yaml").write_text("language: en\n", encoding="utf-8")
    helped = studybot("db", "--help", "-c", "english.yaml", cwd=tmp_path)
    assert helped.stdout.startswith("usage: studybot db") and "-c CONFIG" in helped.stdout


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+asyncpg://postgres@127.0.0.1/studybot_no_such_db", "studybot_no_such_db"),
        ("postgresql+asyncpg://postgres:secret@127.0.0.1:1/test", "127.0.0.1:1"),
        ("sqlite+aiosqlite:///{tmp}/a-file/studybot.db", "unable to open"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_clear_message(
    tmp_path: Path, url: str, said: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    url = url.format(tmp=tmp_path)
    (tmp_path / "config.yaml").write_text(f'database_url: "{url}"\n', encoding="utf-8")
    for command in (["db", "current"], ["leaderboard"]):
        done = studybot(*command, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("连不上数据库") and said in done.stderr
        assert "database_url" in done.stderr and "Traceback" not in done.stderr
        assert "secret" not in done.stderr


def test_groups_list_with_no_groups_says_so(tmp_path: Path) -> None:
    done = studybot("groups", "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "还没有学习小组。发送 /newgroup 小组名称 新建一个。"


@pytest.mark.parametrize(
    ("action", "revision"), [("upgrade", "0099"), ("downgrade", "nosuch"), ("upgrade", "+5")]
)
def test_db_with_a_revision_there_is_not_says_which_there_are(
    tmp_path: Path, action: str, revision: str
) -> None:
    head = revisions_oldest_first()[-1]
    assert studybot("db", "upgrade", cwd=tmp_path).returncode == 0
    done = studybot("db", action, revision, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"“{revision}”" in done.stderr and "0001" in done.stderr and head in done.stderr
    assert f"数据库版本：{head}" in studybot("db", "current", cwd=tmp_path).stdout


def test_db_downgrade_below_the_first_revision_says_there_is_none(tmp_path: Path) -> None:
    assert studybot("db", "downgrade", "base", "--yes", cwd=tmp_path).returncode == 0
    done = studybot("db", "downgrade", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "“-1”" in done.stderr


def _database_with_an_absent_chat(folder: Path) -> Path:
    assert studybot("db", "upgrade", cwd=folder).returncode == 0
    database = folder / "studybot.db"
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO absent_chats (chat_id, title, left_at) VALUES (-100, '一组群', ?)",
            ("2026-11-01 08:00:00.000000",),
        )
    return database


def _absent_chats(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM absent_chats").fetchone()[0])


def test_db_downgrade_without_a_terminal_says_what_it_would_drop_and_needs_yes(
    tmp_path: Path,
) -> None:
    """`studybot db downgrade` dropped newer tables and their rows without a word; from a
    script (no terminal to ask at) it now changes nothing unless told --yes."""
    database = _database_with_an_absent_chat(tmp_path)
    head = revisions_oldest_first()[-1]
    refused = studybot("db", "downgrade", "0007", cwd=tmp_path)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    said = refused.stdout + refused.stderr
    assert "0009、0008" in said
    assert "删除表 absent_chats（1 行）" in said
    assert "删除列 quiz_sessions.question_hash（0 行有值）" in said
    assert "studybot backup" in said and "--yes" in refused.stderr
    assert _absent_chats(database) == 1
    assert f"数据库版本：{head}" in studybot("db", "current", cwd=tmp_path).stdout
    done = studybot("db", "downgrade", "0007", "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "删除表 absent_chats（1 行）" in done.stdout and "数据库版本：0007" in done.stdout


def studybot_at_a_terminal(*args: str, cwd: Path, answer: str) -> tuple[int, str]:
    """`studybot` with its input at a terminal (a pseudo-terminal), typing `answer`."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=cwd,
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        )
    finally:
        os.close(terminal)
        os.close(controller)
    return done.returncode, done.stdout + done.stderr


def test_db_downgrade_at_a_terminal_asks_first(tmp_path: Path) -> None:
    database = _database_with_an_absent_chat(tmp_path)
    code, said = studybot_at_a_terminal("db", "downgrade", "0008", cwd=tmp_path, answer="no")
    assert code == 1 and "删除表 absent_chats（1 行）" in said and "输入 yes" in said
    assert "已取消" in said and _absent_chats(database) == 1
    code, said = studybot_at_a_terminal("db", "downgrade", "0008", cwd=tmp_path, answer="yes")
    assert code == 0, said
    assert "数据库版本：0008" in said
    with sqlite3.connect(database) as conn:
        assert not conn.execute(
            "SELECT name FROM sqlite_master WHERE name = 'absent_chats'"
        ).fetchall()


def test_db_downgrade_speaks_the_configs_language(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("language: en\n", encoding="utf-8")
    _database_with_an_absent_chat(tmp_path)
    refused = studybot("db", "downgrade", "0008", cwd=tmp_path)
    assert refused.returncode == 2
    said = refused.stdout + refused.stderr
    assert "drops table absent_chats (1 row)" in said and "--yes" in said


def _as_another_user() -> list[str]:
    """The command prefix that runs a child as an unprivileged user when the tests run as
    root, whom no file mode stops (a file root made is read-only for a service's user)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to become another user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def studybot_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`studybot` as a user who is not root, like a service's user."""
    return subprocess.run(
        [*_as_another_user(), sys.executable, "-m", "bot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder anyone may write (tmp_path's parents are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="studybot-cli-"))
    folder.chmod(0o777)
    (folder / "config.yaml").write_text("language: zh\n", encoding="utf-8")
    yield folder
    shutil.rmtree(folder)


def test_an_sqlite_file_the_bot_may_not_write_is_one_clear_message(shared_folder: Path) -> None:
    """The admin ran `studybot db upgrade` (or copied a backup back) as root: the file is
    root's, read-only for the bot's user. The first write failed with a traceback (the
    leaderboard rebuilding its totals; `studybot run` at start-up, again at every restart)."""
    assert studybot("db", "upgrade", cwd=shared_folder).returncode == 0
    (shared_folder / "studybot.db").chmod(0o444)
    for command in (["leaderboard"], ["groups", "list"]):
        done = studybot_unprivileged(*command, cwd=shared_folder)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("连不上数据库") and "Traceback" not in done.stderr
        assert f"{shared_folder / 'studybot.db'}" in done.stderr and "chown" in done.stderr


def test_a_backup_that_cannot_be_written_is_one_clear_message(shared_folder: Path) -> None:
    """A cron job's user may not write the backup folder: a traceback, and no backup."""
    assert studybot("db", "upgrade", cwd=shared_folder).returncode == 0
    (shared_folder / "studybot.db").chmod(0o644)
    closed = shared_folder / "backups"
    closed.mkdir(mode=0o555)
    done = studybot_unprivileged("backup", str(closed / "copy.db"), cwd=shared_folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"无法写入备份 {closed / 'copy.db'}")
    assert not (closed / "copy.db").exists()


def test_a_file_or_folder_the_user_may_not_write_is_one_clear_message(
    shared_folder: Path,
) -> None:
    """The export folder and the bank folder are root's: each command printed a
    PermissionError traceback."""
    assert studybot("db", "upgrade", cwd=shared_folder).returncode == 0
    (shared_folder / "studybot.db").chmod(0o666)
    closed = shared_folder / "closed"
    closed.mkdir(mode=0o555)
    config = shared_folder / "config.yaml"
    config.write_text(f"language: zh\nquizzes_dir: {closed}\n", encoding="utf-8")
    bank = shared_folder / "bank.txt"
    bank.write_text("1. 党的最高理想是？\nA. 共产主义\nB. 其他\n答案：A\n", encoding="utf-8")
    bank.chmod(0o644)
    for command in (
        ["export", "-o", str(closed)],
        ["import", str(bank)],
        ["import", "--template", str(closed / "template.xlsx")],
    ):
        done = studybot_unprivileged(*command, cwd=shared_folder)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and str(closed) in done.stderr
        assert done.stderr.startswith("无法读写") and "运行本命令的用户" in done.stderr


def test_db_copy_moves_the_database_and_says_what_to_change(tmp_path: Path) -> None:
    assert studybot("db", "upgrade", cwd=tmp_path).returncode == 0
    asked = studybot("db", "copy", cwd=tmp_path)
    assert asked.returncode == 2 and "studybot db copy postgresql+asyncpg://" in asked.stderr
    done = studybot("db", "copy", "sqlite:///moved.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "复制到 sqlite+aiosqlite:///" in done.stdout and "database_url" in done.stdout
    assert (tmp_path / "moved.db").exists()
    wrong = studybot("db", "copy", "mysql://root:s3cret@db/studybot", cwd=tmp_path)
    assert wrong.returncode == 2 and "s3cret" not in wrong.stderr


def test_output_piped_into_a_reader_that_stops_early_is_no_traceback(tmp_path: Path) -> None:
    """`studybot leaderboard | head -1`: head stops reading after its line, and the rest of
    the output ended in a BrokenPipeError traceback."""
    assert studybot("db", "upgrade", cwd=tmp_path).returncode == 0
    piped = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m bot groups list | head -c 0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr, piped.stderr
