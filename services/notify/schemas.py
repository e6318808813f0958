"""The events notify consumes, checked against the producer's versioned schemas."""

from __future__ import annotations

from services.logs.schemas import LogCreatedV1

EVENT_SCHEMAS = {("log.created", 1): LogCreatedV1}
