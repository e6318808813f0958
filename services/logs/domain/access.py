"""Who may do what with a log: access as data, read by one function."""

from __future__ import annotations

from enum import Enum

from services.common.errors import Conflict, Forbidden

from .model import Employee, Log, LogStatus


class Role(str, Enum):
    HOLDER = "holder"
    GUARDIAN = "guardian"
    CHILD = "child"
    UNIT_LEADER = "unit_leader"


class Action(str, Enum):
    READ = "read"
    WRITE_PLAN = "write_plan"


# R2 only the holder writes the plan; R5 guardians and the child see the whole log;
# R6 a unit leader sees every log of the unit.
ACCESS: dict[Action, frozenset[Role]] = {
    Action.READ: frozenset({Role.HOLDER, Role.GUARDIAN, Role.CHILD, Role.UNIT_LEADER}),
    Action.WRITE_PLAN: frozenset({Role.HOLDER}),
}


# R31: while a log lacks consent, only the holder's own unit and the family keep access,
# and nobody writes in it; roles added later (actors elsewhere, read grants) are suspended.
WITHOUT_CONSENT: dict[Action, frozenset[Role]] = {
    Action.READ: frozenset({Role.HOLDER, Role.GUARDIAN, Role.CHILD, Role.UNIT_LEADER}),
    Action.WRITE_PLAN: frozenset(),
}


def roles_of(pid: str, log: Log, employee: Employee | None) -> set[Role]:
    roles: set[Role] = set()
    if pid == log.holder_pid:
        roles.add(Role.HOLDER)
    if any(g.pid == pid for g in log.guardians):
        roles.add(Role.GUARDIAN)
    if pid == log.child_pid:
        roles.add(Role.CHILD)
    if employee and employee.is_leader and employee.unit_id == log.unit_id:
        roles.add(Role.UNIT_LEADER)
    return roles


def authorize(pid: str, action: Action, log: Log, employee: Employee | None) -> set[Role]:
    """Return the caller's roles on the log, or raise Forbidden if none allows ``action``."""
    roles = roles_of(pid, log, employee)
    if not roles & ACCESS[action]:
        raise Forbidden("log.access_denied", f"not allowed to {action.value} this log")
    if log.status is LogStatus.PASSIVE and action is not Action.READ:
        raise Conflict("log.passive", "the log is passive (closed) and read-only")
    if log.lacks_consent and not roles & WITHOUT_CONSENT[action]:
        raise Conflict("log.lacks_consent", "the log lacks a valid consent; renew it first")
    return roles
