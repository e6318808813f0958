"""The events notify consumes, checked against the producers' versioned schemas."""

from __future__ import annotations

from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS
from services.logs.contracts import EVENT_SCHEMAS as LOGS_EVENTS

LOGS_TYPES = (
    "log.created",
    "meeting.planned",
    "meeting.moved",
    "measure.evaluation_due",
    "highlight.posted",
)
CONSENT_TYPES = ("consent.requested", "consent.expiring", "consent.expired", "consent.withdrawn")

EVENT_SCHEMAS = {key: schema for key, schema in LOGS_EVENTS.items() if key[0] in LOGS_TYPES} | {
    key: schema for key, schema in CONSENT_EVENTS.items() if key[0] in CONSENT_TYPES
}
