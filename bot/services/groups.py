"""Study groups (青年理论学习小组): creating, renaming and removing them, join codes, members
joining, leaving and being moved, linked Telegram group chats, and the groups file.

Membership states (what the rankings read):
- in a group: `members.study_group_id` is set;
- in no group: never joined, `/leave`, or their group was removed; they still count in the
  overall rankings;
- left the programme: an admin ran `/removemember`; `members.left_at` is set and the member
  drops out of every ranking, keeping their ledger history. `/join` or an admin's `/move`
  brings them back. A member who blocks the bot stays a member (pushes skip them).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.config import Config
from bot.content.yamlnodes import error_line, yaml_error_args
from bot.domain.periods import looks_like_period
from bot.services.clock import Clock
from bot.services.errors import BadCommandUsage, UserFacingError
from bot.services.identity import Actor, Role
from bot.services.ledger import NO_GROUP_KEY, membership_key, merge_group_totals, move_totals
from bot.services.members import find_member, is_member_ref, member_by_id, username_is
from bot.storage.dialect import insert_new, row_id
from bot.storage.models import AbsentChat, ChatUpgrade, Member, MutedChat, StudyGroup

# Join codes are read aloud and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE = re.compile(r"[A-Z0-9]{4,32}")
MAX_NAME = 100
# Words that mean "no group" in /move.
NO_GROUP = frozenset({"-", "无", "none", "no", "没有", "不分组"})


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: int
    name: str
    join_code: str
    chat_id: int | None
    members: int
    bot_absent: bool = False  # the bot was removed from the linked chat (/grouplist says so)
    bot_muted: bool = False  # the chat's admins took the bot's right to send messages


@dataclass(frozen=True, slots=True)
class Membership:
    """Where a member is after /join, /leave or /move, and whether anything changed."""

    member_id: int
    member_name: str
    group: GroupInfo | None
    previous: str | None  # the name of the group they were in before
    changed: bool
    rejoined: bool = False  # they had left the programme and are back


@dataclass(frozen=True, slots=True)
class Removal:
    name: str
    members: int  # members who were in the group and are now in none


@dataclass(frozen=True, slots=True)
class ChatLink:
    group: GroupInfo
    replaced: str | None  # the group this chat was linked to before
    changed: bool


@dataclass(frozen=True, slots=True)
class ChatGone:
    """The bot was removed from a group chat: where, for the admins' notice."""

    chat_id: int
    title: str
    group: str | None  # the study group linked to the chat: it stays linked


@dataclass(frozen=True, slots=True)
class ChatMuted:
    """The bot may no longer send messages in a group chat: where, for the admins' notice."""

    chat_id: int
    group: str | None  # the study group linked to the chat


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """One group of a groups file."""

    name: str
    line: int
    code: str | None = None
    chat_id: int | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A mistake in a groups file; `code` names the message groups-file-<code>."""

    line: int | None
    code: str
    args: Mapping[str, str | int] = field(default_factory=dict)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: int = 0
    registered: int = 0  # members known by id only, registered ahead of their /start
    unknown: list[str] = field(default_factory=list)  # @usernames nobody has used


class GroupsFileError(Exception):
    """Every problem of a groups file; `specs`: the groups read without one, so that the
    import can add what only the database can tell (a code another group has)."""

    def __init__(self, problems: list[FileProblem], specs: Sequence[GroupSpec] = ()) -> None:
        super().__init__(f"{len(problems)} problem(s) in the groups file")
        self.problems = problems
        self.specs = list(specs)


def normalize_name(name: str) -> str:
    """NFKC (full-width letters and digits to ASCII) and single spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def normalize_code(code: str) -> str:
    return re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", code)).upper()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def name_problem(name: str) -> str | None:
    """Why a group name cannot be used (a message id suffix), or None.

    Names must not be mistaken for the other arguments of /top: a period, a number."""
    if not name:
        return "empty"
    if len(name) > MAX_NAME:
        return "too-long"
    if name.startswith(("#", "/", "@")) or name.isdigit() or looks_like_period(name):
        return "ambiguous"
    if name.casefold() in NO_GROUP:
        return "ambiguous"
    return None


