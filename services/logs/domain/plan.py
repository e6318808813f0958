"""The plan: concerns and their measures, with evaluations (R10–R15).

Every decision takes the clock and ids from its caller and returns what changed together
with the facts it causes (``Fact``: the event type and its body, also the history entry).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from services.common.errors import Conflict, Invalid

# R10 the guides' categories (motorikk, språk, lesehastighet/fagvansker, atferd, skolefravær,
# trivsel, Opplæringslova §9a), plus the rest.
CATEGORIES = (
    "motor_skills",
    "language",
    "reading_and_learning",
    "behaviour",
    "school_absence",
    "wellbeing",
    "education_act_9a",
    "health",
    "other",
)
FACTOR_KEYS = ("services", "child", "home", "child_voice")  # R10 maintaining factors
EDIT_WINDOW = timedelta(hours=8)  # R14
PRACTICAL_WEEKS = 3  # R13: 2–3 weeks for practical measures
DEFAULT_WEEKS = 6  # R13: 4–8 weeks otherwise
CHILD_MEASURE_FROM_AGE = 6  # R13: "fitting the child's age": from school start


@dataclass(frozen=True)
class Fact:
    """A change as an event (type, body with ids and dates) and a history line."""

    type: str
    part: str
    ref_id: str
    body: dict


class ConcernStatus(str, Enum):
    ONGOING = "ongoing"
    CLOSED = "closed"


class Arena(str, Enum):
    SERVICE = "service"
    HOME = "home"
    CHILD = "child"


class MeasureStatus(str, Enum):
    ACTIVE = "active"
    EVALUATED = "evaluated"
    MISREGISTERED = "misregistered"  # "feilregistrert" (R15): kept in history, replaced


class Verdict(str, Enum):
    WORKED = "worked"
    PARTLY = "partly"
    DID_NOT_WORK = "did_not_work"


@dataclass
class Concern:
    id: str
    log_id: str
    description: str
    category: str
    goal: str
    success_criteria: str
    factors: dict
    registered_on: date
    discussed_with_leader: bool = False
    discussed_with_guardians: bool = False
    discussed_with_child: bool = False
    status: ConcernStatus = ConcernStatus.ONGOING
    template_id: str | None = None


@dataclass
class Measure:
    id: str
    log_id: str
    concern_id: str
    text: str
    arena: Arena
    actor_pid: str | None  # the employee; None for the guardians (home) and the child
    starts_on: date
    deadline: date
    written_at: datetime
    practical: bool = False
    status: MeasureStatus = MeasureStatus.ACTIVE
    verdict: Verdict | None = None
    comment: str | None = None
    evaluated_at: datetime | None = None
    family_verdict: Verdict | None = None
    family_comment: str | None = None
    family_at: datetime | None = None
    replaces_id: str | None = None
    replaced_by_id: str | None = None

    @property
    def actor_key(self) -> tuple[str, str | None]:
        """R11/R12: who answers for it: an employee, the guardians or the child."""
        return (self.arena.value if self.actor_pid is None else "employee", self.actor_pid)


# -- concerns (R10)


def register_concern(
    log_id: str, data: dict, *, concern_id: str, today: date, unit_id: str
) -> tuple[Concern, Fact]:
    if data["category"] not in CATEGORIES:
        raise Invalid("concern.unknown_category", "no such category", field="category")
    concern = Concern(
        id=concern_id,
        log_id=log_id,
        description=data["description"],
        category=data["category"],
        goal=data["goal"],
        success_criteria=data.get("success_criteria") or "",
        factors={k: (data.get("factors") or {}).get(k, "") for k in FACTOR_KEYS},
        registered_on=today,
        discussed_with_leader=data.get("discussed_with_leader", False),
        discussed_with_guardians=data.get("discussed_with_guardians", False),
        discussed_with_child=data.get("discussed_with_child", False),
        template_id=data.get("template_id"),
    )
    return concern, _concern_fact("concern.registered", concern, unit_id)


REVISABLE = (
    "description",
    "category",
    "goal",
    "success_criteria",
    "discussed_with_leader",
    "discussed_with_guardians",
    "discussed_with_child",
)


def revise_concern(concern: Concern, data: dict, *, unit_id: str) -> tuple[Concern, Fact]:
    """R10 a concern is revised or closed; a closed one is not reopened (register anew)."""
    if concern.status is ConcernStatus.CLOSED:
        raise Conflict("concern.closed", "the concern is closed", field="concern_id")
    changes = {k: data[k] for k in REVISABLE if data.get(k) is not None}
    if "category" in changes and changes["category"] not in CATEGORIES:
        raise Invalid("concern.unknown_category", "no such category", field="category")
    if data.get("factors") is not None:
        changes["factors"] = concern.factors | {
            k: v for k, v in data["factors"].items() if k in FACTOR_KEYS
        }
    closing = data.get("status") == ConcernStatus.CLOSED.value
    if closing:
        changes["status"] = ConcernStatus.CLOSED
    if not changes:
        raise Invalid("concern.nothing_to_change", "name at least one field to change")
    revised = replace(concern, **changes)
    kind = "concern.closed" if closing else "concern.revised"
    return revised, _concern_fact(kind, revised, unit_id)


def _concern_fact(kind: str, concern: Concern, unit_id: str) -> Fact:
    body = {
        "log_id": concern.log_id,
        "unit_id": unit_id,
        "concern_id": concern.id,
        "category": concern.category,
    }
    return Fact(kind, "concerns", concern.id, body)


# -- measures (R11–R15)


@dataclass(frozen=True)
class PlanMeasure:
    text: str
    arena: Arena
    actor_pid: str | None
    starts_on: date
    deadline: date | None = None
    practical: bool = False


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    field: str | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


def default_deadline(starts_on: date, practical: bool) -> date:
    """R13 evaluation deadlines: 2–3 weeks for practical measures, 4–8 weeks otherwise."""
    return starts_on + timedelta(weeks=PRACTICAL_WEEKS if practical else DEFAULT_WEEKS)


def plan_measure(
    concern: Concern,
    existing: list[Measure],
    cmd: PlanMeasure,
    *,
    measure_id: str,
    now: datetime,
    unit_id: str,
    replaces_id: str | None = None,
) -> tuple[Measure, Fact]:
    """R11 exactly one responsible actor (the guardians at home, the child for the child's own
    measure); R12 one active measure per actor per concern; dates in order."""
    if concern.status is ConcernStatus.CLOSED:
        raise Conflict("concern.closed", "the concern is closed", field="concern_id")
    if cmd.arena is Arena.SERVICE and not cmd.actor_pid:
        raise Invalid("measure.actor_required", "a service measure needs its actor", "actor_id")
    if cmd.arena is not Arena.SERVICE and cmd.actor_pid:
        raise Invalid(
            "measure.actor_is_family",
            "a home measure belongs to the guardians and a child's measure to the child",
            "actor_id",
        )
    deadline = cmd.deadline or default_deadline(cmd.starts_on, cmd.practical)
    if deadline <= cmd.starts_on:
        raise Invalid(
            "measure.deadline_before_start", "the deadline must come after the start", "deadline"
        )
    measure = Measure(
        id=measure_id,
        log_id=concern.log_id,
        concern_id=concern.id,
        text=cmd.text,
        arena=cmd.arena,
        actor_pid=cmd.actor_pid,
        starts_on=cmd.starts_on,
        deadline=deadline,
        written_at=now,
        practical=cmd.practical,
        replaces_id=replaces_id,
    )
    busy = [
        m
        for m in existing
        if m.concern_id == concern.id
        and m.status is MeasureStatus.ACTIVE
        and m.actor_key == measure.actor_key
    ]
    if busy:
        raise Conflict(
            "measure.actor_busy",
            "this actor already has an active measure for the concern; evaluate it first",
            field="actor_id",
        )
    return measure, measure_fact("measure.planned", measure, unit_id)


def missing_arenas(measures: list[Measure], child_age: int) -> list[Warning]:
    """R13 every concern should have a measure in the service, at home and (fitting the
    child's age) for the child: a warning, never an error."""
    present = {m.arena for m in measures if m.status is not MeasureStatus.MISREGISTERED}
    wanted = [Arena.SERVICE, Arena.HOME]
    if child_age >= CHILD_MEASURE_FROM_AGE:
        wanted.append(Arena.CHILD)
    messages = {
        Arena.SERVICE: "no measure in the service yet",
        Arena.HOME: "no measure at home yet",
        Arena.CHILD: "no measure for the child yet",
    }
    return [
        Warning(f"measure.missing_{arena.value}", messages[arena], "arena")
        for arena in wanted
        if arena not in present
    ]


def revise_text(
    measure: Measure, text: str, *, now: datetime, unit_id: str
) -> tuple[Measure, Fact]:
    """R14 measure text can be corrected for 8 hours after it was written; then it is fixed."""
    if measure.status is not MeasureStatus.ACTIVE:
        raise Conflict("measure.not_active", "only an active measure can change", "measure_id")
    if now - measure.written_at > EDIT_WINDOW:
        raise Conflict(
            "measure.edit_window_closed",
            "measure text is fixed 8 hours after it was written; mark it misregistered instead",
            field="text",
        )
    revised = replace(measure, text=text)
    return revised, measure_fact("measure.revised", revised, unit_id)


def evaluate(
    measure: Measure, verdict: Verdict, comment: str, *, now: datetime, unit_id: str
) -> tuple[Measure, Fact]:
    """R15 a measure is evaluated once."""
    if measure.status is MeasureStatus.EVALUATED:
        raise Conflict("measure.already_evaluated", "the measure is evaluated already", "verdict")
    if measure.status is MeasureStatus.MISREGISTERED:
        raise Conflict("measure.misregistered", "the measure was misregistered", "measure_id")
    done = replace(
        measure,
        status=MeasureStatus.EVALUATED,
        verdict=verdict,
        comment=comment,
        evaluated_at=now,
    )
    fact = measure_fact("measure.evaluated", done, unit_id)
    return done, replace(fact, body=fact.body | {"verdict": verdict.value})


def family_verdict(
    measure: Measure, verdict: Verdict, comment: str, *, now: datetime, unit_id: str
) -> tuple[Measure, Fact]:
    """R15 the family has the last word: its own verdict, once, recorded beside the holder's."""
    if measure.status is MeasureStatus.MISREGISTERED:
        raise Conflict("measure.misregistered", "the measure was misregistered", "measure_id")
    if measure.family_verdict is not None:
        raise Conflict(
            "measure.family_already_evaluated", "the family has given its verdict", "verdict"
        )
    done = replace(measure, family_verdict=verdict, family_comment=comment, family_at=now)
    fact = measure_fact("measure.evaluated", done, unit_id)
    return done, replace(fact, body=fact.body | {"verdict": verdict.value, "by_family": True})


def misregister(
    measure: Measure,
    concern: Concern,
    siblings: list[Measure],
    cmd: PlanMeasure,
    *,
    new_id: str,
    now: datetime,
    unit_id: str,
) -> tuple[Measure, Measure, list[Fact]]:
    """R15 a wrongly registered measure is marked "feilregistrert" and replaced by a corrected
    one (new actor, new text or a later deadline); the wrong one stays in history."""
    if measure.status is not MeasureStatus.ACTIVE:
        raise Conflict(
            "measure.not_active",
            "only an active, unevaluated measure can be replaced",
            "measure_id",
        )
    wrong = replace(measure, status=MeasureStatus.MISREGISTERED, replaced_by_id=new_id)
    same = (
        cmd.text == measure.text
        and cmd.actor_pid == measure.actor_pid
        and cmd.arena is measure.arena
        and (cmd.deadline or measure.deadline) <= measure.deadline
    )
    if same:
        raise Invalid(
            "measure.replacement_unchanged",
            "the replacement needs a new actor, a new text or a later deadline",
            field="replacement",
        )
    others = [m for m in siblings if m.id != measure.id]
    corrected, planned = plan_measure(
        concern, others, cmd, measure_id=new_id, now=now, unit_id=unit_id, replaces_id=measure.id
    )
    return wrong, corrected, [measure_fact("measure.misregistered", wrong, unit_id), planned]


def measure_fact(kind: str, measure: Measure, unit_id: str) -> Fact:
    body = {
        "log_id": measure.log_id,
        "unit_id": unit_id,
        "concern_id": measure.concern_id,
        "measure_id": measure.id,
        "arena": measure.arena.value,
        "deadline": measure.deadline.isoformat(),
    }
    return Fact(kind, "measures", measure.id, body)
