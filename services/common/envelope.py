"""The envelope every event travels in, and its schema check."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields

from .errors import Invalid, NotFound, validation_error


@dataclass(frozen=True)
class Envelope:
    event_id: str
    event_type: str  # "<aggregate>.<past_verb>", e.g. "log.created"
    version: int
    occurred_at: str  # ISO 8601, UTC
    source: str  # the emitting service
    correlation_id: str
    causation_id: str | None
    actor: str | None  # the caller's pseudonymous subject or service name; never a national id
    body: dict

    @classmethod
    def new(
        cls,
        event_type,
        body,
        *,
        source,
        version=1,
        auth=None,
        causation_id=None,
        now: datetime | None = None,
    ) -> "Envelope":
        return cls(
            event_id=uuid.uuid4().hex,
            event_type=event_type,
            version=version,
            occurred_at=(now or datetime.now(UTC)).isoformat(),
            source=source,
            correlation_id=auth.correlation_id if auth else uuid.uuid4().hex,
            causation_id=causation_id,
            actor=auth.subject if auth else None,
            body=body,
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> "Envelope":
        try:
            loaded = EnvelopeSchema().load(data)
        except ValidationError as exc:
            raise validation_error(exc.messages, "envelope") from exc
        return cls(**loaded)


class EnvelopeSchema(Schema):
    event_id = fields.String(required=True)
    event_type = fields.String(required=True)
    version = fields.Integer(required=True)
    occurred_at = fields.String(required=True)
    source = fields.String(required=True)
    correlation_id = fields.String(required=True)
    causation_id = fields.String(allow_none=True, load_default=None)
    actor = fields.String(allow_none=True, load_default=None)
    body = fields.Dict(required=True)


def load_body(envelope: Envelope, schemas: dict) -> dict:
    """Check an event body against its versioned schema: ``{(type, version): Schema}``."""
    schema = schemas.get((envelope.event_type, envelope.version))
    if schema is None:
        raise validation_error(
            {"version": [f"no schema for {envelope.event_type} v{envelope.version}"]}, "envelope"
        )
    try:
        return schema().load(envelope.body)
    except ValidationError as exc:
        raise validation_error(exc.messages, "body") from exc


@contextmanager
def rejecting_bad_events(log, event_type: str):
    """A malformed or stale event is logged and dropped, never requeued forever.

    Anything else (a service that does not answer, a database that is down) propagates,
    and the handler's ``requeue_on_error`` brings the event back.
    """
    try:
        yield
    except (Invalid, NotFound) as exc:
        log.error("event rejected", extra={"code": exc.code, "event_type": event_type})
