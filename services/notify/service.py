"""The notify service: entrypoints only."""

from __future__ import annotations

import logging

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc
from nameko.timer import timer

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.envelope import Envelope
from services.common.errors import EXPECTED, Invalid, NotFound
from services.common.providers import Clock, Correlation, Store

from . import app

log = logging.getLogger(__name__)


class Service:
    name = "notify"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    logs_rpc = RpcProxy("logs")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @event_handler("logs", "log.created", requeue_on_error=True)
    def on_log_created(self, payload):
        try:
            envelope = Envelope.from_dict(payload)
            system = AuthContext.system(self.name, envelope.correlation_id).to_dict()
            app.on_log_created(
                self.uow,
                envelope,
                contacts_for=lambda log_id: rpc_call.call(
                    self.logs_rpc,
                    "guardian_contacts",
                    system,
                    log_id,
                    timeout=self.config.get("RPC_TIMEOUT", 5),
                ),
                public_url=self.config["PUBLIC_URL"],
                now=self.clock(),
            )
        except (Invalid, NotFound) as exc:  # a bad or stale event: never retry it forever
            log.error("event rejected", extra={"code": exc.code, "event": "log.created"})

    @timer(interval=0.5)
    def send_mail(self):
        config = self.config
        app.send_pending(
            self.uow,
            smtp_host=config["SMTP_HOST"],
            smtp_port=config["SMTP_PORT"],
            mail_from=config["MAIL_FROM"],
            now=self.clock(),
        )
