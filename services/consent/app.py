"""The consent service's application functions: load, decide, save and emit in one transaction."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from services.common import national_id, validate
from services.common.auth import AuthContext
from services.common.db import apply_once
from services.common.envelope import Envelope, load_body
from services.common.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unsupported,
)

from . import contracts, forms
from .domain import model
from .store import repository
from .store.repository import ConsentRepository

SERVICE = "consent"
SCAN_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def _emit(uow, auth, events, now) -> None:
    for event in events:
        uow.emit(Envelope.new(event.type, event.body, source=SERVICE, auth=auth, now=now))


def _holder_in(staff: dict | None, unit_id: str) -> bool:
    return bool(staff and staff["unit_id"] == unit_id and staff["can_hold"])


def _load(repo: ConsentRepository, consent_id: str) -> model.Consent:
    consent = repo.get(consent_id)
    if consent is None:
        raise NotFound("consent.not_found", "no such consent", field="consent_id")
    return consent


def present(consent: model.Consent, policy: model.Policy, viewer: str | None = None) -> dict:
    signed = {s.pid for s in consent.signatures}
    return contracts.ConsentOut().dump(
        {
            "id": consent.id,
            "unit_id": consent.unit_id,
            "log_id": consent.log_id,
            "child_name": consent.child_name,
            "status": consent.status.value,
            "method": consent.method.value,
            "language": consent.language,
            "scope": {k: list(v) for k, v in vars(consent.scope).items() if k != "read_grants"}
            | {"read_grants": len(consent.scope.read_grants)},
            "parties": [
                {
                    "name": p.name,
                    "role": p.role.value,
                    "signed": p.pid in signed,
                    "you": p.pid == viewer,
                }
                for p in consent.parties
            ],
            "signatures_required": model.required_signers(consent, policy),
            "created_at": consent.created_at,
            "activated_at": consent.activated_at,
            "expires_at": consent.expires_at,
            "requested_expiry": consent.requested_expiry,
            "scan_sha256": consent.scan_sha256,
            "supersedes": consent.supersedes,
            "withdrawn": [
                {"purpose": w.purpose, "target": w.target, "at": w.at.isoformat()}
                for w in consent.withdrawals
            ],
            "history": [{"at": h.at, "what": h.what} for h in consent.history],
        }
    )


# ---------------------------------------------------------------- requests and signatures


def prepare_consent(
    uow,
    auth: AuthContext,
    payload: dict,
    *,
    staff_member: Callable,
    policy: model.Policy,
    now: datetime,
    new_id: Callable[[], str],
) -> dict:
    """R30: the holder prepares the request; the family signs it (or a signed scan arrives)."""
    pid = auth.require_person()
    data = validate.load(contracts.PrepareConsentIn, payload)
    if not _holder_in(staff_member(pid), data["unit_id"]):
        raise Forbidden(
            "consent.not_a_holder",
            "only an employee marked as holder in the unit may ask for consent",
            field="unit_id",
        )
    with uow:
        repo = ConsentRepository(uow.session)
        previous = None
        if data["log_id"]:
            previous = repo.current_for_log(data["log_id"])
            if previous is None:
                raise NotFound(
                    "consent.log_unknown", "no consent is known for that log", field="log_id"
                )
        consent, events = model.prepare(
            consent_id=new_id(),
            child_pid=data["child"]["pid"],
            child_name=data["child"]["name"],
            child_birth_date=data["child"]["birth_date"],
            unit_id=data["unit_id"],
            parties=[
                model.Party(p["pid"], p["name"], model.Role(p["role"]), p["email"])
                for p in data["parties"]
            ],
            scope=model.Scope(**{k: tuple(v) for k, v in data["scope"].items()}),
            method=model.Method(data["method"]),
            requested_by=pid,
            requested_expiry=data["expires_at"],
            language=data["language"],
            young_reason=data["young_reason"],
            log_id=data["log_id"],
            previous=previous,
            policy=policy,
            now=now,
        )
        repo.add(consent)
        _emit(uow, auth, events, now)
        uow.commit()
    return present(consent, policy, pid)


def _with_previous(repo, consent):
    return repo.get(consent.supersedes, with_history=False) if consent.supersedes else None


def sign_consent(
    uow, auth: AuthContext, consent_id: str, *, policy: model.Policy, now: datetime
) -> dict:
    """One action signs; signature, activation and its event commit together or not at all."""
    pid = auth.require_person()
    with uow:
        repo = ConsentRepository(uow.session)
        consent = _load(repo, consent_id)
        previous = _with_previous(repo, consent)
        events = model.sign(
            consent, pid=pid, acr=auth.acr, previous=previous, policy=policy, now=now
        )
        repo.save(consent)
        if previous is not None and events:
            repo.save(previous)
        _emit(uow, auth, events, now)
        uow.commit()
    return present(consent, policy, pid)


def sniff(data: bytes) -> str:
    for magic, content_type in SCAN_TYPES:
        if data.startswith(magic):
            return content_type
    raise Unsupported("consent.scan_type", "send the signed form as PDF, PNG or JPEG", field="body")


def attach_scan(
    uow,
    auth: AuthContext,
    consent_id: str,
    content_b64: str,
    *,
    staff_member: Callable,
    policy: model.Policy,
    max_bytes: int,
    now: datetime,
) -> dict:
    """The paper route: the signed form, typed by its content and stored by its SHA-256."""
    pid = auth.require_person()
    try:
        data = base64.b64decode(content_b64, validate=True)
    except (ValueError, TypeError) as exc:
        raise Invalid("consent.scan_encoding", "the scan is not base64", field="body") from exc
    if len(data) > max_bytes:
        raise TooLarge(
            "consent.scan_too_large", f"the scan is larger than {max_bytes} bytes", field="body"
        )
    content_type = sniff(data)
    sha256 = hashlib.sha256(data).hexdigest()
    with uow:
        repo = ConsentRepository(uow.session)
        consent = _load(repo, consent_id)
        if not _holder_in(staff_member(pid), consent.unit_id):
            raise Forbidden(
                "consent.not_a_holder", "only a holder in the unit may upload", field="consent_id"
            )
        previous = _with_previous(repo, consent)
        events = model.attach_scan(consent, sha256=sha256, uploader=pid, previous=previous, now=now)
        repo.store_scan(sha256, content_type, data, pid, now)
        repo.save(consent)
        if previous is not None:
            repo.save(previous)
        _emit(uow, auth, events, now)
        uow.commit()
    return present(consent, policy, pid)


# ---------------------------------------------------------------- questions (R33)


def check(
    uow, auth: AuthContext, consent_id: str, child_pid: str, purpose: str, *, now: datetime
) -> dict:
    """Before a log exists: does this consent cover creating it for this child?"""
    with uow:
        consent = ConsentRepository(uow.session).get(consent_id, with_history=False)
    if consent is not None and consent.log_id is not None:
        return {"covered": False, "reason": "consent.already_used", "consent_id": consent.id}
    return model.covers(consent, child_pid=child_pid, purpose=purpose, target=None, at=now)


def covers(
    uow, auth: AuthContext, log_id: str, purpose: str, target: str | None, at: datetime
) -> dict:
    """R33: the question every service asks before it shares, grants or transfers."""

    def governing(connection):
        consent = repository.governing(connection, log_id)
        if consent is None and not repository.log_known(connection, log_id):
            raise NotFound(
                "consent.log_unknown", "no consent is known for that log", field="log_id"
            )
        return consent

    consent = uow.read(governing)
    return model.covers(consent, child_pid=None, purpose=purpose, target=target, at=at)


# ---------------------------------------------------------------- withdrawal (R32)


def withdraw_consent(
    uow, auth: AuthContext, consent_id: str, payload: dict, *, policy: model.Policy, now: datetime
) -> dict:
    pid = auth.require_person()
    data = validate.load(contracts.WithdrawIn, payload or {})
    with uow:
        repo = ConsentRepository(uow.session)
        consent = _load(repo, consent_id)
        events = model.withdraw(
            consent, pid=pid, purpose=data["purpose"], target=data["target"], now=now
        )
        repo.save(consent)
        _emit(uow, auth, events, now)
        uow.commit()
    return present(consent, policy, pid)


# ---------------------------------------------------------------- expiry (R31)


def lapse_due(uow, auth: AuthContext, *, now: datetime) -> dict:
    """Warn ahead of expiry and expire what is due; each consent in its own transaction.

    Safe to run twice at once (a timer and a call, or two instances): the second save of
    the same consent meets the version check and is skipped, and nothing is sent twice.
    """
    auth.require_service()
    with uow:
        due = ConsentRepository(uow.session).lapse_candidates(
            now + timedelta(days=max(model.WARNING_DAYS))
        )
    counts = {"consent.expiring": 0, "consent.expired": 0}
    for consent_id, expires_at, warnings_sent in due:
        if not model.lapse_due(expires_at, set(warnings_sent), now):
            continue
        try:
            with uow:
                repo = ConsentRepository(uow.session)
                consent = repo.get(consent_id, with_history=False)
                events = model.lapse(consent, now)
                if not events:
                    continue
                repo.save(consent)
                _emit(uow, auth, events, now)
                uow.commit()
        except Conflict:
            continue  # another worker handled this consent just now
        for event in events:
            counts[event.type] += 1
    return counts


# ---------------------------------------------------------------- lists for people


def get_consent(
    uow, auth: AuthContext, consent_id: str, *, staff_member: Callable, policy: model.Policy
) -> dict:
    """The family and the unit's holders and leaders see a consent; nobody else learns of it."""
    pid = auth.require_person()
    with uow:
        consent = ConsentRepository(uow.session).get(consent_id)
    if consent is not None:
        if consent.party(pid) or pid in (consent.child_pid, consent.requested_by):
            return present(consent, policy, pid)
        staff = staff_member(pid)
        if (
            staff
            and staff["unit_id"] == consent.unit_id
            and (staff["can_hold"] or staff["is_leader"])
        ):
            return present(consent, policy, pid)
    raise NotFound("consent.not_found", "no such consent", field="consent_id")


