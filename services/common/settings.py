"""Settings from the environment, read once by each process's composition root.

Nothing here is read at import time: call ``Settings.from_env()`` in ``main``
or in a test fixture and pass the result on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("logs", "consent", "transfer", "notify", "archive")


def _env(environ, name: str, default: str) -> str:
    value = environ.get(name)
    return default if value in (None, "") else value


@dataclass(frozen=True)
class Settings:
    amqp_uri: str = "amqp://guest:guest@127.0.0.1:5672/"
    data_dir: Path = Path("var")
    db_urls: dict[str, str] = field(default_factory=dict)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "Stafettlogg <stafettlogg@kommune.example>"
    public_url: str = "http://127.0.0.1:8080"
    rpc_timeout: float = 5.0
    outbox_interval: float = 0.2
    municipality_name: str = "Kommunen"
    consent_signatures_required: str = "all"  # or "one"
    consent_young_person_age: int = 16  # some municipalities use 15
    consent_scan_max_bytes: int = 10 * 1024 * 1024
    sms_dir: Path = Path("var/sms")  # the notify service's local SMS sink, one file per message
    durable_reads: bool = False  # records of reads (R8) wait for the disk too (db.make_read_engine)

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        data_dir = Path(_env(env, "STAFETT_DATA_DIR", "var"))
        db_urls = {
            name: _env(
                env,
                f"STAFETT_{name.upper()}_DB_URL",
                f"sqlite:///{(data_dir / f'{name}.db').resolve()}",
            )
            for name in SERVICES
        }
        return cls(
            amqp_uri=_env(env, "STAFETT_AMQP_URI", cls.amqp_uri),
            data_dir=data_dir,
            db_urls=db_urls,
            smtp_host=_env(env, "STAFETT_SMTP_HOST", cls.smtp_host),
            smtp_port=int(_env(env, "STAFETT_SMTP_PORT", str(cls.smtp_port))),
            mail_from=_env(env, "STAFETT_MAIL_FROM", cls.mail_from),
            public_url=_env(env, "STAFETT_PUBLIC_URL", cls.public_url),
            rpc_timeout=float(_env(env, "STAFETT_RPC_TIMEOUT", str(cls.rpc_timeout))),
            municipality_name=_env(env, "STAFETT_MUNICIPALITY_NAME", cls.municipality_name),
            consent_signatures_required=_env(
                env, "STAFETT_CONSENT_SIGNATURES_REQUIRED", cls.consent_signatures_required
            ),
            consent_young_person_age=int(
                _env(env, "STAFETT_CONSENT_YOUNG_PERSON_AGE", str(cls.consent_young_person_age))
            ),
            consent_scan_max_bytes=int(
                _env(env, "STAFETT_CONSENT_SCAN_MAX_BYTES", str(cls.consent_scan_max_bytes))
            ),
            outbox_interval=float(_env(env, "STAFETT_OUTBOX_INTERVAL", str(cls.outbox_interval))),
            sms_dir=Path(_env(env, "STAFETT_SMS_DIR", str(data_dir / "sms"))),
            durable_reads=_env(env, "STAFETT_DURABLE_READS", "no").lower() in ("1", "yes", "true"),
        )

    def nameko_config(self, service: str) -> dict:
        """The dict a nameko container is started with for one service."""
        return {
            "AMQP_URI": self.amqp_uri,
            "DB_URL": self.db_urls[service],
            "SMTP_HOST": self.smtp_host,
            "SMTP_PORT": self.smtp_port,
            "MAIL_FROM": self.mail_from,
            "PUBLIC_URL": self.public_url,
            "OUTBOX_INTERVAL": self.outbox_interval,
            "RPC_TIMEOUT": self.rpc_timeout,
            "MUNICIPALITY_NAME": self.municipality_name,
            "CONSENT_SIGNATURES_REQUIRED": self.consent_signatures_required,
            "CONSENT_YOUNG_PERSON_AGE": self.consent_young_person_age,
            "CONSENT_SCAN_MAX_BYTES": self.consent_scan_max_bytes,
            "SMS_DIR": str(self.sms_dir),
            "DURABLE_READS": self.durable_reads,
            "serializer": "json",
        }
