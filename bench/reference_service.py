"""The reference stack's one nameko service: ``python -m bench.reference_service``.

It answers ``get_log`` with a fixed document shaped like the logs service's
answer (``services.logs.app.present``), with no database and no rules, so a
call to it costs one RPC hop and nothing more. Configured from the
environment like the real services (``STAFETT_AMQP_URI``); serves until
SIGTERM or SIGINT.

A benchmark whose real answers are bigger stores copies of them first
(``put_documents``, keyed by their path under /api/v1, e.g. ``logs/<id>`` or
``me/logs``); ``document(auth, path)`` and ``get_log`` then answer with the
stored copy, so the floor carries the same bytes and the same JSON structure
as the real answer, still with no database and no rules.
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
from services.common.errors import EXPECTED, NotFound  # noqa: E402

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


# Copies of real answers a benchmark stored, by their path under /api/v1 (put_documents).
DOCUMENTS: dict[str, object] = {}


class Service:
    name = NAME

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return {"service": NAME, "status": "ok"}

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def get_log(self, auth, log_id):
        stored = DOCUMENTS.get(f"logs/{log_id}")
        return stored if stored is not None else {"id": log_id, **LOG_DOCUMENT}

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def document(self, auth, path):
        """The document stored for ``path`` (e.g. ``me/logs``), as it was stored."""
        try:
            return DOCUMENTS[path]
        except KeyError:
            raise NotFound("document.not_found", "no document stored there", field="path") from None

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("documents",))
    def put_documents(self, documents):
        """Store answers to give back later: {path under /api/v1: document}. Only the
        benchmark that started this service reaches it (its vhost is the run's own)."""
        DOCUMENTS.update(documents)
        return {"stored": len(documents), "total": len(DOCUMENTS)}


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
