"""The consent service's application functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import Forbidden, Invalid, NotFound

from . import schemas
from .domain import model
from .store.repository import ConsentRepository


def record_consent(
    uow,
    auth: AuthContext,
    payload: dict,
    *,
    staff_member: Callable,
    now: datetime,
    new_id: Callable[[], str],
) -> dict:
    """R30: a holder records a consent given on paper (the electronic route signs it)."""
    pid = auth.require_person()
    data = validate.load(schemas.RecordConsentIn, payload)
    employee = staff_member(pid)
    if not employee or employee["unit_id"] != data["unit_id"] or not employee["can_hold"]:
        raise Forbidden(
            "consent.not_a_holder",
            "only an employee marked as holder in the unit may record consent",
            field="unit_id",
        )
    if data["given_at"] > now:
        raise Invalid(
            "consent.given_in_future", "a consent cannot be given in the future", field="given_at"
        )
    if data["child_pid"] in data["consenting"]:
        raise Invalid(
            "consent.child_not_yet_supported",
            "consent by the young person arrives with the consent service issue",
            field="consenting",
        )
    consent = model.Consent(
        id=new_id(),
        child_pid=data["child_pid"],
        unit_id=data["unit_id"],
        consenting=sorted(set(data["consenting"])),
        purposes=sorted(set(data["purposes"])),
        method=model.Method(data["method"]),
        given_at=data["given_at"],
        expires_at=model.validity(data["given_at"], data["expires_at"]),
        recorded_by=pid,
        status=model.Status.ACTIVE,
        created_at=now,
    )
    with uow:
        ConsentRepository(uow.session).add(consent)
        uow.commit()
    return present(consent)


def check(
    uow, auth: AuthContext, consent_id: str, child_pid: str, purpose: str, *, now: datetime
) -> dict:
    """R33: the question every service asks before it acts."""
    if purpose not in model.PURPOSES:
        raise Invalid("consent.unknown_purpose", "no such purpose", field="purpose")
    with uow:
        consent = ConsentRepository(uow.session).get(consent_id)
    return model.covers(consent, child_pid=child_pid, purpose=purpose, at=now)


def get_consent(uow, auth: AuthContext, consent_id: str) -> dict:
    pid = auth.require_person()
    with uow:
        consent = ConsentRepository(uow.session).get(consent_id)
    if consent is None or (pid not in consent.consenting and pid != consent.recorded_by):
        raise NotFound("consent.not_found", "no such consent", field="consent_id")
    return present(consent)


def present(consent: model.Consent) -> dict:
    return schemas.ConsentOut().dump(
        {
            "id": consent.id,
            "unit_id": consent.unit_id,
            "purposes": consent.purposes,
            "method": consent.method.value,
            "status": consent.status.value,
            "given_at": consent.given_at,
            "expires_at": consent.expires_at,
            "consenting_count": len(consent.consenting),
        }
    )
