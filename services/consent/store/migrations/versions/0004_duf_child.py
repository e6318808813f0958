"""R80 a child may be known by a DUF number (12 digits), with the birth date given beside it

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
    with op.batch_alter_table("consents") as batch:
        batch.alter_column("child_pid", type_=sa.String(12), existing_type=sa.String(11))
        batch.add_column(sa.Column("child_birth_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("child_birth_date")
        batch.alter_column("child_pid", type_=sa.String(11), existing_type=sa.String(12))
