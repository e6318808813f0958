"""Serve the gateway: ``python -m gateway`` (waitress, configured from the environment)."""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

import json
import logging
import os
import sys
from pathlib import Path

from waitress import serve

from services.common import logging as structured_logging

from .app import create_app
from .auth import TokenVerifier
from .devidp import DevIdentityProvider
from .rpc import RpcPool
from .settings import GatewaySettings

log = logging.getLogger("gateway")
DEV_AUDIENCE = "stafettlogg"


def build(settings: GatewaySettings, environ=None):
    env = dict(os.environ if environ is None else environ)
    dev_idp = None
    if settings.dev_idp:
        local = f"http://{settings.host}:{settings.port}"
        env.setdefault("STAFETT_JWT_ISSUER", f"{local}/dev-idp")
        env.setdefault("STAFETT_JWT_AUDIENCE", DEV_AUDIENCE)
        with open(settings.dev_idp_users_file, encoding="utf-8") as handle:
            users = json.load(handle)["logins"]
        dev_idp = DevIdentityProvider(
            key_file=settings.dev_idp_key_file,
            issuer=env["STAFETT_JWT_ISSUER"],
            audience=env["STAFETT_JWT_AUDIENCE"],
            users=users,
        )
        # Its JWKS goes to a file the verifier reads, so no request thread waits on another.
        if not env.get("STAFETT_JWKS_URL"):
            jwks_file = Path(settings.dev_idp_key_file).with_name("dev-idp-jwks.json")
            jwks_file.write_text(json.dumps(dev_idp.jwks()), encoding="utf-8")
            env.setdefault("STAFETT_JWKS_FILE", str(jwks_file))
        log.warning("the development login is ON: never in production")
    verifier = TokenVerifier.from_env(env)
    pool = RpcPool(settings.amqp_uri, size=settings.rpc_pool_size, timeout=settings.rpc_timeout)
    return create_app(settings, verifier=verifier, rpc_pool=pool, dev_idp=dev_idp), pool


def main() -> int:
    structured_logging.configure("gateway")
    settings = GatewaySettings.from_env()
    app, pool = build(settings)
    try:
        serve(
            app,
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
