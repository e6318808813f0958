"""The logs service's tables (its own database; no other service reads them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UnitRow(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))


class EmployeeRow(Base):
    __tablename__ = "employees"
    pid: Mapped[str] = mapped_column(String(11), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    can_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    can_act: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)


class LogRow(Base):
    __tablename__ = "logs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    holder_pid: Mapped[str] = mapped_column(String(11), index=True)
    child_pid: Mapped[str] = mapped_column(String(11), index=True)
    child_name: Mapped[str] = mapped_column(String(200))
    consent_id: Mapped[str] = mapped_column(String(32), unique=True)  # the consent it began with
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    lacks_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)


class GuardianRow(Base):
    __tablename__ = "log_guardians"
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), primary_key=True)
    pid: Mapped[str] = mapped_column(String(11), primary_key=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)


class ReadRow(Base):
    """R8: every read of a log, by whom, when and which part."""

    __tablename__ = "log_reads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    log_id: Mapped[str] = mapped_column(ForeignKey("logs.id"), index=True)
    reader_pid: Mapped[str] = mapped_column(String(11))
    roles: Mapped[str] = mapped_column(String(100))
    part: Mapped[str] = mapped_column(String(40))
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
