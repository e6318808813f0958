"""Root fixtures. nameko workers are eventlet green threads; patch before anything else."""

import warnings

warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import pytest  # noqa: E402

from gateway.app import create_app  # noqa: E402
from gateway.auth import TokenVerifier  # noqa: E402
from gateway.devidp import DevIdentityProvider  # noqa: E402
from gateway.rpc import RpcPool  # noqa: E402
from gateway.settings import GatewaySettings  # noqa: E402
from services.common.settings import SERVICES  # noqa: E402
from tests.support import infra  # noqa: E402
from tests.support.stack import running_services, settings_for  # noqa: E402

ISSUER, AUDIENCE = "https://idp.test/", "stafettlogg-test"
SCAN_LIMIT = 200_000  # bytes the gateway takes for a scan in tests


@pytest.fixture(scope="session")
def demo():
    return infra.load_demo()


@pytest.fixture(scope="session")
def idp(tmp_path_factory, demo):
    """A local signer shaped like ID-porten; the gateway sees its keys only as a JWKS file."""
    directory = tmp_path_factory.mktemp("idp")
    provider = DevIdentityProvider(
        key_file=str(directory / "key.pem"), issuer=ISSUER, audience=AUDIENCE, users=demo["logins"]
    )
    jwks = directory / "jwks.json"
    import json

    jwks.write_text(json.dumps(provider.jwks()))
    provider.jwks_file = str(jwks)
    return provider


class Stack:
    def __init__(self, backend, settings, client, mail, idp, pool, runners):
        self.backend, self.settings, self.client, self.mail = backend, settings, client, mail
        self.idp, self.pool = idp, pool
        self.containers = {
            name: container for runner in runners for name, container in runner.service_map.items()
        }

    def headers(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.idp.issue(who)}"}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def stack(request, tmp_path_factory, idp, demo):
    """The whole system on real RabbitMQ (a vhost of its own) and a real database."""
    backend = request.param
    directory = tmp_path_factory.mktemp(f"stack-{backend}")
    mail = infra.MailSink(directory / "mail").start()
    try:
        with (
            infra.rabbit_vhost() as amqp_uri,
            infra.databases(backend, SERVICES, directory / "db") as db_urls,
        ):
            settings = settings_for(amqp_uri, db_urls, smtp_port=mail.port)
            with running_services(settings) as runners:
                pool = RpcPool(amqp_uri, size=4, timeout=5.0)
                verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_file)
                app = create_app(
                    GatewaySettings(amqp_uri=amqp_uri, scan_max_bytes=SCAN_LIMIT),
                    verifier=verifier,
                    rpc_pool=pool,
                )
                from services.common.auth import AuthContext

                pool.call(
                    "logs",
                    "import_directory",
                    AuthContext.system("operator").to_dict(),
                    {"units": demo["units"], "employees": demo["employees"]},
                )
                yield Stack(backend, settings, app.test_client(), mail, idp, pool, runners)
                pool.close()
    finally:
        mail.stop()
