"""Political birthdays (政治生日): the day each member joined the Party, as they or an
organiser give it (/partyday), and the month's list organisers greet from (/partydays)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.domain.dates import looks_like_date, month_named
from bot.domain.party_days import (
    PartyDateError,
    anniversary_in,
    is_clear_word,
    parse_party_date,
    party_years,
)
from bot.domain.periods import PeriodError, PeriodKind, local_day, parse_period
from bot.services.clock import Clock
from bot.services.errors import BadCommandUsage, UserFacingError
from bot.services.identity import Actor, Role
from bot.services.members import find_member, member_by_id
from bot.storage.models import Member

# A month of this year: 7, 7月, 07.
_MONTH_OF_THIS_YEAR = re.compile(r"(\d{1,2})月?")


@dataclass(frozen=True, slots=True)
class PartyDay:
    """A member's day of joining, as /partyday shows it."""

    member_id: int
    name: str
    yours: bool  # the caller's own
    joined: date | None
    years: int | None  # whole years of membership today
    next_birthday: date | None
    changed: bool  # this command set or cleared it


@dataclass(frozen=True, slots=True)
class Anniversary:
    day: date
    member_id: int
    name: str
    username: str | None
    years: int


@dataclass(frozen=True, slots=True)
class MonthOfBirthdays:
    year: int
    month: int
    anniversaries: list[Anniversary]  # by day, then name
    without_date: int  # current members who have not given theirs


class PartyDayService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock

    def _today(self) -> date:
        return local_day(self._clock(), self._config.zone)

    async def partyday(self, actor: Actor, args: Sequence[str]) -> PartyDay:
        """/partyday: show one's own date; /partyday DATE or - : set or clear it.
        Organisers: /partyday MEMBER shows a member's, /partyday MEMBER DATE or - sets it."""
        target_ref, typed = _target_and_date([word for word in args if word.strip()])
        if target_ref is not None:
            actor.require(Role.ORGANISER)
            member = await find_member(self._session, target_ref)
        else:
            member = await member_by_id(self._session, actor.member_id)
        changed = False
        if typed:
            member.party_joined_on = self._read_date(typed)
            changed = True
            await self._session.flush()
        return self._view(member, yours=member.id == actor.member_id, changed=changed)

    def _read_date(self, text: str) -> date | None:
        if is_clear_word(text):
            return None
        try:
            return parse_party_date(text, self._today())
        except PartyDateError as error:
            raise UserFacingError(f"partyday-{error.code}", value=text) from None

    def _view(self, member: Member, *, yours: bool, changed: bool) -> PartyDay:
        joined, today = member.party_joined_on, self._today()
        upcoming = None
        if joined is not None:
            upcoming = anniversary_in(joined, today.year)
            if upcoming < today or upcoming.year == joined.year:
                upcoming = anniversary_in(joined, today.year + 1)
        return PartyDay(
            member_id=member.id,
            name=member.first_name or str(member.id),
            yours=yours,
            joined=joined,
            years=None if joined is None else party_years(joined, today),
            next_birthday=upcoming,
            changed=changed,
        )

    async def month(self, actor: Actor, args: Sequence[str]) -> MonthOfBirthdays:
        """/partydays [month]: the current members whose political birthday falls in the
        month (this month by default), by day."""
        actor.require(Role.ORGANISER)
        year, month = self._month(" ".join(args))
        current = Member.left_at.is_(None)
        rows = await self._session.execute(
            select(Member.id, Member.first_name, Member.username, Member.party_joined_on).where(
                current, Member.party_joined_on.is_not(None)
            )
        )
        anniversaries = []
        for member_id, name, username, joined in rows:
            if joined is None or joined.year >= year:
                continue
            day = anniversary_in(joined, year)
            if day.month == month:
                years = party_years(joined, day)
                anniversaries.append(
                    Anniversary(day, member_id, name or str(member_id), username, years)
                )
        anniversaries.sort(key=lambda a: (a.day, a.name, a.member_id))
        without = await self._session.scalar(
            select(func.count()).where(current, Member.party_joined_on.is_(None))
        )
        return MonthOfBirthdays(year, month, anniversaries, int(without or 0))

    def _month(self, text: str) -> tuple[int, int]:
        today = self._today()
        plain = unicodedata.normalize("NFKC", text).strip()
        if not plain:
            return today.year, today.month
        if match := _MONTH_OF_THIS_YEAR.fullmatch(plain):
            month = int(match[1])
            if 1 <= month <= 12:
                return today.year, month
            raise BadCommandUsage("usage-partydays")
        if named := month_named(plain.casefold().rstrip(".")):
            return today.year, named
        try:
            period = parse_period(plain, self._clock(), self._config.zone)
        except PeriodError:
            raise BadCommandUsage("usage-partydays") from None
        if period.kind is not PeriodKind.MONTH or period.start is None:
            raise BadCommandUsage("usage-partydays")
        return period.start.year, period.start.month


def _target_and_date(words: list[str]) -> tuple[str | None, str]:
    """(the member named, if any; the date or clearing word). Telegram splits a command at
    spaces, and a date may be typed with them (2008年7月 1日): all the words are one date
    when they read as one, else a first word of several names the member."""
    text = " ".join(words)
    if len(words) == 1 and _names_a_member(words[0]):
        return words[0], ""
    if len(words) < 2 or is_clear_word(text) or looks_like_date(text):
        return None, text
    return words[0], " ".join(words[1:])


def _names_a_member(word: str) -> bool:
    """A lone argument that is no date and no clearing word names a member: an @username
    or a user id (digits that do not read as a date)."""
    plain = unicodedata.normalize("NFKC", word).strip()
    if plain.startswith("@"):
        return True
    if is_clear_word(plain) or not plain.lstrip("-").isdigit():
        return False
    return not looks_like_date(plain)
