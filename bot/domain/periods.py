"""Calendar periods in the organisation's timezone, as UTC bounds for ledger queries.

Everything here is pure: `now` and the zone are passed in. A period is a range of local
calendar days [start, end); its UTC bounds follow from the zone, so a point at 23:59:59 on
Sunday and one at 00:00 on Monday (local time) fall in different weeks whatever UTC says.

The running totals of the points ledger are kept per member for one "bucket" of each kind
(`BUCKET_KINDS`): the local day, the week (Monday to Sunday), the month, the quarter, the
year and all time. A period of one of those kinds is one bucket; any other range of days is
the sum of its day buckets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.dates import arabic_numerals, month_named


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day, in UTC; DST days are 23 or 25 hours long."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def within_day(moment: datetime, day: date, zone: ZoneInfo) -> datetime:
    """`moment`, or the last instant of `day` when it is later: points from an activity begun
    that day (a quiz, a contest) count for it, even when the last answer lands after midnight."""
    _, end = day_bounds(day, zone)
    return min(moment, end - timedelta(microseconds=1))


class PeriodKind(StrEnum):
    """The value is the one-letter code stored in the running totals (`score_totals.kind`)."""

    DAY = "d"
    WEEK = "w"
    MONTH = "m"
    QUARTER = "q"
    YEAR = "y"
    ALL = "a"
    RANGE = "r"  # any other run of days: never stored, summed from day buckets


# The bucket of all time has one start date for every member.
ALL_TIME_START = date(1970, 1, 1)
BUCKET_KINDS: tuple[PeriodKind, ...] = (
    PeriodKind.DAY,
    PeriodKind.WEEK,
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.YEAR,
    PeriodKind.ALL,
)
# Longest date range accepted, so that a typo such as 2020..2902 is refused, not summed.
MAX_RANGE_DAYS = 366 * 10
# Years a period may name: from the start of all time to one whose end is still a date
# (a typo such as 0000-05 or 9999-12 is refused, not carried into date arithmetic).
MIN_YEAR, MAX_YEAR = ALL_TIME_START.year, 9998


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def year_start(day: date) -> date:
    return date(day.year, 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bucket_start(kind: PeriodKind, day: date) -> date:
    """The first day of the bucket of `kind` that holds `day`."""
    if kind is PeriodKind.DAY:
        return day
    if kind is PeriodKind.WEEK:
        return week_start(day)
    if kind is PeriodKind.MONTH:
        return month_start(day)
    if kind is PeriodKind.QUARTER:
        return quarter_start(day)
    if kind is PeriodKind.YEAR:
        return year_start(day)
    if kind is PeriodKind.ALL:
        return ALL_TIME_START
    raise ValueError(f"{kind!r} is not a bucket kind")


def buckets_of(moment: datetime, zone: ZoneInfo) -> list[tuple[PeriodKind, date]]:
    """The running-total buckets a ledger event at `moment` adds to, one of each kind."""
    day = local_day(moment, zone)
    return [(kind, bucket_start(kind, day)) for kind in BUCKET_KINDS]


@dataclass(frozen=True, slots=True)
class Period:
    """Local days [start, end); for ALL both are None. `current`: named relative to now
    (今天, 本周 ...) rather than by its dates, which only changes how it is shown."""

    kind: PeriodKind
    start: date | None
    end: date | None
    current: bool = False

    @property
    def last_day(self) -> date | None:
        return None if self.end is None else self.end - timedelta(days=1)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """[start, end) in UTC; None where the period is open (all time)."""
        if self.start is None or self.end is None:
            return None, None
        return day_bounds(self.start, zone)[0], day_bounds(self.end, zone)[0]

    def contains(self, moment: datetime, zone: ZoneInfo) -> bool:
        if self.start is None or self.end is None:
            return True
        return self.start <= local_day(moment, zone) < self.end

    @property
    def is_bucket(self) -> bool:
        """One stored running total (as opposed to a sum of day buckets)."""
        return self.kind is not PeriodKind.RANGE

    @property
    def bucket_start(self) -> date:
        return ALL_TIME_START if self.start is None else self.start

    @property
    def slug(self) -> str:
        """A short name for files: 2026-03, 2026-W10, 2026-Q1, 2026, all, 2020-05-01_2020-05-31."""
        if self.start is None or self.end is None:
            return "all"
        if self.kind is PeriodKind.DAY:
            return self.start.isoformat()
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}_{(self.end - timedelta(days=1)).isoformat()}"


def _bucket(kind: PeriodKind, day: date, *, current: bool = False) -> Period:
    if kind is PeriodKind.ALL:
        return Period(kind, None, None, current)
    start = bucket_start(kind, day)
    if kind is PeriodKind.DAY:
        end = start + timedelta(days=1)
    elif kind is PeriodKind.WEEK:
        end = start + timedelta(days=7)
    elif kind is PeriodKind.MONTH:
        end = _add_months(start, 1)
    elif kind is PeriodKind.QUARTER:
        end = _add_months(start, 3)
    else:
        end = date(start.year + 1, 1, 1)
    return Period(kind, start, end, current)


def current_period(kind: PeriodKind, now: datetime, zone: ZoneInfo) -> Period:
    """Today, this week, this month, this quarter, this year or all time, as of `now`."""
    return _bucket(kind, local_day(now, zone), current=True)


def day_range(first: date, last: date) -> Period:
    """The days from `first` to `last`, both included; one bucket where the range is one."""
    if last < first:
        raise PeriodError("reversed")
    end = last + timedelta(days=1)
    for kind in (PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER):
        candidate = _bucket(kind, first)
        if candidate.start == first and candidate.end == end:
            return candidate
    year = _bucket(PeriodKind.YEAR, first)
    if year.start == first and year.end == end:
        return year
    if (end - first).days > MAX_RANGE_DAYS:
        raise PeriodError("too-long")
    return Period(PeriodKind.RANGE, first, end)


class PeriodError(ValueError):
    """Text that names no period; `reason` is a message id suffix (period-error-...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_period_text(text: str) -> str:
    """Full-width digits and dashes become ASCII, Chinese numerals digits (十一月 -> 11月),
    case folds, spaces go."""
    text = arabic_numerals(unicodedata.normalize("NFKC", text).casefold())
    return re.sub(r"\s+", "", text)


def _words(kind: PeriodKind, words: str) -> dict[str, PeriodKind]:
    """The words (separated by spaces) as they read once normalized (上一周 -> 上1周)."""
    return {normalize_period_text(word): kind for word in words.split()}


# Words for the current periods; Chinese first.
_WORDS: dict[str, PeriodKind] = {
    **_words(PeriodKind.DAY, "今天 今日 当天 today day"),
    **_words(PeriodKind.WEEK, "本周 这周 本星期 这个星期 this-week week thisweek"),
    **_words(PeriodKind.MONTH, "本月 这个月 当月 this-month month thismonth"),
    **_words(PeriodKind.QUARTER, "本季度 本季 这个季度 this-quarter quarter thisquarter"),
    **_words(PeriodKind.YEAR, "今年 本年 本年度 this-year year thisyear"),
    **_words(PeriodKind.ALL, "全部 所有 总 总计 累计 all all-time alltime ever"),
}
# Words for the period before the current one, and for the one before that.
_PREVIOUS: dict[str, PeriodKind] = {
    **_words(PeriodKind.DAY, "昨天 昨日 yesterday"),
    **_words(PeriodKind.WEEK, "上周 上星期 上一周 上个周 上个星期 last-week lastweek"),
    **_words(PeriodKind.MONTH, "上月 上个月 上一月 上一个月 last-month lastmonth"),
    **_words(PeriodKind.QUARTER, "上季度 上个季度 上一季度 上一个季度 last-quarter lastquarter"),
    **_words(PeriodKind.YEAR, "去年 上年 上一年 上年度 去年度 last-year lastyear"),
}
_BEFORE_PREVIOUS: dict[str, PeriodKind] = {
    **_words(PeriodKind.DAY, "前天 前日"),
    **_words(PeriodKind.WEEK, "上上周 上上星期 上上个周 上上个星期"),
    **_words(PeriodKind.MONTH, "上上月 上上个月"),
    **_words(PeriodKind.QUARTER, "上上季度 上上个季度"),
    **_words(PeriodKind.YEAR, "前年 前年度"),
}
# 2026, 2026年, 2026年度, 2026年全年.
_YEAR = re.compile(r"(\d{4})(?:年|年度|年?全年)?")
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:月份?)?")
# A month without its year (11月, 3月份): the latest one that has begun.
_MONTH_OF_THE_YEAR = re.compile(r"(\d{1,2})月份?")
# A month by its English name (may, may2020, sept.2020), with its year or without.
_NAMED_MONTH = re.compile(r"([a-z]+)\.?,?(\d{4})?")
# 2026-Q4, 2026年第4季度, 第四季度, Q4 (without its year: the latest one that has begun).
_QUARTER = re.compile(r"(?:(\d{4})(?:[-/.]|年)?)?(?:q(\d)|第?(\d)季度)")
# An ISO week, as file names show it (2026-W53), or 2026年第53周, or 第53周 alone (the
# latest week of that number that has begun).
_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})|(?:(\d{4})年)?第(\d{1,2})周")
# A half year: 2026年上半年, 去年下半年, 2026-H2, or 下半年 alone (the latest that has begun).
_HALF = re.compile(r"(?:(\d{4})年?|(今年)|(去年))?([上下])半年|(\d{4})-?h([12])")
_DAY = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?")
# A day without its year (12月31日): the latest one that has come; as a range's end, the first
# one after its start.
_DAY_OF_THE_YEAR = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")
# A range's end that is today: 2026-12-01至今.
_UNTIL_TODAY = ("今", "今天")
_RANGE_SEPARATORS = ("..", "~", "～", "至", "到", "—", "_")
# Dashes separate a range only between two days: a dated day has them inside.
_DASHES = ("-", "–")
# How every dated form begins: a half of a range that starts so was meant as a date.
_DATED = re.compile(r"\d{4}")


