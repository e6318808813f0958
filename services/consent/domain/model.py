"""A consent and every decision about it (R30, R31, R32, R33).

Plain Python: the clock and ids are given; nothing here reads the wall clock,
the environment or a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from services.common import national_id
from services.common.errors import Conflict, Forbidden, Invalid

MAX_VALIDITY_MONTHS = 24
WARNING_DAYS = (30, 7)
PURPOSES = ("log", "share_actors", "transfer_unit", "transfer_municipality", "read_grant")
ANY = "*"  # a transfer target meaning "any unit / any municipality"


class Status(str, Enum):
    PENDING = "pending"
    ACTIVE = "active"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class Method(str, Enum):
    PAPER = "paper"
    ELECTRONIC = "electronic"


class Role(str, Enum):
    GUARDIAN = "guardian"
    YOUNG_PERSON = "young_person"


@dataclass(frozen=True)
class Policy:
    """The municipality's choices: who must sign, and from what age the young person consents."""

    signatures_required: str = "all"  # "all" registered guardians, or "one"
    young_person_age: int = 16  # some municipalities use 15
    youngest_with_reason: int = 12


@dataclass(frozen=True)
class Party:
    pid: str
    name: str
    role: Role
    email: str | None = None


@dataclass(frozen=True)
class Scope:
    """What the consent is for: purposes, and the named targets of each."""

    purposes: tuple[str, ...]
    actors: tuple[str, ...] = ()  # units or employees information may be shared between
    transfer_units: tuple[str, ...] = ()  # unit ids, or "*"
    transfer_municipalities: tuple[str, ...] = ()  # municipality ids, or "*"
    read_grants: tuple[str, ...] = ()  # national ids of persons who may be given read access


TARGETS = {
    "share_actors": "actors",
    "transfer_unit": "transfer_units",
    "transfer_municipality": "transfer_municipalities",
    "read_grant": "read_grants",
}


@dataclass(frozen=True)
class Signature:
    pid: str
    signed_at: datetime
    acr: str | None


@dataclass(frozen=True)
class Withdrawal:
    """A whole withdrawal (``purpose`` and ``target`` None), or of one purpose or one target."""

    by: str
    at: datetime
    purpose: str | None = None
    target: str | None = None

    @property
    def whole(self) -> bool:
        return self.purpose is None and self.target is None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    by: str | None


@dataclass
class Consent:
    id: str
    child_pid: str
    child_name: str
    unit_id: str
    parties: list[Party]
    scope: Scope
    method: Method
    requested_by: str
    created_at: datetime
    requested_expiry: datetime | None = None
    language: str = "nb"
    log_id: str | None = None
    young_reason: str | None = None
    supersedes: str | None = None
    status: Status = Status.PENDING
    activated_at: datetime | None = None
    expires_at: datetime | None = None
    activated_by: str | None = None  # "signatures" or the uploader's national id
    scan_sha256: str | None = None
    signatures: list[Signature] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    warnings_sent: set[int] = field(default_factory=set)
    history: list[HistoryEntry] = field(default_factory=list)
    version: int = 0
    child_birth_date: date | None = None  # given for a DUF number; else read from the number

    def party(self, pid: str) -> Party | None:
        return next((p for p in self.parties if p.pid == pid), None)

    def note(self, at: datetime, what: str, by: str | None) -> None:
        self.history.append(HistoryEntry(at, what, by))


@dataclass(frozen=True)
class Event:
    type: str
    body: dict


# ---------------------------------------------------------------- time


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def validity(start: datetime, expires_at: datetime | None) -> datetime:
    """R31: valid 24 months by default; shorter allowed, never longer, never before the start."""
    latest = add_months(start, MAX_VALIDITY_MONTHS)
    if expires_at is None:
        return latest
    if expires_at <= start:
        raise Invalid(
            "consent.expiry_before_start",
            "the consent must expire after it starts",
            field="expires_at",
        )
    if expires_at > latest:
        raise Invalid(
            "consent.expiry_too_late",
            "a consent is valid for at most 24 months",
            field="expires_at",
        )
    return expires_at


