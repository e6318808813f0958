"""R60, R90, R16: notify tells each person about the plan, by the channels they chose and in
their language, exactly once per event; SMS leave through the SmsSender like mail leaves.

Application functions on a real migrated database (SQLite and PostgreSQL), with typed fakes
for what notify asks logs and consent; one test drives the nameko entrypoint itself.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from services.common.auth import AuthContext
from services.common.db import UnitOfWork, make_engine
from services.common.envelope import Envelope
from services.common.errors import Invalid
from services.common.migrate import upgrade
from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS
from services.logs.contracts import EVENT_SCHEMAS as LOGS_EVENTS
from services.notify import app
from services.notify.ports import (
    Audience,
    Contact,
    GuardianContacts,
    PartyContacts,
    Recipients,
    ResponsibleContacts,
)
from services.notify.service import Service
from services.notify.sms import FileSmsSender, SmsError, SmsUnavailable
from services.notify.store.tables import MailRow, SmsRow
from tests.support import infra

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
PUBLIC_URL = "https://stafett.kommune.example/"
LOG_URL = "https://stafett.kommune.example/logs/L1"

GRO: Contact = {"name": "Gro Foresatt", "email": "gro@example.no", "phone": "+4791000001",
                "channels": ["email"], "language": "nb"}  # fmt: skip
PER: Contact = {"name": "Per Foresatt", "email": "per@example.no", "phone": "+4791000002",
                "channels": ["sms"], "language": "nn"}  # fmt: skip
KARI: Contact = {"name": "Kari Lærer", "email": "kari@example.no", "phone": "+4791000003",
                 "channels": ["email", "sms"], "language": "en"}  # fmt: skip
OLA: Contact = {"name": "Ola Uten Nummer", "email": "ola@example.no", "phone": None,
                "channels": ["sms"], "language": "nb"}  # fmt: skip

BODIES = {
    "meeting.planned": {"meeting_id": "M1", "starts_at": "2026-12-03T08:00:00+00:00"},
    "meeting.moved": {
        "meeting_id": "M1",
        "starts_at": "2026-12-10T13:15:00+00:00",
        "previous_starts_at": "2026-12-03T08:00:00+00:00",
    },
    "measure.evaluation_due": {
        "concern_id": "C1",
        "measure_id": "MS1",
        "arena": "service",
        "deadline": "2026-12-04",
        "days_left": 7,
    },
    "highlight.posted": {"highlight_id": "H1"},
    "log.created": {"level": 1, "consent_id": "c1"},
}


@pytest.fixture(params=["sqlite", "postgresql"])
def sessions(request, tmp_path):
    with infra.databases(request.param, ["notify"], tmp_path) as urls:
        upgrade("notify", urls["notify"])
        engine = make_engine(urls["notify"])
        yield sessionmaker(engine, expire_on_commit=False)
        engine.dispose()


@pytest.fixture
def uow(sessions):
    return UnitOfWork(sessions)


@dataclass
class FakeRecipients:
    """logs.recipients as notify sees it (ports.RecipientsFor); it records each question."""

    people: list[Contact]
    details: dict = field(default_factory=lambda: {"place": "Møterom 2"})
    asked: list[tuple] = field(default_factory=list)

    def __call__(self, log_id: str, audience: Audience, subject_id: str | None) -> Recipients:
        self.asked.append((log_id, audience, subject_id))
        return {
            "log_id": log_id,
            "unit_name": "Solsiden skole",
            "recipients": list(self.people),
            "details": dict(self.details),
        }


class NotAsked:
    """A lookup the event at hand must not use."""

    def __call__(self, *args):
        raise AssertionError(f"unexpected lookup {args}")


def lookups(recipients=None, **others) -> app.Lookups:
    return app.Lookups(
        contacts_for=others.get("contacts_for", NotAsked()),
        party_contacts=others.get("party_contacts", NotAsked()),
        responsible_contacts=others.get("responsible_contacts", NotAsked()),
        recipients=recipients or NotAsked(),
    )


def event(event_type: str, **changes) -> Envelope:
    """An event as logs or consent would emit it, checked against the producer's schema."""
    source = "consent" if event_type.startswith("consent.") else "logs"
    schemas = CONSENT_EVENTS if source == "consent" else LOGS_EVENTS
    body = {"log_id": "L1", "unit_id": "solsiden-skole", **BODIES.get(event_type, {}), **changes}
    schemas[(event_type, 1)]().load(body)
    return Envelope.new(event_type, body, source=source, now=NOW)


