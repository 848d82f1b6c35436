"""Points organisers give by hand (/award) for what the bot cannot see, and take back
(/unaward). Each award is a `manual_awards` row and one ledger row keyed by its id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.domain.awards import AwardArgsError, AwardRequest, parse_award
from bot.services.clock import Clock
from bot.services.errors import BadCommandUsage, UserFacingError
from bot.services.identity import Actor, Role
from bot.services.ledger import SOURCE_MANUAL, Award, Ledger
from bot.services.members import find_member, ids_named, is_member_ref
from bot.storage.dialect import insert_new, row_id
from bot.storage.models import ManualAward, Member


@dataclass(frozen=True, slots=True)
class AwardNote:
    """One member's award, as the organiser and the member are told of it."""

    award_id: int
    member_id: int
    member_name: str
    member_locale: str | None  # None: the organisation's default language
    points: int
    reason: str
    given_by: str
    new: bool  # False: the command was seen before (a replay), nothing was written


class AwardService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock
        self._ledger = Ledger(session)

    async def give(
        self, actor: Actor, args: Sequence[str], chat_id: int, message_id: int
    ) -> list[AwardNote]:
        actor.require(Role.ORGANISER)
        try:
            request = parse_award(args)
        except AwardArgsError as error:
            if error.code == "usage":
                first = args[0] if args else ""
                # 张三 5 学习: a member's name where the id goes; tell their id
                if (
                    first
                    and not is_member_ref(first)
                    and (ids := await ids_named(self._session, first))
                ):
                    raise UserFacingError("member-ref-is-name", who=first, ids=ids) from None
                raise BadCommandUsage("usage-award") from None
            raise UserFacingError(f"award-{error.code}") from None
        # Every name is checked before anything is written: one unknown name, no awards.
        members = [await find_member(self._session, ref) for ref in request.members]
        for member in members:
            if member.id == actor.member_id:  # points one gives oneself are no one's word
                raise UserFacingError("award-self")
            if member.left_at is not None:  # not ranked: the points would count nowhere
                raise UserFacingError(
                    "award-member-left",
                    name=member.first_name or str(member.id),
                    id=str(member.id),
                )
        records = [
            (member, *await self._record(actor, member, request, chat_id, message_id))
            for member in dict.fromkeys(members)  # @name and id of the same member: once
        ]
        await self._ledger.award_all(
            [
                Award(member.id, SOURCE_MANUAL, str(row.id), row.points, row.created_at)
                for member, row, new in records
                if new
            ]
        )
        return [_note(row, member, actor.first_name, new=new) for member, row, new in records]

    async def _record(
        self,
        actor: Actor,
        member: Member,
        request: AwardRequest,
        chat_id: int,
        message_id: int,
    ) -> tuple[ManualAward, bool]:
        """The award's row, and whether this call wrote it: a replayed command finds the
        row its first run wrote."""
        written = await self._session.scalar(
            insert_new(
                self._session,
                ManualAward,
                ("chat_id", "message_id", "member_id"),
                ManualAward.id,
            ),
            {
                "member_id": member.id,
                "given_by": actor.member_id,
                "points": request.points,
                "reason": request.reason,
                "chat_id": chat_id,
                "message_id": message_id,
                "created_at": self._clock(),
            },
        )
        row = await self._session.scalar(
            select(ManualAward).where(
                ManualAward.chat_id == chat_id,
                ManualAward.message_id == message_id,
                ManualAward.member_id == member.id,
            )
        )
        assert row is not None
        return row, written is not None

    async def take_back(self, actor: Actor, args: Sequence[str]) -> AwardNote:
        actor.require(Role.ORGANISER)
        text = args[0].removeprefix("#") if len(args) == 1 else ""
        if not text.isdigit():
            raise BadCommandUsage("usage-unaward")
        number = row_id(text)
        row = (
            None
            if number is None
            else await self._session.get(ManualAward, number, with_for_update=True)
        )
        if row is None:
            raise UserFacingError("award-unknown", id=text)
        member = await self._session.get(Member, row.member_id)
        assert member is not None  # members are never deleted
        if row.revoked_at is not None:
            raise UserFacingError(
                "award-already-revoked", id=text, name=member.first_name or str(member.id)
            )
        row.revoked_by, row.revoked_at = actor.member_id, self._clock()
        await self._ledger.take_back(
            member.id, SOURCE_MANUAL, str(row.id), row.points, row.created_at
        )
        await self._session.flush()
        return _note(row, member, actor.first_name, new=True)


def _note(row: ManualAward, member: Member, given_by: str, *, new: bool) -> AwardNote:
    return AwardNote(
        award_id=row.id,
        member_id=member.id,
        member_name=member.first_name or str(member.id),
        member_locale=member.language,
        points=row.points,
        reason=row.reason,
        given_by=given_by,
        new=new,
    )
