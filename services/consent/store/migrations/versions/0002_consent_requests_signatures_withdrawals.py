"""consent requests signatures withdrawals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:37:07.023903
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The first slice's consent rows (recorded on paper, active at once) cannot be mapped
    # onto requests with parties and signatures; nothing was in production, so they go.
    op.drop_table("consents")
    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("child_pid", sa.String(length=11), nullable=False),
        sa.Column("child_name", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("log_id", sa.String(length=32), nullable=True),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.String(length=11), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_expiry", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("young_reason", sa.Text(), nullable=True),
        sa.Column("supersedes", sa.String(length=32), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_by", sa.String(length=20), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scan_sha256", sa.String(length=64), nullable=True),
        sa.Column("warnings_sent", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consents_child_pid", "consents", ["child_pid"])
    op.create_index("ix_consents_log_id", "consents", ["log_id"])
    op.create_index("ix_consents_status_expires", "consents", ["status", "expires_at"])
    op.create_index("ix_consents_unit_status_expires", "consents",
                    ["unit_id", "status", "expires_at"])
    op.create_table('consent_scans',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=11), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('consent_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('consent_id', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('what', sa.String(length=200), nullable=False),
    sa.Column('by_pid', sa.String(length=11), nullable=True),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_history_consent_id'), ['consent_id'], unique=False)

    op.create_table('consent_parties',
    sa.Column('consent_id', sa.String(length=32), nullable=False),
    sa.Column('pid', sa.String(length=11), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], ),
    sa.PrimaryKeyConstraint('consent_id', 'pid')
    )
    with op.batch_alter_table('consent_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_parties_pid'), ['pid'], unique=False)

    op.create_table('consent_signatures',
    sa.Column('consent_id', sa.String(length=32), nullable=False),
    sa.Column('pid', sa.String(length=11), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acr', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], ),
    sa.PrimaryKeyConstraint('consent_id', 'pid')
    )
    op.create_table('consent_withdrawals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('consent_id', sa.String(length=32), nullable=False),
    sa.Column('by_pid', sa.String(length=11), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=True),
    sa.Column('target', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent_withdrawals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_withdrawals_consent_id'), ['consent_id'], unique=False)



def downgrade() -> None:
    for table in ("consent_withdrawals", "consent_signatures", "consent_parties",
                  "consent_history", "consent_scans", "consents"):
        op.drop_table(table)
