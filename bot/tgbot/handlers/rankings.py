"""Rankings: /me and /rank (members), /top /groups /standouts /export /chart (organisers)."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatAction

from bot.locales import Translator
from bot.services.charts import group_chart_png
from bot.services.identity import Actor, Role
from bot.services.rankings import (
    Board,
    GroupBoard,
    MemberReport,
    Standing,
    StandoutBoard,
    period_label,
)
from bot.services.unit import Services
from bot.tgbot.context import StudyContext, caller_from, require_private_chat
from bot.tgbot.handlers.groups import command_args, explained
from bot.tgbot.private_chat import answer_personally
from bot.tgbot.render import escape, reply

# /groups lists this many groups in the chat; /export has them all.
MAX_GROUP_LINES = 40


async def prepare(services: Services) -> None:
    """At start-up: the running totals match the ledger in the configured timezone."""
    async with services.unit() as unit:
        await unit.rankings.ensure_totals()


async def identified(update: Update, context: StudyContext) -> Actor:
    """The sender, registered or brought up to date in a unit of its own. Every command here
    then reads in a long-read unit (Services.unit): on SQLite a year of history is read on a
    worker thread, while the bot goes on answering members."""
    async with context.services.unit() as unit:
        return await unit.members.identify(caller_from(update))


# ---- members ------------------------------------------------------------------------------


async def me(update: Update, context: StudyContext) -> None:
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        report = await unit.rankings.me(actor)
    await answer_personally(update, context, me_text(Translator(actor.locale), report))


async def rank(update: Update, context: StudyContext) -> None:
    period_text = " ".join(command_args(update)) or None
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        with explained(actor, "usage-rank"):
            view = await unit.rankings.rank(actor, period_text)
    t = Translator(actor.locale)
    lines = [board_text(t, view.board)]
    if view.board.group is None:
        lines.append(t("rank-no-group"))
    lines.append(standing_line(t, view.standing, you=True))
    await answer_personally(update, context, "\n\n".join(lines))


# ---- organisers --------------------------------------------------------------------------


async def top(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        with explained(actor, "usage-top"):
            chat = update.effective_chat
            board = await unit.rankings.top(actor, args, chat_id=chat.id if chat else None)
    await reply(update, board_text(Translator(actor.locale), board))


async def groups(update: Update, context: StudyContext) -> None:
    period_text = " ".join(command_args(update)) or None
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        with explained(actor, "usage-groups"):
            board = await unit.rankings.groups(actor, period_text)
    await reply(update, group_board_text(Translator(actor.locale), board))


async def standouts(update: Update, context: StudyContext) -> None:
    args = command_args(update)
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        with explained(actor, "usage-standouts"):
            board = await unit.rankings.standouts(actor, args)
    t = Translator(actor.locale)
    await reply(update, standouts_text(t, board, context.services.config.zone))


async def export(update: Update, context: StudyContext) -> None:
    period_text = " ".join(command_args(update)) or None
    chat = update.effective_chat
    actor = await identified(update, context)
    actor.require(Role.ORGANISER)
    require_private_chat(update, "export-private-only")
    with explained(actor, "usage-export"):
        # Outside any transaction: a Bot API call must not hold the database.
        if chat is not None:
            await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
        async with context.services.unit(long_read=True) as unit:
            files = await unit.exports.export(actor, period_text, actor.locale)
    t = Translator(actor.locale)
    message = update.effective_message
    if message is None:
        return
    caption = t("export-caption", period=period_label(t, files.period), members=files.members)
    await message.reply_document(files.xlsx, filename=files.xlsx_name, caption=caption)
    await message.reply_document(
        files.csv, filename=files.csv_name, caption=t("export-csv-caption")
    )


async def chart(update: Update, context: StudyContext) -> None:
    period_text = " ".join(command_args(update)) or None
    actor = await identified(update, context)
    async with context.services.unit(long_read=True) as unit:
        with explained(actor, "usage-chart"):
            board = await unit.rankings.groups(actor, period_text)
    t = Translator(actor.locale)
    message = update.effective_message
    if message is None:
        return
    png = await context.services.renderer.run(group_chart_png, board, t)
    await message.reply_photo(
        png, caption=t("chart-caption", period=period_label(t, board.period))
    )


# ---- rendering ----------------------------------------------------------------------------


def _percent(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value) * 100:.0f}%"


def board_text(t: Translator, board: Board) -> str:
    scope = escape(board.group) if board.group else t("rank-everyone")
    lines = [t("rank-board-header", period=period_label(t, board.period), scope=scope)]
    if not board.entries:
        lines.append(t("rank-board-empty"))
    for entry in board.entries:
        group = ""
        if board.group is None and entry.group is not None:
            group = t("rank-in-group", group=escape(entry.group))
        lines.append(
            t(
                "rank-board-line",
                rank=entry.rank,
                name=escape(entry.name),
                group=group,
                points=entry.points,
            )
        )
    if board.tied_beyond:
        last = board.entries[-1]
        lines.append(
            t("rank-board-tied", count=board.tied_beyond, points=last.points, rank=last.rank)
        )
    return "\n".join(lines)


def standing_line(t: Translator, standing: Standing, *, you: bool = False) -> str:
    # A line may open with the period's label, written for the middle of a sentence
    # ("this month"): capitalised for the line's start (Chinese has no case to change).
    line = _standing_line(t, standing, you=you)
    return line[:1].upper() + line[1:]


def _standing_line(t: Translator, standing: Standing, *, you: bool) -> str:
    period = period_label(t, standing.period)
    if standing.rank is None:
        return t("rank-standing-left", period=period, points=standing.points)
    if standing.points <= 0:  # tied with everyone who has none: "first of 40" says nothing
        return t("rank-standing-you-none" if you else "rank-standing-none", period=period)
    overall = t("rank-standing-overall", rank=standing.rank, of=standing.of)
    in_group = ""
    if standing.group_rank is not None:
        in_group = t("rank-standing-group", rank=standing.group_rank, of=standing.group_of)
    key = "rank-standing-you" if you else "rank-standing"
    return t(key, period=period, points=standing.points, group=in_group, overall=overall)


def me_text(t: Translator, report: MemberReport) -> str:
    """The member's own report, read in their private chat only (answer_personally): the day
    of joining the Party is theirs, as /partyday keeps it."""
    group = escape(report.group) if report.group else t("me-no-group")
    lines = [t("me-header", name=escape(report.name), group=group, id=str(report.member_id))]
    if report.left:
        lines.append(t("me-left"))
    lines += [standing_line(t, standing) for standing in report.standings]
    lines.append(
        t(
            "me-accuracy",
            accuracy=_percent(report.accuracy),
            correct=report.correct,
            answered=report.answered,
        )
    )
    lines.append(t("me-daily-streak", days=report.daily_streak))
    lines.append(t("me-best-streak", questions=report.best_challenge_streak))
    lines.append(_party_day_line(t, report))
    return "\n".join(lines)


def _party_day_line(t: Translator, report: MemberReport) -> str:
    if report.party_joined_on is None:
        return t("me-party-day-none")
    age = t("party-age", years=report.party_years)
    return t("me-party-day", date=report.party_joined_on.isoformat(), age=age)


def group_board_text(t: Translator, board: GroupBoard) -> str:
    lines = [t("groups-header", period=period_label(t, board.period)), t("groups-how")]
    if not board.rows:
        lines.append(t("groups-none"))
    for row in board.rows[:MAX_GROUP_LINES]:
        if row.members == 0:
            lines.append(t("groups-line-empty", rank=row.rank, name=escape(row.name)))
            continue
        lines.append(
            t(
                "groups-line",
                rank=row.rank,
                name=escape(row.name),
                score=f"{float(row.score):.2f}",
                per_member=f"{float(row.per_member):.1f}",
                active=row.active,
                members=row.members,
                participation=_percent(row.participation),
                points=row.points,
            )
        )
    if len(board.rows) > MAX_GROUP_LINES:
        lines.append(t("groups-more", shown=MAX_GROUP_LINES, total=len(board.rows)))
    if board.ungrouped_members:
        lines.append(
            t(
                "groups-ungrouped",
                members=board.ungrouped_members,
                active=board.ungrouped_active,
                points=board.ungrouped_points,
            )
        )
    return "\n".join(lines)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def standouts_text(t: Translator, board: StandoutBoard, zone: ZoneInfo) -> str:
    lines = [t("standouts-header", period=period_label(t, board.period)), t("standouts-how")]
    if not board.entries:
        lines.append(t("rank-board-empty"))
    for entry in board.entries:
        lines.append(
            t(
                "standouts-line",
                rank=entry.rank,
                name=escape(entry.name),
                group=escape(entry.group) if entry.group else t("me-no-group"),
                points=entry.points,
                accuracy=_percent(entry.accuracy),
                correct=entry.correct,
                answered=entry.answered,
                reached=_when(entry.reached_at, zone),
            )
        )
    return "\n".join(lines)
