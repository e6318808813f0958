"""A consent and the decisions about it (R30, R31, R33)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from services.common.errors import Invalid

MAX_VALIDITY_MONTHS = 24


class Status(str, Enum):
    PENDING = "pending"
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class Method(str, Enum):
    PAPER = "paper"
    ELECTRONIC = "electronic"


PURPOSES = ("log", "share_actors", "transfer_unit", "transfer_municipality", "read_grant")


@dataclass
class Consent:
    id: str
    child_pid: str
    unit_id: str
    consenting: list[str]
    purposes: list[str]
    method: Method
    given_at: datetime
    expires_at: datetime
    recorded_by: str
    status: Status = Status.ACTIVE
    created_at: datetime | None = None
    history: list[dict] = field(default_factory=list)


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def validity(given_at: datetime, expires_at: datetime | None) -> datetime:
    """R31: valid 24 months by default; shorter allowed, never longer, never before the start."""
    latest = add_months(given_at, MAX_VALIDITY_MONTHS)
    if expires_at is None:
        return latest
    if expires_at <= given_at:
        raise Invalid(
            "consent.expiry_before_start",
            "the consent must expire after it is given",
            field="expires_at",
        )
    if expires_at > latest:
        raise Invalid(
            "consent.expiry_too_late",
            "a consent is valid for at most 24 months",
            field="expires_at",
        )
    return expires_at


def covers(consent: Consent | None, *, child_pid: str, purpose: str, at: datetime) -> dict:
    """R33: does this consent cover ``purpose`` for this child at ``at``? Always says why."""
    if consent is None:
        return {"covered": False, "reason": "consent.not_found", "consent_id": None}
    answer = {"consent_id": consent.id}
    if consent.child_pid != child_pid:
        return answer | {"covered": False, "reason": "consent.other_child"}
    if consent.status is not Status.ACTIVE:
        return answer | {"covered": False, "reason": f"consent.{consent.status.value}"}
    if at < consent.given_at:
        return answer | {"covered": False, "reason": "consent.not_yet_given"}
    if at >= consent.expires_at:
        return answer | {"covered": False, "reason": "consent.expired"}
    if purpose not in consent.purposes:
        return answer | {"covered": False, "reason": "consent.purpose_not_covered"}
    return answer | {"covered": True, "reason": "consent.ok"}
