"""marshmallow fields shared by the services' public schemas."""

from __future__ import annotations

from marshmallow import ValidationError, fields

from . import national_id


class NationalId(fields.String):
    """An 11-digit fødselsnummer or D-nummer, checked with its check digits."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return national_id.validate(raw)
        except national_id.InvalidNationalId as exc:
            raise ValidationError(str(exc)) from exc
