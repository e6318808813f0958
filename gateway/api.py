"""What every view of the REST API shares: the token check, the body and query checks, and
the one RPC with the caller's AuthContext. No domain rules here; the endpoints themselves
are rows in ``gateway/routes`` (made into views by ``gateway/endpoints.register``)."""

from __future__ import annotations

import re
import uuid
from functools import wraps

from flask import current_app, g, request
from marshmallow import EXCLUDE, ValidationError
from marshmallow import fields as ma_fields

from services.common import logging as structured_logging
from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import Invalid

from .auth import bearer_token
from .errors import RequestError

PREFIX = "/api/v1"
# Text no request may carry: the NUL character (PostgreSQL cannot store it; the document
# says so with TEXT_PATTERN) and lone UTF-16 surrogates (not Unicode text at all).
NUL = validate.NUL
SURROGATE = re.compile("[\ud800-\udfff]")
TEXT_PATTERN = r"^[^\x00]*$"


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


def json_body(schema=None, *, required: bool = True) -> dict:
    """The JSON object in the body, checked against ``schema`` if given (400/413/415/422).

    The object is returned as sent: the service loads it again with the same schema."""
    if not required and not request.content_length:
        return {}
    if not request.is_json:
        raise RequestError(415, "request.not_json", "send the body as application/json", "body")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes
        body = None
    if body is None:
        raise RequestError(400, "request.malformed_json", "the body is not valid JSON", "body")
    if not isinstance(body, dict):
        raise RequestError(400, "request.not_an_object", "the body must be a JSON object", "body")
    if validate.first_text(body, SURROGATE.search) is not None:
        raise RequestError(400, "request.malformed_json", "the body is not valid Unicode", "body")
    if schema is not None:
        validate.load(schema, body)  # the service checks again; this keeps junk off the bus
    return body


def query_args(schema_cls) -> dict:
    """The query string loaded with ``schema_cls``; an empty parameter (``?language=``) is
    taken as not given.

    A parameter the schema does not name, or one missing or not of its type, is 400
    (``request.bad_query``); one that breaks a rule of the schema (a range, a choice) is
    422, as a body field would be."""
    schema = schema_cls(unknown=EXCLUDE)
    by_key = {field.data_key or name: field for name, field in schema.fields.items()}
    for key in request.args:
        if key not in by_key:
            raise RequestError(400, "request.bad_query", f"{key}: no such parameter", key)
    raw = {}
    for key, field in by_key.items():
        values = [value for value in request.args.getlist(key) if value != ""]
        if any(NUL.search(value) for value in values):
            raise RequestError(400, "request.bad_query", f"{key}: may not contain NUL", key)
        if values:
            raw[key] = values if isinstance(field, ma_fields.List) else values[0]
    try:
        return schema.load(raw)
    except ValidationError as exc:
        key = sorted(exc.messages, key=str)[0]
        messages = exc.messages[key]
        message = messages[0] if isinstance(messages, list) and messages else str(messages)
        field = by_key.get(key)
        if field is not None and message in field.error_messages.values():
            raise RequestError(400, "request.bad_query", f"{key}: {message}", key) from exc
        raise Invalid("validation.invalid", message, field=key, details=exc.messages) from exc


def call(rpc: str, *args):
    """``rpc`` ("service.method") with the caller's AuthContext first, then ``args``."""
    service, method = rpc.split(".", 1)
    return current_app.extensions["rpc"].call(service, method, g.auth.to_dict(), *args)