def my_consents(uow, auth: AuthContext, *, policy: model.Policy) -> list[dict]:
    """A guardian (or the young person) sees every consent about them and their child."""
    pid = auth.require_person()
    with uow:
        consents = ConsentRepository(uow.session).for_party(pid)
    return [present(c, policy, pid) for c in consents]


def expiring_in_unit(
    uow,
    auth: AuthContext,
    unit_id: str,
    days: int,
    *,
    staff_member: Callable,
    policy: model.Policy,
    now: datetime,
) -> list[dict]:
    """R31: the unit leader sees the unit's consents that expire within ``days``."""
    pid = auth.require_person()
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise Invalid("validation.invalid", "days is a whole number from 1 to 366", field="days")
    staff = staff_member(pid)
    if not (staff and staff["unit_id"] == unit_id and staff["is_leader"]):
        raise Forbidden(
            "consent.not_unit_leader", "only the unit's leader sees this list", field="unit_id"
        )
    with uow:
        consents = ConsentRepository(uow.session).expiring_in_unit(
            unit_id, now + timedelta(days=days)
        )
    return [present(c, policy, pid) for c in consents]


def party_contacts(uow, auth: AuthContext, consent_id: str) -> dict:
    """For the notify service: whom to ask to sign, and in which language."""
    auth.require_service("notify")
    with uow:
        consent = _load(ConsentRepository(uow.session), consent_id)
    return {
        "consent_id": consent.id,
        "unit_id": consent.unit_id,
        "language": consent.language,
        "requested_by": consent.requested_by,
        "recipients": [{"name": p.name, "email": p.email} for p in consent.parties if p.email],
    }


