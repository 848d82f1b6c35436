"""absent_chats: the group chats the bot was removed from, which pushes skip until it is back

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "absent_chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("left_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("chat_id"),
    )


def downgrade() -> None:
    op.drop_table("absent_chats")
