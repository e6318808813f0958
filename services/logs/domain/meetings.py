"""Meetings (R16) and meeting mode (R17)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from services.common.errors import Conflict, Invalid

from .plan import Fact

MEETING_MODE_LENGTH = timedelta(hours=3)


@dataclass
class Meeting:
    id: str
    log_id: str
    starts_at: datetime
    place: str
    participants: list[dict]  # {kind, ref (employee id or guardian's position), name}
    agenda: str
    minutes: str = ""
    evaluation: str = ""  # the meeting's own evaluation (R16)
    status: str = "planned"  # planned, held, cancelled
    planned_at: datetime | None = None


def plan_meeting(
    log_id: str, data: dict, *, meeting_id: str, now: datetime, unit_id: str
) -> tuple[Meeting, Fact]:
    """R16 a meeting can be planned before any concern exists."""
    meeting = Meeting(
        id=meeting_id,
        log_id=log_id,
        starts_at=data["starts_at"],
        place=data["place"],
        participants=list(data.get("participants") or []),
        agenda=data.get("agenda") or "",
        planned_at=now,
    )
    return meeting, _fact("meeting.planned", meeting, unit_id)


def revise_meeting(meeting: Meeting, data: dict, *, unit_id: str) -> tuple[Meeting, Fact]:
    """Moving a meeting notifies its participants again (R60)."""
    if meeting.status == "cancelled":
        raise Conflict("meeting.cancelled", "the meeting is cancelled", field="meeting_id")
    changes = {k: data[k] for k in ("starts_at", "place", "agenda", "participants") if k in data}
    if data.get("status") == "cancelled":
        changes["status"] = "cancelled"
    if not changes:
        raise Invalid("meeting.nothing_to_change", "name at least one field to change")
    revised = replace(meeting, **changes)
    moved = "starts_at" in changes and changes["starts_at"] != meeting.starts_at
    fact = _fact("meeting.moved" if moved else "meeting.revised", revised, unit_id)
    if moved:
        fact = replace(fact, body=fact.body | {"previous_starts_at": meeting.starts_at.isoformat()})
    return revised, fact


def record_minutes(
    meeting: Meeting, minutes: str, evaluation: str, *, now: datetime, unit_id: str
) -> tuple[Meeting, Fact]:
    """R16 minutes and the meeting's evaluation, once it has begun."""
    if meeting.status == "cancelled":
        raise Conflict("meeting.cancelled", "the meeting is cancelled", field="meeting_id")
    if now < meeting.starts_at:
        raise Conflict(
            "meeting.not_started", "minutes are written once the meeting has begun", "minutes"
        )
    held = replace(meeting, minutes=minutes, evaluation=evaluation, status="held")
    return held, _fact("meeting.minuted", held, unit_id)


def _fact(kind: str, meeting: Meeting, unit_id: str) -> Fact:
    body = {
        "log_id": meeting.log_id,
        "unit_id": unit_id,
        "meeting_id": meeting.id,
        "starts_at": meeting.starts_at.isoformat(),
    }
    return Fact(kind, "meetings", meeting.id, body)


@dataclass(frozen=True)
class MeetingMode:
    """R17 while on, the person's requests reach this one log and nothing else."""

    pid: str
    log_id: str
    started_at: datetime
    ends_at: datetime

    def on(self, now: datetime) -> bool:
        return self.started_at <= now < self.ends_at


def start_meeting_mode(pid: str, log_id: str, *, now: datetime) -> MeetingMode:
    return MeetingMode(pid, log_id, now, now + MEETING_MODE_LENGTH)
