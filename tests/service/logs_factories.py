"""Factories for the logs service's fast tier: application functions on a migrated database."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from services.common.auth import AuthContext
from services.common.db import UnitOfWork
from services.logs import app
from tests.support.infra import load_demo

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
DEMO = load_demo()
PIDS = {login["key"]: login["pid"] for login in DEMO["logins"]}
COVERED = {"covered": True, "reason": "consent.ok", "consent_id": "c1"}
_ids = itertools.count(1)


def new_id() -> str:
    return f"id{next(_ids):06d}"


def person(key: str) -> AuthContext:
    return AuthContext.person(PIDS[key], key)


class Plan:
    """One log on a real database, driven as people do; every call goes through the grid."""

    def __init__(self, session_factory, now: datetime = NOW, *, read_engine=None):
        self.session_factory = session_factory
        self.read_engine = read_engine  # the read path, as the service's Store has it
        self.now = now

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, read_engine=self.read_engine)

    def later(self, **delta) -> None:
        self.now = self.now + timedelta(**delta)

    def seed_directory(self) -> None:
        app.import_directory(
            self.uow(),
            AuthContext.system("operator"),
            {"units": DEMO["units"], "employees": DEMO["employees"]},
        )

    def create_log(self, **overrides) -> dict:
        body = {
            "unit_id": "solsiden-skole",
            "consent_id": new_id(),
            "child": DEMO["child"],
            "guardians": DEMO["guardians"],
            "level": 2,
        } | overrides
        return app.create_log(
            self.uow(),
            person("holder"),
            body,
            consent_check=lambda *args: COVERED,
            now=self.now,
            new_id=new_id,
        )

    def call(self, who: str, name: str, *args, **kwargs):
        """``app.<name>(uow, <who>, *args, now=…)``, adding new_id where the function takes it."""
        return self.call_as(PIDS[who], name, *args, who=who, **kwargs)

    def call_as(self, pid: str, name: str, *args, who: str = "person", **kwargs):
        """The same for anyone known by their national id (a child, say)."""
        function = getattr(app, name)
        names = function.__code__.co_varnames
        extra = {"new_id": new_id} if "new_id" in names else {}
        extra |= {"now": self.now} if "now" in names else {}
        return function(self.uow(), AuthContext.person(pid, who), *args, **extra | kwargs)

    def concern(self, log_id: str, **overrides) -> dict:
        body = {
            "description": "Ola leser sakte og gir opp lange tekster.",
            "category": "reading_and_learning",
            "goal": "Ola leser en side på fem minutter innen mars.",
        } | overrides
        return self.call("holder", "register_concern", log_id, body)

    def measure(self, log_id: str, concern_id: str, **overrides) -> dict:
        body = {"text": "Les ti minutter med Ola hver dag.", "arena": "home"} | overrides
        return self.call("holder", "plan_measure", log_id, concern_id, body)
