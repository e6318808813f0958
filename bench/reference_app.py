"""The reference stack's HTTP side: ``python -m bench.reference_app``.

``GET /api/v1/logs/<id>`` does what every gateway read must do and nothing
else: the gateway's bearer-token parsing and ``TokenVerifier``, the caller as
an ``AuthContext``, one call through the gateway's ``RpcPool`` to
``bench.reference_service`` (``get_log``), and the answer as JSON. Any other
``GET /api/v1/<path>`` does the same with ``document(auth, path)``: the copy
of a real answer a benchmark stored there (``put_documents``), or 404. It is
served the way ``python -m gateway`` is (waitress, ``GatewaySettings`` from
the environment, so the same thread count and pool size), which makes it the
floor a gateway read is compared with.

Environment: the gateway's ``STAFETT_GATEWAY_HOST``/``_PORT``/``_THREADS``,
``STAFETT_AMQP_URI``, ``STAFETT_RPC_POOL_SIZE``/``_TIMEOUT``, and the
verifier's ``STAFETT_JWT_ISSUER``, ``STAFETT_JWT_AUDIENCE``,
``STAFETT_JWKS_FILE`` (or ``STAFETT_JWKS_URL``).
"""

from __future__ import annotations

import sys
import uuid

from flask import Flask, jsonify, request
from waitress import serve

from gateway import errors
from gateway.auth import TokenVerifier, bearer_token
from gateway.rpc import RpcPool
from gateway.settings import GatewaySettings
from services.common import logging as structured_logging
from services.common.auth import AuthContext

from . import REFERENCE_SERVICE as SERVICE


def create_reference_app(verifier: TokenVerifier, rpc_pool: RpcPool) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False
    errors.register(app)

    def caller() -> AuthContext:
        claims = verifier.verify(bearer_token(request.headers.get("Authorization")))
        correlation = request.headers.get("X-Correlation-Id", "")[:64] or uuid.uuid4().hex
        return AuthContext.person(
            pid=claims["pid"],
            subject=str(claims.get("sub") or ""),
            acr=claims.get("acr"),
            correlation_id=correlation,
        )

    @app.get("/api/v1/logs/<log_id>")
    def get_log(log_id: str):
        return jsonify(rpc_pool.call(SERVICE, "get_log", caller().to_dict(), log_id))

    @app.get("/api/v1/<path:path>")
    def document(path: str):
        return jsonify(rpc_pool.call(SERVICE, "document", caller().to_dict(), path))

    return app


def main() -> int:
    structured_logging.configure("bench_reference_app")
    settings = GatewaySettings.from_env()
    verifier = TokenVerifier.from_env()
    pool = RpcPool(settings.amqp_uri, size=settings.rpc_pool_size, timeout=settings.rpc_timeout)
    try:
        serve(
            create_reference_app(verifier, pool),
            host=settings.host,
            port=settings.port,
            threads=settings.threads,
            ident="stafettlogg",
        )
    finally:
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
