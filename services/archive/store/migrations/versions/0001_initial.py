"""initial

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 08:10:43.866790
"""

from alembic import op

from services.common.migrate import create_messaging_tables, drop_messaging_tables


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)


def downgrade() -> None:
    drop_messaging_tables(op)
