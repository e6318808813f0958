"""covers() finds the governing consent of a log with one index: (log, status, activated)

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_consents_log_id", table_name="consents")
    op.create_index("ix_consents_log_status_activated", "consents",
                    ["log_id", "status", "activated_at"])


def downgrade() -> None:
    op.drop_index("ix_consents_log_status_activated", table_name="consents")
    op.create_index("ix_consents_log_id", "consents", ["log_id"])
