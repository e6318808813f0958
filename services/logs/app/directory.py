"""The unit's staff, kept by its leader (R6); templates, kept by super users; the leader's
overview of the unit (R70)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import distinct, func, select

from services.common import validate
from services.common.auth import AuthContext
from services.common.db import as_utc
from services.common.errors import Conflict, Forbidden, NotFound

from .. import contracts
from ..domain.model import Employee, LogStatus
from ..domain.plan import MeasureStatus
from ..store.repository import LogRepository
from ..store.tables import ConcernRow, EmployeeRow, LogRow, MeasureRow, TemplateRow, UnitRow


def _leader_of(repo: LogRepository, auth: AuthContext, unit_id: str) -> Employee:
    pid = auth.require_person()
    if repo.unit(unit_id) is None:
        raise NotFound("unit.not_found", "no such unit", field="unit_id")
    leader = repo.employee(pid)
    if leader is None or not leader.is_leader or leader.unit_id != unit_id:
        raise Forbidden("unit.not_leader", "only the unit's leader may do this", "unit_id")
    return leader


def _staff(e: Employee) -> dict:
    return {
        "id": e.id,
        "name": e.name,
        "email": e.email,
        "unit_id": e.unit_id,
        "can_hold": e.can_hold,
        "can_act": e.can_act,
        "is_leader": e.is_leader,
    }


def list_staff(uow, auth: AuthContext, unit_id: str) -> dict:
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        rows = uow.session.scalars(
            select(EmployeeRow)
            .where(EmployeeRow.unit_id == unit_id, EmployeeRow.left_at.is_(None))
            .order_by(EmployeeRow.name)
        )
        return {"items": [_staff(repo.employee(r.pid)) for r in rows]}


def add_staff(uow, auth: AuthContext, unit_id: str, payload, *, now: datetime) -> dict:
    """R6 the unit leader adds an employee as holder and/or actor."""
    data = validate.load(contracts.StaffIn, payload)
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        row = uow.session.get(EmployeeRow, data["pid"])
        if row is not None and row.left_at is None:
            raise Conflict("employee.exists", "already employed in a unit", field="pid")
        employee = Employee(
            pid=data["pid"],
            name=data["name"],
            email=data["email"],
            unit_id=unit_id,
            can_hold=data["can_hold"],
            can_act=data["can_act"],
            id=row.id if row is not None else uuid.uuid4().hex,
        )
        repo.save_employee(employee)
        uow.session.get(EmployeeRow, data["pid"]).left_at = None
        uow.commit()
        return _staff(employee)


def change_staff(uow, auth: AuthContext, unit_id: str, employee_id: str, payload) -> dict:
    data = validate.load(contracts.StaffChangeIn, payload)
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        row = _member(uow, unit_id, employee_id)
        for key in ("can_hold", "can_act", "email"):
            if key in data:
                setattr(row, key, data[key])
        if not row.can_hold and _holds_active_logs(uow, row.pid):
            raise Conflict(
                "employee.holds_logs",
                "transfer the employee's logs to another holder first (R1)",
                field="can_hold",
            )
        uow.commit()
        return _staff(repo.employee(row.pid))


def remove_staff(uow, auth: AuthContext, unit_id: str, employee_id: str, *, now) -> dict:
    """R1/R6 an employee who still holds an active log cannot leave: no log without holder."""
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        row = _member(uow, unit_id, employee_id)
        if _holds_active_logs(uow, row.pid):
            raise Conflict(
                "employee.holds_logs",
                "transfer the employee's logs to another holder first (R1)",
                field="employee_id",
            )
        row.left_at, row.can_hold, row.can_act = now, False, False
        uow.commit()
        return {"removed": employee_id}


def _member(uow, unit_id: str, employee_id: str) -> EmployeeRow:
    row = uow.session.scalars(select(EmployeeRow).where(EmployeeRow.id == employee_id)).first()
    if row is None or row.unit_id != unit_id or row.left_at is not None:
        raise NotFound("employee.not_found", "no such employee in the unit", "employee_id")
    return row


def _holds_active_logs(uow, pid: str) -> bool:
    found = uow.session.scalar(
        select(func.count())
        .select_from(LogRow)
        .where(LogRow.holder_pid == pid, LogRow.status == LogStatus.ACTIVE.value)
    )
    return bool(found)


def set_children(uow, auth: AuthContext, unit_id: str, payload) -> dict:
    """R70 how many children the unit has, for the share of children with a log."""
    data = validate.load(contracts.UnitChildrenIn, payload)
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        uow.session.get(UnitRow, unit_id).children = data["children"]
        uow.commit()
    return {"unit_id": unit_id, "children": data["children"]}


# -- templates ("planmal"), kept by super users


def _super_user(repo: LogRepository, auth: AuthContext) -> None:
    employee = repo.employee(auth.require_person())
    if employee is None or not employee.is_super_user:
        raise Forbidden("template.not_super_user", "only a super user keeps templates")


def _template(row: TemplateRow) -> dict:
    return {
        "id": row.id,
        "category": row.category,
        "title": row.title,
        "description": row.description,
        "goal": row.goal,
        "success_criteria": row.success_criteria,
        "measures": row.measures,
        "updated_at": as_utc(row.updated_at).isoformat(),
    }


def list_templates(uow, auth: AuthContext) -> dict:
    """Every employee may start from a template."""
    auth.require_person()
    with uow:
        rows = uow.session.scalars(
            select(TemplateRow).where(TemplateRow.retired.is_(False)).order_by(TemplateRow.title)
        )
        return {"items": [_template(r) for r in rows]}


def save_template(uow, auth, template_id: str | None, payload, *, now, new_id) -> dict:
    data = validate.load(contracts.TemplateIn, payload)
    with uow:
        _super_user(LogRepository(uow.session), auth)
        row = uow.session.get(TemplateRow, template_id) if template_id else None
        if template_id and (row is None or row.retired):
            raise NotFound("template.not_found", "no such template", field="template_id")
        if row is None:
            row = TemplateRow(id=new_id(), kind="concern", retired=False)
            uow.session.add(row)
        for key in ("category", "title", "description", "goal", "success_criteria", "measures"):
            setattr(row, key, data[key])
        row.updated_at = now
        uow.commit()
        return _template(row)


def retire_template(uow, auth: AuthContext, template_id: str) -> dict:
    with uow:
        _super_user(LogRepository(uow.session), auth)
        row = uow.session.get(TemplateRow, template_id)
        if row is None or row.retired:
            raise NotFound("template.not_found", "no such template", field="template_id")
        row.retired = True
        uow.commit()
    return {"retired": template_id}


def template_body(uow, template_id: str) -> tuple[dict, list]:
    """A template as a concern's payload, and its measures as suggestions."""
    with uow:
        row = uow.session.get(TemplateRow, template_id)
        if row is None or row.retired:
            raise NotFound("template.not_found", "no such template", field="template_id")
        body = {
            "description": row.description,
            "category": row.category,
            "goal": row.goal,
            "success_criteria": row.success_criteria,
            "template_id": row.id,
        }
        return body, list(row.measures)


