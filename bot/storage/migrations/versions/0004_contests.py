"""contests: quiz contests in group chats, the questions they posted, members' answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "contests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("study_group_id", sa.Integer(), nullable=True),
        sa.Column("started_by", sa.BigInteger(), nullable=True),
        sa.Column("fire_id", sa.Integer(), nullable=True),
        sa.Column("filter_text", sa.String(length=100), nullable=True),
        sa.Column("question_keys", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("next_at", UTC, nullable=True),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("finished_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["study_group_id"],
            ["study_groups.id"],
            name=op.f("fk_contests_study_group_id_study_groups"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contests")),
        sa.UniqueConstraint("fire_id", "chat_id", name=op.f("uq_contests_fire_id_chat_id")),
    )
    op.create_index(
        "uq_contests_running_chat",
        "contests",
        ["chat_id"],
        unique=True,
        sqlite_where=sa.text("status = 'running'"),
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_table(
        "contest_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("correct", sa.JSON(), nullable=False),
        sa.Column("poll_id", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", UTC, nullable=False),
        sa.Column("closes_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_questions_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_questions")),
        sa.UniqueConstraint(
            "contest_id", "position", name=op.f("uq_contest_questions_contest_id_position")
        ),
        sa.UniqueConstraint("poll_id", name=op.f("uq_contest_questions_poll_id")),
    )
    op.create_table(
        "contest_answers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("given", sa.String(length=32), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", UTC, nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["contest_questions.id"],
            name=op.f("fk_contest_answers_question_id_contest_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_answers_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_contest_answers_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_answers")),
        sa.UniqueConstraint(
            "question_id", "member_id", name=op.f("uq_contest_answers_question_id_member_id")
        ),
    )
    op.create_index("ix_contest_answers_contest", "contest_answers", ["contest_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_contest_answers_contest", table_name="contest_answers")
    op.drop_table("contest_answers")
    op.drop_table("contest_questions")
    op.drop_index("uq_contests_running_chat", table_name="contests")
    op.drop_table("contests")
