"""Rankings from the ledger: periods, ties, members who left, empty groups, members in no
group, fair group ranking, 学习标兵 tie-breaks, the running totals against the ledger, and
the exports and chart built from the same figures."""

from __future__ import annotations

import contextlib
import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.domain.periods import Period, PeriodKind, day_range, parse_period
from bot.domain.quiz import QuizMode, SessionStatus
from bot.locales import Translator
from bot.services.charts import cjk_font_family, group_chart_png
from bot.services.errors import PermissionDenied, UserFacingError
from bot.services.exports import render_files
from bot.services.identity import Actor, Caller, Role
from bot.services.ledger import Ledger, ensure_totals, rebuild_totals
from bot.services.unit import Services
from bot.storage.models import (
    GroupTotal,
    Member,
    QuizAnswer,
    QuizSession,
    ScoreEvent,
    ScoreTotal,
)
from tests.harness import ADMIN_ID, BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMIN = Actor(ADMIN_ID, "管理员", "zh", Role.ADMIN)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)  # type: ignore[misc]


def member(member_id: int) -> Actor:
    return Actor(member_id, f"成员{member_id}", "zh", Role.MEMBER)


async def register(services: Services, *members: tuple[int, str]) -> None:
    async with services.unit() as unit:
        for member_id, name in members:
            await unit.members.identify(Caller(member_id, name))


async def make_group(services: Services, name: str, *member_ids: int) -> int:
    async with services.unit() as unit:
        info = await unit.groups.create(ADMIN, name)
        for member_id in member_ids:
            await unit.groups.move(ADMIN, str(member_id), name)
    return info.id


_references = iter(range(1, 1_000_000))


async def award(services: Services, member_id: int, points: int, when: datetime) -> None:
    async with services.unit() as unit:
        ledger = Ledger(unit.session)
        assert await ledger.award(member_id, "manual", f"t{next(_references)}", points, when)


async def board(services: Services, *args: str) -> list[tuple[int, int, int]]:
    async with services.unit() as unit:
        result = await unit.rankings.top(ADMIN, list(args))
    return [(e.rank, e.member_id, e.points) for e in result.entries]


@pytest.fixture
def services(harness: BotHarness) -> Services:
    harness.clock.now = at(2026, 3, 4, 10, 0).astimezone(UTC)  # a Wednesday
    return harness.services


async def test_ties_share_a_rank_and_the_first_to_get_there_is_listed_first(
    services: Services,
) -> None:
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"), (4, "丁"))
    await award(services, 2, 5, at(2026, 3, 2, 9, 0))
    await award(services, 1, 5, at(2026, 3, 2, 10, 0))
    await award(services, 3, 3, at(2026, 3, 2, 8, 0))
    assert await board(services, "本周") == [(1, 2, 5), (1, 1, 5), (3, 3, 3)]
    assert await board(services, "本周", "2") == [(1, 2, 5), (1, 1, 5)]
    async with services.unit() as unit:
        cut = await unit.rankings.top(ADMIN, ["1"])
    assert cut.tied_beyond == 1 and [e.member_id for e in cut.entries] == [2]
    # A member who left, tied on 5 too, is not one of the others sharing the rank.
    await award(services, 4, 5, at(2026, 3, 2, 11, 0))
    async with services.unit() as unit:
        await unit.groups.remove_member(ADMIN, "4")
        cut = await unit.rankings.top(ADMIN, ["1"])
    assert cut.tied_beyond == 1


async def test_sunday_235959_and_monday_midnight_count_in_their_own_weeks(
    services: Services,
) -> None:
    await register(services, (1, "甲"), (2, "乙"))
    await award(services, 1, 4, at(2026, 3, 8, 23, 59, 59))
    await award(services, 2, 7, at(2026, 3, 9, 0, 0, 0))
    assert await board(services, "2026-03-02..2026-03-08") == [(1, 1, 4)]
    assert await board(services, "2026-03-09..2026-03-15") == [(1, 2, 7)]
    # The same week as a range of days, not a bucket, gives the same answer.
    assert await board(services, "2026-03-03..2026-03-08") == [(1, 1, 4)]
    assert await board(services, "2026-03") == [(1, 2, 7), (2, 1, 4)]
    assert await board(services, "2026-03-08") == [(1, 1, 4)]
    assert await board(services, "2026-03-09") == [(1, 2, 7)]