def _day_shaped(text: str) -> bool:
    return bool(_DAY.fullmatch(text) or _DAY_OF_THE_YEAR.fullmatch(text))


def _ends_range(text: str) -> bool:
    return _day_shaped(text) or text in _UNTIL_TODAY


def _range_halves(word: str) -> tuple[str, str] | None:
    """The halves of a normalized word around its first range separator, or around a dash
    between two days (2026-12-28-2027-01-03, 12月28日-1月3日); None: no range."""
    for separator in _RANGE_SEPARATORS:
        if separator in word:
            first, _, last = word.partition(separator)
            return first, last
    for i, char in enumerate(word):
        if char in _DASHES and _day_shaped(word[:i]) and _ends_range(word[i + 1 :]):
            return word[:i], word[i + 1 :]
    return None


def _range_shaped(text: str) -> bool:
    """Two day-shaped halves around a range separator (valid dates or not)."""
    halves = _range_halves(normalize_period_text(text))
    return halves is not None and _day_shaped(halves[0]) and _ends_range(halves[1])


def join_period_words(words: Sequence[str]) -> list[str]:
    """Command arguments, with a period typed as several words put back into one: a date
    range typed with spaces ("2020-05-01 至 2020-05-31", as the bot itself writes one, or
    "2020-05-01 ..2020-05-31"), and two words that make one period ("last week",
    "all time", "2025 Q4", "May 2025", "2020年 5月"), as /rank reads its text whole."""
    joined: list[str] = []
    i = 0
    while i < len(words):
        for width in (3, 2):
            window = words[i : i + width]
            if len(window) == width and _one_period(window):
                joined.append("".join(window))
                i += width
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def _one_period(window: Sequence[str]) -> bool:
    together = "".join(window)
    return _range_shaped(together) or (len(window) == 2 and looks_like_period(together))


