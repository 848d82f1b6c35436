"""`studybot db downgrade`: say what it would drop, and ask before dropping it."""

from __future__ import annotations

import asyncio
import sys

from bot.config import Config
from bot.locales import Translator
from bot.storage import migrate
from bot.storage.db import reachable_engine
from bot.storage.downgrade import DowngradePlan, plan_downgrade

# What a person types to go on at the question, in either language.
CONFIRMATIONS = ("yes", "y", "是")


def downgrade(config: Config, revision: str, *, confirmed: bool) -> int:
    """Say which revisions, tables and columns (with their rows) downgrading to `revision`
    drops, then ask at a terminal; without one, go on only when `confirmed` (--yes).
    alembic's CommandError when there is no such revision."""

    async def plan() -> DowngradePlan:
        async with reachable_engine(config.database_url) as engine:
            return await plan_downgrade(engine, revision)

    async def run() -> None:
        async with reachable_engine(config.database_url) as engine:
            await migrate.downgrade(engine, revision)

    planned = asyncio.run(plan())
    t = Translator(config.language)
    if planned.undone:
        print(plan_text(planned, t, sqlite=config.is_sqlite))
        if not confirmed:
            if not sys.stdin.isatty():
                print(t("db-downgrade-needs-yes", revision=revision), file=sys.stderr)
                return 2
            if not _confirmed_at_terminal(t):
                print(t("db-downgrade-cancelled"))
                return 1
        asyncio.run(run())
    print(t("db-revision", revision=planned.target or "-"))
    return 0


def _confirmed_at_terminal(t: Translator) -> bool:
    try:
        answer = input(t("db-downgrade-confirm"))
    except EOFError:  # Ctrl+D
        return False
    return answer.strip().lower() in CONFIRMATIONS


def plan_text(plan: DowngradePlan, t: Translator, *, sqlite: bool) -> str:
    lines = [
        t(
            "db-downgrade-plan",
            current=plan.current or "-",
            target=plan.target or "base",
            revisions=plan.undone,
        )
    ]
    for dropped in plan.dropped:
        if dropped.column is None:
            lines.append(t("db-downgrade-drops-table", table=dropped.table, rows=dropped.rows))
        else:
            where = {"table": dropped.table, "column": dropped.column, "rows": dropped.rows}
            lines.append(t("db-downgrade-drops-column", **where))
    if not plan.dropped:
        lines.append(t("db-downgrade-drops-nothing"))
    lines.append(t("db-downgrade-backup-sqlite" if sqlite else "db-downgrade-backup-postgresql"))
    return "\n".join(lines)
