"""Calling another service over RPC with a bounded wait."""

from __future__ import annotations

import eventlet
from nameko.exceptions import UnknownService

from .errors import Unavailable


def call(proxy, method: str, *args, timeout: float = 5.0, **kwargs):
    """Call ``proxy.<method>(*args)``; an absent or silent service raises Unavailable."""
    service = getattr(proxy, "service_name", "service")
    try:
        with eventlet.Timeout(timeout):
            return getattr(proxy, method)(*args, **kwargs)
    except eventlet.Timeout as exc:
        raise Unavailable("service.unavailable", f"{service} did not answer in time") from exc
    except UnknownService as exc:
        raise Unavailable("service.unavailable", f"{service} is not running") from exc