def handle(uow, envelope: Envelope, found: app.Lookups) -> bool:
    return app.handle(uow, envelope, found, public_url=PUBLIC_URL, now=NOW)


def queued(sessions, table):
    with sessions() as session:
        return session.scalars(select(table).order_by(table.id)).all()


def test_R60_each_person_is_told_on_the_channels_they_chose(uow, sessions, caplog):
    """email, sms, both; a chosen channel without an address is skipped and only counted."""
    caplog.set_level(logging.INFO, logger="services.notify.app")
    assert handle(uow, event("meeting.planned"), lookups(FakeRecipients([GRO, PER, KARI, OLA])))

    assert [m.to_addr for m in queued(sessions, MailRow)] == ["gro@example.no", "kari@example.no"]
    assert [s.to_number for s in queued(sessions, SmsRow)] == ["+4791000002", "+4791000003"]
    assert {r.status for r in queued(sessions, SmsRow)} == {"pending"}
    [record] = [r for r in caplog.records if "reachable" in r.getMessage()]
    assert record.count == 1
    logged = repr(vars(record))
    assert not any(secret in logged for secret in ("Ola", "ola@example.no", "Uten Nummer"))


def test_R90_each_person_reads_their_own_language(uow, sessions):
    handle(uow, event("meeting.planned"), lookups(FakeRecipients([GRO, PER, KARI])))

    gro, kari = queued(sessions, MailRow)
    assert gro.subject == "Møte om stafettloggen torsdag 3. desember kl. 09.00"
    assert "Sted: Møterom 2" in gro.body and LOG_URL in gro.body
    assert kari.subject == "Relay log meeting on Thursday 3 December at 09:00"
    per, kari_sms = queued(sessions, SmsRow)
    assert per.text.startswith("Solsiden skole inviterer deg til møte om stafettloggen torsdag")
    assert "Stad: Møterom 2" in per.text and "Sjå meir her" in per.text
    assert "on Thursday 3 December at 09:00" in kari_sms.text


@pytest.mark.parametrize(
    ("event_type", "audience", "subject_id", "expect"),
    [
        ("meeting.planned", "meeting", "M1", "torsdag 3. desember kl. 09.00"),
        ("meeting.moved", "meeting", "M1", "torsdag 10. desember kl. 14.15"),
        ("measure.evaluation_due", "measure_actor", "MS1", "innen 4. desember 2026"),
        ("highlight.posted", "holder_and_family", None, "nytt lysglimt"),
    ],
)
def test_R60_R16_notify_asks_logs_whom_to_tell_and_tells_them_once(
    uow, sessions, event_type, audience, subject_id, expect
):
    """One question to logs.recipients per delivery; a redelivered event queues nothing."""
    recipients = FakeRecipients([GRO, KARI])
    envelope = event(event_type)

    assert handle(uow, envelope, lookups(recipients)) is True
    assert handle(uow, envelope, lookups(recipients)) is False  # redelivered

    assert recipients.asked == [("L1", audience, subject_id)] * 2
    mails, texts = queued(sessions, MailRow), queued(sessions, SmsRow)
    assert [m.to_addr for m in mails] == ["gro@example.no", "kari@example.no"]
    assert [s.to_number for s in texts] == ["+4791000003"]
    assert expect in mails[0].body and LOG_URL in mails[0].body
    assert {m.event_id for m in mails} | {s.event_id for s in texts} == {envelope.event_id}


