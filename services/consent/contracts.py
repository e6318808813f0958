"""What crosses the consent service's boundary: RPC payloads in and out, and its events.

The one module of this service other code may import; it imports only marshmallow and
``services.common``."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.common.fields import NationalId, PersonId

# The consent domain's own values, written out here: a contract imports only marshmallow
# and common (tests/unit/test_fitness.py keeps them equal to services/consent/domain).
PURPOSES = ("log", "share_actors", "transfer_unit", "transfer_municipality", "read_grant")
METHODS = ("paper", "electronic")
PARTY_ROLES = ("guardian", "young_person")
LANGUAGES = ("nb", "nn", "en", "pl", "so", "ar", "uk")
TARGET = fields.String(validate=validate.Length(min=1, max=64))


class ConsentChildIn(Schema):
    pid = PersonId(
        required=True,
        metadata={"description": "fødselsnummer, D-nummer or DUF number (12 digits)"},
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    birth_date = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "required with a DUF number, which carries none"},
    )


class PartyIn(Schema):
    pid = NationalId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(load_default="guardian", validate=validate.OneOf(PARTY_ROLES))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))


class ScopeIn(Schema):
    purposes = fields.List(
        fields.String(validate=validate.OneOf(PURPOSES)),
        required=True,
        validate=validate.Length(min=1, max=len(PURPOSES)),
    )
    actors = fields.List(
        TARGET,
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "units or employees that may share"},
    )
    transfer_units = fields.List(
        TARGET,
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "unit ids, or * for any"},
    )
    transfer_municipalities = fields.List(
        TARGET,
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "municipality ids, or *"},
    )
    read_grants = fields.List(NationalId(), load_default=list, validate=validate.Length(max=50))


class PrepareConsentIn(Schema):
    child = fields.Nested(ConsentChildIn, required=True)
    unit_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    parties = fields.List(
        fields.Nested(PartyIn), required=True, validate=validate.Length(min=1, max=6)
    )
    scope = fields.Nested(ScopeIn, required=True)
    method = fields.String(load_default="electronic", validate=validate.OneOf(METHODS))
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)
    language = fields.String(load_default="nb", validate=validate.OneOf(LANGUAGES))
    young_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=2000)
    )
    log_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "renew the consent of this log"},
    )


class WithdrawIn(Schema):
    purpose = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PURPOSES))
    target = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=64)
    )


class PartyOut(Schema):
    name = fields.String()
    role = fields.String()
    signed = fields.Boolean()
    you = fields.Boolean()


class HistoryOut(Schema):
    at = fields.DateTime()
    what = fields.String()


class ConsentOut(Schema):
    id = fields.String()
    unit_id = fields.String()
    log_id = fields.String(allow_none=True)
    child_name = fields.String()
    status = fields.String()
    method = fields.String()
    language = fields.String()
    scope = fields.Dict()
    parties = fields.List(fields.Nested(PartyOut))
    signatures_required = fields.Integer()
    created_at = fields.DateTime()
    activated_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    requested_expiry = fields.DateTime(allow_none=True)
    scan_sha256 = fields.String(allow_none=True)
    supersedes = fields.String(allow_none=True)
    withdrawn = fields.List(fields.Dict())
    history = fields.List(fields.Nested(HistoryOut))


class ConsentEventV1(Schema):
    consent_id = fields.String(required=True)
    unit_id = fields.String(required=True)
    log_id = fields.String(allow_none=True, load_default=None)


class ConsentRequestedV1(ConsentEventV1):
    method = fields.String(required=True)


class ConsentActivatedV1(ConsentEventV1):
    supersedes = fields.String(allow_none=True, load_default=None)
    expires_at = fields.String(required=True)


class ConsentExpiryV1(ConsentEventV1):
    expires_at = fields.String(required=True)


class ConsentExpiringV1(ConsentExpiryV1):
    days = fields.Integer(required=True)


class ConsentNarrowedV1(ConsentEventV1):
    purpose = fields.String(allow_none=True, load_default=None)
    target = fields.String(allow_none=True, load_default=None)


EVENT_SCHEMAS = {
    ("consent.requested", 1): ConsentRequestedV1,
    ("consent.activated", 1): ConsentActivatedV1,
    ("consent.expiring", 1): ConsentExpiringV1,
    ("consent.expired", 1): ConsentExpiryV1,
    ("consent.withdrawn", 1): ConsentEventV1,
    ("consent.narrowed", 1): ConsentNarrowedV1,
}
