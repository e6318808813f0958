"""/healthz says the gateway process is up; /readyz asks the broker and every service."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, current_app, jsonify
from kombu import Connection

from services.common.errors import DomainError
from services.common.settings import SERVICES

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


def _broker_ok(amqp_uri: str) -> bool:
    try:
        with Connection(amqp_uri, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


@health.get("/readyz")
def readyz():
    pool = current_app.extensions["rpc"]
    broker = _broker_ok(pool.config["AMQP_URI"])

    def ask(service: str) -> str:
        if not broker:
            return "unknown"
        try:
            return pool.call(service, "health").get("status", "unknown")
        except DomainError as exc:
            return exc.code
        except Exception:
            return "error"

    with ThreadPoolExecutor(max_workers=len(SERVICES)) as executor:
        answers = dict(zip(SERVICES, executor.map(ask, SERVICES)))
    ready = broker and all(status == "ok" for status in answers.values())
    body = {
        "status": "ready" if ready else "not_ready",
        "broker": "ok" if broker else "unreachable",
        "services": answers,
    }
    return jsonify(body), 200 if ready else 503
