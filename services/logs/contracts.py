"""What crosses the logs service's boundary: RPC payloads in and out, and its events.

The one module of this service other code may import; it imports only marshmallow and
``services.common``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.common.fields import NationalId

KINDS = ("kindergarten", "school", "health_station", "ppt", "child_welfare", "other")


class GuardianIn(Schema):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ChildIn(Schema):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CreateLogIn(Schema):
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    consent_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    child = fields.Nested(ChildIn, required=True)
    guardians = fields.List(
        fields.Nested(GuardianIn), load_default=list, validate=validate.Length(max=10)
    )
    level = fields.Integer(load_default=1, validate=validate.OneOf([1, 2, 3]))


class GuardianOut(Schema):
    name = fields.String()
    email = fields.String(allow_none=True)


class LogOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    level = fields.Integer()
    status = fields.String()
    lacks_consent = fields.Boolean()
    consent_id = fields.String()
    created_at = fields.DateTime()
    child = fields.Dict(metadata={"description": "name and national id of the child"})
    guardians = fields.List(fields.Nested(GuardianOut))
    holder = fields.Dict(metadata={"description": "name of the holder"})
    your_roles = fields.List(fields.String())


class UnitIn(Schema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))


class EmployeeIn(Schema):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True)
    unit_id = fields.String(required=True)
    can_hold = fields.Boolean(load_default=False)
    can_act = fields.Boolean(load_default=False)
    is_leader = fields.Boolean(load_default=False)


class DirectoryIn(Schema):
    units = fields.List(fields.Nested(UnitIn), load_default=list)
    employees = fields.List(fields.Nested(EmployeeIn), load_default=list)


class LogCreatedV1(Schema):
    log_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    level = fields.Integer(required=True)
    consent_id = fields.String(required=True)


class LogEventV1(Schema):
    """Every plan event names its log and unit; the rest are ids and dates, never personal data."""

    log_id = fields.String(required=True)
    unit_id = fields.String(required=True)


class LogChangedV1(LogEventV1):
    """log.level_changed, log.closed, log.reactivated, log.holder_changed."""

    level = fields.Integer(required=True)
    status = fields.String(required=True)


class ConcernEventV1(LogEventV1):
    concern_id = fields.String(required=True)
    category = fields.String(required=True)


class MeasureEventV1(LogEventV1):
    concern_id = fields.String(required=True)
    measure_id = fields.String(required=True)
    arena = fields.String(required=True)
    deadline = fields.Date(required=True)


class MeasureEvaluatedV1(MeasureEventV1):
    verdict = fields.String(required=True)


class MeasureEvaluationDueV1(MeasureEventV1):
    """The actor's reminder a few days before the evaluation deadline (R60)."""

    days_left = fields.Integer(required=True)


class MeetingEventV1(LogEventV1):
    """meeting.planned and meeting.moved: notify asks logs.recipients for the participants."""

    meeting_id = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    previous_starts_at = fields.AwareDateTime(allow_none=True, load_default=None)


class HighlightPostedV1(LogEventV1):
    highlight_id = fields.String(required=True)


class AccessEventV1(LogEventV1):
    """actor.added, actor.removed, grant.given, grant.revoked: ``access_id`` is the row's own id,
    never a national id."""

    access_id = fields.String(required=True)


EVENT_SCHEMAS = {
    ("log.created", 1): LogCreatedV1,
    ("log.level_changed", 1): LogChangedV1,
    ("log.closed", 1): LogChangedV1,
    ("log.reactivated", 1): LogChangedV1,
    ("concern.registered", 1): ConcernEventV1,
    ("concern.revised", 1): ConcernEventV1,
    ("concern.closed", 1): ConcernEventV1,
    ("measure.planned", 1): MeasureEventV1,
    ("measure.revised", 1): MeasureEventV1,
    ("measure.evaluated", 1): MeasureEvaluatedV1,
    ("measure.misregistered", 1): MeasureEventV1,
    ("measure.evaluation_due", 1): MeasureEvaluationDueV1,
    ("meeting.planned", 1): MeetingEventV1,
    ("meeting.moved", 1): MeetingEventV1,
    ("meeting.minuted", 1): MeetingEventV1,
    ("highlight.posted", 1): HighlightPostedV1,
    ("actor.added", 1): AccessEventV1,
    ("actor.removed", 1): AccessEventV1,
    ("grant.given", 1): AccessEventV1,
    ("grant.revoked", 1): AccessEventV1,
}
