"""Every read of a log answers in JSON's own types: dates as ISO 8601 text.

Reads present their answers directly in JSON's types (``unit_of_change.iso``) instead of
walking them again afterwards. A date left as a Python value would still travel (kombu
wraps it as ``{"__type__": "date", ...}`` and unwraps it at the gateway), at a cost on
both sides of every call; so each read's answer is checked here, on every part a log has.
"""

import base64
import json

from tests.service.logs_factories import DEMO, PIDS


def _native(value, where="answer"):
    """Fail on the first value that is not one of JSON's own types."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), where
            _native(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _native(item, f"{where}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), f"{where}: {value!r}"


def _yes(*args):
    return {"covered": True, "reason": "consent.ok"}


def _full_log(plan) -> tuple[dict, dict]:
    """A log with a part of every kind, its measure evaluated by holder and family."""
    log = plan.create_log()
    concern = plan.concern(log["id"])
    measure = plan.measure(log["id"], concern["id"])
    plan.later(days=30)
    verdict = {"verdict": "worked", "comment": "Bra."}
    plan.call("holder", "evaluate_measure", log["id"], measure["id"], verdict)
    plan.call("guardian", "family_verdict", log["id"], measure["id"], verdict)
    meeting = {"starts_at": "2026-12-01T09:00:00+01:00", "place": "Rom 2"}
    plan.call("holder", "plan_meeting", log["id"], meeting)
    plan.call("guardian", "post_highlight", log["id"], {"text": "God uke!"})
    note = plan.call("holder", "write_note", log["id"], {"text": "Samtale med mor."})
    pdf = base64.b64encode(b"%PDF-1.4\n%fake\n").decode()
    plan.call("holder", "attach_to_note", log["id"], note["id"], pdf, max_bytes=1000)
    plan.call("holder", "write_private_note", log["id"], {"text": "Husk å ringe."})
    actor = next(e for e in DEMO["employees"] if e["pid"] == PIDS["actor"])
    employee_id = _employee_id(plan, actor["pid"])
    plan.call("holder", "add_actor", log["id"], {"employee_id": employee_id}, covers=_yes)
    grant = {"pid": PIDS["ppt"], "name": "Pia PPT", "expires_on": "2027-06-30"}
    plan.call("holder", "give_grant", log["id"], grant, covers=_yes)
    return log, note


def _employee_id(plan, pid: str) -> str:
    from services.logs.store.repository import LogRepository

    with plan.session_factory() as session:
        return LogRepository(session).employee(pid).id


def test_R8_every_read_of_a_log_answers_in_json_types(plan):
    log, note = _full_log(plan)
    answers = {
        "get_log (holder)": plan.call("holder", "get_log", log["id"]),
        "get_log (guardian)": plan.call("guardian", "get_log", log["id"]),
        "get_log (actor)": plan.call("actor", "get_log", log["id"]),
        "history": plan.call("holder", "history", log["id"], {}),
        "access_log": plan.call("guardian", "access_log", log["id"], {}),
        "private_notes": plan.call("holder", "private_notes", log["id"]),
        "list_actors": plan.call("holder", "list_actors", log["id"]),
        "list_grants": plan.call("holder", "list_grants", log["id"]),
        "my_logs": plan.call("holder", "my_logs", {}),
        "note_attachment": plan.call("holder", "note_attachment", log["id"], note["id"]),
    }
    whole = answers["get_log (holder)"]
    assert whole["measures"][0]["evaluated_at"] and whole["meetings"] and whole["notes"]
    assert whole["highlights"][0]["posted_at"] and whole["child"]["birth_date"]
    for name, answer in answers.items():
        _native(answer, name)
        json.dumps(answer)  # and nothing a JSON encoder would need help with
