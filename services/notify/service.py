"""The notify service: entrypoints only."""

from __future__ import annotations

import logging

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.envelope import Envelope, rejecting_bad_events
from services.common.errors import EXPECTED
from services.common.providers import Clock, Correlation, Store
from services.common.timer import timer

from . import app

log = logging.getLogger(__name__)


class Service:
    name = "notify"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    logs_rpc = RpcProxy("logs")
    consent_rpc = RpcProxy("consent")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @event_handler("logs", "log.created", requeue_on_error=True)
    def on_log_created(self, payload):
        with rejecting_bad_events(log, "log.created"):
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

    def _on_consent(self, payload):
        with rejecting_bad_events(log, "consent"):
            envelope = Envelope.from_dict(payload)
            system = AuthContext.system(self.name, envelope.correlation_id).to_dict()
            timeout = self.config.get("RPC_TIMEOUT", 5)
            app.on_consent_event(
                self.uow,
                envelope,
                party_contacts=lambda cid: rpc_call.call(
                    self.consent_rpc, "party_contacts", system, cid, timeout=timeout
                ),
                responsible_contacts=lambda log_id, unit_id, also: rpc_call.call(
                    self.logs_rpc,
                    "responsible_contacts",
                    system,
                    log_id,
                    unit_id,
                    also,
                    timeout=timeout,
                ),
                public_url=self.config["PUBLIC_URL"],
                now=self.clock(),
            )

    @event_handler("consent", "consent.requested", requeue_on_error=True)
    def on_consent_requested(self, payload):
        self._on_consent(payload)

    @event_handler("consent", "consent.expiring", requeue_on_error=True)
    def on_consent_expiring(self, payload):
        self._on_consent(payload)

    @event_handler("consent", "consent.expired", requeue_on_error=True)
    def on_consent_expired(self, payload):
        self._on_consent(payload)

    @event_handler("consent", "consent.withdrawn", requeue_on_error=True)
    def on_consent_withdrawn(self, payload):
        self._on_consent(payload)

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
