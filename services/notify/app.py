"""The notify service's application functions.

Every consumed event goes through ``handle``, which looks its type up in ``HANDLERS``.
A handler asks the owning service whom to tell (the callables in ``Lookups``), renders
the mails and SMS (``domain/messages.py``) and queues them with the event's inbox mark in
one transaction (``apply_once``). The timers send the queues: ``send_pending`` (mail over
SMTP) and ``send_pending_sms`` (through an ``SmsSender``).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from sqlalchemy import select

from services.common.db import apply_once
from services.common.envelope import Envelope, load_body
from services.common.errors import Invalid

from .domain import oslo
from .domain.messages import Notices, notices_for
from .ports import (
    Audience,
    GuardianContactsFor,
    PartyContactsFor,
    Recipients,
    RecipientsFor,
    ResponsibleContactsFor,
)
from .schemas import EVENT_SCHEMAS
from .sms import SmsSender, SmsUnavailable
from .store.tables import MailRow, SmsRow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BATCH = 50

# The plan's events: whom logs.recipients is asked for, and which body field names them.
PLAN_AUDIENCES: dict[str, tuple[Audience, str | None]] = {
    "meeting.planned": ("meeting", "meeting_id"),
    "meeting.moved": ("meeting", "meeting_id"),
    "measure.evaluation_due": ("measure_actor", "measure_id"),
    "highlight.posted": ("holder_and_family", None),
}


@dataclass(frozen=True)
class Lookups:
    """Whom to tell, asked of the owning services (RPC in service.py, typed fakes in tests)."""

    contacts_for: GuardianContactsFor
    party_contacts: PartyContactsFor
    responsible_contacts: ResponsibleContactsFor
    recipients: RecipientsFor


def handle(uow, envelope: Envelope, lookups: Lookups, *, public_url: str, now: datetime) -> bool:
    """Apply one consumed event; False if it was applied before (a redelivery)."""
    handler = HANDLERS.get(envelope.event_type)
    if handler is None:
        raise Invalid(
            "event.not_handled", f"notify does not handle {envelope.event_type}", "event_type"
        )
    return handler(uow, envelope, lookups, public_url=public_url, now=now)


def on_log_created(
    uow, envelope: Envelope, *, contacts_for: GuardianContactsFor, public_url: str, now: datetime
) -> bool:
    """R60: creating a log tells every guardian at once, with how to log in, exactly once
    per event (the inbox commits with the queued messages)."""
    body = load_body(envelope, EVENT_SCHEMAS)
    contacts = contacts_for(body["log_id"])
    notices = notices_for(
        "log.created",
        contacts["recipients"],
        unit=contacts["unit_name"],
        url=_log_url(public_url, body["log_id"]),
    )
    return queue_once(uow, envelope, notices, now)


def on_consent_event(
    uow,
    envelope: Envelope,
    *,
    party_contacts: PartyContactsFor,
    responsible_contacts: ResponsibleContactsFor,
    public_url: str,
    now: datetime,
) -> bool:
    """Ask the family to sign (consent.requested); tell holder and unit leader when a consent
    is about to expire, has expired or was withdrawn (R31, R32, R60). The request to sign
    goes out in the consent's language unless a person chose their own (R90)."""
    body = load_body(envelope, EVENT_SCHEMAS)
    parties = party_contacts(body["consent_id"])
    url = f"{public_url.rstrip('/')}/consents/{body['consent_id']}"
    if envelope.event_type == "consent.requested":
        if body["method"] != "electronic":
            return queue_once(uow, envelope, Notices(), now)
        people = responsible_contacts(None, body["unit_id"], [])
        recipients, language = parties["recipients"], parties["language"]
    else:
        people = responsible_contacts(
            body.get("log_id"), body["unit_id"], [parties["requested_by"]]
        )
        recipients, language = people["recipients"], "nb"
    notices = notices_for(
        envelope.event_type,
        recipients,
        language=language,
        unit=people["unit_name"],
        url=url,
        days=body.get("days", ""),
        expires=_day(body.get("expires_at")),
    )
    return queue_once(uow, envelope, notices, now)


def on_plan_event(
    uow, envelope: Envelope, *, recipients: RecipientsFor, public_url: str, now: datetime
) -> bool:
    """R60, R16: a meeting planned or moved tells its participants (logs includes the child
    from 12); an evaluation deadline tells the measure's actor; a new highlight tells the
    holder and the family. Each by the channels they chose, in their language (R90)."""
    body = load_body(envelope, EVENT_SCHEMAS)
    audience, subject_field = PLAN_AUDIENCES[envelope.event_type]
    answer = recipients(body["log_id"], audience, body[subject_field] if subject_field else None)
    notices = notices_for(
        envelope.event_type,
        answer["recipients"],
        unit=answer.get("unit_name", ""),
        url=_log_url(public_url, body["log_id"]),
        **_plan_values(envelope.event_type, body, answer),
    )
    return queue_once(uow, envelope, notices, now)


