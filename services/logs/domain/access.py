"""Who may do what with which part of a log: one grid, state rules as data, one ``authorize``.

The grid is role × operation → the parts of the log the role may touch with it. The state
rules say which roles a state of the log suspends and which operations it still allows.
``authorize`` reads both and returns the caller's roles and the parts they may see or
write, so the access log records real parts (R8). The relations a role is derived from
(holder, guardians, the child, actors, read grants, unit staff, meeting mode) arrive in
one ``Relations`` value the repository fills.

The grid is printed in ``services/logs/README.md``; ``tests/unit/test_access_grid.py``
keeps the two equal, and ``tests/integration/test_access_grid.py`` tries every cell
through the gateway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from services.common.errors import Conflict, Forbidden, NotFound

from .model import YOUNG_PERSON_OWN_LOGIN_AGE, Employee, Log, LogStatus, age_on


class Role(str, Enum):
    HOLDER = "holder"
    ACTOR = "actor"
    GUARDIAN = "guardian"
    YOUNG_PERSON = "young_person"
    READ_GRANT = "read_grant"
    UNIT_LEADER = "unit_leader"
    SUPER_USER = "super_user"
    SAME_UNIT = "same_unit"  # another employee of the log's unit, with no role in it
    OTHER_UNIT = "other_unit"  # an employee of another unit, with no role in it
    SERVICE = "service"  # another service on the bus (archive, notify)


class Operation(str, Enum):
    READ = "read"
    WRITE_PLAN = "write_plan"  # concerns, measures, meetings, minutes, log notes, level (R2)
    POST_HIGHLIGHT = "post_highlight"  # R18
    FAMILY_VERDICT = "family_verdict"  # the family's own word on a measure (R15)
    PRIVATE_NOTE = "private_note"  # R19: seen by its author alone
    SHARE = "share"  # attach actors, give read grants (R4, R7, R33)
    CLOSE = "close"  # R51
    REACTIVATE = "reactivate"  # R51: only the unit leader
    MEETING_MODE = "meeting_mode"  # R17


class Part(str, Enum):
    WHOLE = "whole"  # the log itself: child, guardians, level, status, holder
    CONCERNS = "concerns"
    MEASURES = "measures"
    MEETINGS = "meetings"
    HIGHLIGHTS = "highlights"
    NOTES = "notes"
    HISTORY = "history"
    ACCESS_LOG = "access_log"


ALL_PARTS = frozenset(Part)
PLAN = frozenset({Part.WHOLE, Part.CONCERNS, Part.MEASURES, Part.MEETINGS, Part.NOTES})
# What an actor or a read grant sees at most; R3 and R4 narrow concerns and measures further.
SHARED = frozenset(
    {Part.WHOLE, Part.CONCERNS, Part.MEASURES, Part.MEETINGS, Part.HIGHLIGHTS, Part.NOTES}
)
R, Op, P = Role, Operation, Part

# R2 only the holder writes the plan; R3/R4 actors and grants see a share of it; R5 the family
# sees the whole log, always, and who has read it (R8); R6 the unit leader sees every log of
# the unit and alone reactivates; R18 highlights by holder, actors and the family.
GRID: dict[tuple[Role, Operation], frozenset[Part]] = {
    (R.HOLDER, Op.READ): ALL_PARTS,
    (R.HOLDER, Op.WRITE_PLAN): PLAN,
    (R.HOLDER, Op.POST_HIGHLIGHT): frozenset({P.HIGHLIGHTS}),
    (R.HOLDER, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.HOLDER, Op.SHARE): frozenset({P.WHOLE}),
    (R.HOLDER, Op.CLOSE): frozenset({P.WHOLE}),
    (R.HOLDER, Op.MEETING_MODE): frozenset({P.MEETINGS}),
    (R.ACTOR, Op.READ): SHARED,
    (R.ACTOR, Op.POST_HIGHLIGHT): frozenset({P.HIGHLIGHTS}),
    (R.ACTOR, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.ACTOR, Op.MEETING_MODE): frozenset({P.MEETINGS}),
    (R.GUARDIAN, Op.READ): ALL_PARTS,
    (R.GUARDIAN, Op.POST_HIGHLIGHT): frozenset({P.HIGHLIGHTS}),
    (R.GUARDIAN, Op.FAMILY_VERDICT): frozenset({P.MEASURES}),
    (R.GUARDIAN, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.YOUNG_PERSON, Op.READ): ALL_PARTS,
    (R.YOUNG_PERSON, Op.POST_HIGHLIGHT): frozenset({P.HIGHLIGHTS}),
    (R.YOUNG_PERSON, Op.FAMILY_VERDICT): frozenset({P.MEASURES}),
    (R.YOUNG_PERSON, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.READ_GRANT, Op.READ): SHARED | {P.HISTORY},
    (R.READ_GRANT, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.UNIT_LEADER, Op.READ): ALL_PARTS,
    (R.UNIT_LEADER, Op.PRIVATE_NOTE): frozenset({P.NOTES}),
    (R.UNIT_LEADER, Op.REACTIVATE): frozenset({P.WHOLE}),
    (R.UNIT_LEADER, Op.MEETING_MODE): frozenset({P.MEETINGS}),
    (R.SERVICE, Op.READ): ALL_PARTS - {P.ACCESS_LOG},
}
# SUPER_USER, SAME_UNIT and OTHER_UNIT have no cell: they may not learn that the log exists.


class State(str, Enum):
    PASSIVE = "passive"
    LACKS_CONSENT = "lacks_consent"


@dataclass(frozen=True)
class StateRule:
    state: State
    suspends: frozenset[Role]  # roles that lose every right while the state holds
    suspends_elsewhere: frozenset[Role]  # ...when the caller's unit is not the log's unit
    allows: frozenset[Operation]  # what the remaining roles may still do
    code: str
    message: str


# R51 a passive log is read-only, but for its leader's reactivation and one's own notes.
# R31 while consent lacks, everything beyond the holder's unit and the family is suspended
# (read grants, and actors from other units) and nobody changes the plan until a renewed
# consent is active.
STATE_RULES: tuple[StateRule, ...] = (
    StateRule(
        State.PASSIVE,
        suspends=frozenset(),
        suspends_elsewhere=frozenset(),
        allows=frozenset({Op.READ, Op.REACTIVATE, Op.PRIVATE_NOTE}),
        code="log.passive",
        message="the log is passive (closed) and read-only",
    ),
    StateRule(
        State.LACKS_CONSENT,
        suspends=frozenset({R.READ_GRANT}),
        suspends_elsewhere=frozenset({R.ACTOR}),
        allows=frozenset({Op.READ, Op.PRIVATE_NOTE, Op.MEETING_MODE}),
        code="log.lacks_consent",
        message="the log lacks a valid consent; sharing beyond the unit is suspended",
    ),
)


@dataclass(frozen=True)
class Grant:
    """One read grant as it applies now (R4): whole log, chosen concerns or categories."""

    id: str
    concern_ids: frozenset[str] | None = None  # None: not narrowed by concern
    categories: frozenset[str] | None = None  # None: not narrowed by category
    with_history: bool = False
    expires_on: date | None = None

    def covers_whole_log(self) -> bool:
        return self.concern_ids is None and self.categories is None


@dataclass(frozen=True)
class Relations:
    """Everything about the caller and one log that a role is derived from."""

    pid: str | None  # None for a service
    log: Log
    employee: Employee | None = None
    actor_unit_id: str | None = None  # set when the caller is attached to the log as actor
    grants: tuple[Grant, ...] = ()  # the caller's grants on the log, expired ones included
    measure_concern_ids: frozenset[str] = field(default_factory=frozenset)  # R3
    meeting_mode_log_id: str | None = None  # the log the caller's meeting mode is on
    service: bool = False

    def live_grants(self, today: date) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if g.expires_on is None or g.expires_on >= today)

    def roles(self, today: date) -> set[Role]:
        if self.service:
            return {R.SERVICE}
        log, pid, roles = self.log, self.pid, set()
        if pid == log.holder_pid:
            roles.add(R.HOLDER)
        if any(g.pid == pid for g in log.guardians):
            roles.add(R.GUARDIAN)
        if pid == log.child_pid and (
            log.child_own_login or age_on(log.child_birth_date, today) >= YOUNG_PERSON_OWN_LOGIN_AGE
        ):
            roles.add(R.YOUNG_PERSON)
        if self.actor_unit_id is not None:
            roles.add(R.ACTOR)
        if self.live_grants(today):
            roles.add(R.READ_GRANT)
        employee = self.employee
        if employee is not None:
            if employee.is_leader and employee.unit_id == log.unit_id:
                roles.add(R.UNIT_LEADER)
            if employee.is_super_user:
                roles.add(R.SUPER_USER)
            if not roles:
                roles.add(R.SAME_UNIT if employee.unit_id == log.unit_id else R.OTHER_UNIT)
        return roles


@dataclass(frozen=True)
class Decision:
    roles: frozenset[Role]
    parts: frozenset[Part]  # the parts of the log the operation may touch
    concern_filter: frozenset[str] | None = None  # R3/R4: only these concerns (None: all)
    category_filter: frozenset[str] | None = None  # R4: only these categories (None: all)

    def sees(self, part: Part) -> bool:
        return part in self.parts

    def sees_concern(self, concern_id: str, category: str) -> bool:
        """R3/R4: a narrowed caller sees a concern named to them or of a granted category."""
        if self.concern_filter is None:
            return True
        return concern_id in self.concern_filter or category in (self.category_filter or ())


def states_of(log: Log) -> set[State]:
    states = set()
    if log.status is LogStatus.PASSIVE:
        states.add(State.PASSIVE)
    if log.lacks_consent:
        states.add(State.LACKS_CONSENT)
    return states


def parts_for(roles, operation: Operation) -> frozenset[Part]:
    found: frozenset[Part] = frozenset()
    for role in roles:
        found |= GRID.get((role, operation), frozenset())
    return found


def authorize(
    relations: Relations, operation: Operation, part: Part | None = None, *, now: datetime
) -> Decision:
    """Decide from the grid and the state rules; raise, or return the roles and parts.

    No right to read at all → 404 (the caller may not learn the log exists); R17 a caller
    in meeting mode reaches no other log → 403; readable but not this operation or part →
    403; a state that forbids the operation → 409 with the state's code.
    """
    log, today = relations.log, now.date()
    if relations.meeting_mode_log_id not in (None, log.id):
        raise Forbidden("meeting_mode.other_log", "meeting mode shows one log only; end it first")
    roles = relations.roles(today)
    readable_before = parts_for(roles, Op.READ)
    states = states_of(log)
    suspended_by = None
    for rule in STATE_RULES:
        if rule.state in states:
            lost = rule.suspends
            if relations.actor_unit_id not in (None, log.unit_id):
                lost = lost | rule.suspends_elsewhere
            if roles & lost:
                roles -= lost
                suspended_by = rule
    if not parts_for(roles, Op.READ):
        if readable_before and suspended_by:  # a suspended role: they know the log exists
            raise Conflict(suspended_by.code, suspended_by.message)
        raise NotFound("log.not_found", "no such log", field="log_id")
    parts = parts_for(roles, operation)
    if not parts or (part is not None and part not in parts):
        raise Forbidden(
            "log.access_denied", f"your role in this log does not allow {operation.value}"
        )
    for rule in STATE_RULES:
        if rule.state in states and operation not in rule.allows:
            raise Conflict(rule.code, rule.message)
    return _narrowed(relations, roles, operation, parts, today)


def _narrowed(relations, roles, operation, parts, today) -> Decision:
    """R3 an actor sees only the concerns with a measure of theirs; R4 a grant its scope."""
    if operation is not Op.READ or roles & {R.HOLDER, R.GUARDIAN, R.YOUNG_PERSON, R.UNIT_LEADER}:
        return Decision(frozenset(roles), parts)
    if R.SERVICE in roles:
        return Decision(frozenset(roles), parts)
    concern_ids: set[str] = set()
    categories: set[str] = set()
    whole = False
    history = False
    if R.ACTOR in roles:
        concern_ids |= relations.measure_concern_ids
    if R.READ_GRANT in roles:
        for grant in relations.live_grants(today):
            history = history or grant.with_history
            if grant.covers_whole_log():
                whole = True
            concern_ids |= grant.concern_ids or set()
            categories |= grant.categories or set()
    if not history:
        parts = parts - {P.HISTORY}
    if whole:
        return Decision(frozenset(roles), parts)
    return Decision(
        frozenset(roles),
        parts,
        concern_filter=frozenset(concern_ids),
        category_filter=frozenset(categories),
    )


def grid_table() -> str:
    """The grid as the Markdown table printed in the service README."""
    operations = list(Operation)
    head = "| role | " + " | ".join(o.value for o in operations) + " |"
    rule = "|---" * (len(operations) + 1) + "|"
    rows = [head, rule]
    for role in Role:
        cells = []
        for operation in operations:
            parts = GRID.get((role, operation), frozenset())
            if parts == ALL_PARTS:
                cells.append("all")
            else:
                cells.append(", ".join(p.value for p in Part if p in parts) or "–")
        rows.append(f"| {role.value} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def state_table() -> str:
    rows = ["| state | suspends | still allowed | answer |", "|---|---|---|---|"]
    for rule in STATE_RULES:
        suspends = (
            ", ".join(
                [r.value for r in Role if r in rule.suspends]
                + [f"{r.value} of another unit" for r in Role if r in rule.suspends_elsewhere]
            )
            or "–"
        )
        allows = ", ".join(o.value for o in Operation if o in rule.allows)
        rows.append(f"| {rule.state.value} | {suspends} | {allows} | 409 `{rule.code}` |")
    return "\n".join(rows)
