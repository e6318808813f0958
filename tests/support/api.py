"""Driving the API as people do, for integration and end-to-end tests."""

from __future__ import annotations


def consent_request(demo, **overrides) -> dict:
    body = {
        "child": demo["child"],
        "unit_id": "solsiden-skole",
        "parties": [
            {"pid": g["pid"], "name": g["name"], "email": g["email"], "role": "guardian"}
            for g in demo["guardians"]
        ],
        "scope": {"purposes": ["log", "share_actors"], "actors": ["solsiden-helsestasjon"]},
        "method": "electronic",
        "language": "nb",
    }
    return body | overrides


def prepare_consent(client, headers, demo, **overrides) -> dict:
    response = client.post(
        "/api/v1/consents", json=consent_request(demo, **overrides), headers=headers("holder")
    )
    assert response.status_code == 201, response.json
    return response.json


def sign(client, headers, consent_id: str, who: str) -> dict:
    response = client.post(f"/api/v1/consents/{consent_id}/signature", headers=headers(who))
    assert response.status_code == 200, response.json
    return response.json


def active_consent(client, headers, demo, signers=("guardian", "guardian2"), **overrides) -> dict:
    """Prepared by the holder and signed with their own logins (both guardians by default)."""
    consent = prepare_consent(client, headers, demo, **overrides)
    for who in signers:
        consent = sign(client, headers, consent["id"], who)
    assert consent["status"] == "active", consent
    return consent


def log_body(demo, consent_id, **overrides) -> dict:
    body = {
        "unit_id": "solsiden-skole",
        "consent_id": consent_id,
        "child": demo["child"],
        "guardians": demo["guardians"],
    }
    return body | overrides


def create_log(client, headers, demo, consent_id, **overrides) -> dict:
    response = client.post(
        "/api/v1/logs", json=log_body(demo, consent_id, **overrides), headers=headers("holder")
    )
    assert response.status_code == 201, response.json
    return response.json
