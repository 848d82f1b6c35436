"""The database schema. Every table that outlives a process is here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UTCDateTime

# Stable constraint names so Alembic migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class StudyGroup(Base):
    """A 青年理论学习小组."""

    __tablename__ = "study_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    join_code: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    created_at: Mapped[datetime]


class AbsentChat(Base):
    """A group chat the bot was removed from. Pushes skip it while the row exists; adding
    the bot back deletes the row, and the chat's study group link never changed."""

    __tablename__ = "absent_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # None: learned from a refused push, before Telegram's notice (the admins not told yet).
    title: Mapped[str | None] = mapped_column(String(255))
    left_at: Mapped[datetime]


class MutedChat(Base):
    """A group chat whose admins took the bot's right to send messages: the bot is still in
    it, so pushes go on trying it (a right given back through the group's own permissions
    comes with no notice), and the row says that the admins were told. A message the chat
    takes, or Telegram's notice that the right is back, deletes the row."""

    __tablename__ = "muted_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    muted_at: Mapped[datetime]


class ChatUpgrade(Base):
    """A basic group chat Telegram upgraded to a supergroup (a new chat id): the supergroup is
    the same group, which the bot does not greet as one it was just added to."""

    __tablename__ = "chat_upgrades"

    new_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    old_chat_id: Mapped[int] = mapped_column(BigInteger)
    upgraded_at: Mapped[datetime]


class Member(Base):
    """A Telegram user who has talked to the bot. The id is the Telegram user id."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(200), default="")
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    # None: follow the organisation's default language from the config.
    language: Mapped[str | None] = mapped_column(String(8))
    is_organiser: Mapped[bool] = mapped_column(default=False)
    # False once Telegram says the member blocked the bot; pushes skip them.
    is_reachable: Mapped[bool] = mapped_column(default=True)
    study_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_groups.id", ondelete="SET NULL"), index=True
    )
    joined_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    # Set when an admin removes the member from the programme: they keep their ledger history
    # but drop out of every ranking. None: a current member (in a study group or in none).
    left_at: Mapped[datetime | None] = mapped_column(default=None)
    # The day they joined the Party (入党日期), as the member or an organiser gave it: its
    # anniversary is their political birthday (政治生日). None: not given.
    party_joined_on: Mapped[date | None] = mapped_column(Date, default=None)


class ScoreEvent(Base):
    """The points ledger: append-only; rankings are queries over it."""

    __tablename__ = "score_events"
    __table_args__ = (
        UniqueConstraint("source", "reference"),
        Index("ix_score_events_member_time", "member_id", "created_at"),
        Index("ix_score_events_time", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    study_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_groups.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(200))
    points: Mapped[int]
    created_at: Mapped[datetime]


class QuizSession(Base):
    """A quiz in progress or finished; the whole play state, so a restart resumes it."""

    __tablename__ = "quiz_sessions"
    __table_args__ = (
        Index("ix_quiz_sessions_member_status", "member_id", "status"),
        Index("ix_quiz_sessions_deadline", "status", "deadline_at"),
        # Every poll answer in a group contest is looked up here too: an index, not a scan.
        Index("ix_quiz_sessions_poll_id", "poll_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    # Local calendar day the quiz counts for (daily limits are per day in the org timezone).
    quiz_day: Mapped[date] = mapped_column(Date)
    scored: Mapped[bool] = mapped_column(default=True)
    question_keys: Mapped[list[Any]]
    position: Mapped[int] = mapped_column(default=0)
    correct_count: Mapped[int] = mapped_column(default=0)
    streak: Mapped[int] = mapped_column(default=0)
    points: Mapped[int] = mapped_column(default=0)
    selection: Mapped[list[Any]] = mapped_column(default=list)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The current question went out as this quiz poll (config quiz.polls); None: as buttons
    # or a fill-in. A poll answer names only its poll, not the message.
    poll_id: Mapped[str | None] = mapped_column(String(64), default=None)
    # The current question's content hash as it went out: an answer to it after the bank
    # changed it (or removed it) is not judged by the new version. None: not sent yet.
    question_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    filter_text: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[datetime]
    question_sent_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class QuizAnswer(Base):
    """One answered (or timed-out) question; keeps the content hash the member saw."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    position: Mapped[int]
    question_key: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    given: Mapped[str] = mapped_column(Text, default="")
    correct: Mapped[bool]
    timed_out: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime]


class ScheduleState(Base):
    """What the bot knows of a schedule beyond its file: pause, and how far fires were scanned."""

    __tablename__ = "schedule_states"

    schedule_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    paused: Mapped[bool] = mapped_column(default=False)
    # Fires at or before this instant have been claimed or skipped; the next scan starts here.
    scanned_until: Mapped[datetime]


class ChatSchedule(Base):
    """A push an organiser scheduled from chat with /newpush."""

    __tablename__ = "chat_schedules"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    trigger: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    audience: Mapped[dict[str, Any]]
    content: Mapped[dict[str, Any]]
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    enabled: Mapped[bool] = mapped_column(default=True)


