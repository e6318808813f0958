"""Load a payload with a marshmallow schema, raising a domain error naming the field.

The gateway checks a body with the same function before the RPC, and the service loads it
again: a rule here holds for every caller, not only for HTTP ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from marshmallow import ValidationError

from .errors import Invalid, validation_error

# PostgreSQL cannot store the NUL character; no text of ours needs one.
NUL = re.compile("\x00")


def load(schema_cls, payload):
    if not isinstance(payload, dict):
        raise Invalid("validation.not_an_object", "the body must be a JSON object", field="body")
    nul = first_text(payload, NUL.search)
    if nul is not None:
        raise Invalid("validation.invalid", "text may not contain the NUL character", field=nul)
    try:
        return schema_cls().load(payload)
    except ValidationError as exc:
        raise validation_error(exc.messages) from exc


def first_text(value, found: Callable[[str], object]) -> str | None:
    """The path ("parties.0.name") of the first string, key or value, in which ``found``."""
    pending = [("", value)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if found(value):
                return path or "body"
            continue
        if not isinstance(value, dict | list):
            continue
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in reversed(list(items)):
            key = str(key)
            if found(key):
                return f"{path}.{key}" if path else key
            pending.append((f"{path}.{key}" if path else key, item))
    return None
