"""The logs service's tables (its own database; no other service reads them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    children: Mapped[int | None] = mapped_column(Integer, nullable=True)  # enrolled (R70)


class EmployeeRow(Base):
    __tablename__ = "employees"
    pid: Mapped[str] = mapped_column(String(11), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    can_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    can_act: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    is_super_user: Mapped[bool] = mapped_column(Boolean, default=False)
    id: Mapped[str] = mapped_column(String(32), unique=True)  # opaque, for URLs
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LogRow(Base):
    __tablename__ = "logs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    holder_pid: Mapped[str] = mapped_column(String(11), index=True)
    child_pid: Mapped[str] = mapped_column(String(12), index=True)  # 12: a DUF number
    child_name: Mapped[str] = mapped_column(String(200))
    consent_id: Mapped[str] = mapped_column(String(32), unique=True)  # the consent it began with
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    lacks_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    child_birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    child_own_login: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    child_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    child_phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # R9 a protected address is never stored: only the mark is
    child_address: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    child_address_protection: Mapped[str] = mapped_column(String(30), default="none")
    attends_unit_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class GuardianRow(Base):
    __tablename__ = "log_guardians"
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), primary_key=True)
    pid: Mapped[str] = mapped_column(String(11), primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)  # opaque, for URLs
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    address: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # R9 never when protected
    address_protection: Mapped[str] = mapped_column(String(30), default="none")


class LinkRow(Base):
    """R42 a log linked to an earlier, passive log of the same child."""

    __tablename__ = "log_links"
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), primary_key=True)
    earlier_log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), primary_key=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PreferenceRow(Base):
    """R60 how a person wants to be told: e-mail, SMS or both, in which language; set by the
    person, for every log they are in."""

    __tablename__ = "person_preferences"
    pid: Mapped[str] = mapped_column(String(11), primary_key=True)
    channels: Mapped[list] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(5))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReadRow(Base):
    """R8: every read of a log, by whom, when and which part."""

    __tablename__ = "log_reads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    reader_pid: Mapped[str] = mapped_column(String(11))
    roles: Mapped[str] = mapped_column(String(100))
    part: Mapped[str] = mapped_column(String(200))
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reader_name: Mapped[str] = mapped_column(String(200), default="")


class ConcernRow(Base):
    __tablename__ = "concerns"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), index=True)
    goal: Mapped[str] = mapped_column(Text)
    success_criteria: Mapped[str] = mapped_column(Text)
    factors: Mapped[dict] = mapped_column(JSON)
    registered_on: Mapped[date] = mapped_column(Date)
    discussed_with_leader: Mapped[bool] = mapped_column(Boolean)
    discussed_with_guardians: Mapped[bool] = mapped_column(Boolean)
    discussed_with_child: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    template_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class MeasureRow(Base):
    __tablename__ = "measures"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    concern_id: Mapped[str] = mapped_column(ForeignKey("concerns.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    arena: Mapped[str] = mapped_column(String(20))
    actor_pid: Mapped[str | None] = mapped_column(String(11), nullable=True, index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    practical: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    family_verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    family_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    family_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    replaces_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    replaced_by_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MeetingRow(Base):
    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str] = mapped_column(String(200))
    participants: Mapped[list] = mapped_column(JSON)
    agenda: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text)
    evaluation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    planned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HighlightRow(Base):
    __tablename__ = "highlights"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    author_pid: Mapped[str] = mapped_column(String(11))
    author_role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class NoteRow(Base):
    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    concern_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    visibility: Mapped[str] = mapped_column(String(20))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attachment_size: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PrivateNoteRow(Base):
    __tablename__ = "private_notes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"))
    author_pid: Mapped[str] = mapped_column(String(11))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_private_notes_author", "log_id", "author_pid"),)


class AttachmentRow(Base):
    """R19 attachments, stored by content (SHA-256)."""

    __tablename__ = "attachments"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)


class ActorRow(Base):
    """R7 an employee attached to the log as actor (R3: sees the concerns of their measures)."""

    __tablename__ = "log_actors"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    pid: Mapped[str] = mapped_column(String(11), index=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HistoryRow(Base):
    """Append-only: every change to a log, who made it and when."""

    __tablename__ = "log_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who_pid: Mapped[str | None] = mapped_column(String(11), nullable=True)
    who_role: Mapped[str] = mapped_column(String(100))
    what: Mapped[str] = mapped_column(String(60))
    part: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[str] = mapped_column(String(32))


class MeetingModeRow(Base):
    """R17 a person's meeting mode: their requests reach this one log until it ends."""

    __tablename__ = "meeting_modes"
    pid: Mapped[str] = mapped_column(String(11), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GrantRow(Base):
    """R4 a read grant: the whole log, chosen concerns or categories, with or without history."""

    __tablename__ = "read_grants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    pid: Mapped[str] = mapped_column(String(11), index=True)
    name: Mapped[str] = mapped_column(String(200))
    concern_ids: Mapped[list | None] = mapped_column(JSON, nullable=True)
    categories: Mapped[list | None] = mapped_column(JSON, nullable=True)
    with_history: Mapped[bool] = mapped_column(Boolean)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TemplateRow(Base):
    """The municipality's templates of concerns and measures ("planmal"), kept by super users."""

    __tablename__ = "templates"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # concern
    category: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    success_criteria: Mapped[str] = mapped_column(Text)
    measures: Mapped[list] = mapped_column(JSON)  # [{text, arena, practical}]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired: Mapped[bool] = mapped_column(Boolean)
