"""study groups and rankings: members who left, running totals of the ledger per member
and per group

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:00:00

The running totals start empty with no state row: the bot (and `studybot leaderboard`)
rebuilds them from the ledger in the configured timezone before it ranks anything.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("left_at", bot.storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_members_left_at",
        "members",
        ["left_at"],
        unique=False,
        sqlite_where=sa.text("left_at IS NOT NULL"),
        postgresql_where=sa.text("left_at IS NOT NULL"),
    )
    op.create_table(
        "score_totals",
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("last_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_score_totals_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", "kind", "start", name=op.f("pk_score_totals")),
    )
    op.create_index(
        "ix_score_totals_board",
        "score_totals",
        ["kind", "start", sa.text("points DESC"), "last_at", "member_id"],
        unique=False,
    )
    op.create_table(
        "group_totals",
        sa.Column("study_group_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("study_group_id", "kind", "start", name=op.f("pk_group_totals")),
    )
    op.create_index("ix_group_totals_bucket", "group_totals", ["kind", "start"], unique=False)
    op.create_table(
        "score_totals_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("rebuilt_at", bot.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_totals_state")),
    )


def downgrade() -> None:
    op.drop_table("score_totals_state")
    op.drop_index("ix_group_totals_bucket", table_name="group_totals")
    op.drop_table("group_totals")
    op.drop_index("ix_score_totals_board", table_name="score_totals")
    op.drop_table("score_totals")
    op.drop_index("ix_members_left_at", table_name="members")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("left_at")
