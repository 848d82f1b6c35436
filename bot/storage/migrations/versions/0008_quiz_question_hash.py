"""quiz_sessions.question_hash: the version of the current question as it went out, so that
an answer to a question edited in its bank since is not judged by the new version

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_sessions") as batch:
        batch.add_column(sa.Column("question_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quiz_sessions") as batch:
        batch.drop_column("question_hash")
