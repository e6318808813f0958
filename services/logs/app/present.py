"""What a caller sees of a log: only the parts and rows their decision allows (R3, R4, R19)."""

from __future__ import annotations

from datetime import date

from ..domain import klarsprak
from ..domain.access import Decision, Part, Role
from ..domain.meetings import Meeting
from ..domain.model import Log, age_on
from ..domain.notes import Highlight, Note
from ..domain.plan import EDIT_WINDOW, Concern, Measure, missing_arenas
from ..store.repository import LogRepository
from .family import guardian_out, present_child
from .unit_of_change import iso

FAMILY_AND_HOLDER = {Role.HOLDER, Role.GUARDIAN, Role.YOUNG_PERSON, Role.UNIT_LEADER}


def hints(text: str, field: str) -> list[dict]:
    """R20 klarspråk: hints, never errors."""
    return [h.to_dict() for h in klarsprak.hints(text, field=field, language="nb")]


def concern(c: Concern, measures: list[Measure], log: Log, today: date, with_hints=False):
    out = {
        "id": c.id,
        "description": c.description,
        "category": c.category,
        "goal": c.goal,
        "success_criteria": c.success_criteria,
        "factors": c.factors,
        "registered_on": iso(c.registered_on),
        "discussed_with_leader": c.discussed_with_leader,
        "discussed_with_guardians": c.discussed_with_guardians,
        "discussed_with_child": c.discussed_with_child,
        "status": c.status.value,
        "warnings": [
            w.to_dict()
            for w in missing_arenas(
                [m for m in measures if m.concern_id == c.id],
                age_on(log.child_birth_date, today),
            )
        ]
        if c.status.value == "ongoing"
        else [],
    }
    if with_hints:
        out["hints"] = hints(c.goal, "goal") + hints(c.description, "description")
    return out


def measure(m: Measure, names: dict, with_hints=False, warnings=()) -> dict:
    if m.actor_pid is None:
        actor = {"kind": "guardians" if m.arena.value == "home" else "child", "name": None}
    else:
        actor = {"kind": "employee", "name": names.get(m.actor_pid, "")}
    out = {
        "id": m.id,
        "concern_id": m.concern_id,
        "text": m.text,
        "arena": m.arena.value,
        "actor": actor,
        "starts_on": iso(m.starts_on),
        "deadline": iso(m.deadline),
        "practical": m.practical,
        "status": m.status.value,
        "text_editable_until": iso(m.written_at + EDIT_WINDOW),
        "verdict": m.verdict.value if m.verdict else None,
        "comment": m.comment,
        "evaluated_at": iso(m.evaluated_at),
        "family_verdict": m.family_verdict.value if m.family_verdict else None,
        "family_comment": m.family_comment,
        "replaces_id": m.replaces_id,
        "replaced_by_id": m.replaced_by_id,
        "warnings": [w.to_dict() for w in warnings],
    }
    if with_hints:
        out["hints"] = hints(m.text, "text")
    return out


def meeting(m: Meeting, with_hints=False) -> dict:
    out = {
        "id": m.id,
        "starts_at": iso(m.starts_at),
        "place": m.place,
        "participants": [
            {"kind": p.get("kind"), "name": p.get("name", "")} for p in m.participants
        ],
        "agenda": m.agenda,
        "minutes": m.minutes,
        "evaluation": m.evaluation,
        "status": m.status,
    }
    if with_hints:
        out["hints"] = hints(m.minutes, "minutes")
    return out


def highlight(h: Highlight, names: dict, pid: str | None) -> dict:
    return {
        "id": h.id,
        "text": h.text,
        "author": names.get(h.author_pid, ""),
        "author_role": h.author_role,
        "posted_at": iso(h.posted_at),
        "edited_at": iso(h.edited_at),
        "yours": h.author_pid == pid,
    }


def note(n: Note, with_hints=False) -> dict:
    out = {
        "id": n.id,
        "text": n.text,
        "written_at": iso(n.written_at),
        "concern_id": n.concern_id,
        "visibility": n.visibility,
        "attachment": (
            {"sha256": n.attachment_sha256, "size": n.attachment_size}
            if n.attachment_sha256
            else None
        ),
    }
    if with_hints:
        out["hints"] = hints(n.text, "text")
    return out


def names_for(repo: LogRepository, log: Log, pids) -> dict:
    """Names to show beside measures and highlights; national ids never leave the service."""
    family = {g.pid for g in log.guardians} | {log.child_pid}
    found = repo.employees(set(pids) - family)
    return names_of(log, {pid: employee.name for pid, employee in found.items()})


def names_of(log: Log, employees: dict[str, str]) -> dict:
    """National id → name: the family's as the log has them, the employees' as found."""
    return employees | {g.pid: g.name for g in log.guardians} | {log.child_pid: log.child_name}


def visible_concerns(concerns: list[Concern], decision: Decision) -> list[Concern]:
    return [c for c in concerns if decision.sees_concern(c.id, c.category)]


def note_visible(n: Note, decision: Decision, concern_ids: set[str]) -> bool:
    """R19 a note's visibility may be narrowed; the family and the holder always see it."""
    if decision.roles & FAMILY_AND_HOLDER or Role.SERVICE in decision.roles:
        return True
    if n.visibility == "family_and_holder":
        return False
    if n.visibility == "concern" or n.concern_id:
        return n.concern_id in concern_ids
    return True


def header(repo: LogRepository, log: Log, holder_name: str | None, roles) -> dict:
    """The log itself: what every role that may read it sees. R9 a protected address is
    shown only as the mark."""
    return {
        "id": log.id,
        "unit_id": log.unit_id,
        "level": log.level,
        "status": log.status.value,
        "lacks_consent": log.lacks_consent,
        "consent_id": log.consent_id,
        "created_at": iso(log.created_at),
        "child": present_child(repo, log),
        "guardians": [guardian_out(g) for g in log.guardians],
        "earlier_log_ids": list(log.earlier_log_ids),
        "holder": {"name": holder_name},
        "your_roles": sorted(r.value for r in roles),
    }


def whole_log(repo: LogRepository, log: Log, decision: Decision, today: date, pid) -> dict:
    """The log with every part the caller may see (R3, R4, R5)."""
    plan = repo.plan(log.id)  # every part and every name, read in one batch
    concerns = visible_concerns(plan.concerns, decision)
    concern_ids = {c.id for c in concerns}
    measures = [m for m in plan.measures if m.concern_id in concern_ids]
    highlights = plan.highlights if decision.sees(Part.HIGHLIGHTS) else []
    names = names_of(log, plan.names)
    out = header(repo, log, names.get(log.holder_pid) or None, decision.roles)
    out["parts"] = sorted(p.value for p in decision.parts)
    if decision.sees(Part.CONCERNS):
        out["concerns"] = [concern(c, measures, log, today) for c in concerns]
    if decision.sees(Part.MEASURES):
        out["measures"] = [measure(m, names) for m in measures]
    if decision.sees(Part.MEETINGS):
        out["meetings"] = [meeting(m) for m in plan.meetings]
    if decision.sees(Part.HIGHLIGHTS):
        out["highlights"] = [highlight(h, names, pid) for h in highlights]
    if decision.sees(Part.NOTES):
        out["notes"] = [note(n) for n in plan.notes if note_visible(n, decision, concern_ids)]
    return out
