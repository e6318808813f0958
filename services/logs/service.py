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
from services.common.timer import timer
from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS

from . import app

log = logging.getLogger(__name__)

SENSITIVE = ("auth.pid", "payload")
PERSON = ("auth.pid",)


def new_id() -> str:
    return uuid.uuid4().hex


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
            new_id=new_id,
        )

    # -- the log

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def get_log(self, auth, log_id):
        return app.get_log(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def close_log(self, auth, log_id):
        return app.close_log(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def reactivate_log(self, auth, log_id):
        return app.reactivate_log(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def change_level(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.change_level(self.uow, caller, log_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def change_child(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.change_child(self.uow, caller, log_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def change_guardian(self, auth, log_id, guardian_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.change_guardian(self.uow, caller, log_id, guardian_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def earlier_logs(self, auth, log_id):
        return app.earlier_logs(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def link_earlier_log(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.link_earlier_log(self.uow, caller, log_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def search_logs(self, auth, payload):
        caller = AuthContext.from_dict(auth)
        return app.search_logs(self.uow, caller, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def preferences(self, auth):
        return app.get_preferences(self.uow, AuthContext.from_dict(auth))

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def set_preferences(self, auth, payload):
        caller = AuthContext.from_dict(auth)
        return app.set_preferences(self.uow, caller, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def history(self, auth, log_id, query=None):
        caller = AuthContext.from_dict(auth)
        return app.history(self.uow, caller, log_id, query, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def access_log(self, auth, log_id, query=None):
        caller = AuthContext.from_dict(auth)
        return app.access_log(self.uow, caller, log_id, query, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def my_logs(self, auth, query=None):
        caller = AuthContext.from_dict(auth)
        return app.my_logs(self.uow, caller, query, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def my_actor_logs(self, auth, query=None):
        caller = AuthContext.from_dict(auth)
        return app.my_actor_logs(self.uow, caller, query, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def unit_logs(self, auth, unit_id, query=None):
        caller = AuthContext.from_dict(auth)
        return app.unit_logs(self.uow, caller, unit_id, query, now=self.clock())

    # -- concerns and measures (R10–R15)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def register_concern(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.register_concern(
            self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def revise_concern(self, auth, log_id, concern_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.revise_concern(self.uow, caller, log_id, concern_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def plan_measure(self, auth, log_id, concern_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.plan_measure(
            self.uow, caller, log_id, concern_id, payload, now=self.clock(), new_id=new_id
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def revise_measure(self, auth, log_id, measure_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.revise_measure(self.uow, caller, log_id, measure_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def evaluate_measure(self, auth, log_id, measure_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.evaluate_measure(self.uow, caller, log_id, measure_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def family_verdict(self, auth, log_id, measure_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.family_verdict(self.uow, caller, log_id, measure_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def misregister_measure(self, auth, log_id, measure_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.misregister_measure(
            self.uow, caller, log_id, measure_id, payload, now=self.clock(), new_id=new_id
        )

    # -- meetings (R16, R17)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def plan_meeting(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.plan_meeting(self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def revise_meeting(self, auth, log_id, meeting_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.revise_meeting(self.uow, caller, log_id, meeting_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def record_minutes(self, auth, log_id, meeting_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.record_minutes(self.uow, caller, log_id, meeting_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def start_meeting_mode(self, auth, log_id):
        caller = AuthContext.from_dict(auth)
        return app.start_meeting_mode(self.uow, caller, log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def end_meeting_mode(self, auth):
        return app.end_meeting_mode(self.uow, AuthContext.from_dict(auth), now=self.clock())

    # -- highlights and notes (R18, R19)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def post_highlight(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.post_highlight(
            self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def edit_highlight(self, auth, log_id, highlight_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.edit_highlight(self.uow, caller, log_id, highlight_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def write_note(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.write_note(self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "content_b64"))
    def attach_to_note(self, auth, log_id, note_id, content_b64):
        caller = AuthContext.from_dict(auth)
        limit = int(self.config.get("NOTE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
        return app.attach_to_note(
            self.uow, caller, log_id, note_id, content_b64, now=self.clock(), max_bytes=limit
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def note_attachment(self, auth, log_id, note_id):
        caller = AuthContext.from_dict(auth)
        return app.note_attachment(self.uow, caller, log_id, note_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def write_private_note(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.write_private_note(
            self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def private_notes(self, auth, log_id):
        caller = AuthContext.from_dict(auth)
        return app.private_notes(self.uow, caller, log_id, now=self.clock())

    # -- actors (R3, R7, R33)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def add_actor(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.add_actor(
            self.uow,
            caller,
            log_id,
            payload,
            now=self.clock(),
            new_id=new_id,
            covers=self._covers(caller),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def remove_actor(self, auth, log_id, actor_id):
        caller = AuthContext.from_dict(auth)
        return app.remove_actor(self.uow, caller, log_id, actor_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def list_actors(self, auth, log_id):
        return app.list_actors(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "payload"))
    def give_grant(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.give_grant(
            self.uow,
            caller,
            log_id,
            payload,
            now=self.clock(),
            new_id=new_id,
            covers=self._covers(caller),
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def revoke_grant(self, auth, log_id, grant_id):
        caller = AuthContext.from_dict(auth)
        return app.revoke_grant(self.uow, caller, log_id, grant_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def list_grants(self, auth, log_id):
        return app.list_grants(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    # -- the unit: staff (R6), templates, overview (R70)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def list_staff(self, auth, unit_id):
        return app.list_staff(self.uow, AuthContext.from_dict(auth), unit_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=(*PERSON, "payload"))
    def add_staff(self, auth, unit_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.add_staff(self.uow, caller, unit_id, payload, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def change_staff(self, auth, unit_id, employee_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.change_staff(self.uow, caller, unit_id, employee_id, payload)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def remove_staff(self, auth, unit_id, employee_id):
        caller = AuthContext.from_dict(auth)
        return app.remove_staff(self.uow, caller, unit_id, employee_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def set_children(self, auth, unit_id, payload):
        return app.set_children(self.uow, AuthContext.from_dict(auth), unit_id, payload)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def overview(self, auth, unit_id):
        caller = AuthContext.from_dict(auth)
        timeout = self.config.get("RPC_TIMEOUT", 5)

        def expiring():
            found = rpc_call.call(
                self.consent_rpc, "expiring_in_unit", auth, unit_id, 30, timeout=timeout
            )
            return len(found)

        return app.overview(self.uow, caller, unit_id, now=self.clock(), expiring=expiring)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def list_templates(self, auth):
        return app.list_templates(self.uow, AuthContext.from_dict(auth))

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def add_template(self, auth, payload):
        caller = AuthContext.from_dict(auth)
        return app.save_template(self.uow, caller, None, payload, now=self.clock(), new_id=new_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def change_template(self, auth, template_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.save_template(
            self.uow, caller, template_id, payload, now=self.clock(), new_id=new_id
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def retire_template(self, auth, template_id):
        return app.retire_template(self.uow, AuthContext.from_dict(auth), template_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=PERSON)
    def register_concern_from_template(self, auth, log_id, payload):
        caller = AuthContext.from_dict(auth)
        return app.register_concern_from_template(
            self.uow, caller, log_id, payload, now=self.clock(), new_id=new_id
        )

    @timer(interval=60)
    def remind_evaluations(self):
        """R60: reminders of evaluation deadlines, a few days ahead, once per measure."""
        app.remind_due_evaluations(self.uow, now=self.clock())

    @rpc(expected_exceptions=EXPECTED)
    def remind_due(self, auth):
        """The reminder scan on demand, for operators and tests."""
        AuthContext.from_dict(auth).require_service("operator")
        return app.remind_due_evaluations(self.uow, now=self.clock())

    @rpc(expected_exceptions=EXPECTED)
    def recipients(self, auth, log_id, audience, subject_id=None):
        caller = AuthContext.from_dict(auth)
        return app.recipients(self.uow, caller, log_id, audience, subject_id)

    def _covers(self, caller: AuthContext):
        timeout = self.config.get("RPC_TIMEOUT", 5)
        return lambda log_id, purpose, target: rpc_call.call(
            self.consent_rpc, "covers", caller.to_dict(), log_id, purpose, target, timeout=timeout
        )

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

    @event_handler("consent", "consent.narrowed", requeue_on_error=True)
    def on_consent_narrowed(self, payload):
        self._follow_consent(payload)

    def _follow_consent(self, payload):
        with rejecting_bad_events(log, "consent"):
            app.on_consent_event(
                self.uow, Envelope.from_dict(payload), event_schemas=CONSENT_EVENTS
            )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("payload",))
    def import_directory(self, auth, payload):
        return app.import_directory(self.uow, AuthContext.from_dict(auth), payload)
