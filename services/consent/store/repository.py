from __future__ import annotations

from sqlalchemy.orm import Session

from services.common.db import as_utc

from ..domain.model import Consent, Method, Status
from .tables import ConsentRow


class ConsentRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, c: Consent) -> None:
        self.session.add(
            ConsentRow(
                id=c.id,
                child_pid=c.child_pid,
                unit_id=c.unit_id,
                consenting=list(c.consenting),
                purposes=list(c.purposes),
                method=c.method.value,
                status=c.status.value,
                given_at=c.given_at,
                expires_at=c.expires_at,
                recorded_by=c.recorded_by,
                created_at=c.created_at,
            )
        )

    def get(self, consent_id: str) -> Consent | None:
        row = self.session.get(ConsentRow, consent_id)
        if row is None:
            return None
        return Consent(
            id=row.id,
            child_pid=row.child_pid,
            unit_id=row.unit_id,
            consenting=list(row.consenting),
            purposes=list(row.purposes),
            method=Method(row.method),
            given_at=as_utc(row.given_at),
            expires_at=as_utc(row.expires_at),
            recorded_by=row.recorded_by,
            status=Status(row.status),
            created_at=as_utc(row.created_at),
        )
