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
from services.common.errors import Conflict, Forbidden, Invalid, NotFound

from .. import contracts
from ..domain import rules
from ..domain.access import Operation, Part, Role
from ..domain.model import (
    CHILD_TOLD_OF_MEETINGS,
    AddressProtection,
    Child,
    CreateLog,
    Employee,
    Guardian,
    Log,
    LogStatus,
    Unit,
    age_on,
)
from ..domain.plan import Fact
from ..store.repository import LogRepository
from ..store.tables import LogRow
from . import family as family_app
from . import present, sharing
from .unit_of_change import SERVICE, change, iso, load_log, read


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
    child = data["child"]
    cmd = CreateLog(
        unit_id=data["unit_id"],
        consent_id=data["consent_id"],
        child_pid=child["pid"],
        child_name=child["name"],
        guardians=[
            Guardian(
                g["pid"],
                g["name"],
                g["email"],
                g["phone"],
                family_app.address_in(g["address"]),
                AddressProtection(g["address_protection"]),
                id=new_id(),
            )
            for g in data["guardians"]
        ],
        level=data["level"],
        child_birth_date=child["birth_date"],
        child=Child(
            email=child["email"],
            phone=child["phone"],
            address=family_app.address_in(child["address"]),
            protection=AddressProtection(child["address_protection"]),
            attends_unit_id=child["attends_unit_id"],
        ),
        earlier_log_ids=data["earlier_log_ids"],
    )
    with uow:
        repo = LogRepository(uow.session)
        holder, unit = repo.employee(pid), repo.unit(cmd.unit_id)
        if cmd.child.attends_unit_id and repo.unit(cmd.child.attends_unit_id) is None:
            raise Invalid("unit.not_found", "no such unit", field="child.attends_unit_id")
        earlier = [repo.get(i) for i in cmd.earlier_log_ids]
    rules.check_earlier_logs(cmd.child_pid, earlier, cmd.earlier_log_ids)
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
    with uow:
        return present_created(LogRepository(uow.session), log, holder)


def get_log(uow, auth: AuthContext, log_id: str, *, now: datetime) -> dict:
    """R3–R6 each sees the parts the grid gives them; R8 the read is recorded with them."""
    return read(
        uow,
        auth,
        log_id,
        Part.WHOLE,
        lambda repo, log, decision: present.whole_log(repo, log, decision, now.date(), auth.pid),
        now=now,
        recorded_parts=lambda decision: decision.parts - {Part.HISTORY, Part.ACCESS_LOG},
        plan=True,
    )


def close_log(uow, auth: AuthContext, log_id: str, *, now: datetime) -> dict:
    """R51 the holder closes a log: passive, read-only, still listed; only the unit leader
    makes it active again."""

    def decide(repo, log, decision):
        log.status, log.closed_at = LogStatus.PASSIVE, now
        return _summary(log), [_log_fact("log.closed", log)]

    return change(uow, auth, log_id, Operation.CLOSE, Part.WHOLE, decide, now=now)


def reactivate_log(uow, auth: AuthContext, log_id: str, *, now: datetime) -> dict:
    """R51 only the unit leader reactivates a passive log (not one that lacks consent);
    R1 not while its holder has left or may no longer hold."""

    def decide(repo, log, decision):
        if log.status is not LogStatus.PASSIVE:
            raise Conflict("log.not_passive", "the log is active already")
        if log.lacks_consent:
            raise Conflict("log.lacks_consent", "renew the consent before reactivating")
        if not repo.may_hold(log.holder_pid, log.unit_id):
            # R1 an active log always has a holder who is there and may hold
            raise Conflict(
                "log.holder_gone",
                "the holder has left or may no longer hold logs; transfer the log first",
            )
        log.status, log.closed_at = LogStatus.ACTIVE, None
        return _summary(log), [_log_fact("log.reactivated", log)]

    return change(uow, auth, log_id, Operation.REACTIVATE, Part.WHOLE, decide, now=now)


def change_level(uow, auth: AuthContext, log_id: str, payload, *, now: datetime) -> dict:
    """R7 the BTI level moves with the work; moving to level 1 keeps actors already added."""
    data = validate.load(contracts.LevelIn, payload)

    def decide(repo, log, decision):
        if data["level"] == log.level:
            raise Conflict("log.level_unchanged", "the log is at that level", field="level")
        log.level = data["level"]
        return _summary(log), [_log_fact("log.level_changed", log)]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.WHOLE, decide, now=now)


