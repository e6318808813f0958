"""The archive service: started and healthy; its behaviour comes with its own issue."""

from __future__ import annotations

from nameko.rpc import rpc

from services.common import health
from services.common.errors import EXPECTED
from services.common.providers import Correlation, Store


class Service:
    name = "archive"

    uow = Store()
    correlation = Correlation()

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)