async def test_members_who_left_keep_history_but_drop_out(services: Services) -> None:
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"))
    group = await make_group(services, "第一小组", 1, 2, 3)
    await award(services, 1, 9, at(2026, 3, 2, 9, 0))
    await award(services, 2, 5, at(2026, 3, 2, 9, 0))
    await award(services, 3, 1, at(2026, 3, 2, 9, 0))
    async with services.unit() as unit:
        await unit.groups.remove_member(ADMIN, "1")
    assert await board(services) == [(1, 2, 5), (2, 3, 1)]
    assert await board(services, "第一小组") == [(1, 2, 5), (2, 3, 1)]
    async with services.unit() as unit:
        standing = await unit.rankings.standing(
            3, parse_period("本月", services.clock(), SHANGHAI)
        )
        mine = await unit.rankings.standing(1, parse_period("本月", services.clock(), SHANGHAI))
        groups = await unit.rankings.group_board(parse_period("本月", services.clock(), SHANGHAI))
        kept = await unit.session.scalar(
            select(func.sum(ScoreEvent.points)).where(ScoreEvent.member_id == 1)
        )
    assert (standing.rank, standing.of, standing.group_rank, standing.group_of) == (2, 2, 2, 2)
    assert mine.rank is None and mine.points == 9
    assert kept == 9
    [row] = groups.rows
    assert (row.group_id, row.members, row.active, row.points) == (group, 2, 2, 6)
    # /move brings them back.
    async with services.unit() as unit:
        back = await unit.groups.move(ADMIN, "1", "第一小组")
    assert back.rejoined
    assert (await board(services))[0] == (1, 1, 9)


async def test_leaving_a_group_keeps_the_overall_rank(services: Services) -> None:
    await register(services, (1, "甲"), (2, "乙"))
    await make_group(services, "第一小组", 1, 2)
    await award(services, 1, 3, at(2026, 3, 2, 9, 0))
    async with services.unit() as unit:
        await unit.groups.leave(member(1))
    assert await board(services) == [(1, 1, 3)]
    assert await board(services, "第一小组") == []


async def test_empty_groups_and_members_in_no_group(services: Services) -> None:
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"))
    await make_group(services, "空小组")
    await make_group(services, "第二小组", 1)
    await award(services, 1, 4, at(2026, 3, 3, 9, 0))
    await award(services, 2, 6, at(2026, 3, 3, 9, 0))
    async with services.unit() as unit:
        groups = await unit.rankings.groups(ADMIN, "本月")
    assert [(r.rank, r.name, r.members, r.points) for r in groups.rows] == [
        (1, "第二小组", 1, 4),
        (2, "空小组", 0, 0),
    ]
    assert (groups.ungrouped_members, groups.ungrouped_active, groups.ungrouped_points) == (
        2,
        1,
        6,
    )
    # Members in no group are ranked overall.
    assert await board(services) == [(1, 2, 6), (2, 1, 4)]
    async with services.unit() as unit:
        empty = await unit.rankings.top(ADMIN, ["空小组"])
        view = await unit.rankings.rank(member(3), None)
    assert empty.entries == []
    assert view.board.group is None and view.standing.rank == 3
    assert view.standing.group_rank is None


async def test_groups_are_ranked_per_member_and_by_participation(services: Services) -> None:
    # Big group: 4 members, one active with 20 points (more points in all).
    # Small group: 2 members, both active with 6 each.
    await register(services, *[(i, f"m{i}") for i in range(1, 7)])
    await make_group(services, "大组", 1, 2, 3, 4)
    await make_group(services, "小组甲", 5, 6)
    await award(services, 1, 20, at(2026, 3, 3, 9, 0))
    await award(services, 5, 6, at(2026, 3, 3, 9, 0))
    await award(services, 6, 6, at(2026, 3, 3, 9, 0))
    async with services.unit() as unit:
        groups = await unit.rankings.groups(ADMIN, None)
    small, big = groups.rows
    assert (small.name, big.name) == ("小组甲", "大组")
    assert (float(small.per_member), float(small.participation), float(small.score)) == (
        6.0,
        1.0,
        6.0,
    )
    assert (float(big.per_member), float(big.participation), float(big.score)) == (
        5.0,
        0.25,
        1.25,
    )


