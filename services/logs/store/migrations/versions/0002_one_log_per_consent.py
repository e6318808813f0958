"""One log per consent: the consent a log began with is unique among logs

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("logs") as batch:
        batch.create_unique_constraint("uq_logs_consent_id", ["consent_id"])


def downgrade() -> None:
    with op.batch_alter_table("logs") as batch:
        batch.drop_constraint("uq_logs_consent_id", type_="unique")
