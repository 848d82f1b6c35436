"""A calendar date as a person writes it in Chinese, in English or in ISO form. Pure.

2008-07-01, 2008/7/1, 2008.7.1, 2008。7。1, 2008年7月1日 or 1号, 2008 7 1, 20080701, full-width
digits and marks, and Chinese numerals as an application form (入党志愿书) writes them:
二〇〇八年七月一日, 十二月三十一日; in English, with the month's name (as the bot writes
"1 July 1921"): 1 July 2008, July 1, 2008, 1st Jul 2008, Jul. 1 2008.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_YEAR_MARK = r"(?:\s*[-/.年]\s*|\s+)"
_MONTH_MARK = r"(?:\s*[-/.月]\s*|\s+)"
_SEPARATED = re.compile(rf"(\d{{4}}){_YEAR_MARK}(\d{{1,2}}){_MONTH_MARK}(\d{{1,2}})\s*[日号]?")
_RUN_TOGETHER = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july"),
    *("august", "september", "october", "november", "december"),
)
# A month's name, in full or cut short to three letters or more (Jul, Sept), and an English
# day (1st, 2nd, 3rd, 4th).
_MONTH_NAME = r"([a-z]{3,})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s+{_MONTH_NAME},?\s+(\d{{4}})")
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH_NAME}\s+{_DAY},?\s+(\d{{4}})")
# Marks NFKC leaves as they are: a Chinese input method's full stop and the dashes.
_MARKS = str.maketrans({"。": ".", "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-"})
_CHINESE_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CHINESE_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+")


class NoSuchDay(ValueError):
    """Written as a date, but no day of the calendar (2026-02-30)."""


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day, if `text` has a date's shape."""
    plain = arabic_numerals(unicodedata.normalize("NFKC", text).strip().translate(_MARKS))
    if match := _SEPARATED.fullmatch(plain) or _RUN_TOGETHER.fullmatch(plain):
        return int(match[1]), int(match[2]), int(match[3])
    return _english_date_parts(plain.casefold())


def _english_date_parts(text: str) -> tuple[int, int, int] | None:
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, name, year = match.groups()
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        name, day, year = match.groups()
    else:
        return None
    month = month_named(name)
    return None if month is None else (int(year), month, int(day))


def month_named(word: str) -> int | None:
    """The month an English word names, in full or cut short to three letters or more
    (May, Sept, december; case folded by the caller): 1 to 12, or None."""
    if len(word) < 3:
        return None
    return next((number for number, full in enumerate(_MONTHS, 1) if full.startswith(word)), None)


def arabic_numerals(text: str) -> str:
    """Chinese numerals written as digits, as a date has them: 二〇〇八 -> 2008, 十一 -> 11."""
    return _CHINESE_NUMBER.sub(_arabic, text)


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


def written_date(text: str) -> date | None:
    """The date `text` writes; None when it is not written as a date; NoSuchDay when it is
    but the calendar has no such day."""
    parts = _date_parts(text)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        raise NoSuchDay(text) from None
