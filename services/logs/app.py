"""The logs service's application functions: load, decide, save and emit in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from services.common import validate
from services.common.auth import AuthContext
from services.common.db import apply_once
from services.common.envelope import Envelope, load_body
from services.common.errors import Conflict, Forbidden, NotFound

from . import contracts
from .domain import access, rules
from .domain.model import CreateLog, Employee, Guardian, Log, Unit
from .store.repository import LogRepository

SERVICE = "logs"


def create_log(
    uow,
    auth: AuthContext,
    payload: dict,
    *,
    consent_check: Callable,
    now: datetime,
    new_id: Callable[[], str],
) -> dict:
    """R30: asks the consent service first; the log and ``log.created`` commit together."""
    pid = auth.require_person()
    data = validate.load(contracts.CreateLogIn, payload)
    cmd = CreateLog(
        unit_id=data["unit_id"],
        consent_id=data["consent_id"],
        child_pid=data["child"]["pid"],
        child_name=data["child"]["name"],
        guardians=[Guardian(g["pid"], g["name"], g["email"]) for g in data["guardians"]],
        level=data["level"],
    )
    with uow:
        repo = LogRepository(uow.session)
        holder, unit = repo.employee(pid), repo.unit(cmd.unit_id)
    # Ask the consent service outside the transaction, and only for a caller who may hold here.
    consent = {"covered": False}
    if holder is not None and holder.unit_id == cmd.unit_id and holder.can_hold:
        consent = consent_check(cmd.consent_id, cmd.child_pid, "log")
    log, created = rules.create_log(
        cmd, holder=holder, unit=unit, consent=consent, now=now, log_id=new_id()
    )
    with uow:
        try:
            LogRepository(uow.session).add(log)  # flushes: one log per consent (unique)
        except IntegrityError as exc:
            raise Conflict(
                "consent.already_used", "that consent already has its log", field="consent_id"
            ) from exc
        uow.emit(Envelope.new(created.type, asdict(created), source=SERVICE, auth=auth, now=now))
        uow.commit()
    return present(log, holder, {access.Role.HOLDER})


def get_log(uow, auth: AuthContext, log_id: str, *, now: datetime) -> dict:
    """R5/R6 who may read; R8 every read is recorded."""
    pid = auth.require_person()
    with uow:
        repo = LogRepository(uow.session)
        log = repo.get(log_id)
        if log is None:
            raise NotFound("log.not_found", "no such log", field="log_id")
        roles = access.authorize(pid, access.Action.READ, log, repo.employee(pid))
        repo.record_read(log.id, pid, roles, "whole", now)
        holder = repo.employee(log.holder_pid)
        uow.commit()
        return present(log, holder, roles)


def present(log: Log, holder: Employee | None, roles) -> dict:
    return contracts.LogOut().dump(
        {
            "id": log.id,
            "unit_id": log.unit_id,
            "level": log.level,
            "status": log.status.value,
            "lacks_consent": log.lacks_consent,
            "consent_id": log.consent_id,
            "created_at": log.created_at,
            "child": {"pid": log.child_pid, "name": log.child_name},
            "guardians": [{"name": g.name, "email": g.email} for g in log.guardians],
            "holder": {"name": holder.name if holder else None},
            "your_roles": sorted(r.value for r in roles),
        }
    )


def staff_member(uow, auth: AuthContext, pid: str) -> dict | None:
    """What the directory says of an employee: for services, or for the person themself."""
    if not auth.is_service and auth.pid != pid:
        raise Forbidden("directory.not_yourself", "you may only look yourself up")
    with uow:
        employee = LogRepository(uow.session).employee(pid)
        if employee is None:
            return None
        return {
            "pid": employee.pid,
            "name": employee.name,
            "unit_id": employee.unit_id,
            "can_hold": employee.can_hold,
            "can_act": employee.can_act,
            "is_leader": employee.is_leader,
        }


def guardian_contacts(uow, auth: AuthContext, log_id: str) -> dict:
    """For the notify service only: where to write to the guardians of a log (R60)."""
    auth.require_service("notify")
    with uow:
        repo = LogRepository(uow.session)
        log = repo.get(log_id)
        if log is None:
            raise NotFound("log.not_found", "no such log", field="log_id")
        unit = repo.unit(log.unit_id)
        return {
            "log_id": log.id,
            "unit_name": unit.name if unit else "",
            "recipients": [{"name": g.name, "email": g.email} for g in log.guardians if g.email],
        }


def import_directory(uow, auth: AuthContext, payload: dict) -> dict:
    """Load units and employees (R6); the operator's bootstrap, until leaders manage staff."""
    auth.require_service("operator")
    data = validate.load(contracts.DirectoryIn, payload)
    with uow:
        repo = LogRepository(uow.session)
        for unit in data["units"]:
            repo.save_unit(Unit(**unit))
        uow.session.flush()
        for employee in data["employees"]:
            repo.save_employee(Employee(**employee))
        uow.commit()
    return {"units": len(data["units"]), "employees": len(data["employees"])}


def on_consent_event(uow, envelope: Envelope, *, event_schemas: dict) -> bool:
    """R31/R32: the log follows its consent (expired, withdrawn, renewed)."""
    body = load_body(envelope, event_schemas)

    def follow(uow):
        repo = LogRepository(uow.session)
        log = repo.get(body["log_id"]) if body.get("log_id") else None
        if log is not None and rules.on_consent(log, envelope.event_type):
            repo.save_state(log)

    return apply_once(uow, envelope, follow)


def responsible_contacts(
    uow, auth: AuthContext, log_id: str | None, unit_id: str, also: list[str] | None = None
) -> dict:
    """For the notify service: the holder of the log and the unit's leaders (R31, R60)."""
    auth.require_service("notify")
    with uow:
        repo = LogRepository(uow.session)
        log = repo.get(log_id) if log_id else None
        people = repo.leaders_of(unit_id)
        for pid in ([log.holder_pid] if log else []) + list(also or []):
            employee = repo.employee(pid)
            if employee is not None:
                people.append(employee)
        unit = repo.unit(unit_id)
    seen, recipients = set(), []
    for person in people:
        if person.email not in seen:
            seen.add(person.email)
            recipients.append({"name": person.name, "email": person.email})
    return {"unit_name": unit.name if unit else "", "recipients": recipients}


def unit(uow, auth: AuthContext, unit_id: str) -> dict:
    with uow:
        found = LogRepository(uow.session).unit(unit_id)
    if found is None:
        raise NotFound("unit.not_found", "no such unit", field="unit_id")
    return {"id": found.id, "name": found.name, "kind": found.kind}
