"""The reference stack's one nameko service: ``python -m bench.reference_service``.

It answers ``get_log`` with a fixed document shaped like the logs service's
answer (``services.logs.app.present``), with no database and no rules, so a
call to it costs one RPC hop and nothing more. Configured from the
environment like the real services (``STAFETT_AMQP_URI``); serves until
SIGTERM or SIGINT.
"""

import eventlet

eventlet.monkey_patch()

import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from nameko.rpc import rpc  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402

from services.common import logging as structured_logging  # noqa: E402
from services.common.errors import EXPECTED  # noqa: E402

from . import REFERENCE_SERVICE as NAME  # noqa: E402

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"

log = logging.getLogger("bench.reference_service")

# The same keys, nesting and roughly the same size as a log read by its holder.
LOG_DOCUMENT = {
    "unit_id": "solsiden-skole",
    "level": 1,
    "status": "active",
    "lacks_consent": False,
    "consent_id": "0f3c9a1e6b7d4c2a9e8f1b2c3d4e5f60",
    "created_at": "2025-01-01T12:00:00+00:00",
    "child": {"pid": "01010112345", "name": "Ola Nordmann"},
    "guardians": [
        {"name": "Gro Foresatt", "email": "gro.foresatt@example.no"},
        {"name": "Per Foresatt", "email": "per.foresatt@example.no"},
    ],
    "holder": {"name": "Hanne Holder"},
    "your_roles": ["holder"],
}


class Service:
    name = NAME

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return {"service": NAME, "status": "ok"}

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def get_log(self, auth, log_id):
        return {"id": log_id, **LOG_DOCUMENT}


def main() -> int:
    structured_logging.configure(NAME)
    amqp_uri = os.environ.get("STAFETT_AMQP_URI") or DEFAULT_AMQP_URI
    runner = ServiceRunner({"AMQP_URI": amqp_uri, "serializer": "json"})
    runner.add_service(Service)

    def shutdown(signum, frame):
        eventlet.spawn_n(runner.stop)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    runner.start()
    log.info("service started", extra={"event": "started"})
    runner.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
