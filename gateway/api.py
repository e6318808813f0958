"""The REST API under /api/v1: HTTP in, one RPC out, JSON back. No domain rules here."""

from __future__ import annotations

import base64
import uuid
from functools import wraps

from flask import Blueprint, Response, current_app, g, jsonify, request

from services.common import logging as structured_logging
from services.common import validate
from services.common.auth import AuthContext
from services.consent.contracts import PrepareConsentIn, WithdrawIn
from services.logs.contracts import CreateLogIn

from .auth import bearer_token
from .errors import RequestError

api = Blueprint("api", __name__, url_prefix="/api/v1")


@api.after_request
def echo_correlation_id(response):
    """The id to quote to the operator; it is on every log line the request caused."""
    if "auth" in g:
        response.headers["X-Correlation-Id"] = g.auth.correlation_id
    return response


def authenticated(view):
    """Verify the bearer token and put the caller in ``g.auth`` (R80)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        claims = current_app.extensions["verifier"].verify(
            bearer_token(request.headers.get("Authorization"))
        )
        correlation = request.headers.get("X-Correlation-Id", "")[:64] or uuid.uuid4().hex
        structured_logging.correlation_id.set(correlation)
        g.auth = AuthContext.person(
            pid=claims["pid"],
            subject=str(claims.get("sub") or ""),
            acr=claims.get("acr"),
            correlation_id=correlation,
        )
        return view(*args, **kwargs)

    return wrapper


def json_body(schema=None) -> dict:
    """The JSON object in the body, checked against ``schema`` if given (400/415/422)."""
    if not request.is_json:
        raise RequestError(415, "request.not_json", "send the body as application/json", "body")
    body = request.get_json(silent=True)
    if body is None:
        raise RequestError(400, "request.malformed_json", "the body is not valid JSON", "body")
    if not isinstance(body, dict):
        raise RequestError(400, "request.not_an_object", "the body must be a JSON object", "body")
    if schema is not None:
        validate.load(schema, body)  # the service checks again; this keeps junk off the bus
    return body


def rpc(service: str, method: str, *args):
    return current_app.extensions["rpc"].call(service, method, g.auth.to_dict(), *args)


@api.post("/consents")
@authenticated
def prepare_consent():
    """The holder asks the family for consent (R30)."""
    consent = rpc("consent", "prepare_consent", json_body(PrepareConsentIn))
    return jsonify(consent), 201, {"Location": f"/api/v1/consents/{consent['id']}"}


@api.get("/consents/<consent_id>")
@authenticated
def get_consent(consent_id: str):
    return jsonify(rpc("consent", "get_consent", consent_id))


@api.post("/consents/<consent_id>/signature")
@authenticated
def sign_consent(consent_id: str):
    """A guardian (or the young person) signs with their own login, in one action."""
    return jsonify(rpc("consent", "sign_consent", consent_id))


@api.put("/consents/<consent_id>/scan")
@authenticated
def attach_scan(consent_id: str):
    """The signed paper form, as the raw body (PDF, PNG or JPEG; the type is read from it)."""
    request.max_content_length = current_app.config["SCAN_MAX_BYTES"]
    data = request.get_data(cache=False)
    if not data:
        raise RequestError(400, "request.empty_body", "send the scanned form as the body", "body")
    encoded = base64.b64encode(data).decode("ascii")
    return jsonify(rpc("consent", "attach_scan", consent_id, encoded))


@api.get("/consents/<consent_id>/form.pdf")
@authenticated
def consent_form(consent_id: str):
    """The consent form to print, in the family's language (``?language=``)."""
    language = request.args.get("language") or None
    encoded = rpc("consent", "consent_form", consent_id, language)
    return Response(
        base64.b64decode(encoded),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="samtykke-{consent_id}.pdf"'},
    )


@api.post("/consents/<consent_id>/withdrawal")
@authenticated
def withdraw_consent(consent_id: str):
    """R32: withdraw wholly (empty body) or one ``purpose`` or one ``target``."""
    body = json_body(WithdrawIn) if request.content_length else {}
    return jsonify(rpc("consent", "withdraw_consent", consent_id, body))


@api.get("/me/consents")
@authenticated
def my_consents():
    """Every consent about you or your child, with its history."""
    return jsonify({"items": rpc("consent", "my_consents")})


@api.get("/units/<unit_id>/consents/expiring")
@authenticated
def expiring_consents(unit_id: str):
    """R31: for the unit leader, the unit's consents expiring within ``days`` (default 30)."""
    raw = request.args.get("days", "30")
    if not raw.isdigit():
        raise RequestError(400, "request.bad_query", "days is a whole number", "days")
    return jsonify({"items": rpc("consent", "expiring_in_unit", unit_id, int(raw))})


@api.post("/logs")
@authenticated
def create_log():
    log = rpc("logs", "create_log", json_body(CreateLogIn))
    return jsonify(log), 201, {"Location": f"/api/v1/logs/{log['id']}"}


@api.get("/logs/<log_id>")
@authenticated
def get_log(log_id: str):
    return jsonify(rpc("logs", "get_log", log_id))


@api.get("/me")
@authenticated
def me():
    """Who the gateway thinks you are, and what the directory says of you."""
    staff = rpc("logs", "staff_member", g.auth.pid)
    return jsonify({"subject": g.auth.subject, "acr": g.auth.acr, "staff": staff})
