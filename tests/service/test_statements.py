"""Prepared statements on the driver's cursor, and the read path's engine (R8).

Prepared rows must be what SQLAlchemy's own execution gives (with datetimes aware in UTC
on both databases), a batch must answer in order, a driver error must come out as
SQLAlchemy's, and the read path must commit without waiting for the disk unless told to.
"""

from datetime import UTC, date, datetime

import psycopg
import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import sessionmaker

from services.common.db import make_engine, make_read_engine
from services.common.migrate import upgrade
from services.common.statements import Prepared, run_batch
from services.logs.store.tables import GuardianRow, LogRow, MeasureRow, ReadRow
from tests.service.logs_factories import Plan
from tests.support import infra

LOG = Prepared(select(LogRow.__table__).where(LogRow.id == bindparam("log_id")))
GUARDIANS = Prepared(
    select(GuardianRow.__table__)
    .where(GuardianRow.log_id == bindparam("log_id"))
    .order_by(GuardianRow.name)
)
MEASURES = Prepared(select(MeasureRow.__table__).where(MeasureRow.log_id == bindparam("log_id")))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    with infra.databases(request.param, ["logs"], tmp_path) as urls:
        upgrade("logs", urls["logs"])
        yield urls["logs"]


@pytest.fixture
def seeded(database):
    engine, reads = make_engine(database), make_read_engine(database)
    plan = Plan(sessionmaker(engine, expire_on_commit=False), read_engine=reads)
    plan.seed_directory()
    log = plan.create_log()
    concern = plan.concern(log["id"])
    plan.measure(log["id"], concern["id"])
    yield engine, reads, plan, log
    engine.dispose()
    reads.dispose()


def test_prepared_rows_are_what_sqlalchemy_gives_with_datetimes_in_utc(seeded):
    engine, _, _, log = seeded
    with engine.connect() as connection:
        for prepared in (LOG, GUARDIANS, MEASURES):
            ours = prepared.rows(connection, log_id=log["id"])
            theirs = connection.execute(prepared.statement, {"log_id": log["id"]}).all()
            assert ours and len(ours) == len(theirs)
            for mine, its in zip(ours, theirs, strict=True):
                assert mine._fields == tuple(its._fields)
                for value, expected in zip(mine, its, strict=True):
                    if isinstance(expected, datetime):  # SQLite hands SQLAlchemy naive ones
                        assert value.tzinfo is not None
                        assert value == expected.replace(tzinfo=expected.tzinfo or UTC)
                    else:
                        assert value == expected and type(value) is type(expected)
    row = LOG.rows(engine.connect(), log_id=log["id"])[0]
    assert type(row.lacks_consent) is bool and type(row.child_birth_date) is date


def test_a_batch_answers_each_statement_in_order_and_an_unknown_id_with_no_rows(seeded):
    engine, _, _, log = seeded
    with engine.connect() as connection:
        found, guardians, nothing = run_batch(
            connection,
            [
                (LOG, {"log_id": log["id"]}),
                (GUARDIANS, {"log_id": log["id"]}),
                (LOG, {"log_id": "x"}),
            ],
        )
    assert [r.id for r in found] == [log["id"]]
    assert [g.name for g in guardians] == sorted(g["name"] for g in log["guardians"])
    assert nothing == []


def test_a_driver_error_is_sqlalchemys_and_leaves_the_connection_usable(seeded):
    engine, _, _, log = seeded
    duplicate = Prepared(
        ReadRow.__table__.insert().values(
            id=bindparam("id"),
            log_id=bindparam("log_id"),
            reader_pid="1",
            roles="holder",
            part="whole",
            read_at=datetime(2026, 11, 25, tzinfo=UTC),
            reader_name="",
        )
    )
    with engine.connect() as connection:
        run_batch(connection, [(duplicate, {"id": 1, "log_id": log["id"]})])
        with pytest.raises(IntegrityError):
            run_batch(connection, [(duplicate, {"id": 1, "log_id": log["id"]})])
        connection.rollback()
        assert LOG.rows(connection, log_id=log["id"])


def test_R8_a_read_record_commits_on_the_read_path_and_a_change_on_the_main_one(seeded):
    engine, reads, plan, log = seeded
    plan.call("holder", "get_log", log["id"])
    with engine.connect() as other:  # another connection, on the main engine
        readers = other.execute(select(ReadRow.roles).where(ReadRow.log_id == log["id"])).all()
    assert [r.roles for r in readers] == ["holder"]
    assert plan.call("guardian", "access_log", log["id"], {})["items"][0]["role"] == "holder"


def _durability(engine) -> str:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            return connection.execute(text("SHOW synchronous_commit")).scalar()
        return {1: "normal", 2: "full"}[connection.execute(text("PRAGMA synchronous")).scalar()]


def test_only_the_read_path_commits_without_waiting_for_the_disk_unless_told_to(database):
    main, reads = make_engine(database), make_read_engine(database)
    durable = make_read_engine(database, durable_reads=True)
    try:
        assert _durability(main) in ("on", "full")
        assert _durability(reads) in ("off", "normal")
        assert _durability(durable) in ("on", "full")
    finally:
        for engine in (main, reads, durable):
            engine.dispose()


def test_an_in_memory_database_has_no_second_engine():
    assert make_read_engine("sqlite://") is None
    assert make_read_engine("sqlite:///:memory:") is None


def _kill(plan: Plan) -> int:
    """End the pooled read connection's server process, as a restart would."""
    backend = plan.uow().read(lambda c: c.execute(text("SELECT pg_backend_pid()")).scalar())
    with psycopg.connect(infra.PG_ADMIN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
    return backend


def test_a_lost_connection_fails_a_batch_once_and_the_read_path_reads_again():
    with infra.pg_databases(["logs"]) as urls:
        url = urls["logs"]
        upgrade("logs", url)
        engine, reads = make_engine(url), make_read_engine(url)
        plan = Plan(sessionmaker(engine, expire_on_commit=False), read_engine=reads)
        plan.seed_directory()
        log = plan.create_log()
        backend = _kill(plan)
        with reads.connect() as dead:
            assert dead.connection.dbapi_connection.info.backend_pid == backend
            with pytest.raises(DBAPIError) as raised:
                LOG.rows(dead, log_id=log["id"])
            assert raised.value.connection_invalidated
        _kill(plan)
        # The pooled connection is dead; opening the log fails once inside and reads again.
        assert plan.call("holder", "get_log", log["id"])["id"] == log["id"]
        assert reads.pool.checkedout() == 0
        engine.dispose()
        reads.dispose()
