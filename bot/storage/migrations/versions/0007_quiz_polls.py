"""quiz_sessions.poll_id: the quiz poll the current question went out as (config quiz.polls)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_sessions") as batch:
        batch.add_column(sa.Column("poll_id", sa.String(length=64), nullable=True))
        batch.create_index("ix_quiz_sessions_poll_id", ["poll_id"])


def downgrade() -> None:
    with op.batch_alter_table("quiz_sessions") as batch:
        batch.drop_index("ix_quiz_sessions_poll_id")
        batch.drop_column("poll_id")
