"""Gateway settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class GatewaySettings:
    host: str = "127.0.0.1"
    port: int = 8080
    amqp_uri: str = "amqp://guest:guest@127.0.0.1:5672/"
    rpc_timeout: float = 5.0
    rpc_pool_size: int = 8
    max_body_bytes: int = 1_048_576
    scan_max_bytes: int = 10 * 1_048_576
    public_url: str = "http://127.0.0.1:8080"
    dev_idp: bool = False
    dev_idp_key_file: str = "var/dev-idp-key.pem"
    dev_idp_users_file: str = "deploy/demo.json"
    threads: int = 8

    @classmethod
    def from_env(cls, environ=None) -> "GatewaySettings":
        env = os.environ if environ is None else environ

        def get(name, default):
            value = env.get(name)
            return default if value in (None, "") else value

        return cls(
            host=get("STAFETT_GATEWAY_HOST", cls.host),
            port=int(get("STAFETT_GATEWAY_PORT", cls.port)),
            amqp_uri=get("STAFETT_AMQP_URI", cls.amqp_uri),
            rpc_timeout=float(get("STAFETT_RPC_TIMEOUT", cls.rpc_timeout)),
            rpc_pool_size=int(get("STAFETT_RPC_POOL_SIZE", cls.rpc_pool_size)),
            max_body_bytes=int(get("STAFETT_MAX_BODY_BYTES", cls.max_body_bytes)),
            scan_max_bytes=int(get("STAFETT_SCAN_MAX_BYTES", cls.scan_max_bytes)),
            public_url=get("STAFETT_PUBLIC_URL", cls.public_url),
            dev_idp=_flag(env.get("STAFETT_DEV_IDP")),
            dev_idp_key_file=get("STAFETT_DEV_IDP_KEY_FILE", cls.dev_idp_key_file),
            dev_idp_users_file=get("STAFETT_DEV_IDP_USERS_FILE", cls.dev_idp_users_file),
            threads=int(get("STAFETT_GATEWAY_THREADS", cls.threads)),
        )
