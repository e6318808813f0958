"""The fast tier's shared fixture: the logs service's application functions on a migrated
database, SQLite and PostgreSQL."""

import pytest
from sqlalchemy.orm import sessionmaker

from services.common.db import make_engine, make_read_engine
from services.common.migrate import upgrade
from tests.service.logs_factories import Plan


@pytest.fixture(params=["sqlite", "postgresql"])
def plan(request, tmp_path):
    from tests.support import infra

    with infra.databases(request.param, ["logs"], tmp_path) as urls:
        upgrade("logs", urls["logs"])
        engine, reads = make_engine(urls["logs"]), make_read_engine(urls["logs"])
        the_plan = Plan(sessionmaker(engine, expire_on_commit=False), read_engine=reads)
        the_plan.seed_directory()
        yield the_plan
        engine.dispose()
        reads.dispose()