class GroupService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock

    # ---- reading ----------------------------------------------------------------------

    async def list(self, actor: Actor) -> list[GroupInfo]:
        actor.require(Role.ORGANISER)
        groups = list(await self._session.scalars(select(StudyGroup).order_by(StudyGroup.id)))
        sizes = await self._sizes()
        absent = set(await self._session.scalars(select(AbsentChat.chat_id)))
        muted = set(await self._session.scalars(select(MutedChat.chat_id)))
        return [
            self._info(
                group,
                sizes.get(group.id, 0),
                bot_absent=group.chat_id in absent,
                bot_muted=group.chat_id in muted,
            )
            for group in groups
        ]

    async def find(self, ref: str) -> StudyGroup:
        """A group named by its name, its join code or #id; a clear error otherwise."""
        text = normalize_name(ref)
        if not text:
            raise UserFacingError("group-not-found", ref=ref)
        found = await self._session.scalar(select(StudyGroup).where(StudyGroup.name == text))
        if found is not None:
            return found
        if text.startswith("#") and (number := row_id(text[1:])) is not None:
            found = await self._session.get(StudyGroup, number)
            if found is not None:
                return found
        groups = list(await self._session.scalars(select(StudyGroup)))
        folded = text.casefold()
        for group in groups:
            if group.name.casefold() == folded:
                return group
        code = normalize_code(text)
        for group in groups:
            if group.join_code == code:
                return group
        raise UserFacingError("group-not-found", ref=ref)

    async def info(self, group: StudyGroup) -> GroupInfo:
        return self._info(group, await self._size(group.id))

    # ---- admins: groups ---------------------------------------------------------------

    async def create(self, actor: Actor, name: str, code: str | None = None) -> GroupInfo:
        actor.require(Role.ADMIN)
        name = normalize_name(name)
        if not name:
            raise BadCommandUsage("usage-newgroup")
        await self._check_name(name)
        try:
            join_code = await self._check_code(code) if code else await self._unused_code()
        except UserFacingError:
            # Another admin may have made this very group since its name was checked: they
            # hear that the name is taken, as a moment later, not that its join code is.
            await self._check_name(name)
            raise
        group = StudyGroup(name=name, join_code=join_code, chat_id=None, created_at=self._clock())
        await self._write_unless_taken(lambda: self._session.add(group), name, code)
        return self._info(group, 0)

    async def rename(self, actor: Actor, ref: str, new_name: str) -> tuple[str, GroupInfo]:
        actor.require(Role.ADMIN)
        group = await self.find(ref)
        name = normalize_name(new_name)
        old = group.name
        if name != old:
            await self._check_name(name)
            await self._write_unless_taken(lambda: setattr(group, "name", name), name)
        return old, await self.info(group)

    async def new_join_code(self, actor: Actor, ref: str) -> GroupInfo:
        """A fresh code, when the old one went round too widely."""
        actor.require(Role.ADMIN)
        group = await self.find(ref)
        group.join_code = await self._unused_code()
        await self._session.flush()
        return await self.info(group)

    async def remove(self, actor: Actor, ref: str) -> Removal:
        """The group goes; its members are in no group, their points and history stay."""
        actor.require(Role.ADMIN)
        group = await self.find(ref)
        size = await self._size(group.id)
        await merge_group_totals(self._session, group.id, NO_GROUP_KEY)
        await self._session.execute(
            update(Member).where(Member.study_group_id == group.id).values(study_group_id=None)
        )
        name = group.name
        await self._session.delete(group)
        await self._session.flush()
        return Removal(name, size)

    async def link_chat(self, actor: Actor, ref: str, chat_id: int) -> ChatLink:
        """Run in a Telegram group chat: that chat belongs to the study group from now on."""
        actor.require(Role.ADMIN)
        if chat_id > 0:
            raise UserFacingError("group-link-needs-group-chat")
        group = await self.find(ref)
        if group.chat_id == chat_id:
            return ChatLink(await self.info(group), None, False)
        holder = await self._session.scalar(
            select(StudyGroup).where(StudyGroup.chat_id == chat_id)
        )
        replaced = None
        if holder is not None:
            replaced = holder.name
            holder.chat_id = None
            await self._session.flush()  # the chat id is unique: free it first
        group.chat_id = chat_id
        await self._session.flush()
        return ChatLink(await self.info(group), replaced, True)

    async def follow_chat(self, old_chat_id: int, new_chat_id: int) -> bool:
        """Telegram upgraded a group chat to a supergroup, which has a new id: the study
        group linked to the old chat is linked to the new one, and the upgrade is recorded
        (`is_upgraded_chat`). Both service messages of the upgrade call this; the second, and
        a chat an admin linked already, change nothing."""
        await self._session.execute(
            insert_new(self._session, ChatUpgrade, ("new_chat_id",)),
            {"new_chat_id": new_chat_id, "old_chat_id": old_chat_id, "upgraded_at": self._clock()},
        )
        if await self.group_of_chat(new_chat_id) is not None:
            return False
        result = await self._session.execute(
            update(StudyGroup)
            .where(StudyGroup.chat_id == old_chat_id)
            .values(chat_id=new_chat_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def is_upgraded_chat(self, chat_id: int) -> bool:
        """Whether the supergroup `chat_id` is a basic group chat Telegram upgraded."""
        found = await self._session.get(ChatUpgrade, chat_id)
        return found is not None

    async def group_of_chat(self, chat_id: int) -> StudyGroup | None:
        return await self._session.scalar(select(StudyGroup).where(StudyGroup.chat_id == chat_id))

    async def bot_left_chat(self, chat_id: int, title: str) -> ChatGone | None:
        """Telegram's notice that the bot was removed from a group chat: pushes skip it until
        the bot is back. None when the notice was handled already (a replayed update); a
        push refused before the notice came marked the chat without telling anyone."""
        if not await note_bot_absent(self._session, chat_id, title, self._clock()):
            told = await self._session.execute(
                update(AbsentChat)
                .where(AbsentChat.chat_id == chat_id, AbsentChat.title.is_(None))
                .values(title=title)
            )
            if not getattr(told, "rowcount", 0):
                return None
        group = await self.group_of_chat(chat_id)
        return ChatGone(chat_id, title, group.name if group is not None else None)

    async def bot_back_in_chat(self, chat_id: int) -> bool:
        """The bot was added to a group chat again: True when pushes had been skipping it."""
        result = await self._session.execute(
            delete(AbsentChat).where(AbsentChat.chat_id == chat_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def bot_muted_in_chat(self, chat_id: int) -> ChatMuted | None:
        """The bot may not send messages in a group chat (Telegram's notice, or a push it
        refused): None when the admins were told already, until the bot can post again."""
        if not await note_bot_muted(self._session, chat_id, self._clock()):
            return None
        return await self.muted_chat(chat_id)

    async def muted_chat(self, chat_id: int) -> ChatMuted:
        """What the admins' notice says of a group chat where the bot may not post."""
        group = await self.group_of_chat(chat_id)
        return ChatMuted(chat_id, group.name if group is not None else None)

    async def bot_may_post_in_chat(self, chat_id: int) -> bool:
        """The bot may send messages in a group chat: True when it had been muted there."""
        return await note_bot_may_post(self._session, chat_id)

    # ---- members ------------------------------------------------------------------------

    async def join(self, actor: Actor, code: str | None, chat_id: int | None = None) -> Membership:
        """/join CODE; in a group chat linked to a study group, /join alone joins that one."""
        actor.require(Role.MEMBER)
        if code:
            wanted = normalize_code(code)
            group = await self._session.scalar(
                select(StudyGroup).where(StudyGroup.join_code == wanted)
            )
            if group is None:
                raise UserFacingError("group-bad-code", code=code)
        else:
            if chat_id is None:
                raise BadCommandUsage("usage-join")
            group = await self.group_of_chat(chat_id)
            if group is None:
                raise UserFacingError("group-chat-not-linked")
        member = await member_by_id(self._session, actor.member_id, lock=self._lock)
        return await self._place(member, group)

    async def leave(self, actor: Actor) -> Membership:
        member = await member_by_id(self._session, actor.member_id, lock=self._lock)
        previous = await self._group_name(member.study_group_id)
        if previous is None:
            raise UserFacingError("group-not-in-any")
        await move_totals(self._session, member.id, membership_key(member), NO_GROUP_KEY)
        member.study_group_id = None
        await self._session.flush()
        return Membership(member.id, member.first_name, None, previous, True)

    async def move(self, actor: Actor, member_ref: str, group_ref: str) -> Membership:
        """Admins put a member in a group, or in none ("-" / 无)."""
        actor.require(Role.ADMIN)
        member = await self._find_member(member_ref)
        if group_ref.strip().casefold() in NO_GROUP:
            previous = await self._group_name(member.study_group_id)
            changed = member.study_group_id is not None or member.left_at is not None
            rejoined = member.left_at is not None
            await move_totals(self._session, member.id, membership_key(member), NO_GROUP_KEY)
            member.study_group_id = None
            member.left_at = None
            await self._session.flush()
            return Membership(member.id, _name(member), None, previous, changed, rejoined)
        return await self._place(member, await self.find(group_ref))

    async def remove_member(self, actor: Actor, member_ref: str) -> Membership:
        """The member leaves the programme: out of every ranking, history kept."""
        actor.require(Role.ADMIN)
        member = await self._find_member(member_ref)
        previous = await self._group_name(member.study_group_id)
        changed = member.left_at is None
        await move_totals(self._session, member.id, membership_key(member), None)
        if changed:
            member.left_at = self._clock()
        member.study_group_id = None
        await self._session.flush()
        return Membership(member.id, _name(member), None, previous, changed)

    # ---- the groups file ----------------------------------------------------------------

    async def import_file(self, actor: Actor, path: Path) -> ImportReport:
        """Import a groups file; GroupsFileError lists every problem of the file and of its
        codes in the database at once, and then nothing is changed."""
        actor.require(Role.ADMIN)
        try:
            specs, problems = load_groups_file(path), []
        except GroupsFileError as error:
            specs, problems = error.specs, error.problems
        return await self._import(specs, problems)

    async def import_groups(self, actor: Actor, specs: Sequence[GroupSpec]) -> ImportReport:
        """Create or update every group of a groups file (as parse_groups_file reads it)
        and put its members in it."""
        actor.require(Role.ADMIN)
        return await self._import(specs, [])

    async def _import(
        self, specs: Sequence[GroupSpec], file_problems: Sequence[FileProblem]
    ) -> ImportReport:
        report = ImportReport()
        problems = list(file_problems)
        for spec in specs:
            if spec.code is not None:
                code = normalize_code(spec.code)
                other = await self._session.scalar(
                    select(StudyGroup.name).where(StudyGroup.join_code == code)
                )
                if other is not None and other != spec.name:
                    problems.append(FileProblem(spec.line, "code-taken", {"code": code}))
        if problems:
            raise GroupsFileError(sorted(problems, key=lambda p: p.line or 0))
        for spec in specs:
            group = await self._session.scalar(
                select(StudyGroup).where(StudyGroup.name == spec.name)
            )
            changed = False
            if group is None:
                code = normalize_code(spec.code) if spec.code else await self._unused_code()
                group = StudyGroup(
                    name=spec.name, join_code=code, chat_id=None, created_at=self._clock()
                )
                self._session.add(group)
                await self._session.flush()
                report.created.append(spec.name)
            if spec.code is not None and group.join_code != normalize_code(spec.code):
                group.join_code = normalize_code(spec.code)
                changed = True
            if spec.chat_id is not None and group.chat_id != spec.chat_id:
                await self._session.execute(
                    update(StudyGroup)
                    .where(StudyGroup.chat_id == spec.chat_id)
                    .values(chat_id=None)
                )
                group.chat_id = spec.chat_id
                changed = True
            for ref in spec.members:
                member = await self._import_member(ref, report)
                if member is None:
                    continue
                if member.study_group_id != group.id or member.left_at is not None:
                    await move_totals(self._session, member.id, membership_key(member), group.id)
                    member.study_group_id = group.id
                    member.left_at = None
                    report.moved += 1
                    changed = True
            await self._session.flush()
            if spec.name not in report.created:
                (report.updated if changed else report.unchanged).append(spec.name)
        return report

    async def _import_member(self, ref: str, report: ImportReport) -> Member | None:
        ref = ref.strip()
        if ref.lstrip("-").isdigit():
            member = await self._session.get(Member, int(ref))
            if member is None:
                now = self._clock()
                # Registered ahead: /start later fills in the name Telegram gives.
                member = Member(
                    id=int(ref),
                    first_name="",
                    username=None,
                    language=None,
                    is_organiser=False,
                    is_reachable=True,
                    joined_at=now,
                    last_seen_at=now,
                )
                self._session.add(member)
                report.registered += 1
            return member
        member = await self._session.scalar(select(Member).where(username_is(ref)))
        if member is None:
            report.unknown.append(ref)
        return member

    # ---- helpers ------------------------------------------------------------------------

    async def _place(self, member: Member, group: StudyGroup) -> Membership:
        rejoined = member.left_at is not None
        previous = await self._group_name(member.study_group_id)
        changed = member.study_group_id != group.id or rejoined
        await move_totals(self._session, member.id, membership_key(member), group.id)
        member.study_group_id = group.id
        member.left_at = None
        await self._session.flush()
        return Membership(
            member.id, _name(member), await self.info(group), previous, changed, rejoined
        )

    async def _check_name(self, name: str) -> None:
        problem = name_problem(name)
        if problem is not None:
            raise UserFacingError(f"group-name-{problem}", name=name)
        taken = await self._session.scalar(select(StudyGroup.id).where(StudyGroup.name == name))
        if taken is not None:
            raise UserFacingError("group-name-taken", name=name)

    async def _write_unless_taken(
        self, change: Callable[[], None], name: str, code: str | None = None
    ) -> None:
        """Write `change` to a group named `name` (with join code `code`, when the admin
        chose it), both checked free. Another admin (or process) may have taken either
        since: the same refusal as the check's, not an error (in a savepoint, so that
        PostgreSQL goes on with the unit)."""
        try:
            async with self._session.begin_nested():
                change()
        except IntegrityError:
            await self._check_name(name)
            if code is not None:
                await self._check_code(code)
            raise

    async def _check_code(self, code: str) -> str:
        wanted = normalize_code(code)
        if not _CODE.fullmatch(wanted):
            raise UserFacingError("group-code-invalid", code=code)
        taken = await self._session.scalar(
            select(StudyGroup.id).where(StudyGroup.join_code == wanted)
        )
        if taken is not None:
            raise UserFacingError("group-code-taken", code=wanted)
        return wanted

    async def _unused_code(self) -> str:
        while True:
            code = new_code()
            taken = await self._session.scalar(
                select(StudyGroup.id).where(StudyGroup.join_code == code)
            )
            if taken is None:
                return code

    async def _group_name(self, group_id: int | None) -> str | None:
        if group_id is None:
            return None
        group = await self._session.get(StudyGroup, group_id)
        return None if group is None else group.name

    async def _sizes(self) -> dict[int, int]:
        rows = await self._session.execute(
            select(Member.study_group_id, func.count())
            .where(Member.left_at.is_(None), Member.study_group_id.is_not(None))
            .group_by(Member.study_group_id)
        )
        return {int(g): int(count) for g, count in rows.all() if g is not None}

    async def _size(self, group_id: int) -> int:
        count = await self._session.scalar(
            select(func.count()).where(Member.study_group_id == group_id, Member.left_at.is_(None))
        )
        return int(count or 0)

    @staticmethod
    def _info(
        group: StudyGroup, members: int, *, bot_absent: bool = False, bot_muted: bool = False
    ) -> GroupInfo:
        return GroupInfo(
            group.id, group.name, group.join_code, group.chat_id, members, bot_absent, bot_muted
        )

    @property
    def _lock(self) -> bool:
        """Lock member rows that change group (PostgreSQL), against a concurrent award."""
        return self._session.get_bind().dialect.name == "postgresql"

    async def _find_member(self, ref: str) -> Member:
        return await find_member(self._session, ref, lock=self._lock)


async def note_bot_absent(
    session: AsyncSession, chat_id: int, title: str | None, now: datetime
) -> bool:
    """Record that the bot is out of group chat `chat_id` (`title` None: a refused push
    says so, Telegram's notice has not come); False when it was already."""
    added = await session.scalar(
        insert_new(session, AbsentChat, ("chat_id",), returning=AbsentChat.chat_id),
        {"chat_id": chat_id, "title": title, "left_at": now},
    )
    return added is not None


async def note_bot_muted(session: AsyncSession, chat_id: int, now: datetime) -> bool:
    """Record that the bot may not send messages in group chat `chat_id`; False when it
    was recorded already (the admins were told then)."""
    added = await session.scalar(
        insert_new(session, MutedChat, ("chat_id",), returning=MutedChat.chat_id),
        {"chat_id": chat_id, "muted_at": now},
    )
    return added is not None


async def note_bot_may_post(session: AsyncSession, chat_id: int) -> bool:
    """The bot may send messages in group chat `chat_id` again; True when it was muted."""
    result = await session.execute(delete(MutedChat).where(MutedChat.chat_id == chat_id))
    return bool(getattr(result, "rowcount", 0))


def _name(member: Member) -> str:
    return member.first_name or str(member.id)


# ---- the groups file ------------------------------------------------------------------------


def load_groups_file(path: Path) -> list[GroupSpec]:
    """Read a groups file (see groups.example.yaml); every problem with its line, at once."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GroupsFileError([FileProblem(None, "unreadable", {"detail": str(exc)})]) from None
    return parse_groups_file(raw)


def parse_groups_file(raw: str) -> list[GroupSpec]:
    try:
        root = yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = error_line(exc, raw)
        raise GroupsFileError([FileProblem(line, "yaml", yaml_error_args(exc, raw))]) from None
    groups_node = _groups_node(root)
    problems: list[FileProblem] = []
    specs: list[GroupSpec] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    # Each member by id or username: the group and line that first listed them.
    placed: dict[str, tuple[str, int]] = {}
    for item in groups_node.value:
        spec = _read_group(item, problems, placed)
        if spec is None:
            continue
        if spec.name in names:
            problems.append(
                FileProblem(
                    spec.line, "duplicate-name", {"name": spec.name, "first": names[spec.name]}
                )
            )
            continue
        names[spec.name] = spec.line
        if spec.code is not None:
            code = normalize_code(spec.code)
            if code in codes:
                args: dict[str, str | int] = {"code": code, "first": codes[code]}
                problems.append(FileProblem(spec.line, "duplicate-code", args))
                continue
            codes[code] = spec.line
        specs.append(spec)
    if problems:
        raise GroupsFileError(sorted(problems, key=lambda p: p.line or 0), specs)
    return specs


def _groups_node(root: Node | None) -> SequenceNode:
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "groups" and isinstance(value, SequenceNode):
                return value
    if isinstance(root, SequenceNode):
        return root
    line = None if root is None else int(root.start_mark.line) + 1
    raise GroupsFileError([FileProblem(line, "no-groups")])


_GROUP_KEYS = ("name", "code", "chat", "members")


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _member_key(ref: str) -> str:
    """One member however the file writes them: @Zhang_San and @zhang_san are one user."""
    return ref.removeprefix("@").casefold()


def _read_group(
    node: Node, problems: list[FileProblem], placed: dict[str, tuple[str, int]]
) -> GroupSpec | None:
    if isinstance(node, ScalarNode) and node.value:
        # A bare name: a group with a generated code and no members listed.
        name = normalize_name(str(node.value))
        problem = name_problem(name)
        if problem is not None:
            problems.append(FileProblem(_line(node), f"name-{problem}", {"name": name}))
            return None
        return GroupSpec(name, _line(node))
    if not isinstance(node, MappingNode):
        problems.append(FileProblem(_line(node), "not-a-group"))
        return None
    fields: dict[str, Node] = {}
    for key, value in node.value:
        if key.value not in _GROUP_KEYS:
            problems.append(
                FileProblem(
                    _line(key),
                    "unknown-key",
                    {"key": str(key.value), "keys": ", ".join(_GROUP_KEYS)},
                )
            )
        else:
            fields[str(key.value)] = value
    line = _line(node)
    name_node = fields.get("name")
    name = normalize_name(str(name_node.value)) if isinstance(name_node, ScalarNode) else ""
    problem = name_problem(name)
    if problem is not None:
        problems.append(FileProblem(_line(name_node or node), f"name-{problem}", {"name": name}))
        return None
    code = _scalar(fields.get("code"))
    if code is not None and not _CODE.fullmatch(normalize_code(code)):
        problems.append(FileProblem(_line(fields["code"]), "bad-code", {"code": code}))
        code = None
    chat_text = _scalar(fields.get("chat"))
    chat_id: int | None = None
    if chat_text is not None:
        if not re.fullmatch(r"-\d+", chat_text):
            problems.append(FileProblem(_line(fields["chat"]), "bad-chat", {"chat": chat_text}))
        else:
            chat_id = int(chat_text)
    members: list[str] = []
    members_node = fields.get("members")
    if members_node is not None and not _is_null(members_node):
        if not isinstance(members_node, SequenceNode):
            problems.append(FileProblem(_line(members_node), "bad-members"))
        else:
            for entry in members_node.value:
                # Full-width digits and ＠ from a Chinese keyboard, as commands take them.
                value = _scalar(entry, fold_width=True)
                if value is None or not is_member_ref(value):
                    problems.append(
                        FileProblem(_line(entry), "bad-member", {"member": value or "?"})
                    )
                    continue
                first = placed.setdefault(_member_key(value), (name, _line(entry)))
                if first[0] != name:
                    # A member is in one group: which one the file meant is for its author.
                    args: dict[str, str | int] = {
                        "member": value,
                        "group": first[0],
                        "first": first[1],
                    }
                    problems.append(FileProblem(_line(entry), "duplicate-member", args))
                    continue
                members.append(value)
    return GroupSpec(name, line, code, chat_id, tuple(members))


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _scalar(node: Node | None, *, fold_width: bool = False) -> str | None:
    if node is None or _is_null(node) or not isinstance(node, ScalarNode):
        return None
    text = str(node.value)
    if fold_width:
        text = unicodedata.normalize("NFKC", text)
    return text.strip() or None


def describe_problem(problem: FileProblem, translate: Any, path: str) -> str:
    where = path if problem.line is None else f"{path}:{problem.line}"
    return f"{where} {translate('groups-file-' + problem.code, problem.args)}"
