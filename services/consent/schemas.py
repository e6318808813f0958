"""The consent service's public payloads."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.common.fields import NationalId

from .domain.model import PURPOSES, Method


class RecordConsentIn(Schema):
    child_pid = NationalId(required=True)
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    consenting = fields.List(
        NationalId(),
        required=True,
        validate=validate.Length(min=1, max=6),
        metadata={"description": "national ids of those who consented"},
    )
    purposes = fields.List(
        fields.String(validate=validate.OneOf(PURPOSES)),
        required=True,
        validate=validate.Length(min=1),
    )
    method = fields.String(
        load_default=Method.PAPER.value, validate=validate.OneOf([m.value for m in Method])
    )
    given_at = fields.AwareDateTime(required=True, default_timezone=None)
    expires_at = fields.AwareDateTime(load_default=None)


class ConsentOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    purposes = fields.List(fields.String())
    method = fields.String()
    status = fields.String()
    given_at = fields.DateTime()
    expires_at = fields.DateTime()
    consenting_count = fields.Integer()


EVENT_SCHEMAS: dict = {}
