"""Concerns and measures (R10–R15): one function per thing a person does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from services.common import validate
from services.common.auth import AuthContext
from services.common.envelope import Envelope
from services.common.errors import Invalid, NotFound

from .. import contracts
from ..domain import plan
from ..domain.access import Operation, Part
from ..domain.model import age_on
from ..domain.plan import Arena, PlanMeasure, Verdict
from ..store.repository import LogRepository
from . import present
from .directory import template_body
from .unit_of_change import SERVICE, change

NewId = Callable[[], str]


def register_concern(uow, auth: AuthContext, log_id: str, payload, *, now, new_id: NewId):
    """R10 the holder registers a concern: description, category, goal, success criteria,
    maintaining factors and the three "discussed with" marks."""
    data = validate.load(contracts.RegisterConcernIn, payload)

    def decide(repo, log, decision):
        concern, fact = plan.register_concern(
            log.id, data, concern_id=new_id(), today=now.date(), unit_id=log.unit_id
        )
        repo.add_concern(concern)
        return present.concern(concern, [], log, now.date(), with_hints=True), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.CONCERNS, decide, now=now)


def register_concern_from_template(uow, auth, log_id: str, payload, *, now, new_id: NewId):
    """A holder starts a concern from the municipality's template ("planmal"); the template's
    measures come back as suggestions to plan, each with its own actor."""
    data = validate.load(contracts.FromTemplateIn, payload)
    body, suggestions = template_body(uow, data["template_id"])
    concern = register_concern(uow, auth, log_id, body, now=now, new_id=new_id)
    return concern | {"suggested_measures": suggestions}


def revise_concern(uow, auth: AuthContext, log_id: str, concern_id: str, payload, *, now):
    data = validate.load(contracts.ReviseConcernIn, payload)

    def decide(repo, log, decision):
        concern = _concern(repo, log.id, concern_id)
        revised, fact = plan.revise_concern(concern, data, unit_id=log.unit_id)
        repo.save_concern(revised)
        measures = repo.measures(log.id, concern.id)
        return present.concern(revised, measures, log, now.date(), with_hints=True), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.CONCERNS, decide, now=now)


def plan_measure(uow, auth, log_id: str, concern_id: str, payload, *, now, new_id: NewId):
    """R11–R13: one responsible actor, one active measure per actor per concern, a warning
    when the concern lacks a measure in the service, at home or for the child."""
    data = validate.load(contracts.PlanMeasureIn, payload)

    def decide(repo, log, decision):
        concern = _concern(repo, log.id, concern_id)
        siblings = repo.measures(log.id, concern.id)
        cmd = _command(repo, log, data, now)
        measure, fact = plan.plan_measure(
            concern, siblings, cmd, measure_id=new_id(), now=now, unit_id=log.unit_id
        )
        repo.add_measure(measure)
        warnings = plan.missing_arenas(
            siblings + [measure], age_on(log.child_birth_date, now.date())
        )
        names = present.names_for(repo, log, [measure.actor_pid] if measure.actor_pid else [])
        return present.measure(measure, names, with_hints=True, warnings=warnings), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEASURES, decide, now=now)


def revise_measure(uow, auth, log_id: str, measure_id: str, payload, *, now):
    """R14 measure text can be corrected for 8 hours; then it is fixed."""
    data = validate.load(contracts.ReviseMeasureIn, payload)

    def decide(repo, log, decision):
        measure, fact = plan.revise_text(
            _measure(repo, log.id, measure_id), data["text"], now=now, unit_id=log.unit_id
        )
        repo.save_measure(measure)
        names = present.names_for(repo, log, [measure.actor_pid] if measure.actor_pid else [])
        return present.measure(measure, names, with_hints=True), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEASURES, decide, now=now)


def evaluate_measure(uow, auth, log_id: str, measure_id: str, payload, *, now):
    """R15 the holder evaluates a measure once (worked / partly / did not work, comment)."""
    return _judge(uow, auth, log_id, measure_id, payload, plan.evaluate, Operation.WRITE_PLAN, now)


def family_verdict(uow, auth, log_id: str, measure_id: str, payload, *, now):
    """R15 the family has the last word: its verdict is recorded beside the holder's."""
    return _judge(
        uow, auth, log_id, measure_id, payload, plan.family_verdict, Operation.FAMILY_VERDICT, now
    )


