"""The OpenAPI document, fuzzed against the real stack (schemathesis, every check enabled).

What must hold for every request generated from the document, sent with the demo holder's
token through the gateway to the five services on RabbitMQ:
- no 5xx, and no status, header or body the document does not list (its schemas included);
- anything the document calls invalid is refused (4xx);
- nothing the document calls valid is refused, except by a rule a JSON schema cannot
  express: 401/403/404/409 (no such id, not yours, no consent) are accepted, and a 422
  only with an error code the operation lists as a business rule (``x-rule-codes``).
The document is taught what a national id is (``format: national-id``) and what a PDF,
PNG or JPEG starts with, so that valid data is valid beyond the reach of a pattern.

Bounded (MAX_EXAMPLES, MAX_STEPS) and deterministic (the same cases every run). It runs on
both backends, as the stack fixture does: PostgreSQL refuses what SQLite lets through (NUL
characters, over-long strings), and a NUL was what it first found there, so running it on
PostgreSQL is not a repeat of the SQLite run.
"""

from datetime import date

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from gateway.endpoints import build_spec
from gateway.routes import ROUTES
from services.common import national_id
from tests.support import api, infra

pytestmark = pytest.mark.integration

# Per operation and phase, and scenarios in the stateful test: about a thousand cases per
# phase in all, so the run stays bounded (~25 s per backend) as rows are added.
MAX_EXAMPLES = max(10, 1000 // len(ROUTES))
MAX_STEPS = 4  # calls in one linked scenario


@st.composite
def national_ids(draw) -> str:
    """Valid fødselsnummer, D-numbers (day + 40) and H-numbers (month + 40), born since 1900."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date.today()))
    kind = draw(st.sampled_from(["fødselsnummer", "d-nummer", "h-nummer"]))
    day = born.day + (40 if kind == "d-nummer" else 0)
    month = born.month + (40 if kind == "h-nummer" else 0)
    # The individual number tells the century: 000-499 for 1900-1999, 500-999 for 2000-2039.
    individual = draw(st.integers(0, 499) if born.year < 2000 else st.integers(500, 999))
    number = f"{day:02d}{month:02d}{born.year % 100:02d}{individual:03d}"
    number += fodselsnummer.calc_check_digit1(number)
    number += fodselsnummer.calc_check_digit2(number)
    return number  # a check digit of "10" makes it 12 long: filtered out below


@st.composite
def duf_numbers(draw) -> str:
    """DUF numbers: a year of registration, six serial digits and UDI's two check digits."""
    first = f"{draw(st.integers(1990, 2026))}{draw(st.integers(0, 999999)):06d}"
    return first + national_id.duf_check_digits(first)


VALID_NATIONAL_IDS = national_ids().filter(fodselsnummer.is_valid)
schemathesis.openapi.format("national-id", VALID_NATIONAL_IDS)
schemathesis.openapi.format("person-id", st.one_of(VALID_NATIONAL_IDS, duf_numbers()))
for media, magic in [
    ("application/pdf", b"%PDF-1.7\n"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", b"\xff\xd8\xff\xe0"),
]:
    schemathesis.openapi.media_type(media, st.binary(max_size=64).map(magic.__add__))


def _is_person_id(value) -> bool:
    try:
        national_id.validate_person(value)
    except national_id.InvalidNationalId:
        return False
    return True


# What a format the document names means, for the check below.
FORMATS = {"national-id": fodselsnummer.is_valid, "person-id": _is_person_id}


@schemathesis.check
def refused_only_by_a_documented_rule(ctx, response, case):
    """A schema-valid request answered 422 names a rule code the operation documents."""
    if response.status_code != 422 or case.meta is None:
        return None
    if not case.meta.generation.mode.is_positive:
        return None
    error = response.json()["error"]
    documented = case.operation.definition.raw.get("x-rule-codes", [])
    if error["code"] in documented or breaks_its_format(case, error.get("field") or ""):
        return None
    raise AssertionError(
        f"a schema-valid request was refused with 422 {error}, and {error['code']!r} is "
        f"not among the rule codes the operation documents: {documented}"
    )


def breaks_its_format(case, path: str) -> bool:
    """Whether the body's value at ``path`` ("guardians.0.pid") breaks the format the
    document gives it. Such a request was not valid after all: schemathesis's coverage
    phase draws a string that has both a pattern and a format from the pattern alone."""
    document = case.operation.schema.raw_schema

    def resolved(schema):
        while isinstance(schema, dict) and "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema if isinstance(schema, dict) else {}

    content = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = resolved(content.get("application/json", {}).get("schema"))
    value = case.body
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value, schema = value[int(part)], resolved(schema.get("items"))
        elif isinstance(value, dict):
            value, schema = value.get(part), resolved(schema.get("properties", {}).get(part))
        else:
            return False
    check = FORMATS.get(schema.get("format"))
    return check is not None and not check(value)


DEMO = infra.load_demo()


def fuzz_config(token: str | None = None, consents: tuple[str, ...] = ()):
    """Every check, both modes, bounded and deterministic. Known values of the demo data
    (the holder's unit, the demo child, an active consent) are mixed in with what is
    drawn, so that requests also get past the business rules to the success paths."""
    known = {
        "units": [unit["id"] for unit in DEMO["units"]],
        "children": [DEMO["child"]["pid"]],
        "consents": list(consents),
    }
    often = [
        ("body.unit_id", "units"),
        ("path.unit_id", "units"),
        ("body.child.pid", "children"),
        ("body.consent_id", "consents"),
    ]
    return schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"} if token else {},
            "dictionaries": {name: {"values": values} for name, values in known.items() if values},
            "parameters": {
                key: {"dictionary": name, "probability": 0.5} for key, name in often if known[name]
            },
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"stateful": {"max-steps": MAX_STEPS}},
            "checks": {
                # 422 too, but only for a documented rule: refused_only_by_a_documented_rule
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                },
            },
        }
    )


# The document as create_app serves it (the first test holds the two equal), loaded at
# collection so that pytest makes one test per operation. (schemathesis.pytest.from_fixture
# would load it from the stack fixture, but its lazy loader does not run on pytest 9.2.)
schema = schemathesis.openapi.from_dict(build_spec(ROUTES), config=fuzz_config())


def test_the_fuzzed_document_is_the_served_one(stack):
    assert stack.client.get("/api/v1/openapi.json").json == schema.raw_schema


@schema.parametrize()
def test_every_operation_answers_as_its_document_says(case, stack):
    # This backend's gateway, for the case and for the checks' own probes (no token, TRACE).
    case.operation.app = case.operation.schema.app = stack.client.application
    case.call_and_validate(headers=stack.headers("holder"))


def test_linked_operations_answer_as_the_document_says(stack):
    """POST /consents -> the consent's own operations, POST /logs -> GET /logs/{log_id}
    (a log needs an active consent: one is made for the scenarios to find)."""
    token = stack.headers("holder")["Authorization"].removeprefix("Bearer ")
    consent = api.active_consent(stack.client, stack.headers, DEMO)
    linked = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        stack.client.application,
        config=fuzz_config(token, consents=(consent["id"],)),
    )
    linked.as_state_machine().run(
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=MAX_STEPS,
            deadline=None,
            database=None,
            derandomize=True,
        )
    )
