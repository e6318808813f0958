"""marshmallow fields shared by the services' public schemas."""

from __future__ import annotations

from marshmallow import ValidationError, fields

from . import national_id


class _CheckedNumber(fields.String):
    """A number checked by its check digits. Its metadata describes it in an OpenAPI
    document (apispec copies JSON-schema keys from field metadata): its digits, and a format
    of its own, so a client or a fuzzer can be taught to make numbers whose check digits
    are right. Loading is unchanged by it."""

    JSON_SCHEMA: dict = {}

    @staticmethod
    def check(raw: str) -> str:
        raise NotImplementedError

    def __init__(self, **kwargs):
        kwargs["metadata"] = {**self.JSON_SCHEMA, **(kwargs.get("metadata") or {})}
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return self.check(raw)
        except national_id.InvalidNationalId as exc:
            raise ValidationError(str(exc)) from exc


class NationalId(_CheckedNumber):
    """An 11-digit fødselsnummer, D-nummer or H-nummer."""

    JSON_SCHEMA = {"pattern": "^[0-9]{11}$", "format": "national-id"}
    check = staticmethod(national_id.validate)


class PersonId(_CheckedNumber):
    """A child's number: a fødselsnummer or D-nummer (11 digits) or a DUF number (12). A
    DUF number carries no birth date, so a schema that takes one also takes the birth date
    beside it."""

    JSON_SCHEMA = {"pattern": "^[0-9]{11,12}$", "format": "person-id"}
    check = staticmethod(national_id.validate_person)
