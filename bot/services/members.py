"""Members: registration, language, roles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.locales import SUPPORTED_LOCALES, normalize_locale
from bot.services.clock import Clock
from bot.services.errors import BadCommandUsage, UserFacingError
from bot.services.identity import Actor, Caller, Role
from bot.storage.dialect import insert_new, row_id
from bot.storage.models import Member

# How stale "last seen" may get before an update refreshes it.
LAST_SEEN_RESOLUTION = timedelta(minutes=10)
# How long after registering a member still counts as new (Actor.new).
NEW_MEMBER_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class RoleChange:
    member_id: int
    first_name: str
    role: Role
    changed: bool


class MemberService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock

    def _role(self, member: Member) -> Role:
        if member.id in self._config.admins:
            return Role.ADMIN
        return Role.ORGANISER if member.is_organiser else Role.MEMBER

    def _actor(self, member: Member, *, new: bool = False) -> Actor:
        return Actor(
            member_id=member.id,
            first_name=member.first_name,
            locale=member.language or self._config.language,
            role=self._role(member),
            new=new,
        )

    async def identify(self, caller: Caller) -> Actor:
        """Register the caller on first contact; keep name and reachability current (a
        member who blocked the bot is reachable again once they write to it privately)."""
        now = self._clock()
        member = await self._session.get(Member, caller.user_id)
        if member is None:
            await self._register(caller)
            member = await member_by_id(self._session, caller.user_id)
        elif (
            member.first_name != caller.first_name
            or member.username != caller.username
            or (caller.in_private_chat and not member.is_reachable)
            or now - member.last_seen_at > LAST_SEEN_RESOLUTION
        ):
            # Written only when something changed, so most updates cost no write here.
            member.first_name = caller.first_name
            member.username = caller.username
            member.is_reachable = member.is_reachable or caller.in_private_chat
            member.last_seen_at = now
        await self._session.flush()
        # The identity map holds unchanged rows weakly: kept here for the unit, the caller's
        # row is not read again by what the update goes on to do (an award, a group change).
        self._session.info.setdefault("callers", []).append(member)
        return self._actor(member, new=now - member.joined_at < NEW_MEMBER_WINDOW)

    async def set_reachable(self, member_id: int, reachable: bool) -> None:
        await set_reachable(self._session, member_id, reachable)

    async def _register(self, caller: Caller) -> None:
        """Insert the caller's row unless another process registered them meanwhile: one
        member's first updates may reach two processes at once (several processes on
        PostgreSQL)."""
        now = self._clock()
        connection = await self._session.connection()
        await connection.execute(
            insert_new(self._session, Member, ("id",)),
            {
                "id": caller.user_id,
                "first_name": caller.first_name,
                "username": caller.username,
                # A member whose Telegram speaks English gets English until they choose;
                # everyone else gets the organisation's default.
                "language": _initial_language(caller.language_code),
                "is_organiser": False,
                "is_reachable": True,
                "joined_at": now,
                "last_seen_at": now,
            },
        )

    async def locale_of(self, member_id: int) -> str:
        member = await self._session.get(Member, member_id)
        language = member.language if member is not None else None
        return language or self._config.language

    async def set_language(self, actor: Actor, locale: str | None) -> Actor:
        """Switch to `locale`, or toggle between the two when none is named."""
        member = await member_by_id(self._session, actor.member_id)
        if locale is None:
            locale = "en" if actor.locale == "zh" else "zh"
        if locale not in SUPPORTED_LOCALES:
            raise UserFacingError("lang-unknown", choices=" / ".join(SUPPORTED_LOCALES))
        member.language = locale
        await self._session.flush()
        return self._actor(member)

    async def set_organiser(
        self, actor: Actor, target: str | None, *, organiser: bool
    ) -> RoleChange:
        actor.require(Role.ADMIN)
        if not target:
            raise BadCommandUsage("usage-grant" if organiser else "usage-revoke")
        member = await self._find(target)
        if member.id in self._config.admins:
            raise UserFacingError("role-target-is-admin", name=member.first_name)
        changed = member.is_organiser != organiser
        member.is_organiser = organiser
        await self._session.flush()
        return RoleChange(member.id, member.first_name, self._role(member), changed)

    async def _find(self, target: str) -> Member:
        return await find_member(self._session, target)


async def set_reachable(session: AsyncSession, member_id: int, reachable: bool) -> None:
    """Whether Telegram delivers to the member: pushes skip those who blocked the bot
    (identify sets it again when they write to it privately)."""
    await session.execute(
        update(Member).where(Member.id == member_id).values(is_reachable=reachable)
    )


# How a member's row is locked for a change a concurrent update must wait for (PostgreSQL;
# SQLite ignores it): FOR NO KEY UPDATE, which rows naming the member (their quiz answers,
# an award's record) neither wait for nor make wait, as the ledger locks it (Ledger._write).
MEMBER_ROW_LOCK = {"key_share": True}


async def member_by_id(session: AsyncSession, member_id: int, *, lock: bool = False) -> Member:
    """The member with this Telegram user id; `lock`: the row is locked (PostgreSQL)."""
    member = await session.get(
        Member, member_id, with_for_update=MEMBER_ROW_LOCK if lock else None
    )
    if member is None:
        raise UserFacingError("member-not-found", who=str(member_id))
    return member


async def find_member(session: AsyncSession, ref: str, *, lock: bool = False) -> Member:
    """A member named by Telegram user id or @username; they must have used /start.
    `lock`: the row is locked (PostgreSQL), for a change that a concurrent award must see."""
    ref = ref.strip()
    by_id = ref.lstrip("-").isdigit()
    if by_id:
        number = row_id(ref)
        member = (
            None
            if number is None
            else await session.get(
                Member, number, with_for_update=MEMBER_ROW_LOCK if lock else None
            )
        )
    else:
        query = select(Member).where(username_is(ref))
        member = await session.scalar(query.with_for_update(key_share=True) if lock else query)
    if member is None:
        if not by_id and not is_member_ref(ref):
            raise await not_a_member_ref(session, ref)
        raise UserFacingError("member-not-found", who=ref)
    return member


MEMBER_REF = re.compile(r"@?[A-Za-z0-9_]{1,64}")
NAME_MATCHES_SHOWN = 10


def is_member_ref(text: str) -> bool:
    """A user id or a Telegram username (Latin letters, digits and _), as typed on a Chinese
    keyboard too (＠, full-width digits); anything else, such as 张三, is a name."""
    return MEMBER_REF.fullmatch(unicodedata.normalize("NFKC", text)) is not None


async def ids_named(session: AsyncSession, name: str) -> tuple[str, ...]:
    """The user ids of the members called `name` (the first few)."""
    query = select(Member.id).where(Member.first_name == name).order_by(Member.id)
    return tuple(map(str, await session.scalars(query.limit(NAME_MATCHES_SHOWN))))


async def not_a_member_ref(session: AsyncSession, name: str) -> UserFacingError:
    """A member named by their name, which the bot does not take (names repeat among
    thousands): the ids of the members of that name, to write instead."""
    if ids := await ids_named(session, name):
        return UserFacingError("member-ref-is-name", who=name, ids=ids)
    return UserFacingError("member-ref-is-unknown-name", who=name)


def username_is(username: str) -> ColumnElement[bool]:
    """The member with this @username. Telegram usernames ignore case (@ZhangSan is
    @zhangsan), and admins type them as they remember them."""
    return func.lower(Member.username) == username.removeprefix("@").lower()


def _initial_language(language_code: str | None) -> str | None:
    return "en" if normalize_locale(language_code, fallback="zh") == "en" else None
