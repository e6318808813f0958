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


EVENT_SCHEMAS = {("log.created", 1): LogCreatedV1}
