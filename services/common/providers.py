"""nameko dependency providers shared by every service.

``Store`` owns a service's database: the engine lives in ``setup()``, each
worker gets a fresh :class:`UnitOfWork`, and a relay thread publishes the
outbox with publisher confirms. ``Clock`` gives the time (a provider, so tests
control it). ``Caller`` turns the auth dict every RPC carries into an
:class:`AuthContext`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import eventlet
from eventlet.event import Event
from nameko.amqp.publish import Publisher
from nameko.extensions import DependencyProvider
from nameko.standalone.events import get_event_exchange
from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from . import logging as structured_logging
from .db import UnitOfWork, make_engine, make_read_engine, utcnow
from .messaging import outbox

log = logging.getLogger(__name__)

RELAY_BATCH = 100


class Store(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.engine = make_engine(config["DB_URL"])
        self.read_engine = make_read_engine(
            config["DB_URL"], durable_reads=bool(config.get("DURABLE_READS", False))
        )
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.interval = float(config.get("OUTBOX_INTERVAL", 0.2))
        self.exchange = get_event_exchange(self.container.service_name, config)
        self.publisher = Publisher(config["AMQP_URI"], use_confirms=True, serializer="json")
        self._wake = Event()
        self._running = False

    def start(self):
        self._running = True
        self.container.spawn_managed_thread(self._relay_forever, identifier="outbox-relay")

    def stop(self):
        self._running = False
        self.wake()

    def kill(self):
        self.stop()
        self.engine.dispose()
        if self.read_engine is not None:
            self.read_engine.dispose()

    def get_dependency(self, worker_ctx):
        return UnitOfWork(self.session_factory, on_commit=self.wake, read_engine=self.read_engine)

    def wake(self):
        if not self._wake.ready():
            self._wake.send(True)

    def _relay_forever(self):
        while self._running:
            try:
                while self.relay_once() == RELAY_BATCH:
                    pass
            except Exception:  # the relay must outlive a broker or database outage
                log.exception("outbox relay failed; retrying")
            with eventlet.Timeout(self.interval, False):
                self._wake.wait()
            self._wake = Event()
        self.engine.dispose()

    def relay_once(self) -> int:
        """Publish unpublished outbox rows in order; return how many were published."""
        with self.session_factory() as session:
            rows = session.execute(
                select(outbox.c.seq, outbox.c.event_type, outbox.c.envelope)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.seq)
                .limit(RELAY_BATCH)
            ).all()
            for row in rows:
                self.publisher.publish(
                    row.envelope,
                    exchange=self.exchange,
                    routing_key=row.event_type,
                    declare=[self.exchange],
                )
                session.execute(
                    update(outbox)
                    .where(outbox.c.seq == row.seq)
                    .values(published_at=utcnow(), attempts=outbox.c.attempts + 1)
                )
                session.commit()
        return len(rows)


class Correlation(DependencyProvider):
    """Puts the call's or event's correlation id on every log line its worker writes."""

    def worker_setup(self, worker_ctx):
        first = worker_ctx.args[0] if worker_ctx.args else None
        value = first.get("correlation_id") if isinstance(first, dict) else None
        self._tokens = getattr(self, "_tokens", {})
        self._tokens[worker_ctx] = structured_logging.correlation_id.set(value)

    def worker_teardown(self, worker_ctx):
        token = self._tokens.pop(worker_ctx, None)
        try:
            if token is not None:
                structured_logging.correlation_id.reset(token)
        except ValueError:  # torn down from another green thread: just clear it
            structured_logging.correlation_id.set(None)


class Clock(DependencyProvider):
    """The time, as a function; tests pass their own through ``worker_factory``."""

    def get_dependency(self, worker_ctx):
        return lambda: datetime.now(UTC)
