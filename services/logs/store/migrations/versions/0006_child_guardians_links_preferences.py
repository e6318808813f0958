"""The child's DUF number, contact, address and protection (R9, R80), the unit it attends;
guardians with ids, phone and address; links to earlier logs (R42); each person's choice of
channels and language (R60)

Revision ID: 0006
Revises: 0005
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("logs") as batch:
        batch.alter_column("child_pid", type_=sa.String(12), existing_type=sa.String(11))
        batch.add_column(sa.Column("child_email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("child_phone", sa.String(20), nullable=True))
        batch.add_column(sa.Column("child_address", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column(
                "child_address_protection", sa.String(30), nullable=False, server_default="none"
            )
        )
        batch.add_column(sa.Column("attends_unit_id", sa.String(64), nullable=True))
    with op.batch_alter_table("log_guardians") as batch:
        batch.add_column(sa.Column("id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(20), nullable=True))
        batch.add_column(sa.Column("address", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("address_protection", sa.String(30), nullable=False, server_default="none")
        )
    guardians = sa.table(
        "log_guardians", sa.column("log_id"), sa.column("pid"), sa.column("id", sa.String)
    )
    bind = op.get_bind()
    for log_id, pid in bind.execute(sa.select(guardians.c.log_id, guardians.c.pid)).all():
        bind.execute(
            guardians.update()
            .where(guardians.c.log_id == log_id, guardians.c.pid == pid)
            .values(id=uuid.uuid4().hex)
        )
    with op.batch_alter_table("log_guardians") as batch:
        batch.alter_column("id", existing_type=sa.String(32), nullable=False)
        batch.create_unique_constraint("uq_log_guardians_id", ["id"])
    op.create_table(
        "log_links",
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), primary_key=True),
        sa.Column("earlier_log_id", sa.String(32), sa.ForeignKey("logs.id"), primary_key=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "person_preferences",
        sa.Column("pid", sa.String(11), primary_key=True),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("person_preferences")
    op.drop_table("log_links")
    with op.batch_alter_table("log_guardians") as batch:
        batch.drop_constraint("uq_log_guardians_id", type_="unique")
        for column in ("address_protection", "address", "phone", "id"):
            batch.drop_column(column)
    with op.batch_alter_table("logs") as batch:
        for column in (
            "attends_unit_id",
            "child_address_protection",
            "child_address",
            "child_phone",
            "child_email",
        ):
            batch.drop_column(column)
        batch.alter_column("child_pid", type_=sa.String(11), existing_type=sa.String(12))
