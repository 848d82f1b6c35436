"""Spreadsheet exports for organisers: an .xlsx workbook and a CSV of one period.

The workbook has three sheets: members (points by source, quizzes taken, accuracy,
acknowledged materials, rank), groups (the /groups ranking with its figures) and notes
(period, time of export, timezone, how the figures are made). The CSV is the members sheet,
UTF-8 with a byte order mark so that Excel shows Chinese names correctly.

Points by source are read from the ledger itself (not the running totals), so an export is
also a check of the totals: its total column equals what /top shows.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.config import Config
from bot.domain.periods import Period
from bot.domain.quiz import SOURCE_CHALLENGE, SOURCE_DAILY, QuizMode
from bot.locales import Translator
from bot.services.clock import Clock
from bot.services.identity import Actor, Role
from bot.services.ledger import SOURCE_ACK, SOURCE_CONTEST, SOURCE_MANUAL
from bot.services.rankings import (
    Board,
    GroupBoard,
    RankingService,
    period_label,
    scored_answers_in,
)
from bot.services.rendering import Renderer
from bot.storage.models import (
    ManualAward,
    Member,
    QuizAnswer,
    QuizSession,
    ScoreEvent,
    StudyGroup,
)

# Known ledger sources in column order; others found in the period follow by name.
KNOWN_SOURCES = (SOURCE_DAILY, SOURCE_CHALLENGE, SOURCE_ACK, SOURCE_CONTEST, SOURCE_MANUAL)
# Text a spreadsheet would run as a formula (names are whatever members typed in Telegram):
# "=1+1" would show as 2, "=HYPERLINK(...)" as a link.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_USERNAME = re.compile(r"@[A-Za-z0-9_]{1,64}")


class Share(float):
    """A fraction (accuracy, participation): a number in the CSV, a percentage in Excel."""


@dataclass(frozen=True, slots=True)
class MemberRow:
    rank: int | None  # None: left the programme, or no points in the period (no rank)
    member_id: int
    name: str
    username: str | None
    group: str | None
    left: bool
    points: int
    by_source: dict[str, int]
    quizzes: int
    answered: int
    correct: int
    acks: int


@dataclass(frozen=True, slots=True)
class AwardRow:
    """A manual award (/award) given in the period, for organisers to account for."""

    award_id: int
    given_at: datetime
    member_id: int
    member_name: str
    points: int
    reason: str
    given_by: str
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class ExportData:
    period: Period
    generated_at: datetime
    sources: list[str]
    members: list[MemberRow]
    groups: GroupBoard
    awards: list[AwardRow]


@dataclass(frozen=True, slots=True)
class ExportFiles:
    period: Period
    xlsx: bytes
    csv: bytes
    xlsx_name: str
    csv_name: str
    members: int


class ExportService:
    def __init__(
        self,
        session: AsyncSession,
        config: Config,
        clock: Clock,
        renderer: Renderer | None = None,
    ) -> None:
        """`renderer`: the bot's worker process; without one (the shell's `studybot export`,
        which has no one else to serve meanwhile) the files are rendered on a thread."""
        self._session = session
        self._config = config
        self._clock = clock
        self._renderer = renderer
        self._rankings = RankingService(session, config, clock)

    async def export(self, actor: Actor, period_text: str | None, locale: str) -> ExportFiles:
        """/export [period]: the workbook and the CSV, rendered off the event loop."""
        actor.require(Role.ORGANISER)
        data = await self.collect(self._rankings.period(period_text))
        render = self._renderer.run if self._renderer is not None else asyncio.to_thread
        return await render(render_files, data, Translator(locale), self._config)

    async def collect(self, period: Period) -> ExportData:
        start, end = period.bounds(self._config.zone)

        def within(column: Any) -> Any:
            if start is None or end is None:
                return True
            return and_(column >= start, column < end)

        points: dict[int, dict[str, int]] = {}
        acks: dict[int, int] = {}
        rows = await self._session.execute(
            select(
                ScoreEvent.member_id, ScoreEvent.source, func.sum(ScoreEvent.points), func.count()
            )
            .where(within(ScoreEvent.created_at))
            .group_by(ScoreEvent.member_id, ScoreEvent.source)
        )
        for member_id, source, total, count in rows.all():
            points.setdefault(member_id, {})[source] = int(total or 0)
            if source == SOURCE_ACK:
                acks[member_id] = int(count)
        sources = [s for s in KNOWN_SOURCES if any(s in p for p in points.values())]
        sources += sorted({s for p in points.values() for s in p} - set(KNOWN_SOURCES))
        scored_modes = (QuizMode.DAILY.value, QuizMode.CHALLENGE.value)
        quizzes = dict(
            (
                await self._session.execute(
                    select(QuizSession.member_id, func.count())
                    .where(
                        QuizSession.scored.is_(True),
                        QuizSession.mode.in_(scored_modes),
                        within(QuizSession.started_at),
                    )
                    .group_by(QuizSession.member_id)
                )
            ).all()
        )
        answers = {
            member_id: (int(answered), int(correct or 0))
            for member_id, answered, correct in (
                await self._session.execute(
                    select(
                        QuizAnswer.member_id,
                        func.count(),
                        func.sum(case((QuizAnswer.correct.is_(True), 1), else_=0)),
                    )
                    .join(QuizSession, QuizSession.id == QuizAnswer.session_id)
                    .where(*scored_answers_in(period))
                    .group_by(QuizAnswer.member_id)
                )
            ).all()
        }
        members = (
            await self._session.execute(
                select(
                    Member.id, Member.first_name, Member.username, StudyGroup.name, Member.left_at
                ).outerjoin(StudyGroup, StudyGroup.id == Member.study_group_id)
            )
        ).all()
        unranked = []
        for member_id, first_name, username, group, left_at in members:
            by_source = points.get(member_id, {})
            answered, correct = answers.get(member_id, (0, 0))
            unranked.append(
                MemberRow(
                    rank=None,
                    member_id=member_id,
                    name=first_name or str(member_id),
                    username=username,
                    group=group,
                    left=left_at is not None,
                    points=sum(by_source.values()),
                    by_source=by_source,
                    quizzes=int(quizzes.get(member_id, 0)),
                    answered=answered,
                    correct=correct,
                    acks=acks.get(member_id, 0),
                )
            )
        current = sum(1 for row in unranked if not row.left)  # all that /top could rank
        return ExportData(
            period=period,
            generated_at=self._clock(),
            sources=sources,
            members=_ranked(unranked, await self._rankings.board(period, None, None, current)),
            groups=await self._rankings.group_board(period),
            awards=await self._awards(within(ManualAward.created_at)),
        )

    async def _awards(self, within_period: Any) -> list[AwardRow]:
        member, giver = aliased(Member), aliased(Member)
        rows = await self._session.execute(
            select(ManualAward, member.first_name, giver.first_name)
            .join(member, member.id == ManualAward.member_id)
            .outerjoin(giver, giver.id == ManualAward.given_by)
            .where(within_period)
            .order_by(ManualAward.id)
        )
        return [
            AwardRow(
                award_id=award.id,
                given_at=award.created_at,
                member_id=award.member_id,
                member_name=name or str(award.member_id),
                points=award.points,
                reason=award.reason,
                given_by=giver_name or str(award.given_by),
                revoked_at=award.revoked_at,
            )
            for award, name, giver_name in rows.all()
        ]


def _ranked(rows: list[MemberRow], board: Board) -> list[MemberRow]:
    """The members /top ranks, in its order and with its ranks (`board`: ties share a rank,
    the first to get there listed first); then current members with no points in the period
    (no rank, as in /top and /rank), then those who left, unranked."""
    by_id = {row.member_id: row for row in rows}
    ranked = [replace(by_id[entry.member_id], rank=entry.rank) for entry in board.entries]
    on_board = {entry.member_id for entry in board.entries}
    no_points = (row for row in rows if not row.left and row.member_id not in on_board)
    left = (row for row in rows if row.left)
    return (
        ranked
        + sorted(no_points, key=lambda r: (-r.points, r.member_id))
        + sorted(left, key=lambda r: r.member_id)
    )


# ---- rendering (in the worker process of bot/services/rendering.py: CPU work) ---------------


def source_label(t: Translator, source: str) -> str:
    if source in KNOWN_SOURCES:
        return t("source-" + source.replace("_", "-"))
    return source


def member_table(data: ExportData, t: Translator) -> tuple[list[str], list[list[Any]]]:
    header = [
        t("export-col-rank"),
        t("export-col-member-id"),
        t("export-col-name"),
        t("export-col-username"),
        t("export-col-group"),
        t("export-col-status"),
        t("export-col-points"),
        *[source_label(t, source) for source in data.sources],
        t("export-col-quizzes"),
        t("export-col-answered"),
        t("export-col-correct"),
        t("export-col-accuracy"),
        t("export-col-acks"),
    ]
    rows: list[list[Any]] = []
    for row in data.members:
        if row.left:
            status = t("export-status-left")
        elif row.group is None:
            status = t("export-status-no-group")
        else:
            status = t("export-status-in-group")
        accuracy = Share(round(row.correct / row.answered, 4)) if row.answered else None
        rows.append(
            [
                row.rank,
                row.member_id,
                row.name,
                f"@{row.username}" if row.username else None,
                row.group,
                status,
                row.points,
                *[row.by_source.get(source, 0) for source in data.sources],
                row.quizzes,
                row.answered,
                row.correct,
                accuracy,
                row.acks,
            ]
        )
    return header, rows


def group_table(board: GroupBoard, t: Translator) -> tuple[list[str], list[list[Any]]]:
    header = [
        t("export-col-rank"),
        t("export-col-group"),
        t("export-col-members"),
        t("export-col-active"),
        t("export-col-participation"),
        t("export-col-points"),
        t("export-col-per-member"),
        t("export-col-score"),
    ]
    rows = [
        [
            row.rank,
            row.name,
            row.members,
            row.active,
            Share(round(float(row.participation), 4)),
            row.points,
            round(float(row.per_member), 2),
            round(float(row.score), 2),
        ]
        for row in board.rows
    ]
    if board.ungrouped_members:
        rows.append(
            [
                None,
                t("export-no-group"),
                board.ungrouped_members,
                board.ungrouped_active,
                None,
                board.ungrouped_points,
                None,
                None,
            ]
        )
    return header, rows


def award_table(
    awards: list[AwardRow], t: Translator, zone: ZoneInfo
) -> tuple[list[str], list[list[Any]]]:
    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    header = [
        t("export-col-award"),
        t("export-col-given-at"),
        t("export-col-member-id"),
        t("export-col-name"),
        t("export-col-award-points"),
        t("export-col-reason"),
        t("export-col-given-by"),
        t("export-col-revoked-at"),
    ]
    rows: list[list[Any]] = [
        [
            f"#{award.award_id}",
            local(award.given_at),
            str(award.member_id),
            award.member_name,
            award.points,
            award.reason,
            award.given_by,
            None if award.revoked_at is None else local(award.revoked_at),
        ]
        for award in awards
    ]
    return header, rows


def render_csv(data: ExportData, t: Translator) -> bytes:
    header, rows = member_table(data, t)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _csv_text(value) for value in row])
    # The BOM tells Excel the file is UTF-8; without it Chinese names come out garbled.
    return buffer.getvalue().encode("utf-8-sig")


def render_xlsx(data: ExportData, t: Translator, config: Config) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def add_sheet(title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        sheet = book.create_sheet(title)
        for index, width in enumerate(widths):
            sheet.column_dimensions[_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        cells = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])

    header, rows = member_table(data, t)
    add_sheet(t("export-sheet-members"), header, rows, [6, 14, 16, 16, 22, 10] + [10] * 20)
    header, rows = group_table(data.groups, t)
    add_sheet(t("export-sheet-groups"), header, rows, [6, 26, 8, 10, 10, 10, 10, 10])
    zone = config.zone
    notes: list[list[Any]] = [
        [t("export-note-period"), period_label(t, data.period)],
        [
            t("export-note-generated"),
            data.generated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        ],
        [t("export-note-timezone"), config.timezone],
        [t("export-note-members"), len(data.members)],
        [t("export-note-how"), t("export-note-how-text")],
    ]
    if data.awards:
        header, rows = award_table(data.awards, t, zone)
        add_sheet(t("export-sheet-awards"), header, rows, [8, 18, 14, 14, 8, 40, 14, 18])
    add_sheet(
        t("export-sheet-notes"), [t("export-col-item"), t("export-col-value")], notes, [16, 90]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_files(data: ExportData, t: Translator, config: Config) -> ExportFiles:
    stem = f"studybot-{data.period.slug}"
    return ExportFiles(
        period=data.period,
        xlsx=render_xlsx(data, t, config),
        csv=render_csv(data, t),
        xlsx_name=f"{stem}.xlsx",
        csv_name=f"{stem}.csv",
        members=len(data.members),
    )


def _csv_text(value: Any) -> Any:
    """Text that Excel would take for a formula gets a leading apostrophe (OWASP's advice
    against CSV injection); the @username column, which the bot writes itself, stays."""
    formula_like = isinstance(value, str) and value.startswith(_FORMULA_START)
    if formula_like and not _USERNAME.fullmatch(value):
        return "'" + value
    return value


def _xlsx_value(sheet: Any, value: Any) -> Any:
    """A share shows as a percentage; openpyxl stores a string starting with "=" as a
    formula: store it as text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Share):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
