"""The plan on a real migrated database (SQLite and PostgreSQL): R2–R19 through the app."""

import pytest
from sqlalchemy import func, select

from services.common.errors import Conflict, Forbidden, Invalid, NotFound, Unsupported
from services.common.messaging import outbox
from services.logs import contracts
from services.logs.store.tables import HistoryRow


def events(plan) -> list[tuple[str, dict]]:
    with plan.session_factory() as session:
        return [
            (row.event_type, row.envelope)
            for row in session.execute(select(outbox).order_by(outbox.c.seq))
        ]


def test_every_change_is_a_history_line_and_an_event_with_a_valid_body(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"])
    plan.measure(log["id"], concern["id"])
    plan.call("holder", "post_highlight", log["id"], {"text": "Ola leste en hel side!"})
    plan.call(
        "holder",
        "plan_meeting",
        log["id"],
        {"starts_at": "2026-12-01T09:00:00+01:00", "place": "Rom 2"},
    )
    found = events(plan)
    assert [t for t, _ in found] == [
        "log.created",
        "concern.registered",
        "measure.planned",
        "highlight.posted",
        "meeting.planned",
    ]
    for event_type, envelope in found:
        contracts.EVENT_SCHEMAS[(event_type, 1)]().load(envelope["body"])
        assert "07451651190" not in str(envelope)  # no national id on the bus
    with plan.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(HistoryRow)) == 4


