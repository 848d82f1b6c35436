"""chat_upgrades: basic group chats upgraded to supergroups, so the new chat is not greeted

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chat_upgrades",
        sa.Column("new_chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("old_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("upgraded_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("new_chat_id"),
    )


def downgrade() -> None:
    op.drop_table("chat_upgrades")
