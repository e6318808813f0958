"""The consent service: entrypoints only."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from nameko.dependency_providers import Config
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.envelope import Envelope, rejecting_bad_events
from services.common.errors import EXPECTED, NotFound
from services.common.providers import Clock, Correlation, Store
from services.common.timer import timer
from services.logs.contracts import EVENT_SCHEMAS as LOGS_EVENTS

from . import app
from .domain.model import Policy

PERSON = ("auth.pid",)
log = logging.getLogger(__name__)


class Service:
    name = "consent"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    logs_rpc = RpcProxy("logs")

    # -- helpers (not entrypoints)
    def _policy(self) -> Policy:
        return Policy(
            signatures_required=self.config.get("CONSENT_SIGNATURES_REQUIRED", "all"),
            young_person_age=int(self.config.get("CONSENT_YOUNG_PERSON_AGE", 16)),
        )

    def _staff(self, caller: AuthContext):
        system = AuthContext.system(self.name, caller.correlation_id).to_dict()
        return lambda pid: rpc_call.call(
            self.logs_rpc, "staff_member", system, pid, timeout=self.config.get("RPC_TIMEOUT", 5)
        )

    # -- entrypoints
    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "payload"))
    def prepare_consent(self, auth, payload):
        caller = AuthContext.from_dict(auth)
        return app.prepare_consent(
            self.uow,
            caller,
            payload,
            staff_member=self._staff(caller),
            policy=self._policy(),
            now=self.clock(),
            new_id=lambda: uuid.uuid4().hex,
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def sign_consent(self, auth, consent_id):
        return app.sign_consent(
            self.uow,
            AuthContext.from_dict(auth),
            consent_id,
            policy=self._policy(),
            now=self.clock(),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "content_b64"))
    def attach_scan(self, auth, consent_id, content_b64):
        caller = AuthContext.from_dict(auth)
        return app.attach_scan(
            self.uow,
            caller,
            consent_id,
            content_b64,
            staff_member=self._staff(caller),
            policy=self._policy(),
            max_bytes=int(self.config.get("CONSENT_SCAN_MAX_BYTES", 10 * 1024 * 1024)),
            now=self.clock(),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "child_pid"))
    def check(self, auth, consent_id, child_pid, purpose):
        return app.check(
            self.uow, AuthContext.from_dict(auth), consent_id, child_pid, purpose, now=self.clock()
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "target"))
    def covers(self, auth, log_id, purpose, target=None, at=None):
        moment = datetime.fromisoformat(at) if at else self.clock()
        return app.covers(self.uow, AuthContext.from_dict(auth), log_id, purpose, target, moment)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def withdraw_consent(self, auth, consent_id, payload):
        return app.withdraw_consent(
            self.uow,
            AuthContext.from_dict(auth),
            consent_id,
            payload,
            policy=self._policy(),
            now=self.clock(),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def get_consent(self, auth, consent_id):
        caller = AuthContext.from_dict(auth)
        return app.get_consent(
            self.uow, caller, consent_id, staff_member=self._staff(caller), policy=self._policy()
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def consent_form(self, auth, consent_id, language=None):
        caller = AuthContext.from_dict(auth)
        system = AuthContext.system(self.name, caller.correlation_id).to_dict()
        timeout = self.config.get("RPC_TIMEOUT", 5)
        names: dict[str, str] = {}

        def unit_name(unit_id):
            if unit_id not in names:
                try:
                    names[unit_id] = rpc_call.call(
                        self.logs_rpc, "unit", system, unit_id, timeout=timeout
                    )["name"]
                except NotFound:
                    names[unit_id] = unit_id
            return names[unit_id]

        return app.consent_form(
            self.uow,
            caller,
            consent_id,
            language,
            staff_member=self._staff(caller),
            unit_name=unit_name,
            municipality=self.config.get("MUNICIPALITY_NAME", "Kommunen"),
            policy=self._policy(),
            now=self.clock(),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def my_consents(self, auth):
        return app.my_consents(self.uow, AuthContext.from_dict(auth), policy=self._policy())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def expiring_in_unit(self, auth, unit_id, days):
        caller = AuthContext.from_dict(auth)
        return app.expiring_in_unit(
            self.uow,
            caller,
            unit_id,
            days,
            staff_member=self._staff(caller),
            policy=self._policy(),
            now=self.clock(),
        )

    @rpc(expected_exceptions=EXPECTED)
    def party_contacts(self, auth, consent_id):
        return app.party_contacts(self.uow, AuthContext.from_dict(auth), consent_id)

    @rpc(expected_exceptions=EXPECTED)
    def lapse_due(self, auth):
        return app.lapse_due(self.uow, AuthContext.from_dict(auth), now=self.clock())

    @timer(interval=60)
    def lapse_timer(self):
        app.lapse_due(self.uow, AuthContext.system(self.name), now=self.clock())

    @event_handler("logs", "log.created", requeue_on_error=True)
    def on_log_created(self, payload):
        with rejecting_bad_events(log, "log.created"):
            app.on_log_created(
                self.uow, Envelope.from_dict(payload), event_schemas=LOGS_EVENTS, now=self.clock()
            )