def consent_form(
    uow,
    auth: AuthContext,
    consent_id: str,
    language: str | None,
    *,
    staff_member: Callable,
    unit_name: Callable[[str], str],
    municipality: str,
    policy: model.Policy,
    now: datetime,
) -> str:
    """The paper route: the form to print, filled in, in the family's language (base64 PDF)."""
    get_consent(uow, auth, consent_id, staff_member=staff_member, policy=policy)  # who may see
    with uow:
        consent = ConsentRepository(uow.session).get(consent_id, with_history=False)
    language = language or consent.language
    if language not in forms.LANGUAGES:
        raise Invalid("consent.unknown_language", "no form in that language", field="language")
    scope = consent.scope
    until = consent.expires_at or model.validity(
        now,
        consent.requested_expiry
        if consent.requested_expiry and consent.requested_expiry > now
        else None,
    )
    pdf = forms.render_consent_form(
        {
            "consent_id": consent.id,
            "child": {
                "name": consent.child_name,
                "birth_date": (
                    consent.child_birth_date or national_id.birth_date(consent.child_pid)
                ).isoformat(),
            },
            "unit": {"name": unit_name(consent.unit_id)},
            "purposes": list(scope.purposes),
            "actors": [{"name": unit_name(a), "service": a} for a in scope.actors],
            "transfer_to": [t if t == model.ANY else unit_name(t) for t in scope.transfer_units]
            + list(scope.transfer_municipalities),
            "parties": [{"name": p.name, "role": p.role.value} for p in consent.parties],
            "valid_from": consent.activated_at.date().isoformat() if consent.activated_at else None,
            "valid_until": until.date().isoformat(),
            "municipality": municipality,
        },
        language,
    )
    return base64.b64encode(pdf).decode("ascii")


# ---------------------------------------------------------------- events consumed


def on_log_created(uow, envelope: Envelope, *, event_schemas: dict, now: datetime) -> bool:
    """A log was created under a consent: that consent now governs the log."""
    body = load_body(envelope, event_schemas)

    def link(uow):
        repo = ConsentRepository(uow.session)
        consent = repo.get(body["consent_id"], with_history=False)
        if consent is not None:
            model.link_log(consent, body["log_id"], now)
            repo.save(consent)

    return apply_once(uow, envelope, link)