# ---------------------------------------------------------------- preparing


def check_parties(
    child_pid: str,
    parties: list[Party],
    young_reason: str | None,
    policy: Policy,
    today: date,
    born: date | None = None,
) -> None:
    """R30: guardians consent, or the young person from 16 (or the municipality's age),
    and from 12 only with a recorded reason; never a younger child."""
    pids = [p.pid for p in parties]
    if len(set(pids)) != len(pids):
        raise Invalid("consent.party_duplicate", "a person is listed twice", field="parties")
    for index, party in enumerate(parties):
        if party.role is Role.GUARDIAN and party.pid == child_pid:
            raise Invalid(
                "consent.child_as_guardian",
                "the child cannot be its own guardian",
                field=f"parties.{index}.pid",
            )
        if party.role is Role.YOUNG_PERSON:
            if party.pid != child_pid:
                raise Invalid(
                    "consent.young_person_not_child",
                    "the young person who consents is the child the consent is about",
                    field=f"parties.{index}.pid",
                )
            age = national_id.age_on(child_pid, today, born)
            if age < policy.youngest_with_reason:
                raise Invalid(
                    "consent.child_too_young",
                    f"a child under {policy.youngest_with_reason} cannot consent",
                    field=f"parties.{index}.role",
                )
            if age < policy.young_person_age and not (young_reason or "").strip():
                raise Invalid(
                    "consent.young_reason_required",
                    f"consent from a child under {policy.young_person_age} needs a recorded reason",
                    field="young_reason",
                )


def check_scope(scope: Scope) -> None:
    if not scope.purposes:
        raise Invalid("consent.no_purpose", "name at least one purpose", field="scope.purposes")
    for purpose, attribute in TARGETS.items():
        if purpose in scope.purposes and not getattr(scope, attribute):
            raise Invalid(
                "consent.target_missing",
                f"name who or where for {purpose}",
                field=f"scope.{attribute}",
            )


def prepare(
    *,
    consent_id: str,
    child_pid: str,
    child_name: str,
    unit_id: str,
    parties: list[Party],
    scope: Scope,
    method: Method,
    requested_by: str,
    requested_expiry: datetime | None,
    language: str,
    young_reason: str | None,
    log_id: str | None,
    previous: Consent | None,
    policy: Policy,
    now: datetime,
    child_birth_date: date | None = None,
) -> tuple[Consent, list[Event]]:
    """The holder prepares a consent request (pending until signed or a signed scan arrives).

    R80: a child known by a DUF number has its birth date given beside it; one given beside
    a national id must be the one the id carries."""
    born = national_id.child_birth_date(child_pid, child_birth_date)
    check_parties(child_pid, parties, young_reason, policy, now.date(), born)
    check_scope(scope)
    validity(now, requested_expiry)  # checked now; the real start is the activation
    if previous is not None and previous.child_pid != child_pid:
        raise Invalid(
            "consent.renewal_other_child", "a renewal is for the same child", field="log_id"
        )
    consent = Consent(
        id=consent_id,
        child_pid=child_pid,
        child_name=child_name,
        unit_id=unit_id,
        parties=list(parties),
        scope=scope,
        method=method,
        requested_by=requested_by,
        created_at=now,
        requested_expiry=requested_expiry,
        language=language,
        log_id=log_id,
        young_reason=young_reason,
        supersedes=previous.id if previous else None,
        child_birth_date=born,
    )
    consent.note(now, "requested", requested_by)
    return consent, [
        Event(
            "consent.requested",
            {
                "consent_id": consent.id,
                "unit_id": unit_id,
                "log_id": log_id,
                "method": method.value,
            },
        )
    ]


# ---------------------------------------------------------------- activation


def _require_pending(consent: Consent) -> None:
    if consent.status is not Status.PENDING:
        raise Conflict(
            "consent.not_pending", f"the consent is {consent.status.value}", field="consent_id"
        )