class PushDraft(Base):
    """A /newpush conversation in progress; in the database so any process can continue it."""

    __tablename__ = "push_drafts"

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    step: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class PushFire(Base):
    """One firing of a schedule, claimed once: the unique key stops a second process or a
    restart from firing it again."""

    __tablename__ = "push_fires"
    __table_args__ = (UniqueConstraint("schedule_id", "fire_time"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[str] = mapped_column(String(100))
    fire_time: Mapped[datetime]
    # scheduled (by its trigger), manual (/pushnow) or nudge (/nudge reminder).
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    series_index: Mapped[int | None]
    # The resolved content, frozen at fire time so a resumed broadcast sends the same thing.
    payload: Mapped[dict[str, Any]]
    recipients: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class PushDelivery(Base):
    """The outbox: one row per fire and chat, sent by the dispatcher within Telegram's limits."""

    __tablename__ = "push_deliveries"
    __table_args__ = (
        UniqueConstraint("fire_id", "chat_id"),
        Index("ix_push_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    fire_id: Mapped[int] = mapped_column(ForeignKey("push_fires.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime]


class PushAck(Base):
    """A member pressed 已学习 on a push: once per member and fire."""

    __tablename__ = "push_acks"
    __table_args__ = (UniqueConstraint("fire_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fire_id: Mapped[int] = mapped_column(ForeignKey("push_fires.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class ManualAward(Base):
    """Points an organiser gave by hand (/award) for what the bot cannot see: a study
    session attended, a report written. The ledger row's reference is this row's id."""

    __tablename__ = "manual_awards"
    # The command's message: a replayed update gives the same member nothing twice.
    __table_args__ = (UniqueConstraint("chat_id", "message_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    given_by: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    revoked_by: Mapped[int | None] = mapped_column(BigInteger)
    revoked_at: Mapped[datetime | None]


# Few members ever leave: the rankings subtract them through this small partial index.
Index(
    "ix_members_left_at",
    Member.left_at,
    sqlite_where=Member.left_at.is_not(None),
    postgresql_where=Member.left_at.is_not(None),
)


class ScoreTotal(Base):
    """Running totals of the ledger per member and period bucket, written with each award
    in the same transaction (bot.services.ledger), so rankings cost the same at any ledger
    size. `kind` is a PeriodKind code (d w m q y a); `start` the bucket's first local day."""

    __tablename__ = "score_totals"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    points: Mapped[int]
    # When the member reached this total: the time of their last award in the bucket
    # that no take-back cancelled (bot.services.ledger.standing_award).
    last_at: Mapped[datetime]


class GroupTotal(Base):
    """Running totals per study group and period bucket: the sum of its current members'
    `score_totals` and how many of them have points there. Group 0 is the members in no
    group; members who left count nowhere. Kept with each award and moved along with a
    member who changes group (bot.services.ledger.move_totals)."""

    __tablename__ = "group_totals"
    # /groups reads one bucket of every group.
    __table_args__ = (Index("ix_group_totals_bucket", "kind", "start"),)

    # No foreign key: 0 stands for "in no group".
    study_group_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    points: Mapped[int]
    active: Mapped[int]


class ScoreTotalsState(Base):
    """One row: the timezone the running totals were built for (they are rebuilt from the
    ledger when the configured timezone differs, and after the migration that added them)."""

    __tablename__ = "score_totals_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    timezone: Mapped[str] = mapped_column(String(64))
    rebuilt_at: Mapped[datetime]


# A leaderboard is this index read in order (points down, then who got there first), and a
# rank is a count over it: neither reads the ledger.
Index(
    "ix_score_totals_board",
    ScoreTotal.kind,
    ScoreTotal.start,
    ScoreTotal.points.desc(),
    ScoreTotal.last_at,
    ScoreTotal.member_id,
)


class Contest(Base):
    """A quiz contest in a group chat (答题挑战赛): its plan and where it is, so a restart
    goes on from the stored phase and time (bot.services.contests)."""

    __tablename__ = "contests"
    # A push starts one contest per chat however often its delivery is retried.
    __table_args__ = (UniqueConstraint("fire_id", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    # The study group linked to the chat when the contest began; its members' points are
    # shown as the group's in the standings.
    study_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_groups.id", ondelete="SET NULL")
    )
    started_by: Mapped[int | None] = mapped_column(BigInteger)  # None: a schedule
    fire_id: Mapped[int | None]
    filter_text: Mapped[str | None] = mapped_column(String(100))
    question_keys: Mapped[list[Any]]
    seconds: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[datetime | None]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


# One running contest per chat: two /contest at once (or two processes) cannot both win.
Index(
    "uq_contests_running_chat",
    Contest.chat_id,
    unique=True,
    sqlite_where=Contest.status == "running",
    postgresql_where=Contest.status == "running",
)


class ContestQuestion(Base):
    """A question a contest posted as a quiz poll; what its answers are checked against."""

    __tablename__ = "contest_questions"
    __table_args__ = (UniqueConstraint("contest_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_key: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    correct: Mapped[list[Any]]  # option indexes, as sent in the poll
    poll_id: Mapped[str] = mapped_column(String(64), unique=True)
    message_id: Mapped[int] = mapped_column(BigInteger)
    sent_at: Mapped[datetime]
    closes_at: Mapped[datetime]


class ContestAnswer(Base):
    """A member's first answer to a contest question; later ones hit the unique key."""

    __tablename__ = "contest_answers"
    __table_args__ = (
        UniqueConstraint("question_id", "member_id"),
        Index("ix_contest_answers_contest", "contest_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("contest_questions.id", ondelete="CASCADE")
    )
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    given: Mapped[str] = mapped_column(String(32))  # letters, "A,C"
    correct: Mapped[bool]
    answered_at: Mapped[datetime]
    elapsed_ms: Mapped[int]
