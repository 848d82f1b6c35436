"""`studybot`: run the bot, try it in the terminal, check content, manage the database."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_banks import add_commands as add_bank_commands
from bot.cli_reports import add_commands as add_report_commands
from bot.config import Config, ConfigError, load_config
from bot.locales import translate
from bot.logs import configure_logging


def _load(args: argparse.Namespace) -> Config:
    return load_config(args.config)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.tgbot.runner import run

    config = _load(args)
    if not config.token_value:
        problem = translate(config.language, "config-problem-no-token")
        print(problem + " " + translate(config.language, "config-fix-no-token"), file=sys.stderr)
        return 2
    configure_logging(config.log_level, config.token_value)
    return run(config)


def cmd_check(args: argparse.Namespace) -> int:
    from bot.content.check import check_all

    config = _load(args)
    report = check_all(config)
    for line in report.lines(config.language):
        print(line)
    return 1 if report.has_errors else 0


def cmd_db(args: argparse.Namespace) -> int:
    from bot.storage import migrate
    from bot.storage.db import create_engine

    config = _load(args)

    async def go() -> str | None:
        engine = create_engine(config.database_url)
        try:
            if args.action == "upgrade":
                await migrate.upgrade(engine, args.revision or "head")
            elif args.action == "downgrade":
                await migrate.downgrade(engine, args.revision or "-1")
            return await migrate.current_revision(engine)
        finally:
            await engine.dispose()

    revision = asyncio.run(go())
    print(translate(config.language, "db-revision", {"revision": revision or "-"}))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from bot.services.leader import sqlite_path
    from bot.storage.backup import BackupError, backup_sqlite, default_target

    config = _load(args)
    database = sqlite_path(config.database_url)
    if database is None:
        print(translate(config.language, "backup-not-sqlite"), file=sys.stderr)
        return 2
    target = args.file or default_target(database, datetime.now())
    try:
        size = backup_sqlite(database, target)
    except BackupError as error:
        print(translate(config.language, error.message_id, error.details), file=sys.stderr)
        return 1
    print(translate(config.language, "backup-done", {"path": str(target), "kib": size // 1024}))
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from bot.console import run_console

    config = _load(args)
    configure_logging("WARNING", None)
    return run_console(
        config,
        user_id=args.user_id,
        name=args.name,
        as_admin=args.admin,
        group=args.group,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description="学习助手 Telegram bot")
    parser.add_argument(
        "-c", "--config", type=Path, default=None, help="config file (default: ./config.yaml)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="start the bot").set_defaults(func=cmd_run)
    sub.add_parser("check", help="validate the config, question banks and schedules").set_defaults(
        func=cmd_check
    )

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument("revision", nargs="?", default=None)
    db.set_defaults(func=cmd_db)

    backup = sub.add_parser(
        "backup", help="copy the SQLite database to FILE, safe while the bot runs"
    )
    backup.add_argument(
        "file", nargs="?", type=Path, default=None, help="default: studybot-backup-<time>.db"
    )
    backup.set_defaults(func=cmd_backup)

    console = sub.add_parser("console", help="chat with the bot in this terminal, no token")
    console.add_argument("--user-id", type=int, default=10001)
    console.add_argument("--name", default="测试用户")
    console.add_argument("--admin", action="store_true", help="talk as an admin")
    console.add_argument(
        "--group", type=int, default=None, help="talk in a group chat with this id (negative)"
    )
    console.set_defaults(func=cmd_console)
    add_bank_commands(sub)
    add_report_commands(sub)  # leaderboard, export, groups
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


__all__ = ["main"]
