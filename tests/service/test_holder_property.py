"""R1 under any sequence of what people do: every active log has exactly one holder, who is
still employed in the log's unit and may hold logs (hypothesis, on the migrated database).

Creating, closing and reactivating logs, a withdrawn or renewed consent, the unit leader
adding, changing and removing staff: the operations that could leave a log without a
holder. Transfer (R40, R41) comes with the transfer service and joins this test then.
"""

import shutil
import uuid
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from services.common.auth import AuthContext
from services.common.db import make_engine
from services.common.envelope import Envelope
from services.common.errors import DomainError
from services.common.migrate import upgrade
from services.consent.contracts import EVENT_SCHEMAS as CONSENT_EVENTS
from services.logs import app
from services.logs.store.tables import EmployeeRow, LogRow
from tests.service.logs_factories import COVERED, DEMO, NOW, PIDS, Plan, new_id

# Two more holders in the demo school, added by its leader as the test goes.
STAFF = [
    {"pid": "03457410084", "name": "Nina Lærer", "email": "nina@example.no"},
    {"pid": "23469030024", "name": "Arne Aktør", "email": "arne@example.no"},
]
HOLDERS = [PIDS["holder"], *(s["pid"] for s in STAFF)]


def holders_ok(session_factory) -> None:
    with session_factory() as session:
        for log in session.scalars(select(LogRow).where(LogRow.status == "active")):
            holder = session.get(EmployeeRow, log.holder_pid)
            assert holder is not None, log.id
            assert holder.left_at is None and holder.can_hold, (log.id, holder.pid)
            assert holder.unit_id == log.unit_id, log.id


class People(RuleBasedStateMachine):
    """One municipality on a fresh copy of the migrated database per run."""

    logs = Bundle("logs")
    template: Path

    def __init__(self):
        super().__init__()
        self.db = self.template.with_name(f"{uuid.uuid4().hex}.db")
        shutil.copy(self.template, self.db)
        self.engine = make_engine(f"sqlite:///{self.db}")
        self.plan = Plan(sessionmaker(self.engine, expire_on_commit=False), NOW)
        self.plan.seed_directory()
        self.leader = AuthContext.person(PIDS["leader"], "leader")

    def teardown(self):
        self.engine.dispose()
        self.db.unlink()

    def attempt(self, action):
        """What people do; a refusal is fine, if nothing of it happened (the invariant)."""
        self.plan.later(minutes=5)
        try:
            return action()
        except DomainError:
            return None

    @rule(target=logs, holder=st.sampled_from(HOLDERS))
    def create(self, holder):
        body = {
            "unit_id": "solsiden-skole",
            "consent_id": new_id(),
            "child": DEMO["child"],
            "guardians": DEMO["guardians"],
        }
        created = self.attempt(
            lambda: app.create_log(
                self.plan.uow(),
                AuthContext.person(holder, "holder"),
                body,
                consent_check=lambda *args: COVERED,
                now=self.plan.now,
                new_id=new_id,
            )
        )
        return (created["id"] if created else "none", holder)

    @rule(log=logs)
    def close(self, log):
        self.attempt(lambda: self.plan.call_as(log[1], "close_log", log[0]))

    @rule(log=logs)
    def reactivate(self, log):
        self.attempt(lambda: self.plan.call("leader", "reactivate_log", log[0]))

    @rule(log=logs, kind=st.sampled_from(["consent.withdrawn", "consent.activated"]))
    def consent(self, log, kind):
        body = {"consent_id": "c", "log_id": log[0], "unit_id": "solsiden-skole"}
        if kind == "consent.activated":
            body["expires_at"] = self.plan.now.isoformat()
        envelope = Envelope.new(kind, body, source="consent", now=self.plan.now)
        app.on_consent_event(self.plan.uow(), envelope, event_schemas=CONSENT_EVENTS)

    @rule(staff=st.sampled_from(STAFF))
    def hire(self, staff):
        self.attempt(
            lambda: app.add_staff(
                self.plan.uow(),
                self.leader,
                "solsiden-skole",
                staff | {"can_hold": True, "can_act": True},
                now=self.plan.now,
            )
        )

    @rule(holder=st.sampled_from(HOLDERS), may=st.booleans())
    def may_hold(self, holder, may):
        employee_id = self.staff_id(holder)
        if employee_id:
            self.attempt(
                lambda: app.change_staff(
                    self.plan.uow(), self.leader, "solsiden-skole", employee_id, {"can_hold": may}
                )
            )

    @rule(holder=st.sampled_from(HOLDERS))
    def leaves(self, holder):
        employee_id = self.staff_id(holder)
        if employee_id:
            self.attempt(
                lambda: app.remove_staff(
                    self.plan.uow(), self.leader, "solsiden-skole", employee_id, now=self.plan.now
                )
            )

    def staff_id(self, pid: str) -> str | None:
        with self.plan.session_factory() as session:
            row = session.get(EmployeeRow, pid)
            return row.id if row is not None and row.left_at is None else None

    @invariant()
    def every_active_log_has_a_holder_who_is_there(self):
        holders_ok(self.plan.session_factory)


def test_R1_every_active_log_keeps_one_holder_who_is_there(tmp_path_factory):
    People.template = tmp_path_factory.mktemp("r1") / "template.db"
    upgrade("logs", f"sqlite:///{People.template}")
    run_state_machine_as_test(
        People, settings=settings(max_examples=60, stateful_step_count=20, deadline=None)
    )
