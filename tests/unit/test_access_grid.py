"""The access grid (R2–R8, R17, R31, R51): one table, state rules as data, one authorize."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.common.errors import Conflict, Forbidden, NotFound
from services.logs.domain import access
from services.logs.domain.access import GRID, Grant, Operation, Part, Relations, Role
from services.logs.domain.model import Employee, Guardian, Log, LogStatus

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
HOLDER = Employee("04518520003", "Hanne", "h@x.no", "school", can_hold=True)
LEADER = Employee("12437810190", "Lene", "l@x.no", "school", is_leader=True)
COLLEAGUE = Employee("11111111111", "Kari", "k@x.no", "school", can_act=True)
ACTOR = Employee("23469030024", "Arne", "a@x.no", "health", can_act=True)
SUPER = Employee("22222222222", "Siri", "s@x.no", "health", is_super_user=True)
OUTSIDER = Employee("02507512065", "Helga", "x@x.no", "health", is_leader=True)
GUARDIAN = Guardian("09428340024", "Gro", "g@x.no")
CHILD_PID = "07451651190"


def log(**overrides) -> Log:
    values = dict(
        id="L1",
        unit_id="school",
        holder_pid=HOLDER.pid,
        child_pid=CHILD_PID,
        child_name="Ola",
        consent_id="c1",
        created_at=NOW,
        guardians=[GUARDIAN],
        level=2,
        child_birth_date=date(2009, 5, 7),  # 17: the young person's own login (R5)
    )
    return Log(**(values | overrides))


def relations(role: Role, the_log: Log | None = None, **overrides) -> Relations:
    the_log = the_log or log()
    base = {
        Role.HOLDER: dict(pid=HOLDER.pid, employee=HOLDER),
        Role.ACTOR: dict(pid=ACTOR.pid, employee=ACTOR, actor_unit_id="health"),
        Role.GUARDIAN: dict(pid=GUARDIAN.pid),
        Role.YOUNG_PERSON: dict(pid=CHILD_PID),
        Role.READ_GRANT: dict(pid="33333333333", grants=(Grant("g1", with_history=True),)),
        Role.UNIT_LEADER: dict(pid=LEADER.pid, employee=LEADER),
        Role.SUPER_USER: dict(pid=SUPER.pid, employee=SUPER),
        Role.SAME_UNIT: dict(pid=COLLEAGUE.pid, employee=COLLEAGUE),
        Role.OTHER_UNIT: dict(pid=OUTSIDER.pid, employee=OUTSIDER),
        Role.SERVICE: dict(pid=None, service=True),
    }[role]
    return Relations(log=the_log, **(base | overrides))


def expected(role: Role, operation: Operation):
    """What the grid says, as the answer's kind: allowed, 403 or 404."""
    if not GRID.get((role, Operation.READ)):
        return NotFound
    return "allowed" if GRID.get((role, operation)) else Forbidden


@pytest.mark.parametrize("operation", list(Operation))
@pytest.mark.parametrize("role", list(Role))
def test_every_cell_of_the_grid_is_what_authorize_answers(role, operation):
    want = expected(role, operation)
    if want == "allowed":
        decision = access.authorize(relations(role), operation, now=NOW)
        assert decision.parts == GRID[(role, operation)] or role == Role.READ_GRANT
        assert role in decision.roles
    else:
        with pytest.raises(want):
            access.authorize(relations(role), operation, now=NOW)


def test_the_grid_printed_in_the_readme_is_the_grid_in_code():
    readme = (ROOT / "services" / "logs" / "README.md").read_text(encoding="utf-8")
    assert access.grid_table() in readme
    assert access.state_table() in readme


@pytest.mark.parametrize("operation", [o for o in Operation if o is not Operation.READ])
def test_R51_a_passive_log_refuses_every_change_but_reactivation_and_own_notes(operation):
    passive = log(status=LogStatus.PASSIVE)
    role = Role.UNIT_LEADER if operation is Operation.REACTIVATE else Role.HOLDER
    if operation in (Operation.FAMILY_VERDICT,):
        role = Role.GUARDIAN
    assert GRID.get((role, operation)), "the role chosen for the operation must have it"
    if operation in (Operation.REACTIVATE, Operation.PRIVATE_NOTE):
        access.authorize(relations(role, passive), operation, now=NOW)
    else:
        with pytest.raises(Conflict) as caught:
            access.authorize(relations(role, passive), operation, now=NOW)
        assert caught.value.code == "log.passive"