async def test_equal_groups_share_a_rank(services: Services) -> None:
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"))
    await make_group(services, "一组", 1)
    await make_group(services, "二组", 2)
    await make_group(services, "三组", 3)
    await award(services, 1, 2, at(2026, 3, 3, 9, 0))
    await award(services, 2, 2, at(2026, 3, 3, 10, 0))
    async with services.unit() as unit:
        groups = await unit.rankings.groups(ADMIN, None)
    assert [(r.rank, r.name) for r in groups.rows] == [(1, "一组"), (1, "二组"), (3, "三组")]


async def add_answers(
    services: Services, member_id: int, correct: int, wrong: int, when: datetime
) -> None:
    async with services.unit() as unit:
        session = QuizSession(
            member_id=member_id,
            chat_id=member_id,
            mode=QuizMode.DAILY.value,
            status=SessionStatus.FINISHED.value,
            quiz_day=when.astimezone(SHANGHAI).date(),
            scored=True,
            question_keys=[],
            started_at=when,
        )
        unit.session.add(session)
        await unit.session.flush()
        for position in range(correct + wrong):
            unit.session.add(
                QuizAnswer(
                    session_id=session.id,
                    member_id=member_id,
                    position=position,
                    question_key=f"q{position}",
                    content_hash="h",
                    correct=position < correct,
                    answered_at=when,
                )
            )


async def test_standouts_break_ties_by_accuracy_then_who_got_there_first(
    services: Services,
) -> None:
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"), (4, "丁"), (5, "戊"))
    # 1: 10 points, 50%. 2: 10 points, 90%. 3: 10 points, 90%, later than 2. 4: 12 points.
    await award(services, 4, 12, at(2026, 3, 3, 12, 0))
    await award(services, 1, 10, at(2026, 3, 2, 8, 0))
    await award(services, 3, 10, at(2026, 3, 3, 9, 0))
    await award(services, 2, 10, at(2026, 3, 2, 9, 0))
    await award(services, 5, 1, at(2026, 3, 2, 9, 0))
    await add_answers(services, 1, 5, 5, at(2026, 3, 2, 8, 0))
    await add_answers(services, 2, 9, 1, at(2026, 3, 2, 9, 0))
    await add_answers(services, 3, 9, 1, at(2026, 3, 3, 9, 0))
    # Answers outside the period do not count.
    await add_answers(services, 1, 10, 0, at(2026, 2, 2, 9, 0))
    async with services.unit() as unit:
        picks = await unit.rankings.standouts(ADMIN, ["本月", "3"])
    assert [(s.rank, s.member_id, s.points, s.correct, s.answered) for s in picks.entries] == [
        (1, 4, 12, 0, 0),
        (2, 2, 10, 9, 10),
        (3, 3, 10, 9, 10),
    ]
    assert picks.entries[1].reached_at < picks.entries[2].reached_at


async def test_me_reports_points_ranks_accuracy_and_streaks(services: Services) -> None:
    await register(services, (1, "甲"), (2, "乙"))
    await make_group(services, "第一小组", 1, 2)
    await award(services, 1, 3, at(2026, 3, 4, 9, 0))  # this week
    await award(services, 1, 2, at(2026, 3, 1, 9, 0))  # this month, last week
    await award(services, 1, 1, at(2026, 1, 5, 9, 0))  # this year
    await award(services, 2, 4, at(2026, 3, 3, 9, 0))
    for day in (2, 3, 4):
        await add_answers(services, 1, 3, 1, at(2026, 3, day, 8, 0))
    await add_answers(services, 1, 1, 0, at(2026, 2, 27, 8, 0))  # breaks the streak
    async with services.unit() as unit:
        report = await unit.rankings.me(member(1))
    week, month, year = report.standings
    assert (week.points, week.rank, week.group_rank, week.group_of) == (3, 2, 2, 2)
    assert (month.points, month.rank) == (5, 1)
    assert (year.points, year.rank, year.of) == (6, 1, 2)
    assert (report.answered, report.correct) == (13, 10)
    assert report.daily_streak == 3
    assert report.group == "第一小组"


async def test_members_need_no_organiser_role_for_me_but_do_for_top(services: Services) -> None:
    await register(services, (1, "甲"))
    async with services.unit() as unit:
        with pytest.raises(PermissionDenied):
            await unit.rankings.top(member(1), [])
        with pytest.raises(PermissionDenied):
            await unit.rankings.groups(member(1), None)
        with pytest.raises(PermissionDenied):
            await unit.exports.export(member(1), None, "zh")
        organiser = Actor(1, "甲", "zh", Role.ORGANISER)
        assert (await unit.rankings.top(organiser, [])).entries == []