def _activate(consent: Consent, previous: Consent | None, by: str, now: datetime) -> list[Event]:
    consent.status = Status.ACTIVE
    consent.activated_at = now
    consent.activated_by = by
    expiry = consent.requested_expiry
    # A requested expiry that passed before the last signature leaves nothing to cover.
    consent.expires_at = now if expiry is not None and expiry <= now else validity(now, expiry)
    consent.note(now, "activated", None if by == "signatures" else by)
    events = []
    if previous is not None and previous.status in (Status.ACTIVE, Status.EXPIRED):
        previous.status = Status.SUPERSEDED
        previous.note(now, f"superseded by {consent.id}", None)
    events.append(
        Event(
            "consent.activated",
            {
                "consent_id": consent.id,
                "unit_id": consent.unit_id,
                "log_id": consent.log_id,
                "supersedes": consent.supersedes,
                "expires_at": consent.expires_at.isoformat(),
            },
        )
    )
    return events


def required_signers(consent: Consent, policy: Policy) -> int:
    young = [p for p in consent.parties if p.role is Role.YOUNG_PERSON]
    if young:
        return 1  # the young person's own signature carries the consent
    return 1 if policy.signatures_required == "one" else len(consent.parties)


def sign(
    consent: Consent,
    *,
    pid: str,
    acr: str | None,
    previous: Consent | None,
    policy: Policy,
    now: datetime,
) -> list[Event]:
    """A guardian (or the young person) signs with one action; active when enough have."""
    party = consent.party(pid)
    if party is None:
        raise Forbidden(
            "consent.not_a_party", "you are not among those asked to consent", field="consent_id"
        )
    _require_pending(consent)
    if any(s.pid == pid for s in consent.signatures):
        raise Conflict("consent.already_signed", "you have already signed", field="consent_id")
    consent.signatures.append(Signature(pid, now, acr))
    consent.note(now, f"signed by {party.role.value}", pid)
    signed_young = any(consent.party(s.pid).role is Role.YOUNG_PERSON for s in consent.signatures)
    if signed_young or len(consent.signatures) >= required_signers(consent, policy):
        return _activate(consent, previous, "signatures", now)
    return []


def attach_scan(
    consent: Consent, *, sha256: str, uploader: str, previous: Consent | None, now: datetime
) -> list[Event]:
    """The signed paper form arrives: the request turns active, with the uploader recorded."""
    _require_pending(consent)
    consent.scan_sha256 = sha256
    consent.method = Method.PAPER
    return _activate(consent, previous, uploader, now)


# ---------------------------------------------------------------- the question (R33)


def covers(
    consent: Consent | None,
    *,
    child_pid: str | None,
    purpose: str,
    target: str | None,
    at: datetime,
) -> dict:
    """Does this consent cover ``purpose`` (toward ``target``) at ``at``? Always says why."""
    if purpose not in PURPOSES:
        raise Invalid("consent.unknown_purpose", "no such purpose", field="purpose")
    if consent is None:
        return {"covered": False, "reason": "consent.not_found", "consent_id": None}
    answer = {"consent_id": consent.id}
    if child_pid is not None and consent.child_pid != child_pid:
        return answer | {"covered": False, "reason": "consent.other_child"}
    if consent.status is not Status.ACTIVE:
        return answer | {"covered": False, "reason": f"consent.{consent.status.value}"}
    if at < consent.activated_at:
        return answer | {"covered": False, "reason": "consent.not_yet_given"}
    if at >= consent.expires_at:
        return answer | {"covered": False, "reason": "consent.expired"}
    withdrawn_purposes = {w.purpose for w in consent.withdrawals if w.target is None}
    if purpose not in consent.scope.purposes or purpose in withdrawn_purposes:
        return answer | {"covered": False, "reason": "consent.purpose_not_covered"}
    if purpose in TARGETS:
        allowed = set(getattr(consent.scope, TARGETS[purpose]))
        withdrawn = {
            w.target
            for w in consent.withdrawals
            if w.target is not None and w.purpose in (None, purpose)
        }
        if target is None or target in withdrawn or not (target in allowed or ANY in allowed):
            return answer | {"covered": False, "reason": "consent.target_not_covered"}
    return answer | {"covered": True, "reason": "consent.ok"}


