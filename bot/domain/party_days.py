"""A member's political birthday (政治生日): the anniversary of the day they joined the Party.
Reading the date a person types, and which days are whose anniversary. Pure."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

# The Party's founding: no member joined before it.
FOUNDING = date(1921, 7, 1)
# 2008-07-01, 2008/7/1, 2008.7.1, 2008年7月1日 or 1号, 2008 7 1 (with spaces or not), and
# 20080701.
_YEAR_MARK = r"(?:\s*[-/.年]\s*|\s+)"
_MONTH_MARK = r"(?:\s*[-/.月]\s*|\s+)"
_SEPARATED = re.compile(rf"(\d{{4}}){_YEAR_MARK}(\d{{1,2}}){_MONTH_MARK}(\d{{1,2}})\s*[日号]?")
_RUN_TOGETHER = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Marks NFKC leaves as they are: a Chinese input method's full stop and the dashes.
_MARKS = str.maketrans({"。": ".", "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-"})
# Chinese numerals, as the application form (入党志愿书) writes a date: 二〇〇八年七月一日,
# 十二月三十一日.
_CHINESE_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CHINESE_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+")
# What clears the date: a dash, or a word for "none".
CLEAR_WORDS = frozenset({"-", "—", "无", "清除", "删除", "none", "clear"})


class PartyDateError(ValueError):
    """A date that cannot be a day of joining; `code` names why, for the catalogs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _date_parts(text: str) -> re.Match[str] | None:
    """Year, month and day as groups 1 to 3, if `text` has a date's shape; full-width digits
    and marks read as plain ones, Chinese numerals as digits."""
    plain = unicodedata.normalize("NFKC", text).strip().translate(_MARKS)
    plain = _CHINESE_NUMBER.sub(_arabic, plain)
    return _SEPARATED.fullmatch(plain) or _RUN_TOGETHER.fullmatch(plain)


def _arabic(number: re.Match[str]) -> str:
    """七 -> 7, 二〇〇八 -> 2008 (digit by digit), 十二 -> 12, 三十一 -> 31."""
    word = number[0]
    if "十" not in word:
        return "".join(str(_CHINESE_DIGITS[c]) for c in word)
    tens, _, units = word.partition("十")
    if len(tens) > 1 or len(units) > 1 or units == "十":
        return word  # no number of a date: left to fail as it is
    return str(_CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(units, 0))


def looks_like_date(text: str) -> bool:
    """Whether `text` is written as a date (a real one or not)."""
    return _date_parts(text) is not None


def parse_party_date(text: str, today: date) -> date:
    """The day a member joined, from what they typed (see `_date_parts`). It lies between
    the Party's founding and `today`."""
    match = _date_parts(text)
    if match is None:
        raise PartyDateError("format")
    try:
        joined = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise PartyDateError("no-such-day") from None
    if joined > today:
        raise PartyDateError("future")
    if joined < FOUNDING:
        raise PartyDateError("too-early")
    return joined


def is_clear_word(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().casefold() in CLEAR_WORDS


def anniversary_in(joined: date, year: int) -> date:
    """The day of `year` on which the political birthday falls: 29 February is kept on
    28 February in a year without it, so that no member goes a year without a greeting."""
    if joined.month == 2 and joined.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return joined.replace(year=year)


def party_years(joined: date, day: date) -> int:
    """Whole years of membership on `day`."""
    return day.year - joined.year - (day < anniversary_in(joined, day.year))


def is_political_birthday(joined: date, day: date) -> bool:
    """Whether `day` is one of the member's anniversaries (the day itself is no birthday)."""
    return day.year > joined.year and anniversary_in(joined, day.year) == day
