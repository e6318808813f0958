"""The consent service's tables. History, signatures and withdrawals are append-only (R30)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ConsentRow(Base):
    __tablename__ = "consents"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    child_pid: Mapped[str] = mapped_column(String(12), index=True)  # 12: a DUF number
    child_birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    child_name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[str] = mapped_column(String(64))
    log_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    scope: Mapped[dict] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(11))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    requested_expiry: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    language: Mapped[str] = mapped_column(String(8))
    young_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    supersedes: Mapped[str | None] = mapped_column(String(32), nullable=True)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    activated_by: Mapped[str | None] = mapped_column(String(20), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    scan_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    warnings_sent: Mapped[list] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_consents_log_status_activated", "log_id", "status", "activated_at"),
        Index("ix_consents_status_expires", "status", "expires_at"),
        Index("ix_consents_unit_status_expires", "unit_id", "status", "expires_at"),
    )


class PartyRow(Base):
    __tablename__ = "consent_parties"
    consent_id: Mapped[str] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    pid: Mapped[str] = mapped_column(String(11), primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    position: Mapped[int] = mapped_column(Integer)


class SignatureRow(Base):
    __tablename__ = "consent_signatures"
    consent_id: Mapped[str] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    pid: Mapped[str] = mapped_column(String(11), primary_key=True)
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acr: Mapped[str | None] = mapped_column(String(100), nullable=True)


class WithdrawalRow(Base):
    __tablename__ = "consent_withdrawals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consent_id: Mapped[str] = mapped_column(ForeignKey("consents.id"), index=True)
    by_pid: Mapped[str] = mapped_column(String(11))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    purpose: Mapped[str | None] = mapped_column(String(40), nullable=True)
    target: Mapped[str | None] = mapped_column(String(64), nullable=True)


class HistoryRow(Base):
    __tablename__ = "consent_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consent_id: Mapped[str] = mapped_column(ForeignKey("consents.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    what: Mapped[str] = mapped_column(String(200))
    by_pid: Mapped[str | None] = mapped_column(String(11), nullable=True)


class ScanRow(Base):
    """A signed form, stored by the SHA-256 of its content."""

    __tablename__ = "consent_scans"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(11))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
