"""The notify service: entrypoints only.

nameko needs one ``@event_handler`` per event type; each is one line into ``_handle``,
and ``app.handle`` picks the application function from its ``HANDLERS`` table.
"""

from __future__ import annotations

import logging

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.envelope import Envelope, rejecting_bad_events
from services.common.errors import EXPECTED, Invalid
from services.common.providers import Clock, Correlation, Store
from services.common.timer import timer

from . import app
from .sms import SmsGateway

log = logging.getLogger(__name__)


class Service:
    name = "notify"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    sms_sender = SmsGateway()
    logs_rpc = RpcProxy("logs")
    consent_rpc = RpcProxy("consent")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @event_handler("logs", "log.created", requeue_on_error=True)
    def on_log_created(self, payload):
        self._handle("log.created", payload)

    @event_handler("consent", "consent.requested", requeue_on_error=True)
    def on_consent_requested(self, payload):
        self._handle("consent.requested", payload)

    @event_handler("consent", "consent.expiring", requeue_on_error=True)
    def on_consent_expiring(self, payload):
        self._handle("consent.expiring", payload)

    @event_handler("consent", "consent.expired", requeue_on_error=True)
    def on_consent_expired(self, payload):
        self._handle("consent.expired", payload)

    @event_handler("consent", "consent.withdrawn", requeue_on_error=True)
    def on_consent_withdrawn(self, payload):
        self._handle("consent.withdrawn", payload)

    @event_handler("logs", "meeting.planned", requeue_on_error=True)
    def on_meeting_planned(self, payload):
        self._handle("meeting.planned", payload)

    @event_handler("logs", "meeting.moved", requeue_on_error=True)
    def on_meeting_moved(self, payload):
        self._handle("meeting.moved", payload)

    @event_handler("logs", "measure.evaluation_due", requeue_on_error=True)
    def on_measure_evaluation_due(self, payload):
        self._handle("measure.evaluation_due", payload)

    @event_handler("logs", "highlight.posted", requeue_on_error=True)
    def on_highlight_posted(self, payload):
        self._handle("highlight.posted", payload)

    def _handle(self, event_type: str, payload) -> None:
        with rejecting_bad_events(log, event_type):
            envelope = Envelope.from_dict(payload)
            if envelope.event_type != event_type:
                raise Invalid("event.misrouted", f"{envelope.event_type} came as {event_type}")
            app.handle(
                self.uow,
                envelope,
                self._lookups(envelope),
                public_url=self.config["PUBLIC_URL"],
                now=self.clock(),
            )

    def _lookups(self, envelope: Envelope) -> app.Lookups:
        """The RPC calls behind app.Lookups, made with notify's own system identity."""
        system = AuthContext.system(self.name, envelope.correlation_id).to_dict()
        timeout = self.config.get("RPC_TIMEOUT", 5)
        return app.Lookups(
            contacts_for=lambda log_id: rpc_call.call(
                self.logs_rpc, "guardian_contacts", system, log_id, timeout=timeout
            ),
            party_contacts=lambda consent_id: rpc_call.call(
                self.consent_rpc, "party_contacts", system, consent_id, timeout=timeout
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
            recipients=lambda log_id, audience, subject_id: rpc_call.call(
                self.logs_rpc, "recipients", system, log_id, audience, subject_id, timeout=timeout
            ),
        )

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

    @timer(interval=0.5)
    def send_sms(self):
        app.send_pending_sms(self.uow, sender=self.sms_sender, now=self.clock())
