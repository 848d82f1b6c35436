"""/newpush: an organiser composes a push in chat, step by step, kept in the database so the
conversation survives a restart and may continue on any process."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Config
from bot.content.schedules import MAX_TEXT_CHARS, push_length
from bot.domain.schedules import (
    Audience,
    CatchUp,
    Content,
    Schedule,
    ScheduleSpecError,
    parse_trigger,
    short_month_day,
    trigger_fires_after,
)
from bot.services.clock import Clock
from bot.services.errors import UserFacingError
from bot.services.identity import Actor, Role
from bot.services.pushes import GROUP_ID_PREFIX
from bot.storage.dialect import insert_new
from bot.storage.models import ChatSchedule, PushDraft, ScheduleState, StudyGroup

NOW = "now"
TITLE_LENGTH = 30
CHAT_SCHEDULE_PREFIX = "chat-"


class Step:
    CONTENT = "content"
    AUDIENCE = "audience"
    TIME = "time"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class DraftView:
    step: str
    data: dict[str, Any]
    # (reference, name) choices for the audience step; the reference is "#id", which a new
    # join code (/newcode) or a new name (/renamegroup) does not change.
    groups: tuple[tuple[str, str], ...] = ()
    # (message id, arguments): what `studybot check` would warn about the chosen time; at
    # the time step, why it is asked again.
    warnings: tuple[tuple[str, dict[str, Any]], ...] = ()


@dataclass(frozen=True, slots=True)
class Scheduled:
    schedule: Schedule
    immediate: bool


def schedule_from_row(row: ChatSchedule) -> Schedule:
    """A push made in chat, as the same Schedule value the files give."""
    content = row.content
    return Schedule(
        id=row.id,
        title=row.title,
        enabled=row.enabled,
        trigger=parse_trigger(row.trigger),
        timezone=row.timezone,
        active_from=None,
        active_until=None,
        audience=Audience(
            all=bool(row.audience.get("all")),
            groups=tuple(row.audience.get("groups", ())),
            chats=tuple(int(c) for c in row.audience.get("chats", ())),
        ),
        catch_up=CatchUp(None),
        content=Content(
            text=str(content.get("text", "")),
            files=tuple(content.get("files", ())),
            photos=tuple(content.get("photos", ())),
        ),
        path="/newpush",
    )


class PushDraftService:
    def __init__(self, session: AsyncSession, config: Config, clock: Clock) -> None:
        self._session = session
        self._config = config
        self._clock = clock

    async def start(self, actor: Actor, chat_id: int) -> DraftView:
        actor.require(Role.ORGANISER)
        await self._session.execute(
            delete(PushDraft).where(PushDraft.member_id == actor.member_id)
        )
        draft = PushDraft(
            member_id=actor.member_id,
            chat_id=chat_id,
            step=Step.CONTENT,
            data={},
            updated_at=self._clock(),
        )
        self._session.add(draft)
        await self._session.flush()
        return DraftView(draft.step, draft.data)

    async def cancel(self, actor: Actor) -> bool:
        result = await self._session.execute(
            delete(PushDraft).where(PushDraft.member_id == actor.member_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def give_text(
        self, actor: Actor, text: str, chat_id: int | None = None
    ) -> DraftView | None:
        """Typed text (in chat `chat_id`): the content at the first step, the time at the
        third; None: no draft is waiting for text there, so the message is not for us."""
        draft = await self._waiting(actor.member_id, chat_id)
        if draft is None:
            return None
        if draft.step == Step.CONTENT:
            return await self._content(draft, text=text)
        if draft.step == Step.TIME:
            return await self._time(draft, text)
        raise UserFacingError("newpush-use-buttons")

    async def give_file(
        self,
        actor: Actor,
        kind: str,
        file_id: str,
        caption: str | None,
        file_name: str | None = None,
        chat_id: int | None = None,
    ) -> DraftView | None:
        """A forwarded file or photo; the caption's first line is the title, else the file's
        name: a push needs a title, since Telegram refuses a message with no text."""
        draft = await self._waiting(actor.member_id, chat_id)
        if draft is None or draft.step != Step.CONTENT:
            return None
        text = (caption or "").strip() or (file_name or "").strip()
        if not text:
            raise UserFacingError("newpush-file-needs-caption")
        return await self._content(draft, text=text, file=(kind, file_id))

    async def choose_audience(self, actor: Actor, choice: str) -> DraftView:
        draft = await self._draft(actor, Step.AUDIENCE)
        if choice == "all":
            audience: dict[str, Any] = {"all": True}
        elif choice == "here":
            audience = {"chats": [draft.chat_id]}
        else:
            audience = {"groups": [choice.removeprefix("group:")]}
        draft.data = {**draft.data, "audience": audience}
        return await self._advance(draft, Step.TIME)

    async def confirm(self, actor: Actor) -> Scheduled | DraftView:
        """The push created; or, when its one-off time went by while the preview waited
        for the confirmation, the time step again (created now, it would never go out)."""
        draft = await self._draft(actor, Step.CONFIRM)
        now = self._clock()
        data = draft.data
        immediate = data["time"] == NOW
        if not immediate and not trigger_fires_after(
            parse_trigger(str(data["time"])), self._config.zone, now
        ):
            draft.data = {key: value for key, value in data.items() if key != "time"}
            view = await self._advance(draft, Step.TIME)
            return replace(view, warnings=(("newpush-time-passed", {"text": data["time"]}),))
        trigger = (
            "once at " + now.astimezone(self._config.zone).strftime("%Y-%m-%d %H:%M")
            if immediate
            else str(data["time"])
        )
        schedule_id = await self._insert_numbered(
            title=str(data["title"]),
            trigger=trigger,
            timezone=self._config.timezone,
            audience=dict(data["audience"]),
            content={
                "text": data.get("text", ""),
                "files": data.get("files", []),
                "photos": data.get("photos", []),
            },
            created_by=actor.member_id,
            created_at=now,
            enabled=True,
        )
        # Its fires count from now, even when the scheduler first looks at it later.
        self._session.add(ScheduleState(schedule_id=schedule_id, paused=False, scanned_until=now))
        await self._session.delete(draft)
        await self._session.flush()
        row = await self._session.get(ChatSchedule, schedule_id)
        assert row is not None  # inserted above, in this transaction
        return Scheduled(schedule_from_row(row), immediate)

    async def _insert_numbered(self, **values: Any) -> str:
        """Insert a chat schedule as chat-N, the first number after the rows there are that
        is free. Two organisers confirming at once both count the same rows; the primary key
        settles it (the second insert waits for the first to commit, finds the id taken and
        tries the next), so neither fails."""
        count = await self._session.scalar(select(func.count()).select_from(ChatSchedule))
        number = int(count or 0) + 1
        while True:
            schedule_id = f"{CHAT_SCHEDULE_PREFIX}{number}"
            inserted = await self._session.scalar(
                insert_new(self._session, ChatSchedule, ("id",), ChatSchedule.id),
                {"id": schedule_id, **values},
            )
            if inserted is not None:
                return schedule_id
            number += 1

    async def chat_schedules(self) -> tuple[Schedule, ...]:
        rows = await self._session.scalars(select(ChatSchedule).order_by(ChatSchedule.created_at))
        return tuple(schedule_from_row(row) for row in rows)

    async def _content(
        self, draft: PushDraft, *, text: str, file: tuple[str, str] | None = None
    ) -> DraftView:
        lines = text.strip().splitlines()
        if not lines and file is None:
            raise UserFacingError("newpush-empty")
        # The first line is the title; organisers type plain text, escaped so it shows as typed.
        title = lines[0][:TITLE_LENGTH] if lines else ""
        rest = lines[1:] if lines and len(lines[0]) <= TITLE_LENGTH else lines
        body = html.escape("\n".join(rest).strip(), quote=False)
        length = push_length(title, body)
        if length > MAX_TEXT_CHARS:
            # Plain digits, as Telegram's 4096 is known: no 4,096.
            raise UserFacingError(
                "newpush-too-long",
                length=str(length),
                max=str(MAX_TEXT_CHARS),
                over=str(length - MAX_TEXT_CHARS),
            )
        data: dict[str, Any] = {"text": body, "title": title}
        if file is not None:
            data["photos" if file[0] == "photo" else "files"] = [file[1]]
        draft.data = data
        return await self._advance(draft, Step.AUDIENCE)

    async def _time(self, draft: PushDraft, text: str) -> DraftView:
        chosen = text.strip()
        warnings: tuple[tuple[str, dict[str, Any]], ...] = ()
        if chosen != NOW:
            try:
                trigger = parse_trigger(chosen)
            except ScheduleSpecError:
                raise UserFacingError("newpush-bad-time", text=chosen) from None
            # A one-off time already past would be accepted and then never sent.
            if not trigger_fires_after(trigger, self._config.zone, self._clock()):
                raise UserFacingError("newpush-time-past", text=chosen)
            # Accepted, as in a schedule file, but said before the organiser confirms.
            late_day = short_month_day(trigger)
            if late_day is not None:
                warnings = (("problem-schedule-day-skips-months", {"day": late_day}),)
        draft.data = {**draft.data, "time": chosen}
        view = await self._advance(draft, Step.CONFIRM)
        return replace(view, warnings=warnings)

    async def _advance(self, draft: PushDraft, step: str) -> DraftView:
        draft.step = step
        draft.updated_at = self._clock()
        await self._session.flush()
        groups: tuple[tuple[str, str], ...] = ()
        if step == Step.AUDIENCE:
            rows = await self._session.execute(
                select(StudyGroup.id, StudyGroup.name).order_by(StudyGroup.name).limit(8)
            )
            groups = tuple((f"{GROUP_ID_PREFIX}{group_id}", name) for group_id, name in rows.all())
        return DraftView(step, dict(draft.data), groups)

    async def waits_in(self, member_id: int, chat_id: int) -> bool:
        """Whether the member's draft takes their messages in `chat_id`: read before the
        sender is identified, so that a group member's reply to the bot about something
        else does not register them as a member."""
        return await self._waiting(member_id, chat_id) is not None

    async def _waiting(self, member_id: int, chat_id: int | None) -> PushDraft | None:
        """The member's draft, if a message in `chat_id` is for it: one in the private chat
        always is; one in a group chat only there where the draft was started (a reply to
        the bot about something else is not the push's content)."""
        draft = await self._session.get(PushDraft, member_id)
        in_group = chat_id is not None and chat_id < 0
        if draft is None or (in_group and chat_id != draft.chat_id):
            return None
        return draft

    async def _draft(self, actor: Actor, step: str) -> PushDraft:
        draft = await self._session.get(PushDraft, actor.member_id)
        if draft is None or draft.step != step:
            raise UserFacingError("newpush-expired")
        return draft
