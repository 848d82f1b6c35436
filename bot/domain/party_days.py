"""A member's political birthday (政治生日): the anniversary of the day they joined the Party.
Reading the date a person types, and which days are whose anniversary. Pure."""

from __future__ import annotations

import calendar
import unicodedata
from datetime import date

from bot.domain.dates import NoSuchDay, written_date

# The Party's founding: no member joined before it.
FOUNDING = date(1921, 7, 1)
# What clears the date: a dash, or a word for "none".
CLEAR_WORDS = frozenset({"-", "—", "无", "清除", "删除", "none", "clear"})


class PartyDateError(ValueError):
    """A date that cannot be a day of joining; `code` names why, for the catalogs."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_party_date(text: str, today: date) -> date:
    """The day a member joined, from what they typed (bot.domain.dates). It lies between
    the Party's founding and `today`."""
    try:
        joined = written_date(text)
    except NoSuchDay:
        raise PartyDateError("no-such-day") from None
    if joined is None:
        raise PartyDateError("format")
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
