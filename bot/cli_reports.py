"""`studybot leaderboard`, `studybot export` and `studybot groups`: the figures of /top,
/groups, /standouts and /export for an admin on the server, and the groups file import.

Whoever runs these on the server is an admin. The text is the bot's own (same catalogs,
same services), without the Telegram markup.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_parsing import MakeCommand
from bot.config import Config, load_config
from bot.locales import Translator, translate
from bot.services.clock import utc_now
from bot.services.errors import UserFacingError
from bot.services.exports import ExportService
from bot.services.groups import GroupService, GroupsFileError, describe_problem
from bot.services.identity import Actor, Role
from bot.services.ledger import SESSION_ZONE_KEY, rebuild_totals
from bot.services.rankings import RankingService

T = TypeVar("T")


@dataclass
class ShellUnit:
    session: AsyncSession
    rankings: RankingService
    groups: GroupService
    exports: ExportService


def _actor(config: Config) -> Actor:
    return Actor(0, translate(config.language, "cli-shell-name"), config.language, Role.ADMIN)


def _plain(text: str) -> str:
    """The bot's HTML reply as terminal text."""
    return html.unescape(re.sub(r"</?[a-z]+>", "", text))


@asynccontextmanager
async def _unit(config: Config) -> AsyncIterator[ShellUnit]:
    from bot.storage import migrate
    from bot.storage.db import reachable_engine, session_factory

    async with reachable_engine(config.database_url) as engine:
        await migrate.upgrade(engine)
        async with session_factory(engine)() as session:
            session.info[SESSION_ZONE_KEY] = config.zone
            rankings = RankingService(session, config, utc_now)
            await rankings.ensure_totals()
            yield ShellUnit(
                session,
                rankings,
                GroupService(session, config, utc_now),
                ExportService(session, config, utc_now),
            )
            await session.commit()


def _run(args: argparse.Namespace, work: Callable[[Config, ShellUnit], Awaitable[int]]) -> int:
    config = load_config(args.config)

    async def go() -> int:
        async with _unit(config) as unit:
            return await work(config, unit)

    try:
        return asyncio.run(go())
    except UserFacingError as exc:
        print(_plain(translate(config.language, exc.message_id, exc.args_map)), file=sys.stderr)
        return 2


# ---- leaderboard ----------------------------------------------------------------------------


def cmd_leaderboard(args: argparse.Namespace) -> int:
    from bot.tgbot.handlers.rankings import board_text, group_board_text, standouts_text

    async def work(config: Config, unit: ShellUnit) -> int:
        t = Translator(config.language)
        actor = _actor(config)
        words = list(args.period)
        if args.rebuild:
            rows = await rebuild_totals(unit.session, config.zone, utc_now())
            print(t("cli-rebuilt", rows=rows, zone=config.timezone))
            return 0
        if args.groups:
            board = await unit.rankings.groups(actor, " ".join(words) or None)
            print(_plain(group_board_text(t, board)))
        elif args.standouts:
            if args.n is not None:
                words.append(str(args.n))
            picks = await unit.rankings.standouts(actor, words)
            print(_plain(standouts_text(t, picks, config.zone)))
        else:
            if args.n is not None:
                words.append(str(args.n))
            top = await unit.rankings.top(actor, words, group=args.group or None)
            print(_plain(board_text(t, top)))
        return 0

    return _run(args, work)


# ---- export ----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    async def work(config: Config, unit: ShellUnit) -> int:
        locale = args.lang or config.language
        files = await unit.exports.export(_actor(config), " ".join(args.period) or None, locale)
        folder: Path = args.output
        folder.mkdir(parents=True, exist_ok=True)
        outputs = [(files.csv_name, files.csv)]
        if not args.csv_only:
            outputs.insert(0, (files.xlsx_name, files.xlsx))
        for name, content in outputs:
            path = folder / name
            path.write_bytes(content)
            print(translate(config.language, "cli-export-written", {"path": str(path)}))
        return 0

    return _run(args, work)


# ---- groups -----------------------------------------------------------------------------


def cmd_groups(args: argparse.Namespace) -> int:
    from bot.tgbot.handlers.groups import group_line

    async def work(config: Config, unit: ShellUnit) -> int:
        t = Translator(config.language)
        actor = _actor(config)
        if args.action == "list":
            groups = await unit.groups.list(actor)
            if not groups:
                print(_plain(t("group-list-empty")))
                return 0
            print(_plain(t("group-list-header", count=len(groups))))
            for group in groups:
                print(_plain(group_line(t, group)))
            return 0
        if args.file is None:
            print("studybot groups import FILE", file=sys.stderr)
            return 2
        try:
            report = await unit.groups.import_file(actor, args.file)
        except GroupsFileError as exc:
            print(t("groups-import-failed"), file=sys.stderr)
            for problem in exc.problems:
                line = describe_problem(problem, _translator(config), str(args.file))
                print(line, file=sys.stderr)
            return 1
        print(
            t(
                "groups-import-done",
                created=len(report.created),
                updated=len(report.updated),
                unchanged=len(report.unchanged),
                moved=report.moved,
                registered=report.registered,
            )
        )
        if report.unknown:
            print(t("groups-import-unknown", members=", ".join(report.unknown)))
        return 0

    return _run(args, work)


def _translator(config: Config) -> Callable[[str, Any], str]:
    return lambda message_id, args: translate(config.language, message_id, args)


# ---- the parser ----------------------------------------------------------------------------


def add_commands(command: MakeCommand, t: Translator) -> None:
    """Add leaderboard, export and groups to `studybot`'s subcommands."""
    board = command("leaderboard")
    board.add_argument("period", nargs="*", help=t("cli-period"))
    what = board.add_mutually_exclusive_group()
    what.add_argument("--groups", action="store_true", help=t("cli-leaderboard-groups"))
    what.add_argument("--standouts", action="store_true", help=t("cli-leaderboard-standouts"))
    what.add_argument("--rebuild", action="store_true", help=t("cli-leaderboard-rebuild"))
    board.add_argument("-g", "--group", help=t("cli-leaderboard-group"))
    board.add_argument("-n", type=int, default=None, help=t("cli-leaderboard-n"))
    board.set_defaults(func=cmd_leaderboard)

    export = command("export")
    export.add_argument("period", nargs="*", help=t("cli-period"))
    export.add_argument("-o", "--output", type=Path, default=Path(), help=t("cli-export-output"))
    export.add_argument("--lang", choices=["zh", "en"], default=None, help=t("cli-export-lang"))
    export.add_argument("--csv-only", action="store_true", help=t("cli-export-csv-only"))
    export.set_defaults(func=cmd_export)

    groups = command("groups")
    groups.add_argument("action", choices=["list", "import"], help=t("cli-groups-action"))
    groups.add_argument("file", nargs="?", type=Path, default=None, help=t("cli-groups-file"))
    groups.set_defaults(func=cmd_groups)