# -- the leader's overview (R70)


def overview(uow, auth: AuthContext, unit_id: str, *, now, expiring: Callable[[], int]) -> dict:
    """R70 aggregated activity for the unit: logs by level and status, concerns by category,
    measures overdue and deadlines kept, consents expiring within 30 days, and the share of
    the unit's children with a log."""
    with uow:
        repo = LogRepository(uow.session)
        _leader_of(repo, auth, unit_id)
        session = uow.session
        in_unit = LogRow.unit_id == unit_id
        by_level = dict(
            session.execute(
                select(LogRow.level, func.count())
                .where(in_unit, LogRow.status == "active")
                .group_by(LogRow.level)
            ).all()
        )
        by_status = dict(
            session.execute(
                select(LogRow.status, func.count()).where(in_unit).group_by(LogRow.status)
            ).all()
        )
        by_category = dict(
            session.execute(
                select(ConcernRow.category, func.count())
                .join(LogRow, LogRow.id == ConcernRow.log_id)
                .where(in_unit, ConcernRow.status == "ongoing")
                .group_by(ConcernRow.category)
            ).all()
        )
        measures = select(MeasureRow).join(LogRow, LogRow.id == MeasureRow.log_id).where(in_unit)
        active = measures.where(MeasureRow.status == MeasureStatus.ACTIVE.value)
        overdue = active.where(MeasureRow.deadline < now.date())
        evaluated = session.execute(
            select(MeasureRow.deadline, MeasureRow.evaluated_at)
            .join(LogRow, LogRow.id == MeasureRow.log_id)
            .where(in_unit, MeasureRow.status == MeasureStatus.EVALUATED.value)
        ).all()
        kept = sum(1 for deadline, at in evaluated if at and at.date() <= deadline)
        with_log = session.scalar(
            select(func.count(distinct(LogRow.child_pid))).where(in_unit, LogRow.status == "active")
        )
        enrolled = session.get(UnitRow, unit_id).children
        active_count, overdue_count = repo.count(active), repo.count(overdue)
    return {
        "unit_id": unit_id,
        "logs_by_level": {str(k): v for k, v in sorted(by_level.items())},
        "logs_by_status": by_status,
        "concerns_by_category": by_category,
        "measures_active": active_count,
        "measures_overdue": overdue_count,
        "deadlines_kept_share": round(kept / len(evaluated), 3) if evaluated else None,
        "consents_expiring_30_days": expiring(),
        "children_enrolled": enrolled,
        "children_with_log": with_log,
        "share_with_log": round(with_log / enrolled, 3) if enrolled else None,
    }
