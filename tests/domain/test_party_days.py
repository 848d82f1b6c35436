"""Political birthdays: reading a day of joining, and whose anniversary a day is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.party_days import (
    FOUNDING,
    PartyDateError,
    is_clear_word,
    is_political_birthday,
    parse_party_date,
    party_years,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "typed",
    [
        "2008-07-01",
        "2008/7/1",
        "2008.07.01",
        "2008年7月1日",
        "2008 年 7 月 1 日",
        "20080701",
        "２００８－０７－０１",
        "２００８年７月１日",
        "2008年7月1号",  # 号 for 日, as it is said
        "2008 7 1",
        "2008年 7月 1日",
        "2008。7。1",  # a Chinese input method's full stop
        "2008—7—1",
        "二〇〇八年七月一日",  # as in the application form (入党志愿书)
        "二零零八年七月一号",
    ],
)
def test_the_ways_members_write_a_date(typed: str) -> None:
    assert parse_party_date(typed, TODAY) == date(2008, 7, 1)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("去年七一", "format"),
        ("2008-07", "format"),
        ("2008-02-30", "no-such-day"),
        ("2026-11-29", "future"),
        ("1921-06-30", "too-early"),
    ],
)
def test_what_cannot_be_a_day_of_joining_says_why(typed: str, code: str) -> None:
    with pytest.raises(PartyDateError) as error:
        parse_party_date(typed, TODAY)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("typed", "joined"),
    [
        ("一九九九年十二月三十一日", date(1999, 12, 31)),
        ("二〇一〇年十月十日", date(2010, 10, 10)),
        ("二〇一〇年二月二十九日", None),  # no such day
    ],
)
def test_chinese_numerals_with_tens(typed: str, joined: date | None) -> None:
    if joined is None:
        with pytest.raises(PartyDateError):
            parse_party_date(typed, TODAY)
    else:
        assert parse_party_date(typed, TODAY) == joined


def test_the_founding_day_and_today_are_allowed() -> None:
    assert parse_party_date("1921-07-01", TODAY) == FOUNDING
    assert parse_party_date("2026-11-28", TODAY) == TODAY


def test_clearing_words() -> None:
    assert all(is_clear_word(word) for word in ("-", "－", "清除", "无", "None"))
    assert not is_clear_word("2008-07-01")


def test_the_anniversary_of_a_29_february_is_28_february_in_other_years() -> None:
    joined = date(2008, 2, 29)
    assert is_political_birthday(joined, date(2026, 2, 28))
    assert not is_political_birthday(joined, date(2026, 3, 1))
    assert is_political_birthday(joined, date(2028, 2, 29))
    assert not is_political_birthday(joined, date(2028, 2, 28))
    assert party_years(joined, date(2026, 2, 28)) == 18
    assert party_years(joined, date(2026, 2, 27)) == 17


def test_the_day_of_joining_itself_is_no_birthday() -> None:
    assert not is_political_birthday(TODAY, TODAY)
    assert party_years(TODAY, TODAY) == 0


@given(
    joined=st.dates(min_value=FOUNDING, max_value=date(2100, 1, 1)),
    offset=st.integers(min_value=1, max_value=30_000),
)
def test_the_years_go_up_on_each_political_birthday_and_on_no_other_day(
    joined: date, offset: int
) -> None:
    day = joined + timedelta(days=offset)
    went_up = party_years(joined, day) - party_years(joined, day - timedelta(days=1))
    assert went_up == (1 if is_political_birthday(joined, day) else 0)