def test_R60_the_dates_come_from_logs_when_the_event_has_none(uow, sessions):
    """The measure's deadline in logs' details is used when the body lacks it (it never does
    today); the body wins when both have one."""
    recipients = FakeRecipients([GRO], details={"deadline": "2027-01-08"})
    handle(uow, event("measure.evaluation_due"), lookups(recipients))
    [mail] = queued(sessions, MailRow)
    assert "4. desember 2026" in mail.body and "2027" not in mail.body

    assert app._plan_values(
        "measure.evaluation_due", {}, {"details": {"deadline": "2027-01-08"}}
    ) == {"deadline": datetime(2027, 1, 8).date()}
    assert app._plan_values(
        "meeting.planned", {}, {"details": {"starts_at": "2026-12-03T08:00:00+00:00"}}
    ) == {"when": datetime(2026, 12, 3, 8, tzinfo=UTC), "place": None}


def test_R60_nobody_reachable_queues_nothing_but_marks_the_event(uow, sessions):
    envelope = event("highlight.posted")
    assert handle(uow, envelope, lookups(FakeRecipients([OLA])))
    assert queued(sessions, MailRow) == [] and queued(sessions, SmsRow) == []
    with uow:
        assert uow.already_applied(envelope.event_id)


def test_R60_todays_contacts_without_channels_or_language_get_mail_in_bokmaal(uow, sessions):
    def contacts_for(log_id: str) -> GuardianContacts:
        return {
            "log_id": log_id,
            "unit_name": "Solsiden skole",
            "recipients": [{"name": "Gro Foresatt", "email": "gro@example.no"}],
        }

    handle(uow, event("log.created"), lookups(contacts_for=contacts_for))
    [mail] = queued(sessions, MailRow)
    assert mail.subject == "Det er opprettet en stafettlogg for barnet ditt"
    assert queued(sessions, SmsRow) == []


def test_R31_R90_consent_expiry_reaches_staff_in_their_language(uow, sessions):
    def party_contacts(consent_id: str) -> PartyContacts:
        return {
            "consent_id": consent_id,
            "unit_id": "solsiden-skole",
            "language": "nb",
            "requested_by": "employee-1",
            "recipients": [],
        }

    def responsible_contacts(log_id, unit_id, also) -> ResponsibleContacts:
        assert (log_id, unit_id, also) == ("L1", "solsiden-skole", ["employee-1"])
        return {"unit_name": "Solsiden skole", "recipients": [GRO, KARI]}

    envelope = event(
        "consent.expiring",
        consent_id="c1",
        expires_at="2028-01-31T23:30:00+00:00",  # 1 February in Norway
        days=7,
    )
    found = lookups(party_contacts=party_contacts, responsible_contacts=responsible_contacts)
    handle(uow, envelope, found)

    gro, kari = queued(sessions, MailRow)
    assert gro.subject == "Samtykket til en stafettlogg går ut om 7 dager"
    assert "går ut 1. februar 2028" in gro.body
    assert kari.subject == "The consent to a relay log expires in 7 days"
    assert "https://stafett.kommune.example/consents/c1" in kari.body
    [sms] = queued(sessions, SmsRow)
    assert "expires on 1 February 2028" in sms.text


def test_an_event_notify_does_not_handle_is_refused(uow):
    with pytest.raises(Invalid) as refused:
        handle(uow, event("concern.registered", concern_id="C1", category="språk"), lookups())
    assert refused.value.code == "event.not_handled"


# --- Sending SMS ---------------------------------------------------------------------------


def test_R60_the_file_sink_writes_one_whole_file_per_message(uow, sessions, tmp_path):
    handle(uow, event("highlight.posted"), lookups(FakeRecipients([PER, KARI])))
    directory = tmp_path / "sms"

    assert app.send_pending_sms(uow, sender=FileSmsSender(directory), now=NOW) == 2
    assert app.send_pending_sms(uow, sender=FileSmsSender(directory), now=NOW) == 0

    files = sorted(directory.iterdir())
    assert [f.suffix for f in files] == [".json", ".json"]  # no temporary file left behind
    written = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    assert [w["to"] for w in written] == ["+4791000002", "+4791000003"]
    assert written[0]["text"].startswith("Nokon har skrive eit nytt lysglimt")
    assert [(r.status, r.attempts) for r in queued(sessions, SmsRow)] == [("sent", 1)] * 2


