"""Consent: one row per endpoint (see gateway/endpoints.py for the calling convention)."""

import base64

from flask import Response, current_app, request
from marshmallow import Schema, fields, validate

from services.consent.contracts import LANGUAGES, ConsentOut, PrepareConsentIn, WithdrawIn

from ..endpoints import Raw, Route
from ..errors import RequestError

CONSENT_ID = "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"
CONSENT = {
    "id": CONSENT_ID,
    "unit_id": "solsiden-skole",
    "log_id": None,
    "child_name": "Ola Nordmann",
    "status": "pending",
    "method": "electronic",
    "language": "nb",
    "scope": {
        "purposes": ["log", "share_actors"],
        "actors": ["solsiden-helsestasjon"],
        "transfer_units": [],
        "transfer_municipalities": [],
        "read_grants": 0,
    },
    "parties": [
        {"name": "Gro Foresatt", "role": "guardian", "signed": False, "you": False},
        {"name": "Per Foresatt", "role": "guardian", "signed": False, "you": False},
    ],
    "signatures_required": 2,
    "created_at": "2026-01-05T09:00:00+00:00",
    "activated_at": None,
    "expires_at": None,
    "requested_expiry": None,
    "scan_sha256": None,
    "supersedes": None,
    "withdrawn": [],
    "history": [{"at": "2026-01-05T09:00:00+00:00", "what": "requested"}],
}
PREPARE = {
    "child": {"pid": "07451651190", "name": "Ola Nordmann"},
    "unit_id": "solsiden-skole",
    "parties": [
        {
            "pid": "09428340024",
            "name": "Gro Foresatt",
            "email": "gro.foresatt@example.no",
            "role": "guardian",
        },
        {
            "pid": "15498141002",
            "name": "Per Foresatt",
            "email": "per.foresatt@example.no",
            "role": "guardian",
        },
    ],
    "scope": {"purposes": ["log", "share_actors"], "actors": ["solsiden-helsestasjon"]},
    "method": "electronic",
    "language": "nb",
}


class FormQuery(Schema):
    language = fields.String(
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "the form's language; the family's own if not given"},
    )


class ExpiringQuery(Schema):
    days = fields.Integer(load_default=30, validate=validate.Range(min=1, max=366))


def consent_form(rpc, consent_id: str, query: dict) -> Response:
    """The PDF comes base64 over the bus; the client gets the bytes."""
    encoded = rpc(consent_id, query.get("language"))
    return Response(
        base64.b64decode(encoded),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="samtykke-{consent_id}.pdf"'},
    )


def attach_scan(rpc, consent_id: str):
    """The raw body (the service reads its type from the bytes), base64 over the bus."""
    request.max_content_length = current_app.config["SCAN_MAX_BYTES"]
    data = request.get_data(cache=False)
    if not data:
        raise RequestError(400, "request.empty_body", "send the scanned form as the body", "body")
    return rpc(consent_id, base64.b64encode(data).decode("ascii"))


def expiring_in_unit(rpc, unit_id: str, query: dict):
    """The RPC takes the number of days itself."""
    return rpc(unit_id, query["days"])


C = "/consents/{consent_id}"
ROUTES = (
    Route(
        "POST",
        "/consents",
        rpc="consent.prepare_consent",
        summary="Ask the family for consent to a log (R30)",
        tag="consent",
        body=PrepareConsentIn,
        out=ConsentOut,
        status=201,
        errors=(404,),
        rules=(
            "consent.expiry_before_start",
            "consent.expiry_too_late",
            "consent.party_duplicate",
            "consent.child_as_guardian",
            "consent.young_person_not_child",
            "consent.child_too_young",
            "consent.young_reason_required",
            "consent.no_purpose",
            "consent.target_missing",
            "consent.renewal_other_child",
            "child.birth_date_required",
            "child.birth_date_mismatch",
        ),
        location="/api/v1/consents/{id}",
        links={"consent_id": "$response.body#/id"},
        example=PREPARE,
        out_example=CONSENT,
    ),
    Route(
        "GET",
        C,
        rpc="consent.get_consent",
        summary="Read one consent, with its history",
        tag="consent",
        out=ConsentOut,
        out_example=CONSENT,
    ),
    Route(
        "POST",
        C + "/signature",
        rpc="consent.sign_consent",
        summary="Sign with your own login (guardian or young person)",
        tag="consent",
        out=ConsentOut,
        errors=(409,),
        out_example=CONSENT,
    ),
    Route(
        "PUT",
        C + "/scan",
        rpc="consent.attach_scan",
        summary="Upload the signed paper form (PDF, PNG, JPEG); makes it active",
        tag="consent",
        body=Raw("application/pdf", "image/png", "image/jpeg"),
        out=ConsentOut,
        errors=(409,),
        view=attach_scan,
        out_example=CONSENT,
    ),
    Route(
        "GET",
        C + "/form.pdf",
        rpc="consent.consent_form",
        summary="The consent form to print, in the family's language",
        tag="consent",
        query=FormQuery,
        out=Raw("application/pdf"),
        view=consent_form,
    ),
    Route(
        "POST",
        C + "/withdrawal",
        rpc="consent.withdraw_consent",
        summary="Withdraw wholly (empty body) or one purpose or target (R32)",
        tag="consent",
        body=WithdrawIn,
        body_required=False,
        out=ConsentOut,
        errors=(409,),
        rules=("consent.not_in_scope",),
        example={"purpose": "share_actors", "target": "solsiden-helsestasjon"},
        out_example=CONSENT,
    ),
    Route(
        "GET",
        "/me/consents",
        rpc="consent.my_consents",
        summary="Every consent about you or your child",
        tag="consent",
        out=ConsentOut,
        many=True,
        out_example={"items": [CONSENT]},
    ),
    Route(
        "GET",
        "/units/{unit_id}/consents/expiring",
        rpc="consent.expiring_in_unit",
        summary="For the unit leader: consents expiring within `days` (R31)",
        tag="consent",
        query=ExpiringQuery,
        out=ConsentOut,
        many=True,
        view=expiring_in_unit,
        out_example={"items": [CONSENT]},
    ),
)
