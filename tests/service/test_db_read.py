"""UnitOfWork.read: the hot-read pool skips pre-ping, so a connection the database dropped
(a restart, an administrator) must fail once, be thrown away, and the read run again."""

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from services.common.db import UnitOfWork, make_engine, make_read_engine
from services.common.migrate import upgrade
from tests.support import infra


def test_a_dropped_read_connection_is_replaced_and_the_read_succeeds():
    with infra.pg_databases(["archive"]) as urls:
        url = urls["archive"]
        upgrade("archive", url)
        engine, reads = make_engine(url), make_read_engine(url)
        uow = UnitOfWork(sessionmaker(engine), read_engine=reads)
        pid = uow.read(lambda c: c.execute(text("SELECT pg_backend_pid()")).scalar())
        with psycopg.connect(infra.PG_ADMIN, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # The pooled connection is dead now; the read still answers, on a new connection.
        again = uow.read(lambda c: c.execute(text("SELECT pg_backend_pid()")).scalar())
        assert again != pid
        assert reads.pool.checkedout() == 0
        engine.dispose()
        reads.dispose()
