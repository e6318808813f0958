"""A crash between signing and activation leaves the consent pending or active, never half.

The last signature, the status change and the ``consent.activated`` outbox row are one
transaction. Here the commit itself fails (as a crash or a lost database would make it):
afterwards the consent is still pending, carries no signature and nothing is queued.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from services.common.auth import AuthContext
from services.common.db import UnitOfWork, make_engine
from services.common.messaging import outbox
from services.common.migrate import upgrade
from services.consent import app
from services.consent.domain.model import Policy
from tests.support.api import consent_request
from tests.support.infra import load_demo

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


class CrashingCommit(UnitOfWork):
    def commit(self):
        self.session.flush()  # everything reached the database, inside the transaction
        raise ConnectionError("the process died here")


@pytest.fixture(params=["sqlite", "postgresql"])
def session_factory(request, tmp_path):
    from tests.support import infra

    with infra.databases(request.param, ["consent"], tmp_path) as urls:
        upgrade("consent", urls["consent"])
        engine = make_engine(urls["consent"])
        yield sessionmaker(engine, expire_on_commit=False)
        engine.dispose()


def test_a_crash_at_activation_leaves_the_consent_pending(session_factory):
    demo = load_demo()
    holder = AuthContext.person(demo["employees"][1]["pid"], "holder")
    staff = {"unit_id": "solsiden-skole", "can_hold": True, "is_leader": False}
    ids = iter(["c1"])
    consent = app.prepare_consent(
        UnitOfWork(session_factory),
        holder,
        consent_request(demo),
        staff_member=lambda pid: staff,
        policy=Policy(signatures_required="one"),
        now=NOW,
        new_id=lambda: next(ids),
    )
    assert consent["status"] == "pending"
    guardian = AuthContext.person(demo["guardians"][0]["pid"], "gro", acr="high")

    with pytest.raises(ConnectionError):
        app.sign_consent(
            CrashingCommit(session_factory),
            guardian,
            "c1",
            policy=Policy(signatures_required="one"),
            now=NOW,
        )

    with session_factory() as session:
        queued = session.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.event_type == "consent.activated")
        )
    assert queued == 0
    after = app.get_consent(
        UnitOfWork(session_factory), guardian, "c1", staff_member=lambda pid: None, policy=Policy()
    )
    assert after["status"] == "pending"
    assert not any(p["signed"] for p in after["parties"])

    # The same signature, without the crash, activates it and queues the event once.
    done = app.sign_consent(
        UnitOfWork(session_factory),
        guardian,
        "c1",
        policy=Policy(signatures_required="one"),
        now=NOW,
    )
    assert done["status"] == "active"
    with session_factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.event_type == "consent.activated")
            )
            == 1
        )


def test_R31_two_scans_at_once_warn_once(session_factory):
    """A timer and a call (or two instances) racing on one consent: the version check lets
    one save through and refuses the other, so the warning goes out once."""
    from datetime import timedelta

    from services.common.errors import Conflict
    from services.consent.domain import model
    from services.consent.store.repository import ConsentRepository

    demo = load_demo()
    holder = AuthContext.person(demo["employees"][1]["pid"], "holder")
    staff = {"unit_id": "solsiden-skole", "can_hold": True, "is_leader": False}
    one = Policy(signatures_required="one")
    app.prepare_consent(
        UnitOfWork(session_factory),
        holder,
        consent_request(demo, expires_at=(NOW + timedelta(days=20)).isoformat()),
        staff_member=lambda pid: staff,
        policy=one,
        now=NOW,
        new_id=lambda: "c2",
    )
    guardian = AuthContext.person(demo["guardians"][0]["pid"], "gro")
    app.sign_consent(UnitOfWork(session_factory), guardian, "c2", policy=one, now=NOW)

    later = NOW + timedelta(days=1)
    slow = UnitOfWork(session_factory).__enter__()  # loaded before the other scan ran
    slow_repo = ConsentRepository(slow.session)
    stale = slow_repo.get("c2", with_history=False)
    system = AuthContext.system("consent")
    assert app.lapse_due(UnitOfWork(session_factory), system, now=later) == {
        "consent.expiring": 1,
        "consent.expired": 0,
    }
    assert model.lapse(stale, later)  # the stale copy also thinks a warning is due …
    with pytest.raises(Conflict):  # … but may not save it
        slow_repo.save(stale)
    slow.__exit__(None, None, None)
    assert app.lapse_due(UnitOfWork(session_factory), system, now=later) == {
        "consent.expiring": 0,
        "consent.expired": 0,
    }
    with session_factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.event_type == "consent.expiring")
            )
            == 1
        )
