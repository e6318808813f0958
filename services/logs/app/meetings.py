"""Meetings (R16) and meeting mode (R17)."""

from __future__ import annotations

from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import NotFound

from .. import contracts
from ..domain import meetings
from ..domain.access import Operation, Part
from ..store.repository import LogRepository
from . import present
from .unit_of_change import change


def plan_meeting(uow, auth: AuthContext, log_id: str, payload, *, now, new_id):
    """R16 a meeting can be planned before any concern exists; participants are told (R60)."""
    data = validate.load(contracts.MeetingIn, payload)

    def decide(repo, log, decision):
        data["participants"] = _participants(repo, log, data["participants"])
        meeting, fact = meetings.plan_meeting(
            log.id, data, meeting_id=new_id(), now=now, unit_id=log.unit_id
        )
        repo.add_meeting(meeting)
        return present.meeting(meeting), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEETINGS, decide, now=now)


def revise_meeting(uow, auth: AuthContext, log_id: str, meeting_id: str, payload, *, now):
    """Moving a meeting tells its participants again (R60); cancelling keeps it in history."""
    data = validate.load(contracts.MeetingRevisionIn, payload)

    def decide(repo, log, decision):
        if "participants" in data:
            data["participants"] = _participants(repo, log, data["participants"])
        meeting, fact = meetings.revise_meeting(
            _meeting(repo, log.id, meeting_id), data, unit_id=log.unit_id
        )
        repo.save_meeting(meeting)
        return present.meeting(meeting), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEETINGS, decide, now=now)


def record_minutes(uow, auth: AuthContext, log_id: str, meeting_id: str, payload, *, now):
    """R16 the short minutes and the meeting's own evaluation; R20 hints on the minutes."""
    data = validate.load(contracts.MinutesIn, payload)

    def decide(repo, log, decision):
        meeting, fact = meetings.record_minutes(
            _meeting(repo, log.id, meeting_id),
            data["minutes"],
            data["evaluation"],
            now=now,
            unit_id=log.unit_id,
        )
        repo.save_meeting(meeting)
        return present.meeting(meeting, with_hints=True), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.MEETINGS, decide, now=now)


def start_meeting_mode(uow, auth: AuthContext, log_id: str, *, now):
    """R17 from now on the caller's requests reach this one log only, until the mode ends."""
    pid = auth.require_person()

    def decide(repo, log, decision):
        mode = meetings.start_meeting_mode(pid, log.id, now=now)
        repo.start_meeting_mode(mode)
        return {"log_id": log.id, "started_at": mode.started_at, "ends_at": mode.ends_at}, []

    return change(uow, auth, log_id, Operation.MEETING_MODE, Part.MEETINGS, decide, now=now)


def end_meeting_mode(uow, auth: AuthContext, *, now):
    pid = auth.require_person()
    with uow:
        ended = LogRepository(uow.session).end_meeting_mode(pid)
        uow.commit()
    return {"ended": ended}


def _participants(repo, log, given: list[dict]) -> list[dict]:
    """Participants by role or employee id; names are looked up, never typed national ids."""
    out = []
    for index, person in enumerate(given):
        name = person.get("name") or ""
        ref = None
        if person["kind"] == "employee":
            employee = repo.employee_by_id(person.get("employee_id") or "")
            if employee is None:
                raise NotFound(
                    "employee.not_found",
                    "no such employee",
                    field=f"participants.{index}.employee_id",
                )
            name, ref = employee.name, employee.id
        elif person["kind"] == "child":
            name = log.child_name
        out.append({"kind": person["kind"], "ref": ref, "name": name})
    return out


def _meeting(repo, log_id: str, meeting_id: str):
    meeting = repo.meeting(log_id, meeting_id)
    if meeting is None:
        raise NotFound("meeting.not_found", "no such meeting in this log", field="meeting_id")
    return meeting
