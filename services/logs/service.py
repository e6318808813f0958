"""The logs service: entrypoints only."""

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

SENSITIVE = ("auth.pid", "payload")


class Service:
    name = "logs"

    uow = Store()
    correlation = Correlation()
    config = Config()
    clock = Clock()
    consent_rpc = RpcProxy("consent")

    @rpc(expected_exceptions=EXPECTED)
    def health(self):
        return health.report(self.name, self.uow)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=SENSITIVE)
    def create_log(self, auth, payload):
        caller = AuthContext.from_dict(auth)

        def consent_check(consent_id, child_pid, purpose):
            return rpc_call.call(
                self.consent_rpc,
                "check",
                caller.to_dict(),
                consent_id,
                child_pid,
                purpose,
                timeout=self.config.get("RPC_TIMEOUT", 5),
            )

        return app.create_log(
            self.uow,
            caller,
            payload,
            consent_check=consent_check,
            now=self.clock(),
            new_id=lambda: uuid.uuid4().hex,
        )

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid",))
    def get_log(self, auth, log_id):
        return app.get_log(self.uow, AuthContext.from_dict(auth), log_id, now=self.clock())

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("auth.pid", "pid"))
    def staff_member(self, auth, pid):
        return app.staff_member(self.uow, AuthContext.from_dict(auth), pid)

    @rpc(expected_exceptions=EXPECTED)
    def guardian_contacts(self, auth, log_id):
        return app.guardian_contacts(self.uow, AuthContext.from_dict(auth), log_id)

    @rpc(expected_exceptions=EXPECTED, sensitive_arguments=("payload",))
    def import_directory(self, auth, payload):
        return app.import_directory(self.uow, AuthContext.from_dict(auth), payload)
