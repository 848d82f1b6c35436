"""`studybot`: run the bot, try it in the terminal, check content, manage the database."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_banks import add_commands as add_bank_commands
from bot.cli_parsing import command_maker, errors_in_language, localised_parser
from bot.cli_reports import add_commands as add_report_commands
from bot.config import Config, ConfigError, load_config
from bot.locales import DEFAULT_LOCALE, Translator, translate
from bot.logs import configure_logging
from bot.storage.db import DatabaseUnreachable


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
    from datetime import UTC, datetime

    from bot.content.check import check_all

    config = _load(args)
    report = check_all(config, datetime.now(UTC))
    for line in report.lines(config.language):
        print(line)
    return 1 if report.has_errors else 0


def cmd_db(args: argparse.Namespace) -> int:
    from alembic.util import CommandError

    from bot.cli_downgrade import downgrade
    from bot.storage import migrate
    from bot.storage.db import reachable_engine

    config = _load(args)
    if args.action == "copy":
        return _copy_database(config, args.revision)

    async def go() -> str | None:
        async with reachable_engine(config.database_url) as engine:
            if args.action == "upgrade":
                await migrate.upgrade(engine, args.revision or "head")
            return await migrate.current_revision(engine)

    try:
        if args.action == "downgrade":
            return downgrade(config, args.revision or "-1", confirmed=args.yes)
        revision = asyncio.run(go())
    except CommandError as error:  # a revision there is not, or steps past either end
        known = ", ".join(migrate.revisions_oldest_first())
        where = {"revision": args.revision or "-1", "detail": str(error), "known": known}
        print(translate(config.language, "db-no-such-revision", where), file=sys.stderr)
        return 2
    print(translate(config.language, "db-revision", {"revision": revision or "-"}))
    return 0


def _copy_database(config: Config, target_url: str | None) -> int:
    from sqlalchemy import make_url

    from bot.config import parse_config
    from bot.storage.copy import CopyRefused, copy_database
    from bot.storage.db import reachable_engine

    if not target_url:
        print(translate(config.language, "db-copy-needs-url"), file=sys.stderr)
        return 2
    # Read as database_url is: the plain postgresql:// form, a path relative to here.
    target_url = parse_config({"database_url": target_url}, base_dir=Path.cwd()).database_url

    async def go() -> dict[str, int]:
        async with (
            reachable_engine(config.database_url) as source,
            reachable_engine(target_url) as target,
        ):
            return await copy_database(source, target)

    try:
        copied = asyncio.run(go())
    except CopyRefused as refused:
        print(translate(config.language, refused.message_id, refused.details), file=sys.stderr)
        return 2
    shown = {
        "rows": sum(copied.values()),
        "tables": len(copied),
        "target": make_url(target_url).render_as_string(hide_password=True),
    }
    print(translate(config.language, "db-copy-done", shown))
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
    target = args.file
    if target is None or target.is_dir():  # a folder keeps dated copies, as from cron
        target = default_target(database, datetime.now(), folder=target)
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


def build_parser(locale: str = DEFAULT_LOCALE) -> argparse.ArgumentParser:
    t = Translator(locale)
    parser = localised_parser(t, prog="studybot", description=t("cli-description"))
    parser.add_argument("-c", "--config", type=Path, default=None, help=t("cli-config"))
    make_command = command_maker(parser, t)

    def command(name: str) -> argparse.ArgumentParser:
        made = make_command(name)
        # Also after the command (`studybot check -c FILE`); unset there, the one before
        # the command (or none) stands.
        made.add_argument(
            "-c", "--config", type=Path, default=argparse.SUPPRESS, help=t("cli-config")
        )
        return made

    command("run").set_defaults(func=cmd_run)
    command("check").set_defaults(func=cmd_check)

    db = command("db")
    db.add_argument(
        "action", choices=["upgrade", "downgrade", "current", "copy"], help=t("cli-db-action")
    )
    db.add_argument("revision", nargs="?", default=None, help=t("cli-db-revision"))
    db.add_argument("--yes", action="store_true", help=t("cli-db-yes"))
    db.set_defaults(func=cmd_db)

    backup = command("backup")
    backup.add_argument("file", nargs="?", type=Path, default=None, help=t("cli-backup-file"))
    backup.set_defaults(func=cmd_backup)

    console = command("console")
    console.add_argument("--user-id", type=int, default=10001, help=t("cli-console-user-id"))
    console.add_argument(
        "--name", default=t("cli-console-default-name"), help=t("cli-console-name")
    )
    console.add_argument("--admin", action="store_true", help=t("cli-console-admin"))
    console.add_argument("--group", type=int, default=None, help=t("cli-console-group"))
    console.set_defaults(func=cmd_console)
    add_bank_commands(command, t)
    add_report_commands(command, t)  # leaderboard, export, groups
    return parser


def _help_locale(argv: Sequence[str] | None) -> str:
    """The help speaks the config's language, Chinese when there is none to read."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("-c", "--config", type=Path, default=None)
    known, _ = early.parse_known_args(argv)
    try:
        return load_config(known.config).language
    except ConfigError:
        return DEFAULT_LOCALE


def main(argv: Sequence[str] | None = None) -> int:
    locale = _help_locale(argv)
    with errors_in_language(Translator(locale)):
        args = build_parser(locale).parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at the interpreter's exit
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DatabaseUnreachable as unreachable:
        where = {"url": unreachable.url, "detail": unreachable.detail}
        print(translate(locale, "database-unreachable", where), file=sys.stderr)
        return 2
    except PermissionError as denied:  # a folder to write in, or a file to read, not this user's
        where = {"path": str(denied.filename or ""), "detail": denied.strerror or str(denied)}
        print(translate(locale, "cli-permission-denied", where), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing is wrong, and the interpreter's own
        # flush at exit must not fail on the closed pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a program ended by SIGPIPE
    return code


__all__ = ["main"]
