"""R30–R33 through the gateway on real RabbitMQ: signing, the paper route, withdrawal,
expiry under a controlled clock, and every bad input with its status and code."""

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from services.common.auth import AuthContext
from services.common.errors import NotFound
from tests.conftest import SCAN_LIMIT
from tests.support.api import active_consent, consent_request, create_log, prepare_consent, sign
from tests.support.infra import load_demo, wait_until

pytestmark = pytest.mark.integration
SYSTEM = AuthContext.system("operator").to_dict()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def linked(stack, log_id):
    """Wait until the consent service has learnt (from log.created) which log it governs."""

    def known():
        try:
            return stack.pool.call("consent", "covers", SYSTEM, log_id, "log")["covered"]
        except NotFound:
            return False

    wait_until(known, what="the consent to know its log")


def log_state(stack, log_id):
    return stack.client.get(f"/api/v1/logs/{log_id}", headers=stack.headers("holder")).json


def mails_about(stack, consent_id, subject_start):
    return [
        m
        for m in stack.mail.messages()
        if m["Subject"].startswith(subject_start) and consent_id in m.get_content()
    ]


# ---------------------------------------------------------------- expiry (R31)


def test_R31_warned_at_30_and_7_days_once_each_then_suspended_then_renewed(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    log = create_log(stack.client, stack.headers, demo, consent["id"])
    linked(stack, log["id"])
    expires = datetime.fromisoformat(consent["expires_at"])

    def run_timer_at(moment):
        with time_machine.travel(moment, tick=True):
            return stack.pool.call("consent", "lapse_due", SYSTEM)

    run_timer_at(expires - timedelta(days=29))
    run_timer_at(expires - timedelta(days=28))  # the second look sends nothing more
    run_timer_at(expires - timedelta(days=6))
    run_timer_at(expires - timedelta(days=5))
    warnings = wait_until(
        lambda: (
            len(mails_about(stack, consent["id"], "Samtykket til en stafettlogg går ut om 7")) == 2
            and mails_about(stack, consent["id"], "Samtykket til en stafettlogg går ut om")
        ),
        what="the warnings",
    )
    subjects = sorted(m["Subject"] for m in warnings)
    assert (
        subjects
        == ["Samtykket til en stafettlogg går ut om 30 dager"] * 2
        + ["Samtykket til en stafettlogg går ut om 7 dager"] * 2
    )
    assert sorted({m["To"] for m in warnings}) == [
        "hanne.holder@kommune.example",
        "lene.leder@kommune.example",
    ]

    run_timer_at(expires + timedelta(minutes=1))
    with time_machine.travel(expires + timedelta(minutes=2), tick=True):
        state = wait_until(
            lambda: (s := log_state(stack, log["id"]))["lacks_consent"] and s,
            what="the log to lack consent",
        )
        assert state["status"] == "active"
        answer = stack.pool.call(
            "consent", "covers", SYSTEM, log["id"], "share_actors", "solsiden-helsestasjon"
        )
        assert answer == {
            "covered": False,
            "reason": "consent.expired",
            "consent_id": consent["id"],
        }

        renewal = prepare_consent(stack.client, stack.headers, demo, log_id=log["id"])
        assert renewal["supersedes"] == consent["id"]
        sign(stack.client, stack.headers, renewal["id"], "guardian")
        assert sign(stack.client, stack.headers, renewal["id"], "guardian2")["status"] == "active"
        wait_until(
            lambda: not log_state(stack, log["id"])["lacks_consent"],
            what="the renewal to lift the lack",
        )
        old = stack.client.get(
            f"/api/v1/consents/{consent['id']}", headers=stack.headers("guardian")
        ).json
        assert old["status"] == "superseded"
        assert (
            stack.pool.call("consent", "covers", SYSTEM, log["id"], "log")["consent_id"]
            == renewal["id"]
        )


# ---------------------------------------------------------------- withdrawal (R32)


def test_R32_whole_withdrawal_makes_the_log_passive_and_tells_holder_and_leader(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    log = create_log(stack.client, stack.headers, demo, consent["id"])
    linked(stack, log["id"])
    response = stack.client.post(
        f"/api/v1/consents/{consent['id']}/withdrawal", headers=stack.headers("guardian2")
    )
    assert response.status_code == 200 and response.json["status"] == "withdrawn"
    state = wait_until(
        lambda: (s := log_state(stack, log["id"]))["status"] == "passive" and s,
        what="the log to go passive",
    )
    assert state["lacks_consent"] is True
    told = wait_until(
        lambda: len(m := mails_about(stack, consent["id"], "Familien har trukket")) == 2 and m,
        what="holder and leader to be told",
    )
    assert sorted(m["To"] for m in told) == [
        "hanne.holder@kommune.example",
        "lene.leder@kommune.example",
    ]
    again = stack.client.post(
        f"/api/v1/consents/{consent['id']}/withdrawal", headers=stack.headers("guardian")
    )
    assert (again.status_code, again.json["error"]["code"]) == (409, "consent.already_withdrawn")


def test_R32_partial_withdrawal_removes_exactly_the_access_it_names(stack, demo):
    consent = active_consent(
        stack.client,
        stack.headers,
        demo,
        scope={
            "purposes": ["log", "share_actors", "transfer_municipality"],
            "actors": ["solsiden-helsestasjon", "ppt"],
            "transfer_municipalities": ["*"],
        },
    )
    log = create_log(stack.client, stack.headers, demo, consent["id"])

    def covered(purpose, target=None):
        return stack.pool.call("consent", "covers", SYSTEM, log["id"], purpose, target)["covered"]

    linked(stack, log["id"])
    assert covered("share_actors", "ppt") and covered("transfer_municipality", "0301")
    response = stack.client.post(
        f"/api/v1/consents/{consent['id']}/withdrawal",
        json={"purpose": "share_actors", "target": "ppt"},
        headers=stack.headers("guardian"),
    )
    assert response.status_code == 200 and response.json["status"] == "active"
    assert not covered("share_actors", "ppt")
    assert covered("share_actors", "solsiden-helsestasjon") and covered("log")
    assert covered("transfer_municipality", "0301")
    assert log_state(stack, log["id"])["status"] == "active"


# ---------------------------------------------------------------- the paper route


def test_R30_paper_request_turns_active_with_the_signed_scan(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo, method="paper")
    form = stack.client.get(
        f"/api/v1/consents/{consent['id']}/form.pdf?language=ar", headers=stack.headers("holder")
    )
    assert form.status_code == 200 and form.mimetype == "application/pdf"
    assert form.data.startswith(b"%PDF")
    response = stack.client.put(
        f"/api/v1/consents/{consent['id']}/scan",
        data=PNG,
        content_type="image/png",
        headers=stack.headers("holder"),
    )
    assert response.status_code == 200, response.json
    assert response.json["status"] == "active"
    assert response.json["scan_sha256"] == hashlib.sha256(PNG).hexdigest()
    twice = stack.client.put(
        f"/api/v1/consents/{consent['id']}/scan",
        data=PNG,
        content_type="image/png",
        headers=stack.headers("holder"),
    )
    assert (twice.status_code, twice.json["error"]["code"]) == (409, "consent.not_pending")


def test_the_form_in_an_unknown_language_is_422(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo, method="paper")
    response = stack.client.get(
        f"/api/v1/consents/{consent['id']}/form.pdf?language=xx", headers=stack.headers("holder")
    )
    assert (response.status_code, response.json["error"]["field"]) == (422, "language")


# ---------------------------------------------------------------- lists for people


def test_a_guardian_sees_every_consent_with_history_and_a_leader_what_expires(stack, demo):
    consent = active_consent(
        stack.client,
        stack.headers,
        demo,
        expires_at=(datetime.now(UTC) + timedelta(days=20)).isoformat(),
    )
    mine = stack.client.get("/api/v1/me/consents", headers=stack.headers("guardian")).json
    found = next(c for c in mine["items"] if c["id"] == consent["id"])
    assert [h["what"] for h in found["history"]] == [
        "requested",
        "signed by guardian",
        "signed by guardian",
        "activated",
    ]
    assert [p["you"] for p in found["parties"]] == [True, False]

    expiring = stack.client.get(
        "/api/v1/units/solsiden-skole/consents/expiring?days=21", headers=stack.headers("leader")
    ).json["items"]
    assert consent["id"] in [c["id"] for c in expiring]
    later = stack.client.get(
        "/api/v1/units/solsiden-skole/consents/expiring?days=10", headers=stack.headers("leader")
    ).json["items"]
    assert consent["id"] not in [c["id"] for c in later]
    refused = stack.client.get(
        "/api/v1/units/solsiden-skole/consents/expiring?days=21", headers=stack.headers("holder")
    )
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "consent.not_unit_leader")


# ---------------------------------------------------------------- bad input


def post_consent(stack, **overrides):
    return stack.client.post(
        "/api/v1/consents",
        json=consent_request(load_demo(), **overrides),
        headers=stack.headers("holder"),
    )


def test_a_signer_who_is_not_a_guardian_on_record_is_403(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo)
    response = stack.client.post(
        f"/api/v1/consents/{consent['id']}/signature", headers=stack.headers("actor")
    )
    assert (response.status_code, response.json["error"]["code"]) == (403, "consent.not_a_party")


@pytest.mark.parametrize(
    ("expires", "code"),
    [
        (timedelta(days=800), "consent.expiry_too_late"),
        (timedelta(days=-1), "consent.expiry_before_start"),
    ],
)
def test_R31_expiry_past_24_months_or_before_the_start_is_422(stack, expires, code):
    response = post_consent(stack, expires_at=(datetime.now(UTC) + expires).isoformat())
    assert response.status_code == 422
    assert (response.json["error"]["code"], response.json["error"]["field"]) == (code, "expires_at")


def test_R30_consent_by_a_child_under_12_is_422(stack, demo):
    under_12 = "47052050088"  # D-number, born 7 May 2020
    response = post_consent(
        stack,
        child={"pid": under_12, "name": "Lille"},
        parties=[{"pid": under_12, "name": "Lille", "role": "young_person"}],
    )
    assert response.status_code == 422
    assert response.json["error"]["code"] == "consent.child_too_young"


def test_an_upload_that_is_not_a_pdf_or_image_is_415(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo, method="paper")
    response = stack.client.put(
        f"/api/v1/consents/{consent['id']}/scan",
        data=b"<html>not a scan</html>",
        content_type="application/pdf",
        headers=stack.headers("holder"),
    )
    assert (response.status_code, response.json["error"]["code"]) == (415, "consent.scan_type")
    assert (
        stack.client.get(f"/api/v1/consents/{consent['id']}", headers=stack.headers("holder")).json[
            "status"
        ]
        == "pending"
    )


def test_an_upload_over_the_limit_is_413(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo, method="paper")
    response = stack.client.put(
        f"/api/v1/consents/{consent['id']}/scan",
        data=PNG + b"\x00" * SCAN_LIMIT,
        content_type="image/png",
        headers=stack.headers("holder"),
    )
    assert (response.status_code, response.json["error"]["code"]) == (413, "request.too_large")


def test_the_service_refuses_an_oversized_scan_itself(stack, demo):
    consent = prepare_consent(stack.client, stack.headers, demo, method="paper")
    big = base64.b64encode(PNG + b"\x00" * (11 * 1024 * 1024)).decode()
    holder = AuthContext.person(demo["employees"][1]["pid"], "holder").to_dict()
    from services.common.errors import TooLarge

    with pytest.raises(TooLarge):
        stack.pool.call("consent", "attach_scan", holder, consent["id"], big)


def test_R33_covers_for_an_unknown_log_is_404(stack):
    with pytest.raises(NotFound):
        stack.pool.call("consent", "covers", SYSTEM, "no-such-log", "log")
    response = stack.client.get("/api/v1/consents/nope", headers=stack.headers("guardian"))
    assert response.status_code == 404
