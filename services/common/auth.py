"""The verified caller, carried with every RPC call as a plain dict.

The gateway builds it from a verified token; a service calling another service
passes the original caller on (``on_behalf``) or its own ``system`` identity.
Services authorize again from it (defence in depth) and never trust anything
but the national id and the kind.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from .errors import Forbidden

PERSON = "person"
SERVICE = "service"


@dataclass(frozen=True)
class AuthContext:
    kind: str
    subject: str  # person: the token's `sub` (pseudonymous); service: its name
    pid: str | None = None  # national id, persons only; never logged
    acr: str | None = None  # assurance level from the token
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def person(cls, pid: str, subject: str, acr: str | None = None, correlation_id=None):
        return cls(PERSON, subject, pid, acr, correlation_id or uuid.uuid4().hex)

    @classmethod
    def system(cls, service: str, correlation_id: str | None = None):
        return cls(SERVICE, service, None, None, correlation_id or uuid.uuid4().hex)

    @classmethod
    def from_dict(cls, data) -> "AuthContext":
        if not isinstance(data, dict) or data.get("kind") not in (PERSON, SERVICE):
            raise Forbidden("auth.missing", "no caller given with the call")
        if data["kind"] == PERSON and not data.get("pid"):
            raise Forbidden("auth.missing", "a person caller needs a national id")
        return cls(
            kind=data["kind"],
            subject=str(data.get("subject") or ""),
            pid=data.get("pid"),
            acr=data.get("acr"),
            correlation_id=str(data.get("correlation_id") or uuid.uuid4().hex),
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_service(self) -> bool:
        return self.kind == SERVICE

    def require_person(self) -> str:
        if self.kind != PERSON or not self.pid:
            raise Forbidden("auth.person_required", "only a logged-in person may do this")
        return self.pid

    def require_service(self, *names: str) -> None:
        if self.kind != SERVICE or (names and self.subject not in names):
            raise Forbidden("auth.service_required", "only an internal service may call this")
