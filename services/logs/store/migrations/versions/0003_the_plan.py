"""The plan: concerns, measures, meetings, highlights, notes, actors, history, meeting mode

Revision ID: 0003
Revises: 0002
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("employees") as batch:
        batch.add_column(sa.Column("is_super_user", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("id", sa.String(32), nullable=True))
    employees = sa.table("employees", sa.column("pid", sa.String), sa.column("id", sa.String))
    connection = op.get_bind()
    for (pid,) in connection.execute(sa.select(employees.c.pid)).all():
        connection.execute(employees.update().where(employees.c.pid == pid).values(id=uuid.uuid4().hex))
    with op.batch_alter_table("employees") as batch:
        batch.alter_column("id", existing_type=sa.String(32), nullable=False)
        batch.create_unique_constraint("uq_employees_id", ["id"])
        batch.alter_column("is_super_user", server_default=None)

    with op.batch_alter_table("logs") as batch:
        batch.add_column(sa.Column("child_birth_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("child_own_login", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("closed_at", TZ, nullable=True))
    with op.batch_alter_table("logs") as batch:
        batch.alter_column("child_own_login", server_default=None)

    with op.batch_alter_table("log_reads") as batch:
        batch.alter_column("part", existing_type=sa.String(40), type_=sa.String(200))
        batch.add_column(sa.Column("reader_name", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("log_reads") as batch:
        batch.alter_column("reader_name", server_default=None)

    op.create_table(
        "concerns",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("success_criteria", sa.Text(), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("discussed_with_leader", sa.Boolean(), nullable=False),
        sa.Column("discussed_with_guardians", sa.Boolean(), nullable=False),
        sa.Column("discussed_with_child", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("template_id", sa.String(32), nullable=True),
    )
    op.create_index("ix_concerns_log_id", "concerns", ["log_id"])
    op.create_index("ix_concerns_category", "concerns", ["category"])
    op.create_table(
        "measures",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("concern_id", sa.String(32), sa.ForeignKey("concerns.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("arena", sa.String(20), nullable=False),
        sa.Column("actor_pid", sa.String(11), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("written_at", TZ, nullable=False),
        sa.Column("practical", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("evaluated_at", TZ, nullable=True),
        sa.Column("family_verdict", sa.String(20), nullable=True),
        sa.Column("family_comment", sa.Text(), nullable=True),
        sa.Column("family_at", TZ, nullable=True),
        sa.Column("replaces_id", sa.String(32), nullable=True),
        sa.Column("replaced_by_id", sa.String(32), nullable=True),
        sa.Column("reminded_at", TZ, nullable=True),
    )
    op.create_index("ix_measures_log_id", "measures", ["log_id"])
    op.create_index("ix_measures_concern_id", "measures", ["concern_id"])
    op.create_index("ix_measures_actor_pid", "measures", ["actor_pid"])
    op.create_index("ix_measures_deadline", "measures", ["deadline"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("planned_at", TZ, nullable=True),
    )
    op.create_index("ix_meetings_log_id", "meetings", ["log_id"])
    op.create_table(
        "highlights",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("author_pid", sa.String(11), nullable=False),
        sa.Column("author_role", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_at", TZ, nullable=False),
        sa.Column("edited_at", TZ, nullable=True),
    )
    op.create_index("ix_highlights_log_id", "highlights", ["log_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", TZ, nullable=False),
        sa.Column("concern_id", sa.String(32), nullable=True),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("attachment_sha256", sa.String(64), nullable=True),
        sa.Column("attachment_size", sa.Integer(), nullable=True),
    )
    op.create_index("ix_notes_log_id", "notes", ["log_id"])
    op.create_table(
        "private_notes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("author_pid", sa.String(11), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", TZ, nullable=False),
    )
    op.create_index("ix_private_notes_author", "private_notes", ["log_id", "author_pid"])
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
    )
    op.create_table(
        "log_actors",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("pid", sa.String(11), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.Column("removed_at", TZ, nullable=True),
    )
    op.create_index("ix_log_actors_log_id", "log_actors", ["log_id"])
    op.create_index("ix_log_actors_pid", "log_actors", ["pid"])
    op.create_table(
        "log_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("who_pid", sa.String(11), nullable=True),
        sa.Column("who_role", sa.String(100), nullable=False),
        sa.Column("what", sa.String(60), nullable=False),
        sa.Column("part", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.String(32), nullable=False),
    )
    op.create_index("ix_log_history_log_id", "log_history", ["log_id"])
    op.create_table(
        "meeting_modes",
        sa.Column("pid", sa.String(11), primary_key=True),
        sa.Column("log_id", sa.String(32), sa.ForeignKey("logs.id"), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "meeting_modes", "log_history", "log_actors", "attachments", "private_notes", "notes",
        "highlights", "meetings", "measures", "concerns",
    ):
        op.drop_table(table)
    with op.batch_alter_table("log_reads") as batch:
        batch.drop_column("reader_name")
        batch.alter_column("part", existing_type=sa.String(200), type_=sa.String(40))
    with op.batch_alter_table("logs") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("child_own_login")
        batch.drop_column("child_birth_date")
    with op.batch_alter_table("employees") as batch:
        batch.drop_constraint("uq_employees_id", type_="unique")
        batch.drop_column("id")
        batch.drop_column("is_super_user")
