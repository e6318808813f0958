"""The logs service: entrypoints only."""

from __future__ import annotations

import logging
import uuid

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.envelope import Envelope, rejecting_bad_events
from services.common.errors import EXPECTED
from services.common.providers import Clock, Correlation, Store
from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS

from . import app

log = logging.getLogger(__name__)

SENSITIVE = ("auth.pid", "payload")


class Service:
    name = "logs"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    consent_rpc = RpcProxy("consent")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def create_log(self, auth, payload):
        caller = AuthContext.from_dict(auth)

        def consent_check(consent_id, child_pid, purpose):
            return rpc_call.call(
                self.consent_rpc,
                "check",
                caller.to_dict(),
                consent_id,
                child_pid,
                purpose,
                timeout=self.config.get("RPC_TIMEOUT", 5),
            )

        return app.create_log(
            self.uow,
            caller,
            payload,
            consent_check=consent_check,
            now=self.clock(),
            new_id=lambda: uuid.uuid4().hex,
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def get_log(self, auth, log_id):
        return app.get_log(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid", "pid"))
    def staff_member(self, auth, pid):
        return app.staff_member(self.uow, AuthContext.from_dict(auth), pid)

    @rpc(expected_exceptions=EXPECTED)
    def guardian_contacts(self, auth, log_id):
        return app.guardian_contacts(self.uow, AuthContext.from_dict(auth), log_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("also",))
    def responsible_contacts(self, auth, log_id, unit_id, also=None):
        return app.responsible_contacts(
            self.uow, AuthContext.from_dict(auth), log_id, unit_id, also
        )

    @rpc(expected_exceptions=EXPECTED)
    def unit(self, auth, unit_id):
        return app.unit(self.uow, AuthContext.from_dict(auth), unit_id)

    @event_handler("consent", "consent.expired", requeue_on_error=True)
    def on_consent_expired(self, payload):
        self._follow_consent(payload)

    @event_handler("consent", "consent.withdrawn", requeue_on_error=True)
    def on_consent_withdrawn(self, payload):
        self._follow_consent(payload)

    @event_handler("consent", "consent.activated", requeue_on_error=True)
    def on_consent_activated(self, payload):
        self._follow_consent(payload)

    def _follow_consent(self, payload):
        with rejecting_bad_events(log, "consent"):
            app.on_consent_event(
                self.uow, Envelope.from_dict(payload), event_schemas=CONSENT_EVENTS
            )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("payload",))
    def import_directory(self, auth, payload):
        return app.import_directory(self.uow, AuthContext.from_dict(auth), payload)
