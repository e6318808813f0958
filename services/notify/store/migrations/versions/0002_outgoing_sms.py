"""outgoing sms: the SMS queue, sent by the timer like mail (R60)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outgoing_sms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("to_number", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outgoing_sms", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_sms_event_id", ["event_id"], unique=False)
        batch_op.create_index("ix_outgoing_sms_status", ["status", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outgoing_sms", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_sms_status")
        batch_op.drop_index("ix_outgoing_sms_event_id")
    op.drop_table("outgoing_sms")
