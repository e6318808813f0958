"""The health answer every service gives over RPC."""

from __future__ import annotations

from sqlalchemy import text


def report(service: str, uow) -> dict:
    with uow:
        uow.session.execute(text("SELECT 1"))
    return {"service": service, "status": "ok", "database": "ok"}