async def test_bad_arguments_name_the_problem(services: Services) -> None:
    async with services.unit() as unit:
        with pytest.raises(UserFacingError) as bad_period:
            await unit.rankings.groups(ADMIN, "明年")
        with pytest.raises(UserFacingError) as bad_group:
            await unit.rankings.top(ADMIN, ["本周", "不存在的小组"])
        with pytest.raises(UserFacingError) as bad_count:
            await unit.rankings.top(ADMIN, ["500"])
        with pytest.raises(UserFacingError) as bad_date:
            await unit.rankings.top(ADMIN, ["2020-02-30"])
    assert bad_period.value.message_id == "period-error-unknown"
    assert bad_group.value.message_id == "rank-unknown-argument"
    assert bad_count.value.message_id == "rank-bad-count"
    assert bad_date.value.message_id == "period-error-bad-date"


async def totals_of(services: Services) -> set[tuple[int, str, date, int]]:
    async with services.unit() as unit:
        rows = await unit.session.execute(
            select(ScoreTotal.member_id, ScoreTotal.kind, ScoreTotal.start, ScoreTotal.points)
        )
        return {(m, k, s, p) for m, k, s, p in rows.all()}


async def test_running_totals_equal_a_rebuild_from_the_ledger(services: Services) -> None:
    rng = random.Random(5)
    members = [(i, f"m{i}") for i in range(1, 8)]
    await register(services, *members)
    start = at(2025, 12, 20, 0, 0)
    for _ in range(120):
        moment = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 80))
        await award(services, rng.randrange(1, 8), rng.randrange(1, 7), moment)
    incremental = await totals_of(services)
    async with services.unit() as unit:
        rows = await rebuild_totals(unit.session, SHANGHAI, services.clock())
    rebuilt = await totals_of(services)
    assert rebuilt == incremental and rows == len(rebuilt)
    # Every bucket's sum is what the ledger says for the same period.
    for kind, text in ((PeriodKind.WEEK, "2026-01-05..2026-01-11"), (PeriodKind.MONTH, "2026-02")):
        period = parse_period(text, services.clock(), SHANGHAI)
        assert period.kind is kind
        begin, end = period.bounds(SHANGHAI)
        async with services.unit() as unit:
            expected = dict(
                (
                    await unit.session.execute(
                        select(ScoreEvent.member_id, func.sum(ScoreEvent.points))
                        .where(ScoreEvent.created_at >= begin, ScoreEvent.created_at < end)
                        .group_by(ScoreEvent.member_id)
                    )
                ).all()
            )
            ranked = await unit.rankings.board(period, None, None, 50)
        assert {e.member_id: e.points for e in ranked.entries} == expected


async def test_totals_are_rebuilt_when_the_timezone_changes(services: Services) -> None:
    await register(services, (1, "甲"))
    # Monday 02:00 in Shanghai is still Sunday in Berlin.
    await award(services, 1, 5, at(2026, 3, 9, 2, 0))
    async with services.unit() as unit:
        assert not await ensure_totals(unit.session, SHANGHAI, services.clock())
        assert await ensure_totals(unit.session, ZoneInfo("Europe/Berlin"), services.clock())
        week = await unit.session.scalar(
            select(ScoreTotal.start).where(ScoreTotal.member_id == 1, ScoreTotal.kind == "w")
        )
    assert week == date(2026, 3, 2)


async def test_a_replayed_award_changes_no_total(services: Services) -> None:
    await register(services, (1, "甲"))
    async with services.unit() as unit:
        ledger = Ledger(unit.session)
        assert await ledger.award(1, "manual", "same", 3, at(2026, 3, 2, 9, 0))
        assert not await ledger.award(1, "manual", "same", 3, at(2026, 3, 2, 9, 0))
    assert await board(services) == [(1, 1, 3)]