def _plan_values(event_type: str, body: dict, answer: Recipients) -> dict:
    """The dates come from the event body when it has them, otherwise from logs' details."""
    details = answer.get("details") or {}
    if event_type in ("meeting.planned", "meeting.moved"):
        starts_at = body.get("starts_at") or datetime.fromisoformat(details["starts_at"])
        return {"when": starts_at, "place": details.get("place")}
    if event_type == "measure.evaluation_due":
        deadline = body.get("deadline") or date.fromisoformat(details["deadline"])
        return {"deadline": deadline}
    return {}


HANDLERS: dict[str, Callable[..., bool]] = {
    "log.created": lambda uow, envelope, lookups, **kw: on_log_created(
        uow, envelope, contacts_for=lookups.contacts_for, **kw
    ),
    **dict.fromkeys(
        ("consent.requested", "consent.expiring", "consent.expired", "consent.withdrawn"),
        lambda uow, envelope, lookups, **kw: on_consent_event(
            uow,
            envelope,
            party_contacts=lookups.party_contacts,
            responsible_contacts=lookups.responsible_contacts,
            **kw,
        ),
    ),
    **dict.fromkeys(
        PLAN_AUDIENCES,
        lambda uow, envelope, lookups, **kw: on_plan_event(
            uow, envelope, recipients=lookups.recipients, **kw
        ),
    ),
}


def _log_url(public_url: str, log_id: str) -> str:
    return f"{public_url.rstrip('/')}/logs/{log_id}"


def _day(moment: str | None) -> date | str:
    """An ISO moment as the day it is in Norway; anything else is shown as given."""
    if not moment:
        return ""
    try:
        return oslo.local_date(datetime.fromisoformat(moment))
    except ValueError:
        return moment[:10]


def queue_once(uow, envelope: Envelope, notices: Notices, now: datetime) -> bool:
    """Queue the event's mails and SMS with its inbox mark, in one transaction."""

    def queue(uow):
        for mail in notices.mails:
            uow.session.add(
                MailRow(
                    event_id=envelope.event_id,
                    to_addr=mail.to,
                    subject=mail.subject,
                    body=mail.body,
                    status="pending",
                    attempts=0,
                    created_at=now,
                )
            )
        for sms in notices.sms:
            uow.session.add(
                SmsRow(
                    event_id=envelope.event_id,
                    to_number=sms.to,
                    text=sms.text,
                    status="pending",
                    attempts=0,
                    created_at=now,
                )
            )

    applied = apply_once(uow, envelope, queue)
    if applied and notices.unreachable:
        # A count only: never a name, an address or a number.
        log.warning(
            "recipients without a reachable channel",
            extra={
                "event_id": envelope.event_id,
                "event_type": envelope.event_type,
                "count": notices.unreachable,
            },
        )
    return applied


def send_pending(uow, *, smtp_host: str, smtp_port: int, mail_from: str, now: datetime) -> int:
    """Send queued mail over SMTP; a failure is retried on the next tick, up to a limit."""
    sent = 0
    with uow:
        rows = uow.session.scalars(
            select(MailRow).where(MailRow.status == "pending").order_by(MailRow.id).limit(BATCH)
        ).all()
        if not rows:
            return 0
        try:
            smtp = smtplib.SMTP(smtp_host, smtp_port, timeout=10)
        except OSError as exc:
            log.warning("mail server unreachable", extra={"error": str(exc)})
            return 0
        with smtp:
            for row in rows:
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = (
                    mail_from,
                    row.to_addr,
                    row.subject,
                )
                message.set_content(row.body)
                row.attempts += 1
                try:
                    smtp.send_message(message)
                except smtplib.SMTPException as exc:
                    row.last_error = str(exc)
                    if row.attempts >= MAX_ATTEMPTS:
                        row.status = "failed"
                else:
                    row.status, row.sent_at = "sent", now
                    sent += 1
                # One commit per mail: a crash re-sends at most the mail in flight.
                uow.commit()
    return sent


def send_pending_sms(uow, *, sender: SmsSender, now: datetime) -> int:
    """Send queued SMS through ``sender``, like mail: a refused message counts one attempt
    and is tried on the next tick, and becomes ``failed`` after MAX_ATTEMPTS; an unreachable
    gateway counts nothing and ends the tick."""
    sent = 0
    with uow:
        rows = uow.session.scalars(
            select(SmsRow).where(SmsRow.status == "pending").order_by(SmsRow.id).limit(BATCH)
        ).all()
        for row in rows:
            try:
                sender.send(row.to_number, row.text)
            except SmsUnavailable as exc:
                log.warning("sms gateway unreachable", extra={"error": type(exc).__name__})
                break
            except Exception as exc:  # any adapter's refusal counts as one failed attempt
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
            else:
                row.attempts += 1
                row.status, row.sent_at = "sent", now
                sent += 1
            # One commit per message: a crash re-sends at most the message in flight.
            uow.commit()
    return sent
