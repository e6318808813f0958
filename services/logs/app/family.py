"""The child and the guardians of a log (R5, R9, R80), its links to earlier logs (R42), and
how each person wants to be told (R60)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from services.common import national_id, validate
from services.common.auth import AuthContext
from services.common.db import as_utc
from services.common.errors import Conflict, Invalid, NotFound

from .. import contracts
from ..domain import rules
from ..domain.access import Operation, Part
from ..domain.model import Address, AddressProtection, Guardian, Log
from ..domain.plan import Fact
from ..store.repository import LogRepository
from .unit_of_change import change, iso

DEFAULT_PREFERENCES = {"channels": ["email"], "language": "nb"}


def address_in(value: dict | None) -> Address | None:
    return Address(**value) if value else None


def _address_change(data: dict, address: Address | None, protection: AddressProtection):
    """The address and its mark after a change that may name either (R9): marking it
    protected forgets the stored address; one sent with the mark is refused."""
    protection = AddressProtection(data.get("address_protection", protection.value))
    if "address" in data:
        address = address_in(data["address"])
    elif protection is not AddressProtection.NONE:
        address = None  # the mark makes the system forget what it had
    return rules.kept_address(address, protection, "address"), protection


def change_child(uow, auth: AuthContext, log_id: str, payload, *, now: datetime) -> dict:
    """The holder keeps the child's contact, address, school and own login up to date.

    R9 marking the address protected forgets the stored one at once (and refuses one sent
    with the mark); R5 the own login before 16 is a recorded decision."""
    data = validate.load(contracts.ChildChangeIn, payload)
    if not data:
        raise Invalid("child.nothing_to_change", "name at least one field", field="child")

    def decide(repo, log, decision):
        child = log.child
        address, protection = _address_change(data, child.address, child.protection)
        attends = data.get("attends_unit_id", child.attends_unit_id)
        if attends and "attends_unit_id" in data and repo.unit(attends) is None:
            raise Invalid("unit.not_found", "no such unit", field="attends_unit_id")
        log.child = dataclasses.replace(
            child,
            email=data.get("email", child.email),
            phone=data.get("phone", child.phone),
            address=address,
            protection=protection,
            attends_unit_id=attends,
        )
        if "own_login" in data:
            log.child_own_login = data["own_login"]
        return present_child(repo, log), [_fact("log.child_changed", log, log.id)]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.WHOLE, decide, now=now)


def change_guardian(
    uow, auth: AuthContext, log_id: str, guardian_id: str, payload, *, now: datetime
) -> dict:
    """The holder keeps a guardian's name, contact and address; R9 as for the child."""
    data = validate.load(contracts.GuardianChangeIn, payload)
    if not data:
        raise Invalid("guardian.nothing_to_change", "name at least one field", field="guardian")

    def decide(repo, log, decision):
        found = next((g for g in log.guardians if g.id == guardian_id), None)
        if found is None:
            raise NotFound("guardian.not_found", "no such guardian", field="guardian_id")
        address, protection = _address_change(data, found.address, found.protection)
        if "email" in data and data["email"] is None:
            raise Invalid("guardian.email_required", "a guardian keeps an e-mail", "email")
        guardian = Guardian(
            pid=found.pid,
            name=data.get("name", found.name),
            email=data.get("email", found.email),
            phone=data.get("phone", found.phone),
            address=address,
            protection=protection,
            id=found.id,
        )
        repo.save_guardian(log.id, guardian)
        log.guardians = [guardian if g.id == found.id else g for g in log.guardians]
        return guardian_out(guardian), [_fact("log.guardian_changed", log, found.id)]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.WHOLE, decide, now=now)


def earlier_logs(uow, auth: AuthContext, log_id: str, *, now: datetime) -> dict:
    """R42 the other, earlier logs of the same child: which unit, when, and whether linked,
    for the holder to choose which to link. It is the plan-writer's tool (the grid's
    write_plan), and tells nothing of those logs' contents."""

    def decide(repo, log, decision):
        return {"items": _earlier(repo, log)}, []

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.WHOLE, decide, now=now)


