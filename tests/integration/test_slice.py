"""The foundation slice through the gateway, over real RabbitMQ, a real database and SMTP."""

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.integration


def consent_body(demo, **overrides):
    body = {
        "child_pid": demo["child"]["pid"],
        "unit_id": "solsiden-skole",
        "consenting": [g["pid"] for g in demo["guardians"]],
        "purposes": ["log", "share_actors"],
        "method": "paper",
        "given_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
    }
    return body | overrides


def log_body(demo, consent_id, **overrides):
    body = {
        "unit_id": "solsiden-skole",
        "consent_id": consent_id,
        "child": demo["child"],
        "guardians": demo["guardians"],
    }
    return body | overrides


def record_consent(stack, demo, **overrides):
    response = stack.client.post(
        "/api/v1/consents", json=consent_body(demo, **overrides), headers=stack.headers("holder")
    )
    assert response.status_code == 201, response.json
    return response.json


def test_R30_R60_holder_creates_log_with_consent_and_guardians_are_mailed(stack, demo):
    consent = record_consent(stack, demo)
    assert consent["status"] == "active"
    before = len(stack.mail.messages())

    created = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert created.status_code == 201, created.json
    log = created.json
    assert created.headers["Location"] == f"/api/v1/logs/{log['id']}"
    assert log["child"]["pid"] == demo["child"]["pid"]
    assert log["your_roles"] == ["holder"]

    mails = stack.mail.wait_for(before + 2)[before:]
    assert sorted(m["To"] for m in mails) == sorted(g["email"] for g in demo["guardians"])
    for mail in mails:
        assert mail["Subject"] == "Det er opprettet en stafettlogg for barnet ditt"
        text = mail.get_content()
        assert "Solsiden skole" in text and f"/logs/{log['id']}" in text
        assert demo["child"]["pid"] not in text  # no national id in mail

    read = stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("guardian"))
    assert read.status_code == 200
    assert read.json["your_roles"] == ["guardian"]
    assert read.json["holder"]["name"] == "Hanne Holder"


def test_R6_unit_leader_reads_and_outsider_is_refused(stack, demo):
    consent = record_consent(stack, demo)
    log = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    ).json
    assert stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("leader")).json[
        "your_roles"
    ] == ["unit_leader"]
    refused = stack.client.get(f"/api/v1/logs/{log['id']}", headers=stack.headers("actor"))
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "log.access_denied"


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
    consent = record_consent(stack, demo)
    other_child = {"pid": "47051651010", "name": "Kari"}  # a D-number  # not the consent's child
    response = stack.client.post(
        "/api/v1/logs",
        json=log_body(demo, consent["id"], child=other_child),
        headers=stack.headers("holder"),
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "consent.other_child"


def test_R30_consent_without_log_purpose_does_not_cover(stack, demo):
    consent = record_consent(stack, demo, purposes=["read_grant"])
    response = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "consent.purpose_not_covered"


def test_R6_only_a_holder_of_the_unit_records_consent_or_creates_a_log(stack, demo):
    refused = stack.client.post(
        "/api/v1/consents", json=consent_body(demo), headers=stack.headers("actor")
    )
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "consent.not_a_holder"
    consent = record_consent(stack, demo)
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
