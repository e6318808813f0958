"""The consent service: entrypoints only."""

from __future__ import annotations

import uuid

from nameko.dependency_providers import Config
from nameko.rpc import RpcProxy, rpc

from services.common import health
from services.common import rpc as rpc_call
from services.common.auth import AuthContext
from services.common.errors import EXPECTED
from services.common.providers import Clock, Correlation, Store

from . import app


class Service:
    name = "consent"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    logs_rpc = RpcProxy("logs")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid", "payload"))
    def record_consent(self, auth, payload):
        caller = AuthContext.from_dict(auth)
        system = AuthContext.system(self.name, caller.correlation_id).to_dict()

        def staff_member(pid):
            return rpc_call.call(
                self.logs_rpc,
                "staff_member",
                system,
                pid,
                timeout=self.config.get("RPC_TIMEOUT", 5),
            )

        return app.record_consent(
            self.uow,
            caller,
            payload,
            staff_member=staff_member,
            now=self.clock(),
            new_id=lambda: uuid.uuid4().hex,
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid", "child_pid"))
    def check(self, auth, consent_id, child_pid, purpose):
        return app.check(
            self.uow, AuthContext.from_dict(auth), consent_id, child_pid, purpose, now=self.clock()
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def get_consent(self, auth, consent_id):
        return app.get_consent(self.uow, AuthContext.from_dict(auth), consent_id)
