"""A calendar date as a person writes it in Chinese or in ISO form. Pure.

2008-07-01, 2008/7/1, 2008.7.1, 2008。7。1, 2008年7月1日 or 1号, 2008 7 1, 20080701, full-width
digits and marks, and Chinese numerals as an application form (入党志愿书) writes them:
二〇〇八年七月一日, 十二月三十一日.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_YEAR_MARK = r"(?:\s*[-/.年]\s*|\s+)"
_MONTH_MARK = r"(?:\s*[-/.月]\s*|\s+)"
_SEPARATED = re.compile(rf"(\d{{4}}){_YEAR_MARK}(\d{{1,2}}){_MONTH_MARK}(\d{{1,2}})\s*[日号]?")
_RUN_TOGETHER = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Marks NFKC leaves as they are: a Chinese input method's full stop and the dashes.
_MARKS = str.maketrans({"。": ".", "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-"})
_CHINESE_DIGITS = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CHINESE_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+")


class NoSuchDay(ValueError):
    """Written as a date, but no day of the calendar (2026-02-30)."""


def _date_parts(text: str) -> re.Match[str] | None:
    """Year, month and day as groups 1 to 3, if `text` has a date's shape."""
    plain = arabic_numerals(unicodedata.normalize("NFKC", text).strip().translate(_MARKS))
    return _SEPARATED.fullmatch(plain) or _RUN_TOGETHER.fullmatch(plain)


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
    match = _date_parts(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise NoSuchDay(text) from None
