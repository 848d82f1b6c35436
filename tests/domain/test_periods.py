"""Periods in the organisation's timezone: words, dates, ranges and their UTC bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import (
    ALL_TIME_START,
    PeriodError,
    PeriodKind,
    buckets_of,
    current_period,
    day_range,
    join_period_words,
    looks_like_period,
    parse_period,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 2026-03-04 10:00 in Shanghai.
NOW = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)


def shanghai(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("今天", PeriodKind.DAY, date(2026, 3, 4), date(2026, 3, 5)),
        ("today", PeriodKind.DAY, date(2026, 3, 4), date(2026, 3, 5)),
        ("本周", PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9)),
        ("Week", PeriodKind.WEEK, date(2026, 3, 2), date(2026, 3, 9)),
        ("本月", PeriodKind.MONTH, date(2026, 3, 1), date(2026, 4, 1)),
        ("本季度", PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 4, 1)),
        ("今年", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("全部", PeriodKind.ALL, None, None),
        ("all", PeriodKind.ALL, None, None),
        ("昨天", PeriodKind.DAY, date(2026, 3, 3), date(2026, 3, 4)),
        ("上周", PeriodKind.WEEK, date(2026, 2, 23), date(2026, 3, 2)),
        ("上月", PeriodKind.MONTH, date(2026, 2, 1), date(2026, 3, 1)),
        ("上季度", PeriodKind.QUARTER, date(2025, 10, 1), date(2026, 1, 1)),
        ("去年", PeriodKind.YEAR, date(2025, 1, 1), date(2026, 1, 1)),
        ("2020-05", PeriodKind.MONTH, date(2020, 5, 1), date(2020, 6, 1)),
        ("２０２０－０５", PeriodKind.MONTH, date(2020, 5, 1), date(2020, 6, 1)),
        ("2020年5月", PeriodKind.MONTH, date(2020, 5, 1), date(2020, 6, 1)),
        ("2020-12", PeriodKind.MONTH, date(2020, 12, 1), date(2021, 1, 1)),
        # A month without its year: this year's, or last year's when it has not come yet.
        ("3月", PeriodKind.MONTH, date(2026, 3, 1), date(2026, 4, 1)),
        ("1月份", PeriodKind.MONTH, date(2026, 1, 1), date(2026, 2, 1)),
        ("１１月", PeriodKind.MONTH, date(2025, 11, 1), date(2025, 12, 1)),
        ("十一月", PeriodKind.MONTH, date(2025, 11, 1), date(2025, 12, 1)),
        ("二〇二〇年五月", PeriodKind.MONTH, date(2020, 5, 1), date(2020, 6, 1)),
        ("2020-Q2", PeriodKind.QUARTER, date(2020, 4, 1), date(2020, 7, 1)),
        ("2020", PeriodKind.YEAR, date(2020, 1, 1), date(2021, 1, 1)),
        ("2020-05-01", PeriodKind.DAY, date(2020, 5, 1), date(2020, 5, 2)),
        ("2020-05-03..2020-05-12", PeriodKind.RANGE, date(2020, 5, 3), date(2020, 5, 13)),
        ("2020-05-03 至 2020-05-12", PeriodKind.RANGE, date(2020, 5, 3), date(2020, 5, 13)),
        ("2020-05-03~2020-05-12", PeriodKind.RANGE, date(2020, 5, 3), date(2020, 5, 13)),
        # A range that is exactly a month is that month's bucket.
        ("2020-05-01..2020-05-31", PeriodKind.MONTH, date(2020, 5, 1), date(2020, 6, 1)),
        ("2020-05-04..2020-05-10", PeriodKind.WEEK, date(2020, 5, 4), date(2020, 5, 11)),
    ],
)
def test_parse(text: str, kind: PeriodKind, start: date | None, end: date | None) -> None:
    period = parse_period(text, NOW, SHANGHAI)
    assert (period.kind, period.start, period.end) == (kind, start, end)


# Two periods back, as organisers say it when they catch up on the period before last.
@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("前天", PeriodKind.DAY, date(2026, 3, 2), date(2026, 3, 3)),
        ("上上周", PeriodKind.WEEK, date(2026, 2, 16), date(2026, 2, 23)),
        ("上上个星期", PeriodKind.WEEK, date(2026, 2, 16), date(2026, 2, 23)),
        ("上上月", PeriodKind.MONTH, date(2026, 1, 1), date(2026, 2, 1)),
        ("上上个月", PeriodKind.MONTH, date(2026, 1, 1), date(2026, 2, 1)),
        ("上上季度", PeriodKind.QUARTER, date(2025, 7, 1), date(2025, 10, 1)),
        ("前年", PeriodKind.YEAR, date(2024, 1, 1), date(2025, 1, 1)),
        ("前年度", PeriodKind.YEAR, date(2024, 1, 1), date(2025, 1, 1)),
    ],
)
def test_parse_two_back(text: str, kind: PeriodKind, start: date, end: date) -> None:
    period = parse_period(text, NOW, SHANGHAI)
    assert (period.kind, period.start, period.end) == (kind, start, end)


# New Year's Day 2027, 08:00 in Shanghai (midnight UTC): the 学习标兵 of December and of 2026
# are picked now, written as organisers write them.
NEW_YEARS_DAY = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026年度", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("二〇二六年度", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("2026年全年", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("上年度", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("去年度", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("上一年", PeriodKind.YEAR, date(2026, 1, 1), date(2027, 1, 1)),
        ("2026年12月份", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1)),
        ("十二月份", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1)),
        ("上一个月", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1)),
        ("上一月", PeriodKind.MONTH, date(2026, 12, 1), date(2027, 1, 1)),
        ("上一周", PeriodKind.WEEK, date(2026, 12, 21), date(2026, 12, 28)),
        ("上个星期", PeriodKind.WEEK, date(2026, 12, 21), date(2026, 12, 28)),
        ("上个周", PeriodKind.WEEK, date(2026, 12, 21), date(2026, 12, 28)),
        ("这个星期", PeriodKind.WEEK, date(2026, 12, 28), date(2027, 1, 4)),
        ("上一季度", PeriodKind.QUARTER, date(2026, 10, 1), date(2027, 1, 1)),
        ("上一个季度", PeriodKind.QUARTER, date(2026, 10, 1), date(2027, 1, 1)),
    ],
)
def test_year_end_wording(text: str, kind: PeriodKind, start: date, end: date) -> None:
    period = parse_period(text, NEW_YEARS_DAY, SHANGHAI)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2026年第四季度", date(2026, 10, 1)),
        ("2026年第4季度", date(2026, 10, 1)),
        ("2026年4季度", date(2026, 10, 1)),
        ("2026年Q4", date(2026, 10, 1)),
        ("2026 Q4", date(2026, 10, 1)),
        # Without its year, a quarter is the latest one that has begun, as a month is.
        ("第四季度", date(2026, 10, 1)),
        ("四季度", date(2026, 10, 1)),
        ("Q4", date(2026, 10, 1)),
        ("第一季度", date(2027, 1, 1)),
        ("一季度", date(2027, 1, 1)),
    ],
)
def test_quarters_as_organisers_write_them(text: str, start: date) -> None:
    period = parse_period(text, NEW_YEARS_DAY, SHANGHAI)
    assert (period.kind, period.start) == (PeriodKind.QUARTER, start)


def test_a_fifth_quarter_is_no_date() -> None:
    for text in ("第五季度", "2026年第5季度"):
        with pytest.raises(PeriodError) as raised:
            parse_period(text, NEW_YEARS_DAY, SHANGHAI)
        assert raised.value.reason == "bad-date", text


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # ISO weeks, as /export names its files (studybot-2026-W53.xlsx): 2026 has 53, the
        # last running into 2027.
        ("2026-W53", date(2026, 12, 28)),
        ("2026w53", date(2026, 12, 28)),
        ("2026年第53周", date(2026, 12, 28)),
        ("2027-W01", date(2027, 1, 4)),
        ("2026-W01", date(2025, 12, 29)),
        # Without its year, the latest week of that number that has begun.
        ("第53周", date(2026, 12, 28)),
        ("第五十二周", date(2026, 12, 21)),
        ("第1周", date(2027, 1, 4)),
    ],
)
def test_iso_weeks(text: str, start: date) -> None:
    monday = datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    period = parse_period(text, monday, SHANGHAI)
    assert (period.kind, period.start) == (PeriodKind.WEEK, start)
    assert period.slug.endswith(f"W{start.isocalendar().week:02d}")


def test_a_week_the_year_does_not_have_is_no_date() -> None:
    for text in ("2027-W53", "2026-W00", "第54周"):
        with pytest.raises(PeriodError) as raised:
            parse_period(text, NEW_YEARS_DAY, SHANGHAI)
        assert raised.value.reason == "bad-date", text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026年上半年", date(2026, 1, 1), date(2026, 7, 1)),
        ("2026下半年", date(2026, 7, 1), date(2027, 1, 1)),
        ("2026-H2", date(2026, 7, 1), date(2027, 1, 1)),
        ("去年下半年", date(2026, 7, 1), date(2027, 1, 1)),
        ("今年上半年", date(2027, 1, 1), date(2027, 7, 1)),
        # Without its year, the latest half that has begun, as a month or a quarter.
        ("下半年", date(2026, 7, 1), date(2027, 1, 1)),
        ("上半年", date(2027, 1, 1), date(2027, 7, 1)),
    ],
)
def test_half_years(text: str, start: date, end: date) -> None:
    period = parse_period(text, NEW_YEARS_DAY, SHANGHAI)
    assert (period.kind, period.start, period.end) == (PeriodKind.RANGE, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # A day without its year: the latest such day that has come, as a month is.
        ("12月31日", date(2026, 12, 31), date(2027, 1, 1)),
        ("1月1日", date(2027, 1, 1), date(2027, 1, 2)),
        ("十二月二十五号", date(2026, 12, 25), date(2026, 12, 26)),
        ("2026年12月25号", date(2026, 12, 25), date(2026, 12, 26)),
        ("12月1日至12月31日", date(2026, 12, 1), date(2027, 1, 1)),
        # A range running into the new year: its end follows its start.
        ("12月28日至1月3日", date(2026, 12, 28), date(2027, 1, 4)),
        ("12月28日 ~ 2027年1月3日", date(2026, 12, 28), date(2027, 1, 4)),
        # Up to today.
        ("2026-12-01至今", date(2026, 12, 1), date(2027, 1, 2)),
        ("12月1日到今天", date(2026, 12, 1), date(2027, 1, 2)),
    ],
)
def test_days_as_organisers_write_them(text: str, start: date, end: date) -> None:
    period = parse_period(text, NEW_YEARS_DAY, SHANGHAI)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["2026-12-28-2027-01-03", "2026/12/28-2027/1/3", "12月28日-1月3日", "2026.12.28–2027.1.3"],
)
def test_a_range_of_days_may_be_written_with_a_dash(text: str) -> None:
    period = parse_period(text, NEW_YEARS_DAY, SHANGHAI)
    assert (period.kind, period.start, period.end) == (
        PeriodKind.WEEK,
        date(2026, 12, 28),
        date(2027, 1, 4),
    )


def test_a_range_of_days_without_a_year_typed_with_spaces_is_one_argument() -> None:
    words = ["12月1日", "至", "12月31日", "一组"]
    assert join_period_words(words) == ["12月1日至12月31日", "一组"]
    assert join_period_words(["2026-12-28", "-", "2027-01-03"]) == ["2026-12-28-2027-01-03"]


def test_no_text_means_the_default_current_period() -> None:
    period = parse_period(None, NOW, SHANGHAI)
    assert period.kind is PeriodKind.MONTH and period.current
    assert parse_period("  ", NOW, SHANGHAI, PeriodKind.WEEK).kind is PeriodKind.WEEK
    assert not parse_period("2020-05", NOW, SHANGHAI).current


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("明年", "unknown"),
        ("2020-13", "bad-date"),
        ("13月", "bad-date"),
        ("2020-02-30", "bad-date"),
        ("2020-05-31..2020-05-01", "reversed"),
        ("2020-05..2020-06", "bad-range"),
        ("2000-01-01..2020-01-01", "too-long"),
        ("第一小组", "unknown"),
        ("一组", "unknown"),
        # Years no calendar arithmetic can take are refused, not a crash.
        ("0000-05", "bad-date"),
        ("9999-12", "bad-date"),
        ("0000-q1", "bad-date"),
        ("9999-Q4", "bad-date"),
        ("9999-12-31", "bad-date"),
        ("0001-01-01", "bad-date"),
        ("0001-01-01..2020-01-01", "bad-date"),
    ],
)
def test_bad_text_says_why(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, NOW, SHANGHAI)
    assert raised.value.reason == reason


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ("本月", True),
        ("2020-05", True),
        # Mistyped dates: /top refuses them as periods, so they can be no group's name.
        ("2020-13", True),
        ("2020-02-30", True),
        ("2020-05..2020-06", True),
        ("2020-05-31..2020-05-01", True),
        ("2000-01-01..2020-01-01", True),
        ("第一小组", False),
        ("明年", False),
        # Words around a range separator are no range unless a half is dated.
        ("青年到基层", False),
        ("一支部_青年组", False),
    ],
)
def test_what_looks_like_a_period(text: str, looks: bool) -> None:
    assert looks_like_period(text) is looks


def test_a_range_typed_with_spaces_is_one_argument() -> None:
    assert join_period_words(["2020-05-01", "至", "2020-05-31", "一组", "5"]) == [
        "2020-05-01至2020-05-31",
        "一组",
        "5",
    ]
    assert join_period_words(["2020-05-01", "..2020-05-31"]) == ["2020-05-01..2020-05-31"]
    assert join_period_words(["2020-05-31~", "2020-05-01"]) == ["2020-05-31~2020-05-01"]
    # Only day-shaped halves are joined: group names and other words stay as typed.
    assert join_period_words(["一组", "至", "二组"]) == ["一组", "至", "二组"]
    assert join_period_words(["本周", "10"]) == ["本周", "10"]


def test_sunday_235959_and_monday_0000_are_different_weeks_in_shanghai() -> None:
    sunday = shanghai(2026, 3, 8, 23, 59, 59)
    monday = shanghai(2026, 3, 9, 0, 0, 0)
    this_week = current_period(PeriodKind.WEEK, sunday, SHANGHAI)
    next_week = current_period(PeriodKind.WEEK, monday, SHANGHAI)
    assert this_week.contains(sunday, SHANGHAI) and not this_week.contains(monday, SHANGHAI)
    assert next_week.contains(monday, SHANGHAI) and not next_week.contains(sunday, SHANGHAI)
    # The UTC bounds: Monday 00:00 in Shanghai is Sunday 16:00 UTC.
    start, end = this_week.bounds(SHANGHAI)
    assert start == datetime(2026, 3, 1, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)
    assert start <= sunday < end <= monday
    week_of = dict(buckets_of(sunday, SHANGHAI))
    assert week_of[PeriodKind.WEEK] == date(2026, 3, 2)
    assert dict(buckets_of(monday, SHANGHAI))[PeriodKind.WEEK] == date(2026, 3, 9)


def test_month_quarter_and_year_turn_at_local_midnight() -> None:
    last = shanghai(2026, 3, 31, 23, 59, 59)
    first = shanghai(2026, 4, 1, 0, 0, 0)
    # Both are 31 March in UTC.
    assert last.astimezone(UTC).date() == first.astimezone(UTC).date() == date(2026, 3, 31)
    before, after = dict(buckets_of(last, SHANGHAI)), dict(buckets_of(first, SHANGHAI))
    assert before[PeriodKind.MONTH] == date(2026, 3, 1)
    assert after[PeriodKind.MONTH] == date(2026, 4, 1)
    assert before[PeriodKind.QUARTER] == date(2026, 1, 1)
    assert after[PeriodKind.QUARTER] == date(2026, 4, 1)
    new_year = dict(buckets_of(shanghai(2027, 1, 1, 0, 0), SHANGHAI))
    assert new_year[PeriodKind.YEAR] == date(2027, 1, 1)
    assert new_year[PeriodKind.ALL] == ALL_TIME_START
    assert new_year[PeriodKind.DAY] == date(2027, 1, 1)


def test_the_configured_timezone_decides() -> None:
    moment = datetime(2026, 3, 8, 20, 0, tzinfo=UTC)  # Monday 04:00 in Shanghai
    assert current_period(PeriodKind.WEEK, moment, SHANGHAI).start == date(2026, 3, 9)
    assert current_period(PeriodKind.WEEK, moment, BERLIN).start == date(2026, 3, 2)


def test_a_dst_day_is_23_hours_long() -> None:
    start, end = day_range(date(2026, 3, 29), date(2026, 3, 29)).bounds(BERLIN)
    assert start is not None and end is not None
    assert (end - start).total_seconds() == 23 * 3600


def test_all_time_is_open() -> None:
    period = parse_period("全部", NOW, SHANGHAI)
    assert period.bounds(SHANGHAI) == (None, None)
    assert period.contains(datetime(1999, 1, 1, tzinfo=UTC), SHANGHAI)
    assert period.bucket_start == ALL_TIME_START


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("2020-05", "2020-05"),
        ("2020-05-04..2020-05-10", "2020-W19"),
        ("2020-Q2", "2020-Q2"),
        ("2020", "2020"),
        ("全部", "all"),
        ("2020-05-01", "2020-05-01"),
        ("2020-05-03..2020-05-12", "2020-05-03_2020-05-12"),
    ],
)
def test_slugs_name_files(text: str, slug: str) -> None:
    assert parse_period(text, NOW, SHANGHAI).slug == slug
