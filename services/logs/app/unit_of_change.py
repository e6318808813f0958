"""The one path every read and change of a log takes: load, authorize, decide, save.

A change, its history lines and its events commit in one transaction (the outbox), and the
log's version moves with it, so two writers of the same log never both win (409).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from services.common.auth import AuthContext
from services.common.envelope import Envelope
from services.common.errors import NotFound

from ..domain import access
from ..domain.access import Decision, Operation, Part
from ..domain.model import Log
from ..domain.plan import Fact
from ..store.repository import LogRepository

SERVICE = "logs"
T = TypeVar("T")


def load_log(repo: LogRepository, log_id: str) -> Log:
    log = repo.get(log_id) if isinstance(log_id, str) and log_id else None
    if log is None:
        raise NotFound("log.not_found", "no such log", field="log_id")
    return log


def open_log(repo: LogRepository, log_id: str, pid: str, now: datetime, *, plan=False):
    """The log and the caller's relations to it, read together (one batch)."""
    found = isinstance(log_id, str) and log_id
    log, relations = repo.open(log_id, pid, now, plan=plan) if found else (None, None)
    if log is None:
        raise NotFound("log.not_found", "no such log", field="log_id")
    return log, relations


def change(
    uow,
    auth: AuthContext,
    log_id: str,
    operation: Operation,
    part: Part | None,
    decide: Callable[[LogRepository, Log, Decision], tuple[T, list[Fact]]],
    *,
    now: datetime,
) -> T:
    """Authorize ``operation`` on ``part`` (the grid), run ``decide``, record and commit."""
    pid = auth.require_person()
    with uow:
        repo = LogRepository(uow.session)
        log, relations = open_log(repo, log_id, pid, now)
        decision = access.authorize(relations, operation, part, now=now)
        result, facts = decide(repo, log, decision)
        for fact in facts:
            record(uow, repo, fact, auth, decision, now)
        if facts:  # a change of the log moves its version; one's own note does not
            repo.save_state(log)
        uow.commit()
    return jsonable(result)


def record(uow, repo: LogRepository, fact: Fact, auth, decision: Decision, now) -> None:
    """A change is a history line and an event, in the same transaction."""
    repo.append_history(fact.body["log_id"], fact, auth.pid, decision.roles, now)
    uow.emit(Envelope.new(fact.type, fact.body, source=SERVICE, auth=auth, now=now))


def read(
    uow,
    auth: AuthContext,
    log_id: str,
    part: Part,
    present: Callable[[LogRepository, Log, Decision], T],
    *,
    now: datetime,
    recorded_parts: Callable[[Decision], frozenset[Part]] | None = None,
    plan: bool = False,
) -> T:
    """R8 every read of a log is recorded with the parts the reader actually saw.

    ``present`` answers in JSON's own types (dates as text, ``iso``): a read is the hot
    path, and walking its answer again to convert dates costs more than presenting it.

    Reads go the read path (``UnitOfWork.read``): the log, the caller's relations and, with
    ``plan``, the whole plan in one batch, then the read record, which commits without
    waiting for the disk (``db.make_read_engine`` says what that risks)."""
    pid = auth.require_person()

    def run(connection):
        with Session(bind=connection) as session:
            repo = LogRepository(session)
            log, relations = open_log(repo, log_id, pid, now, plan=plan)
            decision = access.authorize(relations, Operation.READ, part, now=now)
            result = present(repo, log, decision)
            parts = recorded_parts(decision) if recorded_parts else frozenset({part})
            name = relations.employee.name if relations.employee else reader_name(repo, log, pid)
            repo.record_read(log.id, pid, decision.roles, parts, now, name)
            session.commit()
        return result

    return uow.read(run)


def iso(value: date | None) -> str | None:
    """A date or datetime as ISO 8601 text (a naive datetime is UTC, as SQLite gives it)."""
    if value is None:
        return None
    if type(value) is datetime and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def jsonable(value):
    """Dates as ISO 8601 strings, for the JSON the bus carries (exact types first: this runs
    over every value of every answer)."""
    kind = type(value)
    if kind is dict:
        return {k: jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [jsonable(v) for v in value]
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def reader_name(repo: LogRepository, log: Log, pid: str) -> str:
    """What the family sees of who read: a name, never a national id (R8)."""
    if pid == log.child_pid:
        return log.child_name
    for guardian in log.guardians:
        if guardian.pid == pid:
            return guardian.name
    employee = repo.employee(pid)
    return employee.name if employee else ""
