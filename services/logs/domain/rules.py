"""Decisions about creating a log."""

from __future__ import annotations

from datetime import datetime

from services.common import national_id
from services.common.errors import Conflict, Forbidden, Invalid, NotFound

from .model import (
    GUARDIANS_REQUIRED_UP_TO_AGE,
    Address,
    AddressProtection,
    CreateLog,
    Employee,
    Log,
    LogCreated,
    LogStatus,
    Unit,
)


def kept_address(
    address: Address | None, protection: AddressProtection, field: str
) -> Address | None:
    """R9 a protected address (fortrolig or strengt fortrolig) is never taken in, so it can
    never be shown, mailed, printed, exported or transferred: the log keeps only the mark."""
    if protection is not AddressProtection.NONE and address is not None:
        raise Invalid(
            "address.protected",
            "the address is protected: record only that it is, never the address",
            field=field,
        )
    return address


def create_log(
    cmd: CreateLog,
    *,
    holder: Employee | None,
    unit: Unit | None,
    consent: dict,
    now: datetime,
    log_id: str,
) -> tuple[Log, LogCreated]:
    """R30 no log without consent; R5 guardians are mandatory up to and including 15."""
    if unit is None:
        raise NotFound("unit.not_found", "no such unit", field="unit_id")
    if holder is None or holder.unit_id != cmd.unit_id or not holder.can_hold:
        raise Forbidden(
            "log.not_a_holder",
            "only an employee marked as holder in the unit may create a log there",
            field="unit_id",
        )
    if not consent.get("covered"):
        raise Conflict(
            consent.get("reason") or "consent.missing",
            "no valid consent covers this log",
            field="consent_id",
        )
    born = national_id.child_birth_date(cmd.child_pid, cmd.child_birth_date)
    kept_address(cmd.child.address, cmd.child.protection, "child.address")
    for index, guardian in enumerate(cmd.guardians):
        kept_address(guardian.address, guardian.protection, f"guardians.{index}.address")
    if national_id.age_on(cmd.child_pid, now.date(), born) <= GUARDIANS_REQUIRED_UP_TO_AGE and (
        not cmd.guardians
    ):
        raise Invalid(
            "log.guardians_required",
            "a child up to and including 15 needs at least one guardian",
            field="guardians",
        )
    pids = [g.pid for g in cmd.guardians]
    if len(set(pids)) != len(pids):
        raise Invalid("log.guardian_duplicate", "a guardian is listed twice", field="guardians")
    if cmd.child_pid in pids:
        raise Invalid(
            "log.guardian_is_child", "the child cannot be its own guardian", field="guardians"
        )
    log = Log(
        id=log_id,
        unit_id=cmd.unit_id,
        holder_pid=holder.pid,
        child_pid=cmd.child_pid,
        child_name=cmd.child_name,
        consent_id=cmd.consent_id,
        created_at=now,
        guardians=list(cmd.guardians),
        level=cmd.level,
        child_birth_date=born,
        child=cmd.child,
        earlier_log_ids=list(cmd.earlier_log_ids),
    )
    return log, LogCreated(
        log_id=log.id, unit_id=log.unit_id, level=log.level, consent_id=log.consent_id
    )


def check_earlier_logs(
    log_child_pid: str,
    earlier: list[Log | None],
    ids: list[str],
    field_of=lambda index: f"earlier_log_ids.{index}",
) -> None:
    """R42 a new log may be linked to earlier logs of the same child: ones that exist, are
    about this child, and are passive (an active one is still someone's log)."""
    if len(set(ids)) != len(ids):
        raise Invalid("log.link_duplicate", "an earlier log is named twice", "earlier_log_ids")
    for index, (log_id, found) in enumerate(zip(ids, earlier, strict=True)):
        field = field_of(index)
        if found is None or found.child_pid != log_child_pid:
            raise Invalid("log.link_unknown", f"no earlier log {log_id} of this child", field)
        if found.status is not LogStatus.PASSIVE:
            raise Conflict("log.link_active", "only a passive earlier log can be linked", field)


def on_consent(log: Log, event_type: str) -> bool:
    """R31/R32: the log follows its consent. Returns whether anything changed.

    Expired: the log lacks consent (read-only but for the renewal; sharing beyond the
    holder's unit suspended). Withdrawn: passive at once. A renewed consent active
    again: the lack is lifted (a passive log stays passive until its leader acts, R51).
    """
    before = (log.status, log.lacks_consent)
    if event_type == "consent.expired":
        log.lacks_consent = True
    elif event_type == "consent.withdrawn":
        log.lacks_consent = True
        log.status = LogStatus.PASSIVE
    elif event_type == "consent.activated":
        log.lacks_consent = False
    # consent.narrowed changes who has access, not the log's state (see app.sharing)
    return (log.status, log.lacks_consent) != before
