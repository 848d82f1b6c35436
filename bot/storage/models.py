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
