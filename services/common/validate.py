"""Load a payload with a marshmallow schema, raising a domain error naming the field."""

from __future__ import annotations

from marshmallow import ValidationError

from .errors import Invalid, validation_error


def load(schema_cls, payload):
    if not isinstance(payload, dict):
        raise Invalid("validation.not_an_object", "the body must be a JSON object", field="body")
    try:
        return schema_cls().load(payload)
    except ValidationError as exc:
        raise validation_error(exc.messages) from exc
