"""manual_awards: points organisers give by hand (/award), and their revocation

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "manual_awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("given_by", sa.BigInteger(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_manual_awards_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_awards")),
        sa.UniqueConstraint(
            "chat_id",
            "message_id",
            "member_id",
            name=op.f("uq_manual_awards_chat_id_message_id_member_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("manual_awards")