def _judge(uow, auth, log_id, measure_id, payload, rule, operation: Operation, now):
    data = validate.load(contracts.EvaluationIn, payload)

    def decide(repo, log, decision):
        done, fact = rule(
            _measure(repo, log.id, measure_id),
            Verdict(data["verdict"]),
            data["comment"],
            now=now,
            unit_id=log.unit_id,
        )
        repo.save_measure(done)
        names = present.names_for(repo, log, [done.actor_pid] if done.actor_pid else [])
        return present.measure(done, names), [fact]

    return change(uow, auth, log_id, operation, Part.MEASURES, decide, now=now)


def misregister_measure(uow, auth, log_id: str, measure_id: str, payload, *, now, new_id):
    """R15 "feilregistrert": the wrong measure stays in history, a corrected one replaces it."""
    data = validate.load(contracts.MisregistrationIn, payload)

    def decide(repo, log, decision):
        wrong = _measure(repo, log.id, measure_id)
        concern = _concern(repo, log.id, wrong.concern_id)
        cmd = _command(repo, log, data["replacement"], now, field="replacement")
        old, corrected, facts = plan.misregister(
            wrong,
            concern,
            repo.measures(log.id, concern.id),
            cmd,
            new_id=new_id(),
            now=now,
            unit_id=log.unit_id,
        )
        repo.save_measure(old)
        repo.add_measure(corrected)
        names = present.names_for(repo, log, [m.actor_pid for m in (old, corrected) if m.actor_pid])
        return {
            "misregistered": present.measure(old, names),
            "replacement": present.measure(corrected, names, with_hints=True),
        }, facts

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEASURES, decide, now=now)


def _command(repo, log, data: dict, now: datetime, field: str = "") -> PlanMeasure:
    """R11 a service measure's actor is the holder or an employee attached as actor."""
    prefix = f"{field}." if field else ""
    arena = Arena(data["arena"])
    actor_pid = None
    if data.get("actor_id"):
        employee = repo.employee_by_id(data["actor_id"])
        attached = {a.pid for a in repo.actors(log.id)} | {log.holder_pid}
        if employee is None or employee.pid not in attached:
            raise Invalid(
                "measure.actor_not_in_log",
                "the actor must be the holder or an actor attached to the log",
                field=f"{prefix}actor_id",
            )
        actor_pid = employee.pid
    return PlanMeasure(
        text=data["text"],
        arena=arena,
        actor_pid=actor_pid,
        starts_on=data.get("starts_on") or now.date(),
        deadline=data.get("deadline"),
        practical=data.get("practical", False),
    )


def _concern(repo, log_id: str, concern_id: str):
    concern = repo.concern(log_id, concern_id)
    if concern is None:
        raise NotFound("concern.not_found", "no such concern in this log", field="concern_id")
    return concern


def _measure(repo, log_id: str, measure_id: str):
    measure = repo.measure(log_id, measure_id)
    if measure is None:
        raise NotFound("measure.not_found", "no such measure in this log", field="measure_id")
    return measure


REMIND_DAYS_BEFORE = 3  # R60: the actor is reminded a few days before the deadline


def remind_due_evaluations(uow, *, now: datetime, limit: int = 200) -> int:
    """R60 an active measure whose evaluation deadline is near reminds its actor, once: the
    reminder mark and ``measure.evaluation_due`` commit together."""
    horizon = now.date() + timedelta(days=REMIND_DAYS_BEFORE)
    with uow:
        repo = LogRepository(uow.session)
        due = repo.measures_due(horizon, limit)
        for measure, unit_id in due:
            days_left = (measure.deadline - now.date()).days
            fact = plan.measure_fact("measure.evaluation_due", measure, unit_id)
            body = fact.body | {"days_left": max(days_left, 0)}
            repo.mark_reminded(measure.id, now)
            uow.emit(Envelope.new(fact.type, body, source=SERVICE, now=now))
        uow.commit()
    return len(due)
