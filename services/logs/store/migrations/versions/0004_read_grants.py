"""Read grants (R4)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "read_grants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("pid", sa.String(11), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("concern_ids", sa.JSON(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=True),
        sa.Column("with_history", sa.Boolean(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_read_grants_log_id", "read_grants", ["log_id"])
    op.create_index("ix_read_grants_pid", "read_grants", ["pid"])


def downgrade() -> None:
    op.drop_table("read_grants")
