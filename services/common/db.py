"""Engines and the unit of work every service uses.

``make_engine`` gives SQLite files sensible pragmas and makes psycopg 3
cooperate with eventlet: psycopg picks its compiled ``wait_c`` unless gevent
has patched ``select``; eventlet is not detected, so a slow query would block
every green thread of the service. We switch psycopg to ``_green_wait``, which
goes through the (green) ``select`` module when it must wait, whenever eventlet has
patched it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from psycopg import errors as pg_errors
from psycopg.waiting import READY_R, READY_W, WAIT_R, WAIT_W
from sqlalchemy import Connection, create_engine, event, insert, make_url, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .envelope import Envelope
from .messaging import inbox, outbox

log = logging.getLogger(__name__)
T = TypeVar("T")


# The two selects ``_green_wait`` uses, found once when eventlet has patched ``select``.
_SELECTS: dict[str, Callable] = {}


def use_cooperative_postgres_wait() -> bool:
    """Make psycopg wait through the green ``select`` if eventlet patched it."""
    import select as green  # patched by now, if eventlet patched it

    import eventlet.patcher
    import psycopg.waiting

    if not eventlet.patcher.is_monkey_patched("select"):
        return False
    _SELECTS.update(look=eventlet.patcher.original("select").select, wait=green.select)
    psycopg.waiting.wait = _green_wait
    return True


def _green_wait(gen, fileno: int, interval: float = 0.0, timeout: float | None = None):
    """psycopg's ``wait_select``, looking at the socket for free first.

    The green ``select`` lets the service's other green threads run while the database
    works, but each call goes through eventlet's hub, about 0.05 ms; a batch of statements
    in pipeline mode waits a dozen times, mostly for answers already there. So the real
    ``select`` looks first without waiting, and only an answer not there yet is waited
    for the green way."""
    look, wait_green = _SELECTS["look"], _SELECTS["wait"]
    deadline = None if timeout is None else time.monotonic() + timeout
    sockets = (fileno,)
    try:
        state = next(gen)
        while True:
            reads = sockets if state & WAIT_R else ()
            writes = sockets if state & WAIT_W else ()
            ready_r, ready_w, broken = look(reads, writes, sockets, 0)
            if not (ready_r or ready_w or broken):
                wait = interval if deadline is None else max(0.0, deadline - time.monotonic())
                ready_r, ready_w, broken = wait_green(reads, writes, sockets, wait)
            if broken:
                raise pg_errors.OperationalError("connection socket closed")
            state = gen.send((READY_R if ready_r else 0) | (READY_W if ready_w else 0))
            if deadline is not None and time.monotonic() >= deadline:
                raise pg_errors._WaitTimeout("wait timeout expired")
    except OSError as exc:
        raise pg_errors.OperationalError("connection socket closed") from exc
    except StopIteration as done:
        return done.value


def make_read_engine(url: str, *, durable_reads: bool = False) -> Engine | None:
    """The engine of the read path: the reads of a request and the record that they happened
    (R8, ``log_reads``), nothing else. Its commits do not wait for the disk: on PostgreSQL
    ``synchronous_commit`` is off for its sessions (an autocommit pool without pre-ping), on
    SQLite ``synchronous=NORMAL`` in WAL mode. A crash of the service or of the database
    process loses nothing; a crash of the machine itself can lose the records of the reads
    of the last moment (PostgreSQL: at most three times ``wal_writer_delay``, 0.6 s by
    default; SQLite: since the last commit of a change or checkpoint, which syncs them).
    Every change of a log and every write of another kind commits on the main engine,
    durably. Set ``durable_reads`` to make the read path wait for the disk as well.

    None for an in-memory SQLite database (a second engine would see another database).
    """
    if url.startswith("postgresql"):
        use_cooperative_postgres_wait()
        options = {} if durable_reads else {"options": "-c synchronous_commit=off"}
        return create_engine(
            url, pool_size=10, max_overflow=10, isolation_level="AUTOCOMMIT", connect_args=options
        )
    if url.startswith("sqlite") and make_url(url).database not in (None, "", ":memory:"):
        return _sqlite_engine(url, synchronous="FULL" if durable_reads else "NORMAL")
    return None


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, synchronous="FULL")
    if url.startswith("postgresql"):
        use_cooperative_postgres_wait()
        return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    return create_engine(url)


def _sqlite_engine(url: str, *, synchronous: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def utcnow() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """One transaction: the change, its outbox rows and its inbox marks commit together.

    Use as ``with uow: …; uow.commit()``; leaving the block without commit rolls back.
    """

    def __init__(self, session_factory: sessionmaker, on_commit=None, read_engine=None):
        self._session_factory = session_factory
        self._read_engine = read_engine
        self._on_commit = on_commit
        self.session: Session | None = None
        self._emitted = False

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        self._emitted = False
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self.session = None

    def read(self, query: Callable[[Connection], T]) -> T:
        """Run a read on a connection of the read path (``make_read_engine``): its SELECTs
        need no transaction (PostgreSQL: the pool is autocommit; SQLite: a SELECT opens
        none in the driver). The one write it may make, the record of a read (R8), the
        query commits itself; anything it leaves uncommitted is rolled back.

        The read pool skips the pre-ping round trip; a connection the database dropped
        meanwhile (a restart) fails once, is thrown away, and the read runs again.
        """
        engine = self._read_engine or self._session_factory.kw["bind"]
        for attempt in (1, 2):
            try:
                with engine.connect() as connection:
                    return query(connection)
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise
        raise AssertionError("unreachable")

    def emit(self, envelope: Envelope) -> None:
        """Queue an event in the outbox, inside this transaction."""
        self.session.execute(
            insert(outbox).values(
                event_id=envelope.event_id,
                event_type=envelope.event_type,
                envelope=envelope.to_dict(),
                created_at=utcnow(),
                attempts=0,
            )
        )
        self._emitted = True

    def already_applied(self, event_id: str) -> bool:
        found = self.session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id))
        return found.first() is not None

    def mark_applied(self, envelope: Envelope) -> None:
        self.session.execute(
            insert(inbox).values(
                event_id=envelope.event_id, event_type=envelope.event_type, applied_at=utcnow()
            )
        )

    def commit(self) -> None:
        self.session.commit()
        if self._emitted and self._on_commit:
            self._on_commit()
        self._emitted = False


def apply_once(uow: UnitOfWork, envelope: Envelope, effect) -> bool:
    """Apply ``effect(uow)`` for an event exactly once; False if it was applied before.

    The inbox mark commits with the effect. Two deliveries racing each other
    collide on the inbox primary key; the loser rolls back and reports a duplicate.
    """
    with uow:
        if uow.already_applied(envelope.event_id):
            return False
        effect(uow)
        uow.mark_applied(envelope)
        try:
            uow.commit()
        except IntegrityError:
            log.info("duplicate event ignored", extra={"event_id": envelope.event_id})
            return False
    return True


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