def history(uow, auth: AuthContext, log_id: str, query: dict | None, *, now) -> dict:
    """Every change, who made it and when; for the roles whose grid cell holds history."""
    q = validate.load(contracts.PageQuery, query or {})

    def show(repo, log, decision):
        rows = repo.history(log.id, q["limit"], q.get("after"))
        names = present.names_for(repo, log, {r.who_pid for r in rows if r.who_pid})
        items = [
            {
                "id": r.id,
                "at": iso(r.at),
                "who": names.get(r.who_pid, "") if r.who_pid else "",
                "role": r.who_role,
                "what": r.what,
                "part": r.part,
                "ref_id": r.ref_id,
            }
            for r in rows
        ]
        return _page(items, q["limit"], lambda item: item["id"])

    return read(uow, auth, log_id, Part.HISTORY, show, now=now)


def access_log(uow, auth: AuthContext, log_id: str, query: dict | None, *, now) -> dict:
    """R8 the family, the young person and the unit leader see who read what, and when."""
    q = validate.load(contracts.PageQuery, query or {})

    def show(repo, log, decision):
        rows = repo.reads(log.id, q["limit"], q.get("after"))
        items = [
            {
                "id": r.id,
                "at": iso(r.read_at),
                "who": r.reader_name,
                "role": r.roles,
                "parts": r.part.split(","),
            }
            for r in rows
        ]
        return _page(items, q["limit"], lambda item: item["id"])

    return read(uow, auth, log_id, Part.ACCESS_LOG, show, now=now)


def my_logs(uow, auth: AuthContext, query: dict | None, *, now) -> dict:
    """ "My relay logs": the logs I hold, keyset-paginated, by status and level."""
    return _mine(uow, auth, "holder", query, now=now)


def my_actor_logs(uow, auth: AuthContext, query: dict | None, *, now) -> dict:
    """ "My actor logs": the logs I am attached to as actor (R3)."""
    return _mine(uow, auth, "actor", query, now=now)


def _mine(uow, auth: AuthContext, role: str, query: dict | None, *, now) -> dict:
    """R17 in meeting mode, only the meeting's log is listed."""
    pid = auth.require_person()
    q = validate.load(contracts.ListQuery, query or {})
    with uow:
        repo = LogRepository(uow.session)
        mode = repo.meeting_mode(pid, now)
        if role == "holder":
            where = [LogRow.holder_pid == pid]
        else:
            where = [LogRow.id.in_(repo.actor_log_ids(pid))]
        if mode:
            where.append(LogRow.id == mode.log_id)
        return _logs_page(repo, where, q)


def search_logs(uow, auth: AuthContext, payload, *, now: datetime) -> dict:
    """Find a log by part of the child's name or by the whole national id or DUF number,
    among the logs the caller may read (the grid's READ, in SQL); R17 in meeting mode only
    the meeting's log. The query comes in a body, never in a URL."""
    pid = auth.require_person()
    q = validate.load(contracts.SearchIn, payload)
    text = q["query"].strip()
    if len(text) < 2:
        raise Invalid("search.too_short", "search with at least two characters", "query")
    with uow:
        repo = LogRepository(uow.session)
        compact = text.replace(" ", "")
        if compact.isdigit() and len(compact) in (11, 12):
            match = LogRow.child_pid == compact
        else:
            match = LogRow.child_name.icontains(text, autoescape=True)
        where = [match, repo.readable_by(pid, now.date())]
        mode = repo.meeting_mode(pid, now)
        if mode:
            where.append(LogRow.id == mode.log_id)
        return _logs_page(repo, where, q)


def unit_logs(uow, auth: AuthContext, unit_id: str, query: dict | None, *, now) -> dict:
    """R6 the unit leader's list of every log of the unit (each employee's logs)."""
    pid = auth.require_person()
    q = validate.load(contracts.ListQuery, query or {})
    with uow:
        repo = LogRepository(uow.session)
        employee = repo.employee(pid)
        if employee is None or not employee.is_leader or employee.unit_id != unit_id:
            raise Forbidden("unit.not_leader", "only the unit's leader sees its logs", "unit_id")
        where = [LogRow.unit_id == unit_id]
        mode = repo.meeting_mode(pid, now)
        if mode:
            where.append(LogRow.id == mode.log_id)
        return _logs_page(repo, where, q)


