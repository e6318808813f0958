"""Two slow PostgreSQL queries in one service overlap instead of queueing.

nameko workers are eventlet green threads. psycopg 3 waits in C (``wait_c``)
unless it detects a patched ``select`` — and it detects gevent only — so one
slow query would stall every worker of the service. ``make_engine`` switches
psycopg to ``db._green_wait`` (``wait_select`` that looks at the socket for free first). Each worker here runs one statement that cannot
finish until the other worker's statement has started (a rendezvous on a
sequence, whose value every session sees at once): it passes only if both
queries are in flight together. The control test puts the C wait back and
shows the same rendezvous fail.
"""

import uuid

import psycopg.waiting
import pytest
from nameko.rpc import rpc
from nameko.runners import ServiceRunner
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import text

from services.common import db
from services.common.errors import EXPECTED
from services.common.migrate import upgrade
from services.common.providers import Store
from tests.support import infra

RENDEZVOUS = """
DO $$
DECLARE deadline timestamptz := clock_timestamp() + interval '{seconds} seconds';
BEGIN
  PERFORM nextval('{sequence}');
  WHILE (SELECT last_value FROM {sequence}) < 2 LOOP
    IF clock_timestamp() > deadline THEN
      RAISE EXCEPTION 'the other query never started';
    END IF;
    PERFORM pg_sleep(0.02);
  END LOOP;
END $$;
"""


class SlowService:
    name = "slow"
    uow = Store()

    @rpc(expected_exceptions=EXPECTED)
    def rendezvous(self, sequence: str, seconds: float) -> str:
        with self.uow:
            self.uow.session.execute(text(RENDEZVOUS.format(sequence=sequence, seconds=seconds)))
        return "met"


@pytest.fixture(scope="module")
def slow_service():
    with infra.rabbit_vhost() as amqp_uri, infra.pg_databases(["archive"]) as urls:
        upgrade("archive", urls["archive"])  # the outbox table the Store's relay reads
        runner = ServiceRunner({"AMQP_URI": amqp_uri, "DB_URL": urls["archive"]})
        runner.add_service(SlowService)
        runner.start()
        try:
            with ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30) as proxy:
                yield proxy, urls["archive"]
        finally:
            runner.stop()


def new_sequence(url: str) -> str:
    name = f"rendezvous_{uuid.uuid4().hex[:8]}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SEQUENCE {name}")
    return name


def meet(proxy, sequence: str, seconds: float) -> list:
    calls = [proxy.slow.rendezvous.call_async(sequence, seconds) for _ in range(2)]
    outcomes = []
    for call in calls:
        try:
            outcomes.append(call.result())
        except Exception as exc:  # the remote error, as the caller sees it
            outcomes.append(exc)
    return outcomes


def test_two_slow_queries_in_one_service_overlap(slow_service):
    proxy, url = slow_service
    assert psycopg.waiting.wait is db._green_wait
    assert meet(proxy, new_sequence(url), seconds=10) == ["met", "met"]


def test_control_with_the_c_wait_the_queries_queue(slow_service, monkeypatch):
    proxy, url = slow_service
    monkeypatch.setattr(psycopg.waiting, "wait", psycopg.waiting.wait_c)
    outcomes = meet(proxy, new_sequence(url), seconds=1.5)
    assert "met" in outcomes  # the second one finds the first already counted
    failures = [o for o in outcomes if o != "met"]
    assert len(failures) == 1 and "never started" in str(failures[0])
