"""The slice through the gateway, over real RabbitMQ, a real database and SMTP:
consent asked for and signed by the family, then the log, then the guardians' mail."""

import pytest

from tests.support.api import active_consent, create_log, log_body, prepare_consent, sign

pytestmark = pytest.mark.integration
LOG_MAIL = "Det er opprettet en stafettlogg for barnet ditt"
ASK_MAIL = "Vi ber om samtykke til en stafettlogg"


def test_R30_R60_consent_signed_by_both_guardians_then_log_then_mail(stack, demo):
    asked_before = len(stack.mail.about(ASK_MAIL))
    consent = prepare_consent(stack.client, stack.headers, demo)
    assert consent["status"] == "pending" and consent["signatures_required"] == 2
    asks = stack.mail.wait_for_subject(ASK_MAIL, asked_before + 2)[asked_before:]
    assert sorted(m["To"] for m in asks) == sorted(g["email"] for g in demo["guardians"])
    assert f"/consents/{consent['id']}" in asks[0].get_content()

    # Not yet: one of two guardians has signed.
    half = sign(stack.client, stack.headers, consent["id"], "guardian")
    assert half["status"] == "pending"
    refused = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "consent.pending"

    signed = sign(stack.client, stack.headers, consent["id"], "guardian2")
    assert signed["status"] == "active"
    assert all(p["signed"] for p in signed["parties"])

    before = len(stack.mail.about(LOG_MAIL))
    created = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert created.status_code == 201, created.json
    log = created.json
    assert created.headers["Location"] == f"/api/v1/logs/{log['id']}"
    assert log["child"]["pid"] == demo["child"]["pid"]
    assert log["your_roles"] == ["holder"]

    mails = stack.mail.wait_for_subject(LOG_MAIL, before + 2)[before:]
    assert sorted(m["To"] for m in mails) == sorted(g["email"] for g in demo["guardians"])
    for mail in mails:
        text = mail.get_content()
        assert "Solsiden skole" in text and f"/logs/{log['id']}" in text
        assert demo["child"]["pid"] not in text  # no national id in mail

    read = stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("guardian"))
    assert read.status_code == 200
    assert read.json["your_roles"] == ["guardian"]
    assert read.json["holder"]["name"] == "Hanne Holder"


def test_R6_unit_leader_reads_and_an_outsider_may_not_learn_the_log_exists(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    log = create_log(stack.client, stack.headers, demo, consent["id"])
    assert stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("leader")).json[
        "your_roles"
    ] == ["unit_leader"]
    refused = stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("actor"))
    assert refused.status_code == 404
    assert refused.json["error"]["code"] == "log.not_found"


def test_R30_log_without_consent_is_409(stack, demo):
    response = stack.client.post(
        "/api/v1/logs", json=log_body(demo, "0" * 32), headers=stack.headers("holder")
    )
    assert response.status_code == 409
    assert response.json["error"] == {
        "code": "consent.not_found",
        "field": "consent_id",
        "message": "no valid consent covers this log",
    }


def test_R33_consent_for_another_child_does_not_cover(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    other_child = {"pid": "47051651010", "name": "Kari"}  # a D-number
    response = stack.client.post(
        "/api/v1/logs",
        json=log_body(demo, consent["id"], child=other_child),
        headers=stack.headers("holder"),
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "consent.other_child"


def test_R30_consent_without_log_purpose_does_not_cover(stack, demo):
    consent = active_consent(
        stack.client,
        stack.headers,
        demo,
        scope={"purposes": ["read_grant"], "read_grants": ["23469030024"]},
    )
    response = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "consent.purpose_not_covered"


def test_R30_a_consent_covers_one_log_only(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    create_log(stack.client, stack.headers, demo, consent["id"])
    # At once, before the consent service has even heard of the first log.
    again = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert (again.status_code, again.json["error"]["code"]) == (409, "consent.already_used")


def test_R6_only_a_holder_of_the_unit_asks_for_consent_or_creates_a_log(stack, demo):
    from tests.support.api import consent_request

    refused = stack.client.post(
        "/api/v1/consents", json=consent_request(demo), headers=stack.headers("actor")
    )
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "consent.not_a_holder"
    consent = active_consent(stack.client, stack.headers, demo)
    response = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("leader")
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "log.not_a_holder"


def test_unknown_log_is_404(stack):
    response = stack.client.get("/api/v1/logs/nope", headers=stack.headers("holder"))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "log.not_found"


def test_readyz_reports_every_service(stack):
    response = stack.client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {
        "status": "ready",
        "broker": "ok",
        "services": {
            "logs": "ok",
            "consent": "ok",
            "transfer": "ok",
            "notify": "ok",
            "archive": "ok",
        },
    }


def test_the_correlation_id_is_echoed(stack):
    response = stack.client.get(
        "/api/v1/logs/nope", headers=stack.headers("holder") | {"X-Correlation-Id": "trace-42"}
    )
    assert response.headers["X-Correlation-Id"] == "trace-42"
