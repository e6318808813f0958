"""Every role × operation of the access grid, through the gateway on the real stack.

Generated from ``GRID``: a role without the right to read gets 404 (it may not learn the
log exists), a role that may read but not do the operation gets 403, and every other cell
is allowed. The service role is not reachable through the gateway (a person's token is
always a person); tests/unit/test_access_grid.py covers it.
"""

import pytest

from services.logs.domain.access import GRID, Operation, Role
from tests.support.api import active_consent, create_log

pytestmark = pytest.mark.integration

WHO = {
    Role.HOLDER: "holder",
    Role.ACTOR: "actor",
    Role.GUARDIAN: "guardian",
    Role.YOUNG_PERSON: "young",
    Role.READ_GRANT: "ppt",
    Role.UNIT_LEADER: "leader",
    Role.SUPER_USER: "super",
    Role.SAME_UNIT: "colleague",
    Role.OTHER_UNIT: "helga",
}
LAST = (Operation.CLOSE, Operation.REACTIVATE)  # they change the log's state: run them last


def expected(role: Role, operation: Operation) -> str:
    if not GRID.get((role, Operation.READ)):
        return "404"
    return "allowed" if GRID.get((role, operation)) else "403"


@pytest.fixture(scope="module")
def shared_log(stack, demo):
    """One log at level 2 where every role of the grid has someone."""
    young, ppt = demo["young_person"], next(e for e in demo["employees"] if e["name"] == "Pia PPT")
    consent = active_consent(
        stack.client,
        stack.headers,
        demo,
        child=young,
        parties=[{"pid": young["pid"], "name": young["name"], "role": "young_person"}],
        scope={
            "purposes": ["log", "share_actors", "read_grant"],
            "actors": ["solsiden-helsestasjon"],
            "read_grants": [ppt["pid"]],
        },
        signers=("young",),
    )
    log = create_log(
        stack.client,
        stack.headers,
        demo,
        consent["id"],
        child=young,
        level=2,
        guardians=[demo["guardians"][0]],
    )
    holder = stack.headers("holder")
    staff = stack.client.get("/api/v1/units/solsiden-skole/staff", headers=stack.headers("leader"))
    assert staff.status_code == 200, staff.json
    actor_id = _employee_id(stack, demo, "Arne Aktør")
    answer = stack.client.post(
        f"/api/v1/logs/{log['id']}/actors", json={"employee_id": actor_id}, headers=holder
    )
    assert answer.status_code == 201, answer.json
    answer = stack.client.post(
        f"/api/v1/logs/{log['id']}/grants",
        json={"pid": ppt["pid"], "name": ppt["name"]},
        headers=holder,
    )
    assert answer.status_code == 201, answer.json
    return log


def _employee_id(stack, demo, name: str) -> str:
    employee = next(e for e in demo["employees"] if e["name"] == name)
    headers = {"Authorization": f"Bearer {stack.idp.issue('helga')}"}
    unit = employee["unit_id"]
    answer = stack.client.get(f"/api/v1/units/{unit}/staff", headers=headers)
    assert answer.status_code == 200, answer.json
    return next(s["id"] for s in answer.json["items"] if s["name"] == name)


def attempt(stack, log_id: str, who: str, operation: Operation):
    """One request that needs exactly ``operation`` on the log."""
    client, headers, base = stack.client, stack.headers(who), f"/api/v1/logs/{log_id}"
    holder = stack.headers("holder")
    if operation is Operation.READ:
        return client.get(base, headers=headers)
    if operation is Operation.WRITE_PLAN:
        body = {
            "description": "Ida er mye borte.",
            "category": "school_absence",
            "goal": "Ida møter hver dag.",
        }
        return client.post(base + "/concerns", json=body, headers=headers)
    if operation is Operation.POST_HIGHLIGHT:
        return client.post(base + "/highlights", json={"text": "God uke!"}, headers=headers)
    if operation is Operation.FAMILY_VERDICT:
        body = {
            "description": "Ida sover lite.",
            "category": "health",
            "goal": "Ida sover åtte timer.",
        }
        concern = client.post(base + "/concerns", json=body, headers=holder).json
        measure = client.post(
            f"{base}/concerns/{concern['id']}/measures",
            json={"text": "Legg bort mobilen kl. 22.", "arena": "home"},
            headers=holder,
        ).json
        return client.post(
            f"{base}/measures/{measure['id']}/family-verdict",
            json={"verdict": "worked"},
            headers=headers,
        )
    if operation is Operation.PRIVATE_NOTE:
        return client.post(base + "/private-notes", json={"text": "Husk."}, headers=headers)
    if operation is Operation.SHARE:
        ppt = stack.pids["ppt"]
        return client.post(base + "/grants", json={"pid": ppt, "name": "Pia PPT"}, headers=headers)
    if operation is Operation.MEETING_MODE:
        answer = client.post(base + "/meeting-mode", headers=headers)
        client.delete("/api/v1/me/meeting-mode", headers=headers)
        return answer
    if operation is Operation.CLOSE:
        return client.post(base + "/closure", headers=headers)
    if operation is Operation.REACTIVATE:
        return client.post(base + "/reactivation", headers=headers)
    raise AssertionError(f"no request for {operation}")


CELLS = [
    (role, operation)
    for operation in [o for o in Operation if o not in LAST] + list(LAST)
    for role in WHO
]


@pytest.mark.parametrize(
    ("role", "operation"), CELLS, ids=[f"{r.value}-{o.value}" for r, o in CELLS]
)
def test_the_grid_through_the_gateway(stack, demo, shared_log, role, operation):
    stack.pids = {login["key"]: login["pid"] for login in demo["logins"]}
    answer = attempt(stack, shared_log["id"], WHO[role], operation)
    want = expected(role, operation)
    if want == "allowed":
        assert answer.status_code < 300, (role, operation, answer.json)
    else:
        assert str(answer.status_code) == want, (role, operation, answer.json)
        code = answer.json["error"]["code"]
        assert code == ("log.not_found" if want == "404" else "log.access_denied")
