"""The notify service's application functions."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select

from services.common.db import apply_once
from services.common.envelope import Envelope, load_body

from .domain.messages import log_created_mails, mails_for
from .schemas import EVENT_SCHEMAS
from .store.tables import MailRow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BATCH = 50


def on_log_created(
    uow, envelope: Envelope, *, contacts_for, public_url: str, now: datetime
) -> bool:
    """R60: one mail per guardian, exactly once per event (the inbox commits with the mail)."""
    body = load_body(envelope, EVENT_SCHEMAS)
    mails = log_created_mails(contacts_for(body["log_id"]), public_url)
    return queue_once(uow, envelope, mails, now)


def on_consent_event(
    uow, envelope: Envelope, *, party_contacts, responsible_contacts, public_url: str, now: datetime
) -> bool:
    """Ask the family to sign (consent.requested); tell holder and unit leader when a consent
    is about to expire, has expired or was withdrawn (R31, R32, R60)."""
    body = load_body(envelope, EVENT_SCHEMAS)
    parties = party_contacts(body["consent_id"])
    url = f"{public_url.rstrip('/')}/consents/{body['consent_id']}"
    if envelope.event_type == "consent.requested":
        if body["method"] != "electronic":
            return queue_once(uow, envelope, [], now)
        people = responsible_contacts(None, body["unit_id"], [])
        recipients = parties["recipients"]
    else:
        people = responsible_contacts(
            body.get("log_id"), body["unit_id"], [parties["requested_by"]]
        )
        recipients = people["recipients"]
    language = parties["language"] if envelope.event_type == "consent.requested" else "nb"
    mails = mails_for(
        envelope.event_type,
        recipients,
        language=language,
        unit=people["unit_name"],
        url=url,
        days=body.get("days", ""),
        expires=body.get("expires_at", "")[:10],
    )
    return queue_once(uow, envelope, mails, now)


def queue_once(uow, envelope: Envelope, mails, now: datetime) -> bool:
    def queue(uow):
        for mail in mails:
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

    return apply_once(uow, envelope, queue)


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