@dataclass
class RefusingSender:
    """An SMS gateway that refuses every message (ports: sms.SmsSender)."""

    calls: int = 0

    def send(self, to: str, text: str) -> None:
        self.calls += 1
        raise SmsError("number not in service")


@dataclass
class UnreachableSender:
    calls: int = 0

    def send(self, to: str, text: str) -> None:
        self.calls += 1
        raise SmsUnavailable("gateway down")


def test_R60_a_refused_sms_is_retried_then_marked_failed(uow, sessions):
    handle(uow, event("highlight.posted"), lookups(FakeRecipients([PER])))
    sender = RefusingSender()

    for _ in range(app.MAX_ATTEMPTS - 1):
        app.send_pending_sms(uow, sender=sender, now=NOW)
    [row] = queued(sessions, SmsRow)
    assert (row.status, row.attempts) == ("pending", app.MAX_ATTEMPTS - 1)

    app.send_pending_sms(uow, sender=sender, now=NOW)
    [row] = queued(sessions, SmsRow)
    assert (row.status, row.attempts, row.sent_at) == ("failed", app.MAX_ATTEMPTS, None)
    assert row.last_error == "SmsError: number not in service"

    app.send_pending_sms(uow, sender=sender, now=NOW)  # a failed message is never tried again
    assert sender.calls == app.MAX_ATTEMPTS


def test_R60_an_unreachable_sms_gateway_counts_no_attempt(uow, sessions):
    handle(uow, event("highlight.posted"), lookups(FakeRecipients([PER, KARI])))
    sender = UnreachableSender()

    assert app.send_pending_sms(uow, sender=sender, now=NOW) == 0
    assert sender.calls == 1  # the tick stops at the first message
    assert [(r.status, r.attempts) for r in queued(sessions, SmsRow)] == [("pending", 0)] * 2


# --- The entrypoint --------------------------------------------------------------------------


class FakeLogsRpc:
    """The logs service as notify's RpcProxy sees it: only the method notify may call."""

    service_name = "logs"

    def __init__(self):
        self.calls: list[tuple] = []

    def recipients(self, auth, log_id, audience, subject_id) -> Recipients:
        self.calls.append((auth, log_id, audience, subject_id))
        return FakeRecipients([KARI])(log_id, audience, subject_id)


def test_R60_the_entrypoint_asks_logs_recipients_as_notify(uow, sessions):
    logs_rpc = FakeLogsRpc()
    service = worker_factory(
        Service,
        uow=uow,
        logs_rpc=logs_rpc,
        config={"PUBLIC_URL": PUBLIC_URL, "RPC_TIMEOUT": 5},
        clock=lambda: NOW,
    )
    envelope = event("meeting.planned")

    service.on_meeting_planned(envelope.to_dict())
    service.on_meeting_planned(envelope.to_dict())  # redelivered

    [(auth, *question), _] = logs_rpc.calls
    assert question == ["L1", "meeting", "M1"]
    caller = AuthContext.from_dict(auth)
    assert (caller.kind, caller.subject, caller.pid) == ("service", "notify", None)
    assert caller.correlation_id == envelope.correlation_id
    assert len(queued(sessions, MailRow)) == 1 and len(queued(sessions, SmsRow)) == 1


def test_a_misrouted_event_is_dropped_not_requeued(uow, sessions):
    service = worker_factory(Service, uow=uow, logs_rpc=FakeLogsRpc(), clock=lambda: NOW)
    service.on_meeting_moved(event("meeting.planned").to_dict())  # logged and dropped
    assert queued(sessions, MailRow) == []
