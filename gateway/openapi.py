"""The OpenAPI 3 document, generated from the services' marshmallow schemas, and its page."""

from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, jsonify
from marshmallow import Schema, fields

from services.consent.contracts import LANGUAGES, ConsentOut, PrepareConsentIn, WithdrawIn
from services.logs.contracts import CreateLogIn, LogOut

docs = Blueprint("docs", __name__)


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "stable machine code"})
    message = fields.String(required=True)
    field = fields.String(metadata={"description": "the field the error is about"})
    details = fields.Dict()


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


def _responses(ok_status: str, ok_schema: str, *extra: str) -> dict:
    out = {
        ok_status: {
            "description": "OK",
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{ok_schema}"}}
            },
        }
    }
    for status in ("401", "403", "503", *extra):
        out[status] = {"$ref": "#/components/responses/Error"}
    return out


def _body(schema: str) -> dict:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


class ConsentList(Schema):
    items = fields.List(fields.Nested(ConsentOut))


C = "/api/v1/consents/{consent_id}"
# path, method, summary, tag, request body, ok status, response schema, error statuses
OPERATIONS = [
    (
        "/api/v1/consents",
        "post",
        "Ask the family for consent to a log (R30)",
        "consent",
        "PrepareConsent",
        "201",
        "Consent",
        ("400", "413", "415", "422"),
    ),
    (C, "get", "Read one consent, with its history", "consent", None, "200", "Consent", ("404",)),
    (
        C + "/signature",
        "post",
        "Sign with your own login (guardian or young person)",
        "consent",
        None,
        "200",
        "Consent",
        ("404", "409"),
    ),
    (
        C + "/scan",
        "put",
        "Upload the signed paper form (PDF, PNG, JPEG); makes it active",
        "consent",
        "binary",
        "200",
        "Consent",
        ("404", "409", "413", "415"),
    ),
    (
        C + "/form.pdf",
        "get",
        "The consent form to print, in the family's language",
        "consent",
        None,
        "200",
        "pdf",
        ("404", "422"),
    ),
    (
        C + "/withdrawal",
        "post",
        "Withdraw wholly (empty body) or one purpose or target (R32)",
        "consent",
        "Withdraw",
        "200",
        "Consent",
        ("404", "409", "422"),
    ),
    (
        "/api/v1/me/consents",
        "get",
        "Every consent about you or your child",
        "consent",
        None,
        "200",
        "ConsentList",
        (),
    ),
    (
        "/api/v1/units/{unit_id}/consents/expiring",
        "get",
        "For the unit leader: consents expiring within `days` (R31)",
        "consent",
        None,
        "200",
        "ConsentList",
        ("400",),
    ),
    (
        "/api/v1/logs",
        "post",
        "Create a log for a child; refused without consent (R30)",
        "logs",
        "CreateLog",
        "201",
        "Log",
        ("400", "404", "409", "413", "415", "422"),
    ),
    (
        "/api/v1/logs/{log_id}",
        "get",
        "Read a log (every read is recorded, R8)",
        "logs",
        None,
        "200",
        "Log",
        ("404",),
    ),
]
QUERY = {
    (C + "/form.pdf", "get"): [
        {"name": "language", "in": "query", "schema": {"type": "string", "enum": list(LANGUAGES)}}
    ],
    ("/api/v1/units/{unit_id}/consents/expiring", "get"): [
        {"name": "days", "in": "query", "schema": {"type": "integer"}}
    ],
}


def build_spec() -> dict:
    spec = APISpec(
        title="Stafettlogg API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "The consent-based relay log around one child."},
    )
    spec.components.security_scheme(
        "idporten", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    for name, schema in [
        ("Error", Error),
        ("CreateLog", CreateLogIn),
        ("Log", LogOut),
        ("PrepareConsent", PrepareConsentIn),
        ("Withdraw", WithdrawIn),
        ("Consent", ConsentOut),
        ("ConsentList", ConsentList),
    ]:
        spec.components.schema(name, schema=schema)
    spec.components.response(
        "Error",
        {
            "description": "A JSON error naming the field",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    )
    for path, method, summary, tag, body, ok, out, errors in OPERATIONS:
        operation = {
            "summary": summary,
            "tags": [tag],
            "security": [{"idporten": []}],
            "responses": _responses(ok, out, *errors),
        }
        if body == "binary":
            operation["requestBody"] = {
                "required": True,
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in ("application/pdf", "image/png", "image/jpeg")
                },
            }
        elif body:
            operation["requestBody"] = _body(body)
        if out == "pdf":
            operation["responses"][ok] = {
                "description": "the form",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", path)
        ]
        params += QUERY.get((path, method), [])
        if params:
            operation["parameters"] = params
        spec.path(path, operations={method: operation})
    return spec.to_dict()


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stafettlogg API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.op{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
.m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:.85rem}
</style></head><body>
<h1>Stafettlogg API</h1>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Every call needs <code>Authorization: Bearer &lt;ID-porten token&gt;</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/api/v1/openapi.json').then(r => r.json()).then(spec => {
  const root = document.getElementById('ops'); root.textContent = '';
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const div = document.createElement('div'); div.className = 'op';
      const h = document.createElement('h3');
      const m = document.createElement('span'); m.className = 'm'; m.textContent = method;
      h.append(m, document.createTextNode(path)); div.append(h);
      const p = document.createElement('p'); p.textContent = op.summary || ''; div.append(p);
      const json = op.requestBody && op.requestBody.content['application/json'];
      const ref = json && json.schema.$ref;
      if (ref) {
        const name = ref.split('/').pop();
        const pre = document.createElement('pre');
        pre.textContent = name + ' ' + JSON.stringify(spec.components.schemas[name], null, 2);
        div.append(pre);
      }
      const codes = document.createElement('p');
      codes.textContent = 'Responses: ' + Object.keys(op.responses).join(', ');
      div.append(codes); root.append(div);
    }
  }
});
</script></body></html>"""


@docs.get("/api/v1/openapi.json")
def openapi_json():
    return jsonify(build_spec())


@docs.get("/api/v1/docs")
def docs_page():
    return Response(PAGE, mimetype="text/html")
