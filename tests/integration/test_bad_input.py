"""Bad input gets a clear JSON error naming the field, and nothing is written."""

import time

import pytest

from gateway.app import create_app
from gateway.rpc import RpcPool
from gateway.settings import GatewaySettings
from tests.support import infra
from tests.support.stack import running_services

pytestmark = pytest.mark.integration


def valid_log(demo):
    return {
        "unit_id": "solsiden-skole",
        "consent_id": "0" * 32,
        "child": demo["child"],
        "guardians": demo["guardians"],
    }


def post(stack, path, who="holder", **kwargs):
    return stack.client.post(path, headers=stack.headers(who), **kwargs)


def test_malformed_json_is_400(stack):
    response = post(stack, "/api/v1/logs", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == {
        "code": "request.malformed_json",
        "field": "body",
        "message": "the body is not valid JSON",
    }


def test_a_json_array_is_400(stack):
    response = post(stack, "/api/v1/logs", json=[1, 2])
    assert (response.status_code, response.json["error"]["code"]) == (400, "request.not_an_object")


def test_a_body_that_is_not_json_is_415(stack):
    response = post(stack, "/api/v1/logs", data="a=b", content_type="text/plain")
    assert (response.status_code, response.json["error"]["field"]) == (415, "body")


def test_an_oversized_body_is_413(stack, demo):
    body = valid_log(demo) | {"padding": "x" * 1_100_000}
    response = post(stack, "/api/v1/logs", json=body)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request.too_large"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"surprise": 1}, "surprise"),  # unknown field
        ({"unit_id": None}, "unit_id"),  # wrong type
        ({"level": "high"}, "level"),
        ({"level": 7}, "level"),
        ({"child": {"pid": "07451651191", "name": "Ola"}}, "child.pid"),  # bad check digit
        ({"child": {"pid": "0745165119", "name": "Ola"}}, "child.pid"),
        ({"child": {"name": "Ola"}}, "child.pid"),  # missing
        (
            {"guardians": [{"pid": "09428340024", "name": "Gro", "email": "nope"}]},
            "guardians.0.email",
        ),
    ],
)
def test_invalid_fields_are_422_naming_the_field(stack, demo, change, field):
    response = post(stack, "/api/v1/logs", json=valid_log(demo) | change)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "validation.invalid"
    assert response.json["error"]["field"] == field


def test_missing_required_field_is_422(stack, demo):
    body = valid_log(demo)
    del body["consent_id"]
    response = post(stack, "/api/v1/logs", json=body)
    assert (response.status_code, response.json["error"]["field"]) == (422, "consent_id")


def test_no_log_and_no_event_is_written_when_refused(stack, demo):
    from sqlalchemy import create_engine, func, select

    from services.common.messaging import outbox
    from services.logs.store.tables import LogRow

    engine = create_engine(stack.settings.db_urls["logs"])

    def counts():
        with engine.connect() as db:
            return (
                db.scalar(select(func.count()).select_from(LogRow)),
                db.scalar(select(func.count()).select_from(outbox)),
            )

    before = counts()
    assert post(stack, "/api/v1/logs", json=valid_log(demo)).status_code == 409
    assert post(stack, "/api/v1/logs", json=valid_log(demo) | {"level": 9}).status_code == 422
    assert counts() == before
    engine.dispose()


def test_openapi_document_lists_the_slice(stack):
    spec = stack.client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/logs", "/api/v1/logs/{log_id}", "/api/v1/consents"} <= set(spec["paths"])
    assert "CreateLog" in spec["components"]["schemas"]
    page = stack.client.get("/api/v1/docs")
    assert page.status_code == 200 and b"openapi.json" in page.data


def test_unknown_route_is_json_404(stack):
    response = stack.client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "route.not_found"


def test_a_service_that_is_down_gives_503_in_bounded_time(stack, tmp_path, idp):
    """The logs queue exists but nobody consumes it: the gateway gives up after its timeout."""
    from gateway.auth import TokenVerifier
    from tests.conftest import AUDIENCE, ISSUER

    with infra.rabbit_vhost() as amqp_uri, infra.databases("sqlite", ["logs"], tmp_path) as urls:
        settings = stack.settings.__class__(amqp_uri=amqp_uri, db_urls=urls)
        with running_services(settings, services=["logs"]):
            pass  # started once, so its queue exists; now it is stopped
        pool = RpcPool(amqp_uri, size=2, timeout=1.0)
        app = create_app(
            GatewaySettings(amqp_uri=amqp_uri),
            rpc_pool=pool,
            verifier=TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_file),
        )
        client = app.test_client()
        started = time.monotonic()
        response = client.get("/api/v1/logs/x", headers=stack.headers("holder"))
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json["error"] == {
            "code": "service.unavailable",
            "field": "logs",
            "message": "logs did not answer in time",
        }
        assert response.headers["Retry-After"] == "5"
        assert elapsed < 4, f"the gateway waited {elapsed:.1f}s"
        never_started = client.get("/api/v1/consents/x", headers=stack.headers("holder"))
        assert never_started.status_code == 503
        assert never_started.json["error"]["message"] == "consent is not running"
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json["status"] == "not_ready"
        pool.close()


def test_a_request_answered_503_never_runs_later(stack, tmp_path):
    """The request expires in the stopped service's queue with the gateway's timeout, so
    it cannot apply when the service comes back (the person may already have retried)."""
    from services.common.auth import AuthContext
    from services.common.errors import NotFound, Unavailable

    operator = AuthContext.system("operator").to_dict()
    late_unit = {"units": [{"id": "late-unit", "name": "Sen enhet", "kind": "other"}]}
    with infra.rabbit_vhost() as amqp_uri, infra.databases("sqlite", ["logs"], tmp_path) as urls:
        settings = stack.settings.__class__(amqp_uri=amqp_uri, db_urls=urls)
        with running_services(settings, services=["logs"]):
            pass  # its queue exists; nobody consumes it now
        pool = RpcPool(amqp_uri, size=1, timeout=1.0)
        with pytest.raises(Unavailable):  # raised once the 1 s the request may live is over
            pool.call("logs", "import_directory", operator, late_unit)
        with running_services(settings, services=["logs"]):
            with pytest.raises(NotFound):
                pool.call("logs", "unit", operator, "late-unit")
        pool.close()