async def test_export_workbook_and_csv(services: Services) -> None:
    await register(services, (1, "张三"), (2, "李四"), (3, "王五"))
    await make_group(services, "第一小组", 1, 2)
    async with services.unit() as unit:
        ledger = Ledger(unit.session)
        await ledger.award(1, "daily_quiz", "d1", 5, at(2026, 3, 2, 9, 0))
        await ledger.award(1, "ack", "a1", 2, at(2026, 3, 2, 9, 0))
        await ledger.award(2, "challenge", "c1", 3, at(2026, 3, 2, 9, 0))
        await ledger.award(3, "manual", "m1", 1, at(2026, 2, 2, 9, 0))  # last month
    await add_answers(services, 1, 4, 1, at(2026, 3, 2, 8, 0))
    async with services.unit() as unit:
        await unit.groups.remove_member(ADMIN, "2")
        files = await unit.exports.export(ADMIN, "本月", "zh")
    assert files.xlsx_name == "studybot-2026-03.xlsx"
    book = load_workbook(io.BytesIO(files.xlsx))
    assert book.sheetnames == ["成员", "小组", "说明"]
    members = [list(row) for row in book["成员"].iter_rows(values_only=True)]
    header = members[0]
    assert header[:7] == ["排名", "用户ID", "姓名", "用户名", "小组", "状态", "总积分"]
    assert "每日答题" in header and "学习材料确认" in header
    by_name = {row[2]: dict(zip(header, row, strict=True)) for row in members[1:]}
    assert by_name["张三"]["总积分"] == 7 and by_name["张三"]["排名"] == 1
    assert by_name["张三"]["正确率"] == 0.8 and by_name["张三"]["学习材料确认次数"] == 1
    assert by_name["李四"]["状态"] == "已移出" and by_name["李四"]["排名"] is None
    assert by_name["李四"]["总积分"] == 3  # history kept
    assert by_name["王五"]["总积分"] == 0 and by_name["王五"]["状态"] == "未分组"
    groups = [list(row) for row in book["小组"].iter_rows(values_only=True)]
    assert groups[1][:4] == [1, "第一小组", 1, 1]
    # Accuracy and participation read as percentages in Excel, not as 0.8 or 1.
    header_cells = [cell.value for cell in book["成员"][1]]
    accuracy = book["成员"].cell(2, header_cells.index("正确率") + 1)
    assert accuracy.value == 0.8 and accuracy.number_format == "0.0%"
    assert book["小组"]["E2"].value == 1 and book["小组"]["E2"].number_format == "0.0%"
    assert files.csv.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(files.csv.decode("utf-8-sig"))))
    assert rows[0][:3] == ["排名", "用户ID", "姓名"] and rows[1][2] == "张三"


async def test_the_export_lists_a_tie_in_the_order_top_does(services: Services) -> None:
    """/top lists members tied on points by who got there first; the export listed them by
    user id, so 甲 (id 1) came before 乙 (id 2), who had reached 5 points an hour earlier."""
    await register(services, (1, "甲"), (2, "乙"), (3, "丙"))
    await award(services, 2, 5, at(2026, 3, 2, 9, 0))
    await award(services, 1, 5, at(2026, 3, 2, 10, 0))
    await award(services, 3, 7, at(2026, 3, 2, 11, 0))
    top = await board(services, "本月")
    assert top == [(1, 3, 7), (2, 2, 5), (2, 1, 5)]
    async with services.unit() as unit:
        files = await unit.exports.export(ADMIN, "本月", "zh")
    rows = list(csv.reader(io.StringIO(files.csv.decode("utf-8-sig"))))
    exported = [(int(row[0]), int(row[1]), int(row[6])) for row in rows[1:]]
    assert exported == top


async def test_names_that_look_like_formulas_are_exported_as_text(services: Services) -> None:
    await register(services, (1, "=1+1"), (2, "-小明"), (3, "张三"))
    await make_group(services, "=SUM(1)", 1)
    await award(services, 1, 3, at(2026, 3, 2, 9, 0))
    async with services.unit() as unit:
        files = await unit.exports.export(ADMIN, "本月", "zh")
    book = load_workbook(io.BytesIO(files.xlsx))
    names = {cell.value: cell.data_type for cell in book["成员"]["C"][1:]}
    assert names["=1+1"] == "s" and names["张三"] == "s"
    groups = {cell.value: cell.data_type for cell in book["小组"]["B"][1:]}
    assert groups["=SUM(1)"] == "s"
    rows = list(csv.reader(io.StringIO(files.csv.decode("utf-8-sig"))))
    by_id = {row[1]: row for row in rows[1:]}
    assert by_id["1"][2] == "'=1+1" and by_id["1"][4] == "'=SUM(1)"
    assert by_id["2"][2] == "'-小明" and by_id["3"][2] == "张三"


