"""R2, R5, R6, R30: creating and reading a log, decided without I/O."""

from datetime import UTC, datetime

import pytest

from services.common.errors import Conflict, Forbidden, Invalid, NotFound
from services.logs.domain import rules
from services.logs.domain.model import CreateLog, Employee, Guardian, Unit

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
UNIT = Unit("school", "Solsiden skole", "school")
HOLDER = Employee("04518520003", "Hanne", "h@x.no", "school", can_hold=True)
LEADER = Employee("12437810190", "Lene", "l@x.no", "school", is_leader=True)
GUARDIAN = Guardian("09428340024", "Gro", "g@x.no")
CHILD = "07451651190"  # born 2016
COVERED = {"covered": True, "reason": "consent.ok", "consent_id": "c1"}


def command(**overrides) -> CreateLog:
    values = dict(
        unit_id="school", consent_id="c1", child_pid=CHILD, child_name="Ola", guardians=[GUARDIAN]
    )
    return CreateLog(**(values | overrides))


def create(cmd=None, **kwargs):
    args = dict(holder=HOLDER, unit=UNIT, consent=COVERED, now=NOW, log_id="L1") | kwargs
    return rules.create_log(cmd or command(), **args)


def test_R30_log_is_created_with_the_caller_as_holder_and_an_event():
    log, event = create()
    assert (log.holder_pid, log.child_pid, log.level) == (HOLDER.pid, CHILD, 1)
    assert (event.type, event.log_id, event.unit_id) == ("log.created", "L1", "school")


def test_R30_no_log_without_covering_consent():
    with pytest.raises(Conflict) as caught:
        create(consent={"covered": False, "reason": "consent.expired"})
    assert (caught.value.code, caught.value.field) == ("consent.expired", "consent_id")


def test_R6_only_a_holder_of_the_unit_may_create():
    for employee in (None, LEADER, Employee(HOLDER.pid, "H", "h@x.no", "other", can_hold=True)):
        with pytest.raises(Forbidden):
            create(holder=employee)


def test_unknown_unit_is_not_found():
    with pytest.raises(NotFound):
        create(unit=None)


def test_R5_guardians_are_mandatory_up_to_and_including_15():
    with pytest.raises(Invalid) as caught:
        create(command(guardians=[]))
    assert caught.value.field == "guardians"
    adult = "23469030024"  # born 1990
    log, _ = create(command(child_pid=adult, guardians=[]))
    assert log.guardians == []


def test_a_guardian_listed_twice_or_the_child_as_guardian_is_refused():
    with pytest.raises(Invalid):
        create(command(guardians=[GUARDIAN, GUARDIAN]))
    with pytest.raises(Invalid):
        create(command(guardians=[Guardian(CHILD, "Ola", None)]))
