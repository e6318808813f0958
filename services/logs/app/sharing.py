"""Actors and read grants on a log (R3, R4, R7, R33)."""

from __future__ import annotations

from collections.abc import Callable

from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import Conflict, Invalid, NotFound

from .. import contracts
from ..domain.access import Operation, Part
from ..domain.plan import Fact
from ..store.repository import LogRepository
from ..store.tables import GrantRow
from .unit_of_change import change, iso, load_log, read

# covers(log_id, purpose, target) -> {"covered": bool, "reason": str}
Covers = Callable[[str, str, str], dict]


def add_actor(uow, auth: AuthContext, log_id: str, payload, *, now, new_id, covers: Covers):
    """R7 at level 1 only actors of the holder's own unit; at levels 2 and 3 other services
    too, and then only when the consent covers sharing with that unit (R33)."""
    data = validate.load(contracts.ActorIn, payload)
    with uow:
        repo = LogRepository(uow.session)
        log = load_log(repo, log_id)
        employee = repo.employee_by_id(data["employee_id"])
    if employee is None or not employee.can_act:
        raise Invalid(
            "actor.not_an_actor",
            "no employee marked as able to be actor has that id",
            field="employee_id",
        )
    if employee.unit_id != log.unit_id:
        if log.level == 1:
            raise Invalid(
                "actor.other_unit_at_level_1",
                "at level 1 only actors from the holder's own unit can be attached (R7)",
                field="employee_id",
            )
        _require_covered(covers, log.id, "share_actors", employee.unit_id, "employee_id")

    def decide(repo, log, decision):
        if any(a.pid == employee.pid for a in repo.actors(log.id)):
            raise Conflict("actor.already_added", "already an actor in this log", "employee_id")
        actor_id = new_id()
        repo.add_actor(log.id, employee.pid, employee.unit_id, now, actor_id)
        body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": actor_id}
        return _actor(actor_id, employee, now), [Fact("actor.added", "whole", actor_id, body)]

    return change(uow, auth, log_id, Operation.SHARE, Part.WHOLE, decide, now=now)


def _require_covered(covers: Covers, log_id: str, purpose: str, target: str, field: str):
    """R33 asked outside the transaction; a refusal is 409 with the consent's own reason."""
    answer = covers(log_id, purpose, target)
    if not answer.get("covered"):
        raise Conflict(
            answer.get("reason") or "consent.target_not_covered",
            f"the consent does not cover {purpose} toward that target",
            field=field,
        )


def remove_actor(uow, auth: AuthContext, log_id: str, actor_id: str, *, now):
    def decide(repo, log, decision):
        row = repo.remove_actor(log.id, actor_id, now)
        if row is None:
            raise NotFound("actor.not_found", "no such actor in this log", field="actor_id")
        body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": actor_id}
        return {"removed": actor_id}, [Fact("actor.removed", "whole", actor_id, body)]

    return change(uow, auth, log_id, Operation.SHARE, Part.WHOLE, decide, now=now)


def list_actors(uow, auth: AuthContext, log_id: str, *, now) -> dict:
    def show(repo, log, decision):
        items = []
        for row in repo.actors(log.id):
            employee = repo.employee(row.pid)
            items.append(_actor(row.id, employee, row.added_at))
        return {"items": items}

    return read(uow, auth, log_id, Part.WHOLE, show, now=now)


def on_consent_narrowed(repo, log, body: dict, now) -> list[Fact]:
    """A partial withdrawal removes exactly the access it names (R33): the actors of a unit
    (share_actors), a person's read grants (read_grant), or both for a bare target."""
    if not body.get("target"):
        return []
    facts = []
    if body.get("purpose") in (None, "read_grant"):
        for row in repo.grants(log.id):
            if row.pid == body["target"]:
                repo.revoke_grant(log.id, row.id, now)
                fact_body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": row.id}
                facts.append(Fact("grant.revoked", "whole", row.id, fact_body))
    if body.get("purpose") not in (None, "share_actors"):
        return facts
    for row in repo.actors(log.id):
        if row.unit_id == body["target"] and row.unit_id != log.unit_id:
            repo.remove_actor(log.id, row.id, now)
            fact_body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": row.id}
            facts.append(Fact("actor.removed", "whole", row.id, fact_body))
    return facts


def _actor(actor_id, employee, added_at) -> dict:
    return {
        "id": actor_id,
        "employee_id": employee.id if employee else "",
        "name": employee.name if employee else "",
        "unit_id": employee.unit_id if employee else "",
        "added_at": iso(added_at),
    }


def give_grant(uow, auth: AuthContext, log_id: str, payload, *, now, new_id, covers: Covers):
    """R4 a read grant covers the whole log, chosen concerns or categories, with or without
    history, with an optional expiry; R33 only when the consent covers it."""
    data = validate.load(contracts.GrantIn, payload)
    if data["expires_on"] is not None and data["expires_on"] < now.date():
        raise Invalid("grant.expires_in_past", "the expiry date has passed", field="expires_on")
    with uow:
        log = load_log(LogRepository(uow.session), log_id)
    _require_covered(covers, log.id, "read_grant", data["pid"], "pid")

    def decide(repo, log, decision):
        known = {c.id for c in repo.concerns(log.id)}
        for index, concern_id in enumerate(data["concern_ids"]):
            if concern_id not in known:
                raise NotFound("concern.not_found", "no such concern", field=f"concern_ids.{index}")
        row = GrantRow(
            id=new_id(),
            log_id=log.id,
            pid=data["pid"],
            name=data["name"],
            concern_ids=data["concern_ids"] or None,
            categories=data["categories"] or None,
            with_history=data["with_history"],
            expires_on=data["expires_on"],
            given_at=now,
        )
        repo.add_grant(row)
        body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": row.id}
        return _grant(row), [Fact("grant.given", "whole", row.id, body)]

    return change(uow, auth, log_id, Operation.SHARE, Part.WHOLE, decide, now=now)


def revoke_grant(uow, auth: AuthContext, log_id: str, grant_id: str, *, now):
    def decide(repo, log, decision):
        row = repo.revoke_grant(log.id, grant_id, now)
        if row is None:
            raise NotFound("grant.not_found", "no such read grant", field="grant_id")
        body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": grant_id}
        return {"revoked": grant_id}, [Fact("grant.revoked", "whole", grant_id, body)]

    return change(uow, auth, log_id, Operation.SHARE, Part.WHOLE, decide, now=now)


def list_grants(uow, auth: AuthContext, log_id: str, *, now) -> dict:
    def show(repo, log, decision):
        return {"items": [_grant(row) for row in repo.grants(log.id)]}

    return read(uow, auth, log_id, Part.WHOLE, show, now=now)


def _grant(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "concern_ids": row.concern_ids,
        "categories": row.categories,
        "with_history": row.with_history,
        "expires_on": iso(row.expires_on),
        "given_at": iso(row.given_at),
    }
