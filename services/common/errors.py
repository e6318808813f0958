"""Domain errors with stable machine codes, safe to raise across RPC.

A service raises ``Invalid("log.child_pid_invalid", "…", field="child.pid")``;
nameko carries it over AMQP and the caller gets the same class back (the
classes are registered with ``deserialize_to_instance``), so the gateway maps
errors by their ``code``/``kind`` in one table and never by module path.
"""

from __future__ import annotations

from nameko.exceptions import deserialize_to_instance


class DomainError(Exception):
    kind = "invalid"

    def __init__(self, code: str, message: str = "", field: str | None = None, details=None):
        # nameko turns None into "None" on the wire: send falsy values of the right type.
        super().__init__(code, message, field or "", details or {})
        self.code = code
        self.message = message or code
        self.field = field or None
        self.details = details or None

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


@deserialize_to_instance
class Invalid(DomainError):
    """The request is understood but breaks a rule (422)."""

    kind = "invalid"


@deserialize_to_instance
class Forbidden(DomainError):
    kind = "forbidden"


@deserialize_to_instance
class NotFound(DomainError):
    kind = "not_found"


@deserialize_to_instance
class Conflict(DomainError):
    kind = "conflict"


@deserialize_to_instance
class TooLarge(DomainError):
    kind = "too_large"


@deserialize_to_instance
class Unsupported(DomainError):
    """Content of a type the receiver does not take (415)."""

    kind = "unsupported"


@deserialize_to_instance
class Unavailable(DomainError):
    """A dependency (another service, the broker) did not answer in time."""

    kind = "unavailable"


EXPECTED = (Invalid, Forbidden, NotFound, Conflict, TooLarge, Unsupported, Unavailable)


def validation_error(messages: dict, prefix: str = "") -> Invalid:
    """Turn marshmallow's nested error dict into one Invalid naming the first field."""
    field, message = _first_leaf(messages, prefix)
    return Invalid("validation.invalid", message, field=field, details=messages)


def _first_leaf(messages, prefix: str) -> tuple[str, str]:
    if isinstance(messages, dict):
        key = sorted(messages, key=str)[0]
        name = str(key) if key != "_schema" else ""
        path = f"{prefix}.{name}" if prefix and name else (name or prefix)
        return _first_leaf(messages[key], path)
    if isinstance(messages, list) and messages:
        if isinstance(messages[0], str):
            return prefix or "body", messages[0]
        return _first_leaf(messages[0], prefix)
    return prefix or "body", str(messages)