async def test_chart_draws_chinese_with_a_cjk_font(services: Services) -> None:
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    await register(services, (1, "甲"))
    await make_group(services, "机关第一青年理论学习小组", 1)
    await award(services, 1, 3, at(2026, 3, 2, 9, 0))
    async with services.unit() as unit:
        board = await unit.rankings.group_board(day_range(date(2026, 3, 1), date(2026, 3, 31)))
    png = group_chart_png(board, Translator("zh"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    family = cjk_font_family()
    path = findfont(FontProperties(family=family), fallback_to_default=False)
    font = FT2Font(path)
    assert all(
        font.get_char_index(ord(char)) for char in "机关第一青年理论学习小组排名综合分人均参与"
    )


async def test_render_files_in_english(services: Services) -> None:
    async with services.unit() as unit:
        data = await unit.exports.collect(parse_period("全部", services.clock(), SHANGHAI))
    files = render_files(data, Translator("en"), services.config)
    assert files.csv_name == "studybot-all.csv"
    assert files.csv.decode("utf-8-sig").startswith("Rank,User id,Name")


async def test_member_rows_are_never_deleted(services: Services) -> None:
    await register(services, (1, "甲"))
    await make_group(services, "第一小组", 1)
    async with services.unit() as unit:
        removal = await unit.groups.remove(ADMIN, "第一小组")
        assert removal.members == 1
        kept = await unit.session.get(Member, 1)
        assert kept is not None and kept.study_group_id is None


async def group_totals_of(services: Services) -> set[tuple[int, str, date, int, int]]:
    async with services.unit() as unit:
        rows = await unit.session.execute(
            select(
                GroupTotal.study_group_id,
                GroupTotal.kind,
                GroupTotal.start,
                GroupTotal.points,
                GroupTotal.active,
            )
        )
        # Rows emptied by members moving out are kept with zeros; a rebuild has none.
        return {(g, k, s, p, a) for g, k, s, p, a in rows.all() if a or p}


async def test_group_totals_follow_members_who_move(services: Services) -> None:
    """Awards, joins, leaves, moves, removals and removed groups in random order: the
    groups' running totals always equal a rebuild from the ledger and the members."""
    rng = random.Random(9)
    await register(services, *[(i, f"m{i}") for i in range(1, 13)])
    names = ["一组", "二组", "三组"]
    for name in names:
        await make_group(services, name)
    start = at(2026, 1, 20, 0, 0)
    for step in range(160):
        who = str(rng.randrange(1, 13))
        choice = rng.random()
        async with services.unit() as unit:
            if choice < 0.55:
                moment = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 50))
                ledger = Ledger(unit.session)
                await ledger.award(int(who), "manual", f"g{step}", rng.randrange(1, 6), moment)
            elif choice < 0.75:
                await unit.groups.move(ADMIN, who, rng.choice([*names, "-"]))
            elif choice < 0.82:
                await unit.groups.remove_member(ADMIN, who)
            elif choice < 0.9:
                with contextlib.suppress(UserFacingError):  # not in a group
                    await unit.groups.leave(member(int(who)))
            elif choice < 0.93 and len(names) > 1:
                gone = names.pop(rng.randrange(len(names)))
                await unit.groups.remove(ADMIN, gone)
            else:
                names.append(f"新组{step}")
                await unit.groups.create(ADMIN, names[-1])
    incremental = await group_totals_of(services)
    async with services.unit() as unit:
        await rebuild_totals(unit.session, SHANGHAI, services.clock())
    assert incremental == await group_totals_of(services)
    # And /groups for a month equals the same days counted member by member.
    period = parse_period("2026-02", services.clock(), SHANGHAI)
    days = Period(PeriodKind.RANGE, date(2026, 2, 1), date(2026, 3, 1))
    async with services.unit() as unit:
        from_totals = await unit.rankings.group_board(period)
        counted = await unit.rankings.group_board(days)
    assert [r.points for r in from_totals.rows] == [r.points for r in counted.rows]
    assert counted.rows == from_totals.rows
    assert (counted.ungrouped_active, counted.ungrouped_points) == (
        from_totals.ungrouped_active,
        from_totals.ungrouped_points,
    )
