"""The child and the guardians (R5, R9, R80), earlier logs (R42), search, and each person's
channels and language (R60), on a real migrated database (SQLite and PostgreSQL)."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from services.common import national_id
from services.common.errors import Conflict, Forbidden, Invalid, NotFound
from services.logs import app
from services.logs.store.tables import GuardianRow, LogRow
from tests.service.logs_factories import DEMO

ADDRESS = {"street": "Solveien 3", "postcode": "1430", "city": "Ås"}
DUF = "201412345607"  # a valid DUF number: 2014, serial 123456, check digits 07


def stored_text(plan) -> str:
    """Everything the logs database holds about logs and guardians, as one text."""
    with plan.session_factory() as session:
        rows = list(session.scalars(select(LogRow))) + list(session.scalars(select(GuardianRow)))
        return json.dumps(
            [{k: str(v) for k, v in vars(r).items() if not k.startswith("_")} for r in rows]
        )


def test_R80_a_child_known_by_a_DUF_number_has_its_birth_date_given(plan):
    assert national_id.validate_duf(DUF) == DUF
    with pytest.raises(Invalid) as caught:
        plan.create_log(child={"pid": DUF, "name": "Amir Ny"})
    assert (caught.value.code, caught.value.field) == (
        "child.birth_date_required",
        "child.birth_date",
    )
    log = plan.create_log(child={"pid": DUF, "name": "Amir Ny", "birth_date": "2014-03-02"})
    assert log["child"]["id_kind"] == "duf"
    assert log["child"]["birth_date"] == "2014-03-02"
    with pytest.raises(Invalid) as caught:  # a date beside a national id must be its own
        plan.create_log(child=DEMO["child"] | {"birth_date": "2014-03-02"})
    assert caught.value.code == "child.birth_date_mismatch"


@pytest.mark.parametrize(
    "pid",
    ["201412345608", "07451651191", "1234567890"],
    ids=["DUF check digits", "national id check digit", "ten digits"],
)
def test_R80_a_number_that_fails_its_check_is_refused_naming_the_field(plan, pid):
    with pytest.raises(Invalid) as caught:
        plan.create_log(child={"pid": pid, "name": "Amir Ny", "birth_date": "2014-03-02"})
    assert caught.value.field == "child.pid"


def test_R9_a_protected_address_is_never_taken_in_only_the_mark(plan):
    with pytest.raises(Invalid) as caught:
        plan.create_log(
            child=DEMO["child"] | {"address": ADDRESS, "address_protection": "confidential"}
        )
    assert (caught.value.code, caught.value.field) == ("address.protected", "child.address")
    guardians = [DEMO["guardians"][0] | {"address_protection": "strictly_confidential"}]
    log = plan.create_log(child=DEMO["child"] | {"address": ADDRESS}, guardians=guardians)
    assert log["child"]["address"] == ADDRESS and not log["child"]["address_protected"]
    assert log["guardians"][0]["address"] is None and log["guardians"][0]["address_protected"]
    # Later the registry marks the child's address: the stored one is forgotten at once.
    child = plan.call("holder", "change_child", log["id"], {"address_protection": "confidential"})
    assert child["address"] is None and child["address_protected"]
    assert "Solveien" not in stored_text(plan)
    for who in ("holder", "guardian", "leader"):
        seen = plan.call(who, "get_log", log["id"])
        assert seen["child"]["address"] is None and seen["child"]["address_protected"]
    with pytest.raises(Invalid) as caught:
        plan.call("holder", "change_child", log["id"], {"address": ADDRESS})
    assert caught.value.code == "address.protected"
    gid = log["guardians"][0]["id"]
    with pytest.raises(Invalid):
        plan.call("holder", "change_guardian", log["id"], gid, {"address": ADDRESS})
    moved = plan.call(
        "holder",
        "change_guardian",
        log["id"],
        gid,
        {"address_protection": "none", "address": ADDRESS, "phone": "+4791234567"},
    )
    assert moved["address"] == ADDRESS and moved["phone"] == "+4791234567"


def test_R9_no_address_reaches_notify(plan):
    log = plan.create_log(child=DEMO["child"] | {"address": ADDRESS})
    answer = app.recipients(plan.uow(), _notify(), log["id"], "holder_and_family", None)
    assert "Solveien" not in json.dumps(answer)


def test_R5_the_holder_records_the_young_persons_own_login_before_16(plan):
    log = plan.create_log()  # Ola, born 2016
    with pytest.raises(NotFound):
        plan.call_as(PIDS_CHILD, "get_log", log["id"])
    assert plan.call("holder", "change_child", log["id"], {"own_login": True})["own_login"]
    assert "young_person" in plan.call_as(PIDS_CHILD, "get_log", log["id"])["your_roles"]
    with pytest.raises(Forbidden):
        plan.call("guardian", "change_child", log["id"], {"own_login": False})
    with pytest.raises(Invalid) as caught:
        plan.call("holder", "change_child", log["id"], {})
    assert caught.value.code == "child.nothing_to_change"


def test_the_unit_the_child_attends_is_a_known_unit(plan):
    log = plan.create_log(child=DEMO["child"] | {"attends_unit_id": "solsiden-skole"})
    assert log["child"]["attends_unit"] == {"id": "solsiden-skole", "name": "Solsiden skole"}
    with pytest.raises(Invalid) as caught:
        plan.call("holder", "change_child", log["id"], {"attends_unit_id": "nowhere"})
    assert caught.value.field == "attends_unit_id"


def test_R42_a_new_log_is_linked_to_earlier_passive_logs_of_the_same_child(plan):
    first = plan.create_log()
    with pytest.raises(Conflict) as caught:  # the first is still active: someone's log
        plan.create_log(earlier_log_ids=[first["id"]])
    assert caught.value.code == "log.link_active"
    plan.call("holder", "close_log", first["id"])
    second = plan.create_log(earlier_log_ids=[first["id"]])
    assert second["earlier_log_ids"] == [first["id"]]
    other_child = plan.create_log(child={"pid": DUF, "name": "Amir", "birth_date": "2014-03-02"})
    with pytest.raises(Invalid) as caught:  # another child's log: as if it did not exist
        plan.call("holder", "link_earlier_log", other_child["id"], {"earlier_log_id": first["id"]})
    assert (caught.value.code, caught.value.field) == ("log.link_unknown", "earlier_log_id")
    third = plan.create_log()
    listed = plan.call("holder", "earlier_logs", third["id"])["items"]
    assert {i["id"]: i["linked"] for i in listed} == {first["id"]: False, second["id"]: False}
    plan.call("holder", "close_log", second["id"])
    linked = plan.call("holder", "link_earlier_log", third["id"], {"earlier_log_id": second["id"]})
    assert {i["id"]: i["linked"] for i in linked["items"]}[second["id"]] is True
    with pytest.raises(Conflict):
        plan.call("holder", "link_earlier_log", third["id"], {"earlier_log_id": second["id"]})
    with pytest.raises(Forbidden):  # the family reads the log, but links are the holder's
        plan.call("guardian", "earlier_logs", third["id"])
    assert plan.call("guardian", "get_log", third["id"])["earlier_log_ids"] == [second["id"]]


def test_search_finds_what_the_grid_lets_one_read_by_name_or_number(plan):
    ola = plan.create_log()
    amir = plan.create_log(
        child={"pid": DUF, "name": "Amir Ny", "birth_date": "2014-03-02"},
        guardians=DEMO["guardians"][1:],
    )

    def found(who, query, **more):
        return [i["id"] for i in plan.call(who, "search_logs", {"query": query} | more)["items"]]

    assert found("holder", "nordm") == [ola["id"]]  # part of the name, any case
    assert found("holder", DUF) == [amir["id"]]  # the whole number
    assert found("holder", "0745165") == []  # part of a number finds nothing
    assert found("guardian", "Ola") == [ola["id"]]  # the family: their child's log
    assert found("guardian", "Amir") == []  # another family's child
    assert found("guardian2", "Amir") == [amir["id"]]
    assert sorted(found("leader", "Ny")) == [amir["id"]]  # the leader: the unit's logs
    for outsider in ("actor", "colleague", "super", "ppt"):
        assert found(outsider, "Ola") == [], outsider  # may not learn the log exists
    with pytest.raises(Invalid):
        plan.call("holder", "search_logs", {"query": " a "})
    plan.call("holder", "close_log", amir["id"])
    assert found("holder", "Amir", status="active") == []
    assert found("holder", "Amir", status="passive") == [amir["id"]]
    assert found("holder", "100%_") == []  # wildcards are text, not patterns


def test_R60_each_person_chooses_channels_and_language_and_notify_is_told(plan):
    log = plan.create_log()
    assert plan.call("guardian", "get_preferences") == {
        "channels": ["email"],
        "language": "nb",
        "email": None,
        "phone": None,
        "stored": False,
    }
    with pytest.raises(Invalid) as caught:
        plan.call("guardian", "set_preferences", {"channels": ["sms"]})
    assert caught.value.code == "preferences.phone_required"
    chosen = {"channels": ["email", "sms"], "language": "nn", "phone": "+4791234567"}
    assert plan.call("guardian", "set_preferences", chosen)["stored"] is True
    answer = app.recipients(plan.uow(), _notify(), log["id"], "holder_and_family", None)
    gro = next(r for r in answer["recipients"] if r["name"] == "Gro Foresatt")
    assert (gro["channels"], gro["language"], gro["phone"]) == (
        ["email", "sms"],
        "nn",
        "+4791234567",
    )
    assert gro["email"] == "gro.foresatt@example.no"  # the log's address, none chosen


def test_R16_a_child_from_12_is_told_of_a_planned_meeting(plan):
    young = next(login for login in DEMO["logins"] if login["key"] == "young")
    assert national_id.age_on(young["pid"], date(2026, 11, 25)) >= 12
    log = plan.create_log(
        child={"pid": young["pid"], "name": "Ida Ungdom", "email": "ida@example.no"},
        guardians=DEMO["guardians"][:1],
    )
    meeting = plan.call(
        "holder",
        "plan_meeting",
        log["id"],
        {"starts_at": "2026-12-01T10:00:00+01:00", "place": "Rom 2"},
    )
    told = app.recipients(plan.uow(), _notify(), log["id"], "meeting", meeting["id"])
    assert "ida@example.no" in [r["email"] for r in told["recipients"]]
    small = plan.create_log()  # Ola, 10
    meeting = plan.call(
        "holder",
        "plan_meeting",
        small["id"],
        {"starts_at": "2026-12-01T10:00:00+01:00", "place": "Rom 2"},
    )
    told = app.recipients(plan.uow(), _notify(), small["id"], "meeting", meeting["id"])
    assert "Ola Nordmann" not in [r["name"] for r in told["recipients"]]


PIDS_CHILD = DEMO["child"]["pid"]


def _notify():
    from services.common.auth import AuthContext

    return AuthContext.system("notify")


def test_search_and_the_grid_agree_on_who_may_read_each_log(plan):
    """``readable_by`` (SQL, for search) says of every person and log what ``authorize``
    (the grid, for everything else) says: the two ways of asking never drift apart."""
    from services.common.errors import DomainError
    from services.logs.domain import access
    from services.logs.domain.access import Operation, Part
    from services.logs.store.repository import LogRepository

    young = next(login for login in DEMO["logins"] if login["key"] == "young")
    plain = plan.create_log()
    with_actor = plan.create_log()
    actor_id = _employee(plan, "actor")
    plan.call("holder", "add_actor", with_actor["id"], {"employee_id": actor_id}, covers=_yes)
    granted = plan.create_log()
    plan.call(
        "holder",
        "give_grant",
        granted["id"],
        {"pid": PIDS_OF["ppt"], "name": "Pia PPT", "expires_on": "2026-12-31"},
        covers=_yes,
    )
    lacking = plan.create_log()
    plan.call("holder", "add_actor", lacking["id"], {"employee_id": actor_id}, covers=_yes)
    plan.call(
        "holder", "give_grant", lacking["id"], {"pid": PIDS_OF["ppt"], "name": "Pia"}, covers=_yes
    )
    _consent_event(plan, lacking["id"], "consent.expired")
    ida = plan.create_log(child={"pid": young["pid"], "name": "Ida Ungdom"}, guardians=[])
    passive = plan.create_log()
    plan.call("holder", "close_log", passive["id"])
    logs = [plain, with_actor, granted, lacking, ida, passive]
    people = [login["pid"] for login in DEMO["logins"]] + [DEMO["child"]["pid"]]
    for day in (plan.now, plan.now.replace(year=2027)):  # the grant has expired by 2027
        with plan.session_factory() as session:
            repo = LogRepository(session)
            for pid in people:
                by_sql = set(
                    session.scalars(select(LogRow.id).where(repo.readable_by(pid, day.date())))
                )
                for log in logs:
                    _, relations = repo.open(log["id"], pid, day)
                    try:
                        access.authorize(relations, Operation.READ, Part.WHOLE, now=day)
                        by_grid = True
                    except DomainError:
                        by_grid = False
                    assert (log["id"] in by_sql) == by_grid, (pid, log["id"], day)


PIDS_OF = {login["key"]: login["pid"] for login in DEMO["logins"]}


def _employee(plan, key: str) -> str:
    from services.logs.store.repository import LogRepository

    with plan.session_factory() as session:
        return LogRepository(session).employee(PIDS_OF[key]).id


def _yes(*args):
    return {"covered": True, "reason": "consent.ok"}


def _consent_event(plan, log_id: str, event_type: str) -> None:
    from services.common.envelope import Envelope
    from services.consent.contracts import EVENT_SCHEMAS

    body = {"consent_id": "c-" + log_id, "log_id": log_id, "unit_id": "solsiden-skole"}
    body["expires_at"] = plan.now.isoformat()
    envelope = Envelope.new(event_type, body, source="consent", now=plan.now)
    app.on_consent_event(plan.uow(), envelope, event_schemas=EVENT_SCHEMAS)