def looks_like_period(text: str) -> bool:
    """Whether a command would read `text` as a period: a valid one, or one written in a
    period's form that it refuses (2020-13, a reversed range). Only an unknown form is
    free to be something else, such as a group's name."""
    try:
        parse_period(text, datetime(2000, 1, 1, tzinfo=UTC), ZoneInfo("UTC"))
    except PeriodError as exc:
        return exc.reason != "unknown"
    return True


def _year(text: str) -> int:
    """The year of a month, quarter or day; one outside MIN_YEAR..MAX_YEAR is no date."""
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError("bad-date")
    return year


def _latest_year(month: int, today: date, day: int = 1) -> int:
    """The year of the latest `day` of `month` (by default the month itself, or a quarter
    or half year beginning then) that has come by `today`: one named without its year."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def _iso_week(year_text: str | None, week_text: str, today: date) -> date:
    """The Monday of ISO week `week_text` of `year_text`; without a year, of the latest week
    of that number that has begun by `today`."""
    week = int(week_text)
    if year_text is not None:
        year = _year(year_text)
    else:
        this_year, this_week, _ = today.isocalendar()
        year = this_year if week <= this_week else this_year - 1
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise PeriodError("bad-date") from exc


def _half_year(match: re.Match[str], today: date) -> Period:
    """January to June or July to December, as a range of days (no running total of its own)."""
    first_month = 1 if match[4] == "上" or match[6] == "1" else 7
    year_text = match[1] or match[5]
    if year_text is not None:
        year = _year(year_text)
    elif match[2] is not None:
        year = today.year
    elif match[3] is not None:
        year = today.year - 1
    else:
        year = _latest_year(first_month, today)
    first = date(year, first_month, 1)
    return day_range(first, _add_months(first, 6) - timedelta(days=1))


def _parse_day(text: str, today: date, after: date | None = None) -> date | None:
    """The day `text` writes; one without its year is the latest such day by `today`, or
    the first on or after `after` (the start of a range it ends)."""
    full = _DAY.fullmatch(text)
    of_the_year = _DAY_OF_THE_YEAR.fullmatch(text)
    try:
        if full is not None:
            return date(_year(full[1]), int(full[2]), int(full[3]))
        if of_the_year is None:
            return None
        month, day = int(of_the_year[1]), int(of_the_year[2])
        if after is None:
            year = _latest_year(month, today, day)
        else:
            year = after.year if (month, day) >= (after.month, after.day) else after.year + 1
        return date(year, month, day)
    except ValueError as exc:
        raise PeriodError("bad-date") from exc


def _back(kind: PeriodKind, today: date, steps: int) -> Period:
    """The period of `kind` `steps` before the one `today` is in."""
    period = _bucket(kind, today)
    for _ in range(steps):
        assert period.start is not None
        period = _bucket(kind, period.start - timedelta(days=1))
    return period


def parse_period(
    text: str | None, now: datetime, zone: ZoneInfo, default: PeriodKind = PeriodKind.MONTH
) -> Period:
    """A period from what a person typed: a word (今天 本周 本月 本季度 今年 全部, today,
    week ...; 昨天 上周 上月 上季度 去年 for the previous one, 前天 上上周 上上月 上上季度 前年
    for the one before), a year `2020`, a quarter
    `2020-Q2` (`2020年第2季度`; `第二季度`: the latest second quarter), a month `2020-05`
    or `May 2020` (`11月` or `Nov`: the latest November), an ISO week `2020-W19`
    (`2020年第19周`; `第19周`: the latest week 19), a half year `2020年上半年` (`2020-H1`;
    `下半年`: the latest second half), a day `2020-05-01` (`12月31日`: the latest 31 December),
    or a range `2020-05-01..2020-05-31` (also with ~ 至 到 or a dash between two days;
    `2020-05-01至今` ends today). None or empty: the current period of `default`."""
    if text is None or not text.strip():
        return current_period(default, now, zone)
    word = normalize_period_text(text)
    today = local_day(now, zone)
    if word in _WORDS:
        return current_period(_WORDS[word], now, zone)
    if word in _PREVIOUS:
        return _back(_PREVIOUS[word], today, 1)
    if word in _BEFORE_PREVIOUS:
        return _back(_BEFORE_PREVIOUS[word], today, 2)
    halves = _range_halves(word)
    # Words around a 到 or _ (青年到基层) are no range, and no date.
    if halves is not None and any(_DATED.match(half) or _day_shaped(half) for half in halves):
        first_text, last_text = halves
        first = _parse_day(first_text, today)
        if first is None:
            raise PeriodError("bad-range")
        last = today if last_text in _UNTIL_TODAY else _parse_day(last_text, today, first)
        if last is None:
            raise PeriodError("bad-range")
        return day_range(first, last)
    day = _parse_day(word, today)
    if day is not None:
        return _bucket(PeriodKind.DAY, day)
    match = _MONTH.fullmatch(word)
    if match is not None:
        month = int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError("bad-date")
        return _bucket(PeriodKind.MONTH, date(_year(match[1]), month, 1))
    match = _MONTH_OF_THE_YEAR.fullmatch(word)
    if match is not None:
        month = int(match[1])
        if not 1 <= month <= 12:
            raise PeriodError("bad-date")
        return _bucket(PeriodKind.MONTH, date(_latest_year(month, today), month, 1))
    match = _NAMED_MONTH.fullmatch(word)
    named = None if match is None else month_named(match[1])
    if match is not None and named is not None:
        year = _latest_year(named, today) if match[2] is None else _year(match[2])
        return _bucket(PeriodKind.MONTH, date(year, named, 1))
    match = _QUARTER.fullmatch(word)
    if match is not None:
        quarter = int(match[2] or match[3])
        if not 1 <= quarter <= 4:
            raise PeriodError("bad-date")
        first_month = 3 * quarter - 2
        year = _latest_year(first_month, today) if match[1] is None else _year(match[1])
        return _bucket(PeriodKind.QUARTER, date(year, first_month, 1))
    match = _WEEK.fullmatch(word)
    if match is not None:
        return _bucket(
            PeriodKind.WEEK, _iso_week(match[1] or match[3], match[2] or match[4], today)
        )
    match = _HALF.fullmatch(word)
    if match is not None:
        return _half_year(match, today)
    match = _YEAR.fullmatch(word)
    if match is not None and MIN_YEAR <= int(match[1]) <= MAX_YEAR:
        return _bucket(PeriodKind.YEAR, date(int(match[1]), 1, 1))
    raise PeriodError("unknown")
