"""pushes: schedule state, chat schedules, drafts, fires, deliveries (the outbox), acks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "schedule_states",
        sa.Column("schedule_id", sa.String(length=100), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("scanned_until", UTC, nullable=False),
        sa.PrimaryKeyConstraint("schedule_id", name=op.f("pk_schedule_states")),
    )
    op.create_table(
        "chat_schedules",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("trigger", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_schedules")),
    )
    op.create_table(
        "push_drafts",
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_push_drafts")),
    )
    op.create_table(
        "push_fires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.String(length=100), nullable=False),
        sa.Column("fire_time", UTC, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("series_index", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_fires")),
        sa.UniqueConstraint(
            "schedule_id", "fire_time", name=op.f("uq_push_fires_schedule_id_fire_time")
        ),
    )
    op.create_table(
        "push_acks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fire_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["fire_id"],
            ["push_fires.id"],
            name=op.f("fk_push_acks_fire_id_push_fires"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_push_acks_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_acks")),
        sa.UniqueConstraint("fire_id", "member_id", name=op.f("uq_push_acks_fire_id_member_id")),
    )
    op.create_table(
        "push_deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("fire_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["fire_id"],
            ["push_fires.id"],
            name=op.f("fk_push_deliveries_fire_id_push_fires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_deliveries")),
        sa.UniqueConstraint("fire_id", "chat_id", name=op.f("uq_push_deliveries_fire_id_chat_id")),
    )
    op.create_index(
        "ix_push_deliveries_due", "push_deliveries", ["status", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_push_deliveries_due", table_name="push_deliveries")
    op.drop_table("push_deliveries")
    op.drop_table("push_acks")
    op.drop_table("push_fires")
    op.drop_table("push_drafts")
    op.drop_table("chat_schedules")
    op.drop_table("schedule_states")