def test_R12_a_second_active_measure_for_the_same_actor_and_concern_is_refused(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"])
    plan.measure(log["id"], concern["id"])
    with pytest.raises(Conflict) as caught:
        plan.measure(log["id"], concern["id"], text="Les med Ola i helgene.")
    assert (caught.value.code, caught.value.field) == ("measure.actor_busy", "actor_id")
    other = plan.concern(log["id"], category="wellbeing")
    plan.measure(log["id"], other["id"])  # another concern: fine


def test_R13_warns_when_a_concern_lacks_a_service_home_or_child_measure(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"])
    assert {w["code"] for w in measure["warnings"]} == {
        "measure.missing_service",
        "measure.missing_child",
    }
    assert measure["deadline"] == "2027-01-06"  # six weeks by default


def test_R14_measure_text_is_fixed_after_eight_hours(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"])
    plan.later(hours=7, minutes=59)
    plan.call("holder", "revise_measure", log["id"], measure["id"], {"text": "Les ti minutter."})
    plan.later(minutes=2)
    with pytest.raises(Conflict) as caught:
        plan.call("holder", "revise_measure", log["id"], measure["id"], {"text": "Les."})
    assert caught.value.code == "measure.edit_window_closed"


def test_R15_evaluated_once_the_family_verdict_beside_it_and_misregistration_kept(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"])
    verdict = {"verdict": "partly", "comment": "Bedre på dager med lekser."}
    done = plan.call("holder", "evaluate_measure", log["id"], measure["id"], verdict)
    assert (done["status"], done["verdict"]) == ("evaluated", "partly")
    with pytest.raises(Conflict) as caught:
        plan.call("holder", "evaluate_measure", log["id"], measure["id"], verdict)
    assert caught.value.code == "measure.already_evaluated"
    family = plan.call(
        "guardian", "family_verdict", log["id"], measure["id"], {"verdict": "worked"}
    )
    assert (family["verdict"], family["family_verdict"]) == ("partly", "worked")
    with pytest.raises(Forbidden):
        plan.call("guardian", "evaluate_measure", log["id"], measure["id"], verdict)

    second = plan.measure(log["id"], concern["id"], arena="child")
    replaced = plan.call(
        "holder",
        "misregister_measure",
        log["id"],
        second["id"],
        {"replacement": {"text": "Ola velger selv en bok.", "arena": "child"}},
    )
    assert replaced["misregistered"]["status"] == "misregistered"
    assert replaced["replacement"]["replaces_id"] == second["id"]
    whole = plan.call("holder", "get_log", log["id"])
    assert {m["status"] for m in whole["measures"]} == {"evaluated", "misregistered", "active"}


def test_R2_only_the_holder_writes_the_plan_and_R18_family_posts_highlights(plan):
    log = plan.create_log()
    body = {"description": "Ola gruer seg.", "category": "wellbeing", "goal": "Ola gleder seg."}
    with pytest.raises(Forbidden):
        plan.call("guardian", "register_concern", log["id"], body)
    posted = plan.call("guardian", "post_highlight", log["id"], {"text": "God uke!"})
    with pytest.raises(Forbidden) as caught:
        plan.call("holder", "edit_highlight", log["id"], posted["id"], {"text": "Endret"})
    assert caught.value.code == "highlight.not_author"
    edited = plan.call("guardian", "edit_highlight", log["id"], posted["id"], {"text": "Flott!"})
    assert edited["text"] == "Flott!" and edited["yours"]


def test_R51_a_closed_log_is_read_only_until_its_leader_reactivates_it(plan):
    log = plan.create_log()
    plan.call("holder", "close_log", log["id"])
    with pytest.raises(Conflict) as caught:
        plan.concern(log["id"])
    assert caught.value.code == "log.passive"
    assert plan.call("holder", "my_logs", {"status": "passive"})["items"][0]["id"] == log["id"]
    with pytest.raises(Forbidden):
        plan.call("holder", "reactivate_log", log["id"])
    assert plan.call("leader", "reactivate_log", log["id"])["status"] == "active"
    plan.concern(log["id"])


def test_R8_every_read_is_recorded_with_its_parts_and_the_family_sees_who(plan):
    log = plan.create_log()
    plan.call("leader", "get_log", log["id"])
    reads = plan.call("guardian", "access_log", log["id"], None)["items"]
    assert reads[0]["who"] == "Lene Leder"
    assert "concerns" in reads[0]["parts"] and "access_log" not in reads[0]["parts"]
    with pytest.raises(NotFound):
        plan.call("actor", "get_log", log["id"])  # not in the log: may not learn it exists


def test_R3_R7_an_actor_of_another_unit_sees_only_the_concerns_of_their_measures(plan):
    log = plan.create_log(level=1)
    actor_id = _employee_id(plan, "actor")
    with pytest.raises(Invalid) as caught:
        plan.call("holder", "add_actor", log["id"], {"employee_id": actor_id}, covers=_yes)
    assert caught.value.code == "actor.other_unit_at_level_1"
    plan.call("holder", "change_level", log["id"], {"level": 2})
    with pytest.raises(Conflict) as caught:
        plan.call("holder", "add_actor", log["id"], {"employee_id": actor_id}, covers=_no)
    assert caught.value.code == "consent.target_not_covered"
    plan.call("holder", "add_actor", log["id"], {"employee_id": actor_id}, covers=_yes)
    mine = plan.concern(log["id"])
    plan.concern(log["id"], category="wellbeing")
    plan.measure(log["id"], mine["id"], arena="service", actor_id=actor_id)
    seen = plan.call("actor", "get_log", log["id"])
    assert [c["id"] for c in seen["concerns"]] == [mine["id"]]
    assert "history" not in seen["parts"]
    assert plan.call("actor", "my_actor_logs", None)["items"][0]["id"] == log["id"]


def test_R17_meeting_mode_reaches_one_log_only(plan):
    first, second = plan.create_log(), plan.create_log()
    plan.call("holder", "start_meeting_mode", first["id"])
    with pytest.raises(Forbidden) as caught:
        plan.call("holder", "get_log", second["id"])
    assert caught.value.code == "meeting_mode.other_log"
    assert [i["id"] for i in plan.call("holder", "my_logs", None)["items"]] == [first["id"]]
    plan.call("holder", "end_meeting_mode")
    plan.call("holder", "get_log", second["id"])


def test_R19_notes_with_a_pdf_and_private_notes_seen_by_their_author_alone(plan):
    import base64

    log = plan.create_log()
    note = plan.call("holder", "write_note", log["id"], {"text": "Samtale med mor."})
    pdf = base64.b64encode(b"%PDF-1.4\n%fake\n").decode()
    attached = plan.call("holder", "attach_to_note", log["id"], note["id"], pdf, max_bytes=1000)
    assert attached["attachment"]["size"] == 15
    with pytest.raises(Unsupported):
        plan.call(
            "holder",
            "attach_to_note",
            log["id"],
            note["id"],
            base64.b64encode(b"GIF89a").decode(),
            max_bytes=1000,
        )
    assert plan.call("guardian", "note_attachment", log["id"], note["id"]) == pdf
    plan.call("guardian", "write_private_note", log["id"], {"text": "Husk å spørre om lekser."})
    assert len(plan.call("guardian", "private_notes", log["id"])["items"]) == 1
    assert plan.call("holder", "private_notes", log["id"])["items"] == []


def test_R20_writes_of_goals_and_measures_answer_with_klarsprak_hints(plan):
    log = plan.create_log()
    concern = plan.concern(log["id"], goal="Man skal snarest bedre lesingen.")
    assert {"klarsprak.man", "klarsprak.snarest"} <= {h["code"] for h in concern["hints"]}


def _employee_id(plan, key: str) -> str:
    from services.logs.store.repository import LogRepository
    from tests.service.logs_factories import PIDS

    with plan.session_factory() as session:
        return LogRepository(session).employee(PIDS[key]).id


def _yes(*args):
    return {"covered": True, "reason": "consent.ok"}


def _no(*args):
    return {"covered": False, "reason": "consent.target_not_covered"}


def test_R60_an_evaluation_deadline_reminds_its_actor_once_a_few_days_ahead(plan):
    from services.logs import app

    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"], practical=True)  # due in 3 weeks
    assert app.remind_due_evaluations(plan.uow(), now=plan.now) == 0
    plan.later(days=18)
    assert app.remind_due_evaluations(plan.uow(), now=plan.now) == 1
    assert app.remind_due_evaluations(plan.uow(), now=plan.now) == 0
    due = [body for kind, body in events(plan) if kind == "measure.evaluation_due"]
    assert len(due) == 1 and due[0]["body"]["measure_id"] == measure["id"]
    assert due[0]["body"]["days_left"] == 3
    contracts.EVENT_SCHEMAS[("measure.evaluation_due", 1)]().load(due[0]["body"])


def test_R4_R33_a_read_grant_covers_chosen_concerns_without_history_until_it_expires(plan):
    from datetime import timedelta

    log = plan.create_log()
    kept = plan.concern(log["id"])
    plan.concern(log["id"], category="wellbeing")
    reader = {"pid": "03457410084", "name": "Pia PPT"}
    body = reader | {"concern_ids": [kept["id"]], "expires_on": "2026-12-31"}
    with pytest.raises(Conflict) as caught:
        plan.call("holder", "give_grant", log["id"], body, covers=_no)
    assert caught.value.code == "consent.target_not_covered"
    grant = plan.call("holder", "give_grant", log["id"], body, covers=_yes)
    from services.common.auth import AuthContext
    from services.logs import app

    pia = AuthContext.person(reader["pid"], "pia")
    seen = app.get_log(plan.uow(), pia, log["id"], now=plan.now)
    assert [c["id"] for c in seen["concerns"]] == [kept["id"]]
    assert "history" not in seen["parts"] and seen["your_roles"] == ["read_grant"]
    with pytest.raises(NotFound):
        app.get_log(plan.uow(), pia, log["id"], now=plan.now + timedelta(days=37))
    plan.call("holder", "revoke_grant", log["id"], grant["id"])
    with pytest.raises(NotFound):
        app.get_log(plan.uow(), pia, log["id"], now=plan.now)


def test_R33_a_partial_withdrawal_removes_exactly_the_access_it_names(plan):
    from services.common.envelope import Envelope
    from services.consent.contracts import EVENT_SCHEMAS as CONSENT
    from services.logs import app

    log = plan.create_log()
    plan.call(
        "holder", "add_actor", log["id"], {"employee_id": _employee_id(plan, "actor")}, covers=_yes
    )
    grant_body = {"pid": "03457410084", "name": "Pia PPT"}
    plan.call("holder", "give_grant", log["id"], grant_body, covers=_yes)
    narrowed = Envelope.new(
        "consent.narrowed",
        {
            "consent_id": "c",
            "unit_id": "solsiden-skole",
            "log_id": log["id"],
            "purpose": "share_actors",
            "target": "solsiden-helsestasjon",
        },
        source="consent",
    )
    assert app.on_consent_event(plan.uow(), narrowed, event_schemas=CONSENT)
    assert not app.on_consent_event(plan.uow(), narrowed, event_schemas=CONSENT)  # once
    assert plan.call("holder", "list_actors", log["id"])["items"] == []
    assert len(plan.call("holder", "list_grants", log["id"])["items"]) == 1


def test_R6_the_unit_leader_keeps_the_staff_and_no_holder_leaves_with_logs(plan):
    from services.logs import app
    from tests.service.logs_factories import person

    log = plan.create_log()
    staff = app.list_staff(plan.uow(), person("leader"), "solsiden-skole")["items"]
    holder = next(s for s in staff if s["name"] == "Hanne Holder")
    with pytest.raises(Forbidden):
        app.list_staff(plan.uow(), person("holder"), "solsiden-skole")
    new = app.add_staff(
        plan.uow(),
        person("leader"),
        "solsiden-skole",
        {"pid": "03457410084", "name": "Nina Ny", "email": "nina@kommune.example", "can_act": True},
        now=plan.now,
    )
    assert new["can_act"] and not new["can_hold"]
    with pytest.raises(Conflict) as caught:
        app.remove_staff(plan.uow(), person("leader"), "solsiden-skole", holder["id"], now=plan.now)
    assert caught.value.code == "employee.holds_logs"
    plan.call("holder", "close_log", log["id"])
    app.remove_staff(plan.uow(), person("leader"), "solsiden-skole", holder["id"], now=plan.now)
    with pytest.raises(Forbidden) as caught:  # who has left holds no new log
        plan.create_log()
    assert caught.value.code == "log.not_a_holder"


def test_a_super_user_keeps_templates_and_a_holder_starts_a_concern_from_one(plan):
    from services.logs import app
    from tests.service.logs_factories import person  # noqa: F401

    plan.seed_directory()
    from services.common.auth import AuthContext

    with plan.session_factory() as session:
        from services.logs.store.tables import EmployeeRow

        session.get(EmployeeRow, "02507512065").is_super_user = True
        session.commit()
    helga = AuthContext.person("02507512065", "helga")
    body = {
        "category": "school_absence",
        "title": "Skolefravær",
        "description": "Eleven er borte fra skolen flere dager i måneden.",
        "goal": "Eleven er på skolen hver dag i fire uker.",
        "measures": [{"text": "Ring hjem samme morgen ved fravær.", "arena": "service"}],
    }
    with pytest.raises(Forbidden):
        app.save_template(plan.uow(), person("holder"), None, body, now=plan.now, new_id=str)
    template = app.save_template(plan.uow(), helga, None, body, now=plan.now, new_id=lambda: "t1")
    log = plan.create_log()
    concern = plan.call(
        "holder", "register_concern_from_template", log["id"], {"template_id": template["id"]}
    )
    assert concern["category"] == "school_absence"
    assert concern["suggested_measures"][0]["arena"] == "service"


def test_R70_the_leader_overview_counts_the_unit(plan):
    from services.logs import app
    from tests.service.logs_factories import person

    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"], practical=True)
    plan.call("holder", "evaluate_measure", log["id"], measure["id"], {"verdict": "worked"})
    plan.measure(log["id"], concern["id"], arena="child", deadline="2026-12-01")
    app.set_children(plan.uow(), person("leader"), "solsiden-skole", {"children": 40})
    plan.later(days=10)
    seen = app.overview(
        plan.uow(), person("leader"), "solsiden-skole", now=plan.now, expiring=lambda: 2
    )
    assert seen["logs_by_level"] == {"2": 1}
    assert seen["concerns_by_category"] == {"reading_and_learning": 1}
    assert (seen["measures_active"], seen["measures_overdue"]) == (1, 1)
    assert seen["deadlines_kept_share"] == 1.0
    assert (seen["children_with_log"], seen["share_with_log"]) == (1, 0.025)
    assert seen["consents_expiring_30_days"] == 2
    with pytest.raises(Forbidden):
        app.overview(plan.uow(), person("holder"), "solsiden-skole", now=plan.now, expiring=int)


def test_a_crash_between_a_change_and_its_event_leaves_neither(plan):
    from services.common.db import UnitOfWork
    from services.logs import app
    from services.logs.store.tables import ConcernRow
    from tests.service.logs_factories import new_id, person

    class CrashingCommit(UnitOfWork):
        def commit(self):
            self.session.flush()  # the concern, its history and its outbox row reached the db
            raise ConnectionError("the process died here")

    log = plan.create_log()
    before = len(events(plan))
    body = {"description": "Ola gruer seg.", "category": "wellbeing", "goal": "Ola gleder seg."}
    with pytest.raises(ConnectionError):
        app.register_concern(
            CrashingCommit(plan.session_factory),
            person("holder"),
            log["id"],
            body,
            now=plan.now,
            new_id=new_id,
        )
    assert len(events(plan)) == before
    with plan.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ConcernRow)) == 0
        assert session.scalar(select(func.count()).select_from(HistoryRow)) == 0
