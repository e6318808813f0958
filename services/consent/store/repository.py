"""Load and save the consent aggregate; append-only parts are only ever inserted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from services.common.db import as_utc
from services.common.errors import Conflict
from services.common.statements import Prepared

from ..domain.model import (
    Consent,
    HistoryEntry,
    Method,
    Party,
    Role,
    Scope,
    Signature,
    Status,
    Withdrawal,
)
from .tables import ConsentRow, HistoryRow, PartyRow, ScanRow, SignatureRow, WithdrawalRow


def _scope_dict(scope: Scope) -> dict:
    return {
        k: list(getattr(scope, k))
        for k in ("purposes", "actors", "transfer_units", "transfer_municipalities", "read_grants")
    }


class ConsentRepository:
    def __init__(self, session: Session):
        self.session = session
        self._loaded: dict[str, tuple[int, int, int, int]] = {}

    # -- reading
    def get(self, consent_id: str, *, with_history: bool = True) -> Consent | None:
        row = self.session.get(ConsentRow, consent_id)
        return self._build(row, with_history) if row else None

    def current_for_log(self, log_id: str) -> Consent | None:
        """The consent that governs a log now: the newest that is not pending."""
        row = self.session.scalars(
            select(ConsentRow)
            .where(ConsentRow.log_id == log_id, ConsentRow.status != Status.PENDING.value)
            .order_by(ConsentRow.activated_at.desc())
            .limit(1)
        ).first()
        return self._build(row, with_history=False) if row else None

    def lapse_candidates(self, horizon: datetime) -> list[tuple]:
        """Active consents expiring before ``horizon``: (id, expires_at, warnings_sent)."""
        rows = self.session.execute(
            select(ConsentRow.id, ConsentRow.expires_at, ConsentRow.warnings_sent)
            .where(ConsentRow.status == Status.ACTIVE.value, ConsentRow.expires_at <= horizon)
            .order_by(ConsentRow.expires_at)
        )
        return [(r.id, as_utc(r.expires_at), r.warnings_sent or []) for r in rows]

    def for_party(self, pid: str) -> list[Consent]:
        ids = select(PartyRow.consent_id).where(PartyRow.pid == pid)
        rows = self.session.scalars(
            select(ConsentRow)
            .where((ConsentRow.id.in_(ids)) | (ConsentRow.child_pid == pid))
            .order_by(ConsentRow.created_at.desc())
        )
        return [self._build(r, with_history=True) for r in rows]

    def expiring_in_unit(self, unit_id: str, until: datetime) -> list[Consent]:
        rows = self.session.scalars(
            select(ConsentRow)
            .where(
                ConsentRow.unit_id == unit_id,
                ConsentRow.status == Status.ACTIVE.value,
                ConsentRow.expires_at <= until,
            )
            .order_by(ConsentRow.expires_at)
        )
        return [self._build(r, with_history=False) for r in rows]

    def _build(self, row: ConsentRow, with_history: bool) -> Consent:
        cid = row.id
        parties = self.session.scalars(
            select(PartyRow).where(PartyRow.consent_id == cid).order_by(PartyRow.position)
        )
        signatures = self.session.scalars(
            select(SignatureRow)
            .where(SignatureRow.consent_id == cid)
            .order_by(SignatureRow.signed_at)
        )
        withdrawals = self.session.scalars(
            select(WithdrawalRow).where(WithdrawalRow.consent_id == cid).order_by(WithdrawalRow.id)
        )
        history = (
            self.session.scalars(
                select(HistoryRow).where(HistoryRow.consent_id == cid).order_by(HistoryRow.id)
            )
            if with_history
            else []
        )
        consent = Consent(
            id=cid,
            child_pid=row.child_pid,
            child_name=row.child_name,
            child_birth_date=row.child_birth_date,
            unit_id=row.unit_id,
            parties=[Party(p.pid, p.name, Role(p.role), p.email) for p in parties],
            scope=Scope(**{k: tuple(v) for k, v in row.scope.items()}),
            method=Method(row.method),
            requested_by=row.requested_by,
            created_at=as_utc(row.created_at),
            requested_expiry=as_utc(row.requested_expiry),
            language=row.language,
            log_id=row.log_id,
            young_reason=row.young_reason,
            supersedes=row.supersedes,
            status=Status(row.status),
            activated_at=as_utc(row.activated_at),
            expires_at=as_utc(row.expires_at),
            activated_by=row.activated_by,
            scan_sha256=row.scan_sha256,
            signatures=[Signature(s.pid, as_utc(s.signed_at), s.acr) for s in signatures],
            withdrawals=[
                Withdrawal(w.by_pid, as_utc(w.at), w.purpose, w.target) for w in withdrawals
            ],
            warnings_sent=set(row.warnings_sent or ()),
            history=[HistoryEntry(as_utc(h.at), h.what, h.by_pid) for h in history],
            version=row.version,
        )
        # Remember what is in memory, so save() inserts only what is new. Without history
        # loaded, the list starts empty and every note made after loading is new.
        self._loaded[cid] = (
            row.version,
            len(consent.signatures),
            len(consent.withdrawals),
            len(consent.history),
        )
        return consent

    # -- writing
    def add(self, consent: Consent) -> None:
        self.session.add(ConsentRow(id=consent.id, version=1, **self._columns(consent)))
        self.session.flush()
        for position, p in enumerate(consent.parties):
            self.session.add(
                PartyRow(
                    consent_id=consent.id,
                    pid=p.pid,
                    name=p.name,
                    role=p.role.value,
                    email=p.email,
                    position=position,
                )
            )
        self._append(consent, 0, 0, 0)
        consent.version = 1

    def save(self, consent: Consent) -> None:
        """Write the changes; a concurrent change to the same consent is a 409."""
        version, signatures, withdrawals, history = self._loaded[consent.id]
        done = self.session.execute(
            update(ConsentRow)
            .where(ConsentRow.id == consent.id, ConsentRow.version == version)
            .values(version=version + 1, **self._columns(consent))
        )
        if done.rowcount != 1:
            raise Conflict(
                "consent.changed_concurrently",
                "the consent changed meanwhile; try again",
                field="consent_id",
            )
        self._append(consent, signatures, withdrawals, history)
        consent.version = version + 1

    def _append(self, consent: Consent, signatures: int, withdrawals: int, history: int) -> None:
        for s in consent.signatures[signatures:]:
            self.session.add(
                SignatureRow(consent_id=consent.id, pid=s.pid, signed_at=s.signed_at, acr=s.acr)
            )
        for w in consent.withdrawals[withdrawals:]:
            self.session.add(
                WithdrawalRow(
                    consent_id=consent.id, by_pid=w.by, at=w.at, purpose=w.purpose, target=w.target
                )
            )
        for h in consent.history[history:]:
            self.session.add(HistoryRow(consent_id=consent.id, at=h.at, what=h.what, by_pid=h.by))
        self._loaded[consent.id] = (
            consent.version,
            len(consent.signatures),
            len(consent.withdrawals),
            len(consent.history),
        )

    @staticmethod
    def _columns(c: Consent) -> dict:
        return dict(
            child_pid=c.child_pid,
            child_name=c.child_name,
            child_birth_date=c.child_birth_date,
            unit_id=c.unit_id,
            log_id=c.log_id,
            scope=_scope_dict(c.scope),
            method=c.method.value,
            status=c.status.value,
            requested_by=c.requested_by,
            created_at=c.created_at,
            requested_expiry=c.requested_expiry,
            language=c.language,
            young_reason=c.young_reason,
            supersedes=c.supersedes,
            activated_at=c.activated_at,
            activated_by=c.activated_by,
            expires_at=c.expires_at,
            scan_sha256=c.scan_sha256,
            warnings_sent=sorted(c.warnings_sent),
        )

    # -- scans
    def store_scan(
        self, sha256: str, content_type: str, data: bytes, uploader: str, at: datetime
    ) -> None:
        if self.session.get(ScanRow, sha256) is None:
            self.session.add(
                ScanRow(
                    sha256=sha256,
                    content_type=content_type,
                    size=len(data),
                    data=data,
                    uploaded_by=uploader,
                    uploaded_at=at,
                )
            )


# ---------------------------------------------------------------- the covers() hot path
# One prebuilt statement on a plain connection, no ORM session: covers() is asked before
# every share, grant and transfer, and must cost little more than the RPC hop itself.
_GOVERNING = (
    select(
        ConsentRow.id,
        ConsentRow.child_pid,
        ConsentRow.unit_id,
        ConsentRow.scope,
        ConsentRow.status,
        ConsentRow.activated_at,
        ConsentRow.expires_at,
        WithdrawalRow.by_pid,
        WithdrawalRow.at,
        WithdrawalRow.purpose,
        WithdrawalRow.target,
    )
    .select_from(ConsentRow)
    .outerjoin(WithdrawalRow, WithdrawalRow.consent_id == ConsentRow.id)
    .where(
        ConsentRow.id
        == (
            select(ConsentRow.id)
            .where(
                ConsentRow.log_id == bindparam("log_id"), ConsentRow.status != Status.PENDING.value
            )
            .order_by(ConsentRow.activated_at.desc())
            .limit(1)
            .scalar_subquery()
        )
    )
)
_KNOWN = select(ConsentRow.id).where(ConsentRow.log_id == bindparam("log_id")).limit(1)


_GOVERNING_PREPARED = Prepared(_GOVERNING)


def governing(connection: Connection, log_id: str) -> Consent | None:
    """The consent that governs a log now (the newest that is not pending), with just the
    parts ``covers`` reads: scope, status, validity and withdrawals.

    The hot path of every share, grant and transfer: one statement, compiled once, run on
    the driver's cursor without SQLAlchemy's per-execution machinery (``Prepared``)."""
    rows = _GOVERNING_PREPARED.rows(connection, log_id=log_id)
    if not rows:
        return None
    (cid, child_pid, unit_id, scope, status, activated_at, expires_at, *_rest) = rows[0]
    return Consent(
        id=cid,
        child_pid=child_pid,
        child_name="",
        unit_id=unit_id,
        parties=[],
        scope=Scope(**{k: tuple(v) for k, v in scope.items()}),
        method=Method.ELECTRONIC,
        requested_by="",
        created_at=activated_at,
        status=Status(status),
        activated_at=activated_at,
        expires_at=expires_at,
        withdrawals=[
            Withdrawal(by_pid, at, purpose, target)
            for *_columns, by_pid, at, purpose, target in rows
            if by_pid is not None
        ],
    )


def log_known(connection: Connection, log_id: str) -> bool:
    return connection.execute(_KNOWN, {"log_id": log_id}).first() is not None