def _earlier(repo: LogRepository, log: Log) -> list[dict]:
    linked = set(log.earlier_log_ids)
    out = []
    for row in repo.logs_of_child(log.child_pid, log.id):
        if row.created_at and as_utc(row.created_at) > log.created_at:
            continue  # only earlier ones
        unit = repo.unit(row.unit_id)
        out.append(
            {
                "id": row.id,
                "unit_name": unit.name if unit else "",
                "status": row.status,
                "created_at": as_utc(row.created_at),
                "closed_at": as_utc(row.closed_at),
                "linked": row.id in linked,
            }
        )
    return out


def link_earlier_log(uow, auth: AuthContext, log_id: str, payload, *, now: datetime) -> dict:
    """R42 link this log to an earlier, passive log of the same child."""
    data = validate.load(contracts.LinkIn, payload)

    def decide(repo, log, decision):
        earlier_id = data["earlier_log_id"]
        if earlier_id in log.earlier_log_ids:
            raise Conflict("log.already_linked", "the logs are linked already", "earlier_log_id")
        found = repo.get(earlier_id) if earlier_id != log.id else None
        if found is not None and found.created_at > log.created_at:
            found = None
        rules.check_earlier_logs(
            log.child_pid, [found], [earlier_id], field_of=lambda index: "earlier_log_id"
        )
        repo.link(log.id, earlier_id, now)
        log.earlier_log_ids.append(earlier_id)
        return {"items": _earlier(repo, log)}, [_fact("log.linked", log, earlier_id)]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.WHOLE, decide, now=now)


def _fact(kind: str, log: Log, ref_id: str) -> Fact:
    return Fact(kind, "whole", ref_id, {"log_id": log.id, "unit_id": log.unit_id, "ref_id": ref_id})


def address_out(address: Address | None, protection: AddressProtection) -> dict | None:
    """R9 a protected address is never shown: there is none to show, only the mark."""
    if protection is not AddressProtection.NONE or address is None:
        return None
    return dataclasses.asdict(address)


def guardian_out(g: Guardian) -> dict:
    return {
        "id": g.id,
        "name": g.name,
        "email": g.email,
        "phone": g.phone,
        "address": address_out(g.address, g.protection),
        "address_protected": g.protection is not AddressProtection.NONE,
    }


def present_child(repo: LogRepository, log: Log) -> dict:
    child = log.child
    attends = repo.unit(child.attends_unit_id) if child.attends_unit_id else None
    return {
        "pid": log.child_pid,
        "id_kind": "duf" if national_id.is_duf(log.child_pid) else "national_id",
        "name": log.child_name,
        "birth_date": iso(log.child_birth_date),
        "email": child.email,
        "phone": child.phone,
        "address": address_out(child.address, child.protection),
        "address_protected": child.protection is not AddressProtection.NONE,
        "attends_unit": {"id": attends.id, "name": attends.name} if attends else None,
        "own_login": log.child_own_login,
    }


# -- R60 each person's channels and language


def get_preferences(uow, auth: AuthContext) -> dict:
    pid = auth.require_person()
    with uow:
        row = LogRepository(uow.session).preferences(pid)
        return _preferences_out(row)


def set_preferences(uow, auth: AuthContext, payload, *, now: datetime) -> dict:
    """R60 each person chooses e-mail, SMS or both, and the language (nb, nn, en)."""
    pid = auth.require_person()
    data = validate.load(contracts.PreferencesIn, payload)
    if len(set(data["channels"])) != len(data["channels"]):
        raise Invalid("preferences.channel_twice", "a channel is named twice", "channels")
    if "sms" in data["channels"] and not data["phone"]:
        raise Invalid("preferences.phone_required", "SMS needs a phone number", "phone")
    with uow:
        row = LogRepository(uow.session).save_preferences(pid, data, now)
        out = _preferences_out(row)
        uow.commit()
    return out


def _preferences_out(row) -> dict:
    if row is None:
        return {**DEFAULT_PREFERENCES, "email": None, "phone": None, "stored": False}
    return {
        "channels": list(row.channels),
        "language": row.language,
        "email": row.email,
        "phone": row.phone,
        "stored": True,
    }


def contact(repo: LogRepository, pid: str | None, name: str, email, phone=None) -> dict:
    """Where and how to tell one person (R60): their own choice if they made one, else
    e-mail in bokmål to the address the log or the directory has."""
    row = repo.preferences(pid)
    if row is None:
        return {"name": name, "email": email, "phone": phone}
    return {
        "name": name,
        "email": row.email or email,
        "phone": row.phone or phone,
        "channels": list(row.channels),
        "language": row.language,
    }
