"""Each endpoint declared once: what the gateway serves under /api/v1 is what it documents."""

import re

import pytest

from gateway.app import create_app
from gateway.auth import TokenVerifier
from gateway.endpoints import Route
from gateway.routes import ROUTES
from gateway.rpc import RpcPool
from gateway.settings import GatewaySettings

NOT_IN_THE_TABLE = {("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/docs")}


class NoRpc(RpcPool):
    def call(self, *args):
        raise AssertionError("no RPC is made in these tests")


def make_app(routes=ROUTES):
    verifier = TokenVerifier(issuer="https://idp.test/", audience="x", jwks_file="/nonexistent")
    return create_app(
        GatewaySettings(), verifier=verifier, rpc_pool=NoRpc("amqp://unused//"), routes=routes
    )


def served(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
        found |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found - NOT_IN_THE_TABLE


def documented(app) -> set[tuple[str, str]]:
    spec = app.test_client().get("/api/v1/openapi.json").json
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item}


@pytest.fixture(scope="module")
def app():
    return make_app()


def operations(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_the_served_routes_and_the_documented_operations_are_the_same(app):
    assert served(app) == documented(app)
    assert ("GET", "/api/v1/me") in documented(app)  # it drifted once


def test_a_route_served_without_a_row_breaks_the_comparison():
    app = make_app()
    app.add_url_rule("/api/v1/undeclared", "undeclared", lambda: "", methods=["GET"])
    assert served(app) - documented(app) == {("GET", "/api/v1/undeclared")}


def test_a_row_is_served_and_documented_alike():
    extra = Route("GET", "/things/{thing_id}", rpc="things.get_thing", summary="A thing", tag="t")
    app = make_app(ROUTES + (extra,))
    assert ("GET", "/api/v1/things/{thing_id}") in served(app) & documented(app)
    assert served(app) == documented(app)


def test_a_literal_segment_beside_a_parameter_is_one_operation_not_two():
    rows = (
        Route("PATCH", "/things/{thing_id}", rpc="things.change", summary="Change", tag="t"),
        Route("POST", "/things/from-template", rpc="things.copy", summary="Copy", tag="t"),
    )
    app = make_app(ROUTES + rows)
    client = app.test_client()

    def allowed(path):
        return set(client.options(path).headers["Allow"].split(", "))

    assert allowed("/api/v1/things/from-template") == {"OPTIONS", "POST"}
    assert client.patch("/api/v1/things/from-template").status_code == 405
    assert allowed("/api/v1/things/other") == {"OPTIONS", "PATCH"}
    spec = client.get("/api/v1/openapi.json").json
    (thing_id,) = spec["paths"]["/api/v1/things/{thing_id}"]["patch"]["parameters"]
    assert not re.fullmatch(thing_id["schema"]["pattern"], "from-template")
    assert re.fullmatch(thing_id["schema"]["pattern"], "from-templates")


def test_every_operation_has_a_summary_and_every_json_body_an_example(app):
    for name, operation in operations(app):
        assert operation.get("summary"), f"{name} has no summary"
        json_body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if json_body:
            assert json_body.get("example"), f"{name}: its body has no example"


def test_every_operation_documents_what_its_checks_can_answer(app):
    for name, operation in operations(app):
        statuses = set(operation["responses"])
        assert {"401", "403", "503"} <= statuses, name
        parameters = {p["in"] for p in operation.get("parameters", [])}
        if "path" in parameters:
            assert "404" in statuses, name
        if "query" in parameters:
            assert {"400", "422"} <= statuses, name
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert {"400", "413", "415", "422"} <= statuses, name


def test_a_national_id_is_documented_as_eleven_digits_of_its_own_format(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    pid = spec["components"]["schemas"]["GuardianIn"]["properties"]["pid"]
    assert pid == {"type": "string", "pattern": "^[0-9]{11}$", "format": "national-id"}


def test_R80_a_child_is_known_by_a_national_id_or_a_DUF_number_of_its_own_format(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    for schema in ("ChildIn", "ConsentChildIn"):
        pid = spec["components"]["schemas"][schema]["properties"]["pid"]
        assert (pid["pattern"], pid["format"]) == ("^[0-9]{11,12}$", "person-id"), schema


def test_rule_codes_are_listed_where_a_422_can_be_a_business_rule(app):
    create_log = dict(operations(app))["POST /api/v1/logs"]
    assert "log.guardians_required" in create_log["x-rule-codes"]
    assert "log.guardians_required" in create_log["description"]


def test_the_rows_examples_pass_their_own_body_schemas():
    for route in ROUTES:
        if isinstance(route.body, type) and route.example is not None:
            assert route.body().validate(route.example) == {}, route.rpc
