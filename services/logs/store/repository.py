"""Translate between the logs tables and the domain dataclasses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.db import as_utc

from ..domain.model import Employee, Guardian, Log, LogStatus, Unit
from .tables import EmployeeRow, GuardianRow, LogRow, ReadRow, UnitRow


class LogRepository:
    def __init__(self, session: Session):
        self.session = session

    def unit(self, unit_id: str) -> Unit | None:
        row = self.session.get(UnitRow, unit_id)
        return Unit(row.id, row.name, row.kind) if row else None

    def employee(self, pid: str) -> Employee | None:
        row = self.session.get(EmployeeRow, pid)
        if row is None:
            return None
        return Employee(
            row.pid, row.name, row.email, row.unit_id, row.can_hold, row.can_act, row.is_leader
        )

    def save_unit(self, unit: Unit) -> None:
        self.session.merge(UnitRow(id=unit.id, name=unit.name, kind=unit.kind))

    def save_employee(self, e: Employee) -> None:
        self.session.merge(
            EmployeeRow(
                pid=e.pid,
                name=e.name,
                email=e.email,
                unit_id=e.unit_id,
                can_hold=e.can_hold,
                can_act=e.can_act,
                is_leader=e.is_leader,
            )
        )

    def add(self, log: Log) -> None:
        self.session.add(
            LogRow(
                id=log.id,
                unit_id=log.unit_id,
                holder_pid=log.holder_pid,
                child_pid=log.child_pid,
                child_name=log.child_name,
                consent_id=log.consent_id,
                level=log.level,
                status=log.status.value,
                lacks_consent=log.lacks_consent,
                created_at=log.created_at,
                version=log.version,
            )
        )
        self.session.flush()  # the log row before the rows that point at it
        for g in log.guardians:
            self.session.add(GuardianRow(log_id=log.id, pid=g.pid, name=g.name, email=g.email))

    def get(self, log_id: str) -> Log | None:
        row = self.session.get(LogRow, log_id)
        if row is None:
            return None
        guardians = self.session.scalars(
            select(GuardianRow).where(GuardianRow.log_id == log_id).order_by(GuardianRow.name)
        )
        return Log(
            id=row.id,
            unit_id=row.unit_id,
            holder_pid=row.holder_pid,
            child_pid=row.child_pid,
            child_name=row.child_name,
            consent_id=row.consent_id,
            created_at=as_utc(row.created_at),
            guardians=[Guardian(g.pid, g.name, g.email) for g in guardians],
            level=row.level,
            status=LogStatus(row.status),
            lacks_consent=row.lacks_consent,
            version=row.version,
        )

    def save_state(self, log: Log) -> None:
        row = self.session.get(LogRow, log.id)
        row.status, row.lacks_consent = log.status.value, log.lacks_consent
        row.version += 1

    def leaders_of(self, unit_id: str) -> list[Employee]:
        rows = self.session.scalars(
            select(EmployeeRow)
            .where(EmployeeRow.unit_id == unit_id, EmployeeRow.is_leader)
            .order_by(EmployeeRow.name)
        )
        return [self.employee(r.pid) for r in rows]

    def record_read(self, log_id: str, pid: str, roles: set, part: str, at: datetime) -> None:
        self.session.add(
            ReadRow(
                log_id=log_id,
                reader_pid=pid,
                roles=",".join(sorted(r.value for r in roles)),
                part=part,
                read_at=at,
            )
        )
