"""The events notify consumes, checked against the producers' versioned schemas."""

from __future__ import annotations

from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS
from services.logs.contracts import LogCreatedV1

CONSENT_TYPES = ("consent.requested", "consent.expiring", "consent.expired", "consent.withdrawn")

EVENT_SCHEMAS = {("log.created", 1): LogCreatedV1} | {
    key: schema for key, schema in CONSENT_EVENTS.items() if key[0] in CONSENT_TYPES
}
