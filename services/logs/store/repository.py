"""Translate between the logs tables and the domain dataclasses."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime
from enum import Enum
from functools import cache
from types import SimpleNamespace

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from services.common import national_id
from services.common.db import as_utc
from services.common.errors import Conflict
from services.common.statements import Prepared, run_batch

from ..domain.access import Grant, Relations
from ..domain.meetings import Meeting, MeetingMode
from ..domain.model import (
    YOUNG_PERSON_OWN_LOGIN_AGE,
    Address,
    AddressProtection,
    Child,
    Employee,
    Guardian,
    Log,
    LogStatus,
    Unit,
)
from ..domain.notes import Highlight, Note, PrivateNote
from ..domain.plan import Arena, Concern, ConcernStatus, Fact, Measure, MeasureStatus, Verdict
from .tables import (
    ActorRow,
    AttachmentRow,
    ConcernRow,
    EmployeeRow,
    GrantRow,
    GuardianRow,
    HighlightRow,
    HistoryRow,
    LinkRow,
    LogRow,
    MeasureRow,
    MeetingModeRow,
    MeetingRow,
    NoteRow,
    PreferenceRow,
    PrivateNoteRow,
    ReadRow,
    UnitRow,
)


def _to_row(row_cls, obj):
    values = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        values[f.name] = value.value if isinstance(value, Enum) else value
    return row_cls(**values)


@cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _from_row(cls, row, **enums):
    values = {}
    for name in _field_names(cls):
        value = getattr(row, name)
        if value is None:
            pass
        elif name in enums:
            value = enums[name](value)
        elif type(value) is datetime and value.tzinfo is None:  # an ORM row from SQLite
            value = as_utc(value)
        values[name] = value
    return cls(**values)


def _copy_onto(row, obj) -> None:
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        setattr(row, f.name, value.value if isinstance(value, Enum) else value)


MEASURE_ENUMS = {
    "arena": Arena,
    "status": MeasureStatus,
    "verdict": Verdict,
    "family_verdict": Verdict,
}


class LogRepository:
    """Reads are Core statements on the session's connection (rows, not ORM objects: the
    read of a log is the hot path, R8 included); writes go through the ORM."""

    def __init__(self, session: Session):
        self.session = session
        self._units: dict[str, Unit | None] = {}  # read in this unit of work
        self._plan: tuple[str, PlanParts] | None = None  # read with the log by ``open``

    def _batch(self, calls: list[tuple[Prepared, dict]]) -> list[list]:
        if self.session.new or self.session.dirty or self.session.deleted:
            self.session.flush()  # a read sees the transaction's own changes
        return run_batch(self.session.connection(), calls)

    def _rows(self, statement: Prepared, **params) -> list:
        return self._batch([(statement, params)])[0]

    def _row(self, statement: Prepared, **params):
        rows = self._rows(statement, **params)
        return rows[0] if rows else None

    # -- the directory

    def unit(self, unit_id: str) -> Unit | None:
        if unit_id not in self._units:
            row = self._row(Q.unit, unit_id=unit_id)
            self._units[unit_id] = Unit(row.id, row.name, row.kind) if row else None
        return self._units[unit_id]

    def employee(self, pid: str | None) -> Employee | None:
        row = self._employee_row(pid)
        return _employee(row) if row else None

    def _employee_row(self, pid: str | None):
        if not pid:
            return None
        return self._row(Q.employee, pid=pid)

    def employees(self, pids) -> dict[str, Employee]:
        """Several at once, by national id (names beside measures and highlights)."""
        wanted = sorted({p for p in pids if p})
        if not wanted:
            return {}
        rows = self.session.execute(select(EmployeeRow).where(EmployeeRow.pid.in_(wanted)))
        return {row.pid: _employee(row) for row in rows.scalars()}

    def employee_by_id(self, employee_id: str) -> Employee | None:
        row = self.session.scalars(select(EmployeeRow).where(EmployeeRow.id == employee_id)).first()
        return _employee(row) if row else None

    def save_unit(self, unit: Unit) -> None:
        self._units.pop(unit.id, None)
        self.session.merge(UnitRow(id=unit.id, name=unit.name, kind=unit.kind))

    def save_employee(self, e: Employee) -> None:
        row = self.session.get(EmployeeRow, e.pid)
        if row is None:
            row = EmployeeRow(pid=e.pid, id=e.id or uuid.uuid4().hex)
            self.session.add(row)
        row.name, row.email, row.unit_id = e.name, e.email, e.unit_id
        row.can_hold, row.can_act, row.is_leader = e.can_hold, e.can_act, e.is_leader
        row.is_super_user = e.is_super_user

    def may_hold(self, pid: str, unit_id: str) -> bool:
        """R1 an employee of the unit, still there, marked as able to hold."""
        row = self.session.get(EmployeeRow, pid)
        return bool(row and row.left_at is None and row.can_hold and row.unit_id == unit_id)

    def leaders_of(self, unit_id: str) -> list[Employee]:
        rows = self.session.scalars(
            select(EmployeeRow)
            .where(EmployeeRow.unit_id == unit_id, EmployeeRow.is_leader)
            .order_by(EmployeeRow.name)
        )
        return [_employee(r) for r in rows]

    # -- the log

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
                child_birth_date=log.child_birth_date,
                child_own_login=log.child_own_login,
                **_child_columns(log.child),
            )
        )
        self.session.flush()  # the log row before the rows that point at it
        for g in log.guardians:
            self.session.add(
                GuardianRow(
                    log_id=log.id,
                    pid=g.pid,
                    name=g.name,
                    email=g.email,
                    id=g.id or uuid.uuid4().hex,
                    phone=g.phone,
                    address=_address_out(g.address),
                    address_protection=g.protection.value,
                )
            )
        for earlier in log.earlier_log_ids:
            self.session.add(
                LinkRow(log_id=log.id, earlier_log_id=earlier, linked_at=log.created_at)
            )

    def get(self, log_id: str) -> Log | None:
        return _log_from(*self._batch(_log_calls(log_id)))

    def open(self, log_id: str, pid: str | None, now: datetime, *, plan: bool = False):
        """The log and everything the caller's roles on it are derived from, in one batch
        (one round trip on PostgreSQL); with ``plan``, the plan's parts too, kept for
        ``plan()``. ``(None, None)`` when there is no such log."""
        calls = _log_calls(log_id) + (_relation_calls(log_id, pid) if pid else [])
        results = self._batch(calls + (_plan_calls(log_id) if plan else []))
        log = _log_from(*results[:3])
        if log is None:
            return None, None
        relations = _relations_from(log, pid, now, *results[3 : len(calls)])
        if plan:
            self._plan = (log_id, self._plan_from(*results[len(calls) :]))
        return log, relations

    def plan(self, log_id: str) -> PlanParts:
        """Every part of the log's plan, with the employees the parts name (one batch; none
        if ``open`` read them already)."""
        if self._plan is not None and self._plan[0] == log_id:
            parts, self._plan = self._plan[1], None
            return parts
        return self._plan_from(*self._batch(_plan_calls(log_id)))

    def _plan_from(self, concerns, measures, meetings, highlights, notes, holder, attends):
        for row in attends:
            self._units[row.id] = Unit(row.id, row.name, row.kind)
        return PlanParts(
            concerns=[_from_row(Concern, r, status=ConcernStatus) for r in concerns],
            measures=[_from_row(Measure, r, **MEASURE_ENUMS) for r in measures],
            meetings=[_from_row(Meeting, r) for r in meetings],
            highlights=[_from_row(Highlight, r) for r in highlights],
            notes=[_from_row(Note, r) for r in notes],
            names={r.pid: r.name for r in holder}
            | {r.actor_pid: r.employee_name for r in measures if r.employee_name is not None}
            | {r.author_pid: r.employee_name for r in highlights if r.employee_name is not None},
        )

    def save_state(self, log: Log) -> None:
        """Save the log's own fields with optimistic locking: a writer that read an older
        version gets 409 and nothing of its change is kept."""
        changed = self.session.execute(
            update(LogRow)
            .where(LogRow.id == log.id, LogRow.version == log.version)
            .values(
                status=log.status.value,
                lacks_consent=log.lacks_consent,
                level=log.level,
                closed_at=log.closed_at,
                child_own_login=log.child_own_login,
                version=log.version + 1,
                **_child_columns(log.child),
            )
        )
        if changed.rowcount != 1:
            raise Conflict("log.changed_meanwhile", "the log was changed meanwhile; try again")
        log.version += 1

    def save_guardian(self, log_id: str, g: Guardian) -> None:
        row = self.session.scalars(
            select(GuardianRow).where(GuardianRow.log_id == log_id, GuardianRow.id == g.id)
        ).one()
        row.name, row.email, row.phone = g.name, g.email, g.phone
        row.address, row.address_protection = _address_out(g.address), g.protection.value

    def link(self, log_id: str, earlier_log_id: str, at: datetime) -> None:
        self.session.add(LinkRow(log_id=log_id, earlier_log_id=earlier_log_id, linked_at=at))

    def logs_of_child(self, child_pid: str, but: str) -> list[LogRow]:
        """R42 every other log of the same child, newest first."""
        return list(
            self.session.scalars(
                select(LogRow)
                .where(LogRow.child_pid == child_pid, LogRow.id != but)
                .order_by(LogRow.created_at.desc())
            )
        )

    # -- each person's choice of channels and language (R60)

    def preferences(self, pid: str | None) -> PreferenceRow | None:
        return self.session.get(PreferenceRow, pid) if pid else None

    def save_preferences(self, pid: str, values: dict, at: datetime) -> PreferenceRow:
        row = self.session.get(PreferenceRow, pid)
        if row is None:
            row = PreferenceRow(pid=pid)
            self.session.add(row)
        row.channels, row.language = list(values["channels"]), values["language"]
        row.email, row.phone, row.updated_at = values["email"], values["phone"], at
        return row

    def grants(self, log_id: str) -> list[GrantRow]:
        return list(
            self.session.scalars(
                select(GrantRow)
                .where(GrantRow.log_id == log_id, GrantRow.revoked_at.is_(None))
                .order_by(GrantRow.given_at)
            )
        )

    def add_grant(self, row: GrantRow) -> None:
        self.session.add(row)

    def revoke_grant(self, log_id: str, grant_id: str, at: datetime) -> GrantRow | None:
        row = self.session.get(GrantRow, grant_id)
        if row is None or row.log_id != log_id or row.revoked_at is not None:
            return None
        row.revoked_at = at
        return row

    # -- history and reads (R8)

    def append_history(self, log_id: str, fact: Fact, who_pid, roles, at: datetime) -> None:
        self.session.add(
            HistoryRow(
                log_id=log_id,
                at=at,
                who_pid=who_pid,
                who_role=",".join(sorted(r.value for r in roles)),
                what=fact.type,
                part=fact.part,
                ref_id=fact.ref_id,
            )
        )

    def history(self, log_id: str, limit: int, after: int | None) -> list[HistoryRow]:
        query = select(HistoryRow).where(HistoryRow.log_id == log_id)
        if after is not None:
            query = query.where(HistoryRow.id > after)
        return list(self.session.scalars(query.order_by(HistoryRow.id).limit(limit)))

    def record_read(self, log_id, pid, roles, parts, at: datetime, name: str = "") -> None:
        self._batch(
            [
                (
                    Q.record_read,
                    {
                        "log_id": log_id,
                        "reader_pid": pid,
                        "roles": ",".join(sorted(r.value for r in roles)),
                        "part": ",".join(sorted(p.value for p in parts)),
                        "read_at": at,
                        "reader_name": name,
                    },
                )
            ]
        )

    def reads(self, log_id: str, limit: int, after: int | None) -> list[ReadRow]:
        query = select(ReadRow).where(ReadRow.log_id == log_id)
        if after is not None:
            query = query.where(ReadRow.id < after)
        return list(self.session.scalars(query.order_by(ReadRow.id.desc()).limit(limit)))

    # -- lists

    def logs_page(self, where, limit: int, after: str | None) -> list[LogRow]:
        query = select(LogRow).where(and_(*where))
        if after:
            query = query.where(LogRow.id > after)
        return list(self.session.scalars(query.order_by(LogRow.id).limit(limit)))

    def actor_log_ids(self, pid: str):
        return select(ActorRow.log_id).where(ActorRow.pid == pid, ActorRow.removed_at.is_(None))

    def readable_by(self, pid: str, today: date):
        """The logs ``pid`` may read, as one SQL condition: the grid's READ cells and the
        state rules, in the terms of the tables (R3–R6, R31). Kept equal to ``authorize``
        by tests/service/test_family.py::test_search_and_the_grid_agree_on_who_may_read_each_log."""
        employee = self.session.get(EmployeeRow, pid)
        own_login_born_by = _years_before(today, YOUNG_PERSON_OWN_LOGIN_AGE)
        actor = select(ActorRow.log_id).where(
            ActorRow.pid == pid,
            ActorRow.removed_at.is_(None),
            ActorRow.log_id == LogRow.id,
            or_(ActorRow.unit_id == LogRow.unit_id, LogRow.lacks_consent.is_(False)),
        )
        grant = select(GrantRow.log_id).where(
            GrantRow.pid == pid,
            GrantRow.revoked_at.is_(None),
            GrantRow.log_id == LogRow.id,
            or_(GrantRow.expires_on.is_(None), GrantRow.expires_on >= today),
            LogRow.lacks_consent.is_(False),
        )
        guardian = select(GuardianRow.log_id).where(
            GuardianRow.pid == pid, GuardianRow.log_id == LogRow.id
        )
        ways = [
            LogRow.holder_pid == pid,
            actor.exists(),
            grant.exists(),
            guardian.exists(),
            and_(
                LogRow.child_pid == pid,
                or_(LogRow.child_own_login, LogRow.child_birth_date <= own_login_born_by),
            ),
        ]
        if employee is not None and employee.is_leader and employee.left_at is None:
            ways.append(LogRow.unit_id == employee.unit_id)
        return or_(*ways)

    # -- the plan

    def concerns(self, log_id: str) -> list[Concern]:
        rows = self._rows(Q.concerns, log_id=log_id)
        return [_from_row(Concern, r, status=ConcernStatus) for r in rows]

    def concern(self, log_id: str, concern_id: str) -> Concern | None:
        row = self.session.get(ConcernRow, concern_id)
        if row is None or row.log_id != log_id:
            return None
        return _from_row(Concern, row, status=ConcernStatus)

    def add_concern(self, concern: Concern) -> None:
        self.session.add(_to_row(ConcernRow, concern))

    def save_concern(self, concern: Concern) -> None:
        _copy_onto(self.session.get(ConcernRow, concern.id), concern)

    def measures(self, log_id: str, concern_id: str | None = None) -> list[Measure]:
        if concern_id:
            rows = self._rows(Q.concern_measures, log_id=log_id, concern_id=concern_id)
        else:
            rows = self._rows(Q.measures, log_id=log_id)
        return [_from_row(Measure, r, **MEASURE_ENUMS) for r in rows]

    def measures_due(self, horizon, limit: int) -> list[tuple[Measure, str]]:
        """Active measures of active logs due by ``horizon`` and not yet reminded (R60)."""
        rows = self.session.execute(
            select(MeasureRow, LogRow.unit_id)
            .join(LogRow, LogRow.id == MeasureRow.log_id)
            .where(
                MeasureRow.status == MeasureStatus.ACTIVE.value,
                MeasureRow.reminded_at.is_(None),
                MeasureRow.deadline <= horizon,
                LogRow.status == LogStatus.ACTIVE.value,
            )
            .order_by(MeasureRow.deadline, MeasureRow.id)
            .limit(limit)
        ).all()
        return [(_from_row(Measure, row, **MEASURE_ENUMS), unit_id) for row, unit_id in rows]

    def mark_reminded(self, measure_id: str, at: datetime) -> None:
        self.session.get(MeasureRow, measure_id).reminded_at = at

    def measure(self, log_id: str, measure_id: str) -> Measure | None:
        row = self.session.get(MeasureRow, measure_id)
        if row is None or row.log_id != log_id:
            return None
        return _from_row(Measure, row, **MEASURE_ENUMS)

    def add_measure(self, measure: Measure) -> None:
        self.session.add(_to_row(MeasureRow, measure))

    def save_measure(self, measure: Measure) -> None:
        _copy_onto(self.session.get(MeasureRow, measure.id), measure)

    def meetings(self, log_id: str) -> list[Meeting]:
        rows = self._rows(Q.meetings, log_id=log_id)
        return [_from_row(Meeting, r) for r in rows]

    def meeting(self, log_id: str, meeting_id: str) -> Meeting | None:
        row = self.session.get(MeetingRow, meeting_id)
        return _from_row(Meeting, row) if row is not None and row.log_id == log_id else None

    def add_meeting(self, meeting: Meeting) -> None:
        self.session.add(_to_row(MeetingRow, meeting))

    def save_meeting(self, meeting: Meeting) -> None:
        _copy_onto(self.session.get(MeetingRow, meeting.id), meeting)

    def highlights(self, log_id: str) -> list[Highlight]:
        rows = self._rows(Q.highlights, log_id=log_id)
        return [_from_row(Highlight, r) for r in rows]

    def highlight(self, log_id: str, highlight_id: str) -> Highlight | None:
        row = self.session.get(HighlightRow, highlight_id)
        return _from_row(Highlight, row) if row is not None and row.log_id == log_id else None

    def add_highlight(self, highlight: Highlight) -> None:
        self.session.add(_to_row(HighlightRow, highlight))

    def save_highlight(self, highlight: Highlight) -> None:
        _copy_onto(self.session.get(HighlightRow, highlight.id), highlight)

    def notes(self, log_id: str) -> list[Note]:
        rows = self._rows(Q.notes, log_id=log_id)
        return [_from_row(Note, r) for r in rows]

    def note(self, log_id: str, note_id: str) -> Note | None:
        row = self.session.get(NoteRow, note_id)
        return _from_row(Note, row) if row is not None and row.log_id == log_id else None

    def add_note(self, note: Note) -> None:
        self.session.add(_to_row(NoteRow, note))

    def save_note(self, note: Note) -> None:
        _copy_onto(self.session.get(NoteRow, note.id), note)

    def store_attachment(self, digest: str, content: bytes) -> None:
        if self.session.get(AttachmentRow, digest) is None:
            self.session.add(AttachmentRow(sha256=digest, content=content, size=len(content)))

    def attachment(self, digest: str) -> bytes | None:
        row = self.session.get(AttachmentRow, digest)
        return row.content if row else None

    def private_notes(self, log_id: str, pid: str) -> list[PrivateNote]:
        rows = self.session.scalars(
            select(PrivateNoteRow)
            .where(PrivateNoteRow.log_id == log_id, PrivateNoteRow.author_pid == pid)
            .order_by(PrivateNoteRow.written_at)
        )
        return [_from_row(PrivateNote, r) for r in rows]

    def add_private_note(self, note: PrivateNote) -> None:
        self.session.add(_to_row(PrivateNoteRow, note))

    # -- actors

    def actors(self, log_id: str) -> list[ActorRow]:
        return list(
            self.session.scalars(
                select(ActorRow).where(ActorRow.log_id == log_id, ActorRow.removed_at.is_(None))
            )
        )

    def add_actor(self, log_id: str, pid: str, unit_id: str, at: datetime, actor_id: str) -> None:
        self.session.add(
            ActorRow(id=actor_id, log_id=log_id, pid=pid, unit_id=unit_id, added_at=at)
        )

    def remove_actor(self, log_id: str, actor_id: str, at: datetime) -> ActorRow | None:
        row = self.session.get(ActorRow, actor_id)
        if row is None or row.log_id != log_id or row.removed_at is not None:
            return None
        row.removed_at = at
        return row

    # -- meeting mode (R17)

    def meeting_mode(self, pid: str, now: datetime) -> MeetingMode | None:
        return _meeting_mode(self._rows(Q.meeting_mode, pid=pid), now)

    def start_meeting_mode(self, mode: MeetingMode) -> None:
        self.session.merge(
            MeetingModeRow(
                pid=mode.pid, log_id=mode.log_id, started_at=mode.started_at, ends_at=mode.ends_at
            )
        )

    def end_meeting_mode(self, pid: str) -> bool:
        row = self.session.get(MeetingModeRow, pid)
        if row is None:
            return False
        self.session.delete(row)
        return True

    def count(self, query) -> int:
        return self.session.scalar(select(func.count()).select_from(query.subquery()))


def _statements():
    """The reads of the hot path (and the read record), built once with bound parameters and
    compiled once per database (``Prepared``)."""

    def by_log(table, *order, named=None):
        """A table's rows of one log; ``named``: with the name of the employee that column
        holds, looked up row by row (the planner's hash join of all employees costs more)."""
        columns = [table]
        if named is not None:
            name = select(employees.c.name).where(employees.c.pid == named).scalar_subquery()
            columns.append(name.label("employee_name"))
        where = table.c.log_id == bindparam("log_id")
        return select(*columns).where(where).order_by(*order)

    employees, logs, units = EmployeeRow.__table__, LogRow.__table__, UnitRow.__table__
    guardians, links = GuardianRow.__table__, LinkRow.__table__
    actors, measures, grants = ActorRow.__table__, MeasureRow.__table__, GrantRow.__table__
    concerns, meetings = ConcernRow.__table__, MeetingRow.__table__
    highlights, notes, modes = HighlightRow.__table__, NoteRow.__table__, MeetingModeRow.__table__
    reads = ReadRow.__table__
    statements = dict(
        unit=select(units).where(units.c.id == bindparam("unit_id")),
        employee=select(employees).where(employees.c.pid == bindparam("pid")),
        holder_name=select(employees.c.pid, employees.c.name)
        .join(logs, logs.c.holder_pid == employees.c.pid)
        .where(logs.c.id == bindparam("log_id")),
        attends=select(units)
        .join(logs, logs.c.attends_unit_id == units.c.id)
        .where(logs.c.id == bindparam("log_id")),
        log=select(logs).where(logs.c.id == bindparam("log_id")),
        guardians=by_log(guardians, guardians.c.name),
        links=select(links.c.earlier_log_id)
        .where(links.c.log_id == bindparam("log_id"))
        .order_by(links.c.linked_at, links.c.earlier_log_id),
        actor=select(actors.c.unit_id).where(
            actors.c.log_id == bindparam("log_id"),
            actors.c.pid == bindparam("pid"),
            actors.c.removed_at.is_(None),
        ),
        actor_concerns=select(measures.c.concern_id).where(
            measures.c.log_id == bindparam("log_id"),
            measures.c.actor_pid == bindparam("pid"),
            measures.c.status != MeasureStatus.MISREGISTERED.value,
        ),
        grants_of=select(grants).where(
            grants.c.log_id == bindparam("log_id"),
            grants.c.pid == bindparam("pid"),
            grants.c.revoked_at.is_(None),
        ),
        concerns=by_log(concerns, concerns.c.registered_on, concerns.c.id),
        measures=by_log(measures, measures.c.written_at, measures.c.id, named=measures.c.actor_pid),
        concern_measures=by_log(measures, measures.c.written_at, measures.c.id).where(
            measures.c.concern_id == bindparam("concern_id")
        ),
        meetings=by_log(meetings, meetings.c.starts_at),
        highlights=by_log(highlights, highlights.c.posted_at, named=highlights.c.author_pid),
        notes=by_log(notes, notes.c.written_at),
        meeting_mode=select(modes).where(modes.c.pid == bindparam("pid")),
        record_read=insert(reads).values(
            {
                name: bindparam(name)
                for name in ("log_id", "reader_pid", "roles", "part", "read_at", "reader_name")
            }
        ),
    )
    return SimpleNamespace(**{name: Prepared(s) for name, s in statements.items()})


Q = _statements()


@dataclasses.dataclass(frozen=True)
class PlanParts:
    """A log's plan as stored, every part, with the names of the employees it names by
    national id (actors of measures, authors of highlights, the holder)."""

    concerns: list[Concern]
    measures: list[Measure]
    meetings: list[Meeting]
    highlights: list[Highlight]
    notes: list[Note]
    names: dict[str, str]  # national id → name, of the employees among them


def _log_calls(log_id: str) -> list:
    by_log = {"log_id": log_id}
    return [(Q.log, by_log), (Q.guardians, by_log), (Q.links, by_log)]


def _relation_calls(log_id: str, pid: str) -> list:
    both, by_pid = {"log_id": log_id, "pid": pid}, {"pid": pid}
    return [
        (Q.actor, both),
        (Q.actor_concerns, both),
        (Q.meeting_mode, by_pid),
        (Q.employee, by_pid),
        (Q.grants_of, both),
    ]


def _plan_calls(log_id: str) -> list:
    by_log = {"log_id": log_id}
    statements = (
        Q.concerns,
        Q.measures,
        Q.meetings,
        Q.highlights,
        Q.notes,
        Q.holder_name,
        Q.attends,
    )
    return [(statement, by_log) for statement in statements]


def _log_from(rows, guardians, links) -> Log | None:
    if not rows:
        return None
    row = rows[0]
    return Log(
        id=row.id,
        unit_id=row.unit_id,
        holder_pid=row.holder_pid,
        child_pid=row.child_pid,
        child_name=row.child_name,
        consent_id=row.consent_id,
        created_at=row.created_at,
        guardians=[
            Guardian(
                g.pid,
                g.name,
                g.email,
                g.phone,
                _address_in(g.address),
                AddressProtection(g.address_protection),
                g.id,
            )
            for g in guardians
        ],
        level=row.level,
        status=LogStatus(row.status),
        lacks_consent=row.lacks_consent,
        version=row.version,
        child_birth_date=row.child_birth_date or national_id.birth_date(row.child_pid),
        child_own_login=row.child_own_login,
        closed_at=row.closed_at,
        child=Child(
            email=row.child_email,
            phone=row.child_phone,
            address=_address_in(row.child_address),
            protection=AddressProtection(row.child_address_protection),
            attends_unit_id=row.attends_unit_id,
        ),
        earlier_log_ids=[r.earlier_log_id for r in links],
    )


def _relations_from(log, pid, now, actor=(), measures=(), mode=(), employee=(), grants=()):
    """What ``open``'s relation statements found, as the one value roles are derived from;
    without a person, the caller is a service."""
    if pid is None:
        return Relations(pid=None, log=log, service=True)
    meeting_mode = _meeting_mode(mode, now)
    return Relations(
        pid=pid,
        log=log,
        employee=_employee(employee[0]) if employee and not employee[0].left_at else None,
        actor_unit_id=actor[0].unit_id if actor else None,
        grants=tuple(_grant(row) for row in grants),
        measure_concern_ids=frozenset(r.concern_id for r in measures),
        meeting_mode_log_id=meeting_mode.log_id if meeting_mode else None,
    )


def _meeting_mode(rows, now: datetime) -> MeetingMode | None:
    if not rows:
        return None
    mode = MeetingMode(rows[0].pid, rows[0].log_id, rows[0].started_at, rows[0].ends_at)
    return mode if mode.on(now) else None


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February: the 28th, as age_on counts it)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _address_out(address: Address | None) -> dict | None:
    return dataclasses.asdict(address) if address else None


def _address_in(value: dict | None) -> Address | None:
    return Address(**value) if value else None


def _child_columns(child: Child) -> dict:
    return dict(
        child_email=child.email,
        child_phone=child.phone,
        child_address=_address_out(child.address),
        child_address_protection=child.protection.value,
        attends_unit_id=child.attends_unit_id,
    )


def _employee(row: EmployeeRow) -> Employee:
    return Employee(
        row.pid,
        row.name,
        row.email,
        row.unit_id,
        row.can_hold,
        row.can_act,
        row.is_leader,
        row.is_super_user,
        row.id,
    )


def _grant(row: GrantRow) -> Grant:
    return Grant(
        id=row.id,
        concern_ids=frozenset(row.concern_ids) if row.concern_ids else None,
        categories=frozenset(row.categories) if row.categories else None,
        with_history=row.with_history,
        expires_on=row.expires_on,
    )