# ---------------------------------------------------------------- withdrawal (R32)


def withdraw(
    consent: Consent, *, pid: str, purpose: str | None, target: str | None, now: datetime
) -> list[Event]:
    """A consenting guardian or the young person withdraws wholly, or one purpose or target."""
    if consent.party(pid) is None:
        raise Forbidden(
            "consent.not_a_party", "only those who consented can withdraw", field="consent_id"
        )
    if consent.status is Status.WITHDRAWN:
        raise Conflict(
            "consent.already_withdrawn", "the consent is already withdrawn", field="consent_id"
        )
    if consent.status not in (Status.ACTIVE, Status.PENDING):
        raise Conflict(
            "consent.not_active", f"the consent is {consent.status.value}", field="consent_id"
        )
    if purpose is None and target is None:
        consent.status = Status.WITHDRAWN
        consent.withdrawals.append(Withdrawal(pid, now))
        consent.note(now, "withdrawn", pid)
        return [
            Event(
                "consent.withdrawn",
                {"consent_id": consent.id, "unit_id": consent.unit_id, "log_id": consent.log_id},
            )
        ]
    if purpose is not None and purpose not in consent.scope.purposes:
        raise Invalid(
            "consent.not_in_scope", "the consent does not cover that purpose", field="purpose"
        )
    if target is not None:
        named = {
            t
            for p, attr in TARGETS.items()
            if purpose in (None, p)
            for t in getattr(consent.scope, attr)
        }
        if target not in named:
            raise Invalid(
                "consent.not_in_scope", "the consent does not name that target", field="target"
            )
    if any(w.purpose == purpose and w.target == target for w in consent.withdrawals):
        raise Conflict(
            "consent.already_withdrawn",
            "that part is already withdrawn",
            field="purpose" if target is None else "target",
        )
    consent.withdrawals.append(Withdrawal(pid, now, purpose, target))
    consent.note(now, f"withdrawn in part: {purpose or ''} {target or ''}".strip(), pid)
    return [
        Event(
            "consent.narrowed",
            {
                "consent_id": consent.id,
                "unit_id": consent.unit_id,
                "log_id": consent.log_id,
                "purpose": purpose,
                "target": target,
            },
        )
    ]


# ---------------------------------------------------------------- expiry (R31)


def lapse_due(expires_at: datetime, warnings_sent: set[int], now: datetime) -> bool:
    """Is there anything to do for an active consent: expire it, or a warning not yet sent?"""
    left = expires_at - now
    return left <= timedelta(0) or any(
        left <= timedelta(days=d) and d not in warnings_sent for d in WARNING_DAYS
    )


def lapse(consent: Consent, now: datetime) -> list[Event]:
    """Warn 30 and 7 days ahead (once each) and expire at the end; what is due, now."""
    if consent.status is not Status.ACTIVE:
        return []
    body = {
        "consent_id": consent.id,
        "unit_id": consent.unit_id,
        "log_id": consent.log_id,
        "expires_at": consent.expires_at.isoformat(),
    }
    if now >= consent.expires_at:
        consent.status = Status.EXPIRED
        consent.note(now, "expired", None)
        return [Event("consent.expired", body)]
    due = [
        d
        for d in WARNING_DAYS
        if consent.expires_at - now <= timedelta(days=d) and d not in consent.warnings_sent
    ]
    if not due:
        return []
    consent.warnings_sent |= set(due)  # within 7 days at first sight: the 30-day one is moot
    threshold = min(due)
    consent.note(now, f"expiry warning, {threshold} days", None)
    return [Event("consent.expiring", body | {"days": threshold})]


def link_log(consent: Consent, log_id: str, now: datetime) -> None:
    if consent.log_id is None:
        consent.log_id = log_id
        consent.note(now, "log created", None)
