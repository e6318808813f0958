"""Every endpoint of /api/v1, one table per resource; ``ROUTES`` is what the gateway serves
and documents."""

from . import consent, logs, me, plan

ROUTES = (*consent.ROUTES, *logs.ROUTES, *plan.ROUTES, *me.ROUTES)
