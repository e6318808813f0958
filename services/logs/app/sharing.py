"""Actors on a log (R3, R7, R33); read grants come next to them."""

from __future__ import annotations

from collections.abc import Callable

from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import Conflict, Invalid, NotFound

from .. import contracts
from ..domain.access import Operation, Part
from ..domain.plan import Fact
from ..store.repository import LogRepository
from .unit_of_change import change, load_log, read

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
        answer = covers(log.id, "share_actors", employee.unit_id)
        if not answer.get("covered"):
            raise Conflict(
                answer.get("reason") or "consent.target_not_covered",
                "the consent does not cover sharing with that unit",
                field="employee_id",
            )

    def decide(repo, log, decision):
        if any(a.pid == employee.pid for a in repo.actors(log.id)):
            raise Conflict("actor.already_added", "already an actor in this log", "employee_id")
        actor_id = new_id()
        repo.add_actor(log.id, employee.pid, employee.unit_id, now, actor_id)
        body = {"log_id": log.id, "unit_id": log.unit_id, "access_id": actor_id}
        return _actor(actor_id, employee, now), [Fact("actor.added", "whole", actor_id, body)]

    return change(uow, auth, log_id, Operation.SHARE, Part.WHOLE, decide, now=now)


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
    """A partial withdrawal naming a unit removes exactly the actors of that unit (R33)."""
    if body.get("purpose") not in (None, "share_actors") or not body.get("target"):
        return []
    facts = []
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
        "added_at": added_at,
    }