def test_R31_without_consent_grants_are_suspended_and_actors_of_other_units_too():
    lacking = log(lacks_consent=True)
    for role in (Role.READ_GRANT, Role.ACTOR):
        with pytest.raises(Conflict) as caught:
            access.authorize(relations(role, lacking), Operation.READ, now=NOW)
        assert caught.value.code == "log.lacks_consent"
    same_unit_actor = relations(Role.ACTOR, lacking, actor_unit_id="school")
    assert access.authorize(same_unit_actor, Operation.READ, now=NOW).roles == {Role.ACTOR}
    for role in (Role.HOLDER, Role.GUARDIAN, Role.UNIT_LEADER):
        access.authorize(relations(role, lacking), Operation.READ, now=NOW)
    with pytest.raises(Conflict):
        access.authorize(relations(Role.HOLDER, lacking), Operation.WRITE_PLAN, now=NOW)


def test_R4_an_expired_grant_gives_nothing():
    expired = relations(Role.READ_GRANT, grants=(Grant("g1", expires_on=date(2026, 11, 24)),))
    with pytest.raises(NotFound):
        access.authorize(expired, Operation.READ, now=NOW)
    today = relations(Role.READ_GRANT, grants=(Grant("g1", expires_on=date(2026, 11, 25)),))
    access.authorize(today, Operation.READ, now=NOW)


def test_R4_a_grant_without_history_does_not_see_history_and_a_narrow_one_filters_concerns():
    narrow = relations(Role.READ_GRANT, grants=(Grant("g1", concern_ids=frozenset({"c1"})),))
    decision = access.authorize(narrow, Operation.READ, now=NOW)
    assert Part.HISTORY not in decision.parts
    assert decision.sees_concern("c1", "language")
    assert not decision.sees_concern("c2", "language")
    by_category = relations(
        Role.READ_GRANT, grants=(Grant("g1", categories=frozenset({"behaviour"})),)
    )
    decision = access.authorize(by_category, Operation.READ, now=NOW)
    assert decision.sees_concern("c9", "behaviour") and not decision.sees_concern("c9", "other")


def test_R3_an_actor_sees_only_the_concerns_of_their_measures():
    decision = access.authorize(
        relations(Role.ACTOR, measure_concern_ids=frozenset({"c1"})), Operation.READ, now=NOW
    )
    assert decision.sees_concern("c1", "x") and not decision.sees_concern("c2", "x")
    assert Part.HISTORY not in decision.parts and Part.ACCESS_LOG not in decision.parts


def test_R5_the_child_has_its_own_login_from_16_or_earlier_by_decision():
    young = log(child_birth_date=date(2014, 1, 1))
    with pytest.raises(NotFound):
        access.authorize(relations(Role.YOUNG_PERSON, young), Operation.READ, now=NOW)
    decided = log(child_birth_date=date(2014, 1, 1), child_own_login=True)
    access.authorize(relations(Role.YOUNG_PERSON, decided), Operation.READ, now=NOW)


def test_R17_in_meeting_mode_no_other_log_is_reached():
    elsewhere = relations(Role.HOLDER, meeting_mode_log_id="L2")
    with pytest.raises(Forbidden) as caught:
        access.authorize(elsewhere, Operation.READ, now=NOW)
    assert caught.value.code == "meeting_mode.other_log"
    here = relations(Role.HOLDER, meeting_mode_log_id="L1")
    access.authorize(here, Operation.READ, now=NOW)


def test_R8_the_family_and_the_leader_see_the_access_log_actors_and_grants_do_not():
    for role in (Role.GUARDIAN, Role.YOUNG_PERSON, Role.UNIT_LEADER):
        assert Part.ACCESS_LOG in access.authorize(relations(role), Operation.READ, now=NOW).parts
    for role in (Role.ACTOR, Role.READ_GRANT):
        assert (
            Part.ACCESS_LOG not in access.authorize(relations(role), Operation.READ, now=NOW).parts
        )