def _logs_page(repo, where, q) -> dict:
    if q.get("status"):
        where.append(LogRow.status == q["status"])
    if q.get("level"):
        where.append(LogRow.level == q["level"])
    rows = repo.logs_page(where, q["limit"], q.get("after"))
    items = [
        {
            "id": r.id,
            "child_name": r.child_name,
            "unit_id": r.unit_id,
            "level": r.level,
            "status": r.status,
            "lacks_consent": r.lacks_consent,
            "created_at": iso(r.created_at),
        }
        for r in rows
    ]
    return _page(items, q["limit"], lambda item: item["id"])


def _page(items: list, limit: int, key) -> dict:
    return {"items": items, "next": key(items[-1]) if len(items) == limit else None}


def _summary(log: Log) -> dict:
    return {
        "id": log.id,
        "child_name": log.child_name,
        "unit_id": log.unit_id,
        "level": log.level,
        "status": log.status.value,
        "lacks_consent": log.lacks_consent,
        "created_at": log.created_at,
    }


def _log_fact(kind: str, log: Log) -> Fact:
    body = {
        "log_id": log.id,
        "unit_id": log.unit_id,
        "level": log.level,
        "status": log.status.value,
    }
    return Fact(kind, "whole", log.id, body)


def present_created(repo: LogRepository, log: Log, holder: Employee | None) -> dict:
    return present.header(repo, log, holder.name if holder else None, {Role.HOLDER})


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
            "recipients": [
                family_app.contact(repo, g.pid, g.name, g.email, g.phone)
                for g in log.guardians
                if g.email or g.phone
            ],
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
        if log is None:
            return
        if envelope.event_type == "consent.narrowed":
            now = datetime.fromisoformat(envelope.occurred_at)
            for fact in sharing.on_consent_narrowed(repo, log, body, now):
                repo.append_history(log.id, fact, None, {Role.SERVICE}, now)
                uow.emit(Envelope.new(fact.type, fact.body, source=SERVICE, now=now))
        elif rules.on_consent(log, envelope.event_type):
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


def recipients(uow, auth: AuthContext, log_id: str, audience: str, subject_id: str | None):
    """For notify (R16, R60): who to tell about a meeting, a measure's deadline or a highlight,
    with each person's channels and language. R9 no postal address ever leaves."""
    auth.require_service("notify")
    with uow:
        repo = LogRepository(uow.session)
        log = load_log(repo, log_id)
        unit = repo.unit(log.unit_id)
        family = [family_app.contact(repo, g.pid, g.name, g.email, g.phone) for g in log.guardians]
        details: dict = {}
        if audience == "meeting":
            meeting = repo.meeting(log.id, subject_id or "")
            if meeting is None:
                raise NotFound("meeting.not_found", "no such meeting", field="subject_id")
            people = []
            for participant in meeting.participants:
                if participant.get("kind") == "employee" and participant.get("ref"):
                    employee = repo.employee_by_id(participant["ref"])
                    if employee:
                        people.append(_employee_contact(repo, employee))
                elif participant.get("kind") == "guardian":
                    people.extend(family)
            if age_on(log.child_birth_date, meeting.starts_at.date()) >= CHILD_TOLD_OF_MEETINGS:
                # R16 a child from 12 is told of a planned meeting about them
                people.append(
                    family_app.contact(
                        repo, log.child_pid, log.child_name, log.child.email, log.child.phone
                    )
                )
            details = {"starts_at": meeting.starts_at.isoformat(), "place": meeting.place}
        elif audience == "measure_actor":
            measure = repo.measure(log.id, subject_id or "")
            if measure is None:
                raise NotFound("measure.not_found", "no such measure", field="subject_id")
            if measure.actor_pid:
                employee = repo.employee(measure.actor_pid)
                people = [_employee_contact(repo, employee)] if employee else []
            else:
                people = family
            details = {"deadline": measure.deadline.isoformat()}
        elif audience == "holder_and_family":
            holder = repo.employee(log.holder_pid)
            people = ([_employee_contact(repo, holder)] if holder else []) + family
        else:
            raise Invalid("recipients.unknown_audience", "no such audience", field="audience")
    unique = list({(p["name"], p["email"], p["phone"]): p for p in people}.values())
    unique = [p for p in unique if p["email"] or p["phone"]]
    return {
        "log_id": log.id,
        "unit_name": unit.name if unit else "",
        "recipients": unique,
        "details": details,
    }


def _employee_contact(repo: LogRepository, employee: Employee) -> dict:
    return family_app.contact(repo, employee.pid, employee.name, employee.email)
