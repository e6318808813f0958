"""Hot statements: compiled once per database, run on the driver's own cursor.

SQLAlchemy's execution path costs 0.05–0.1 ms a statement in Python (cache key, compiled
cache, result set-up), which on SQLite is more than the statement itself and on a read
of fifteen statements is most of the read. A :class:`Prepared` statement is a Core
``select()`` or ``insert()`` compiled once for each dialect it meets; running it binds
the parameters with the column types' own bind processing, executes the SQL on the
DBAPI cursor and gives the rows as named tuples with the types' own result processing
(SQLite's dates, datetimes and booleans come back as Python values), datetimes aware in
UTC on both databases.

:func:`run_batch` runs several at once: on PostgreSQL in one round trip (psycopg's
pipeline mode), elsewhere one after another. A driver error comes out as SQLAlchemy's
``DBAPIError`` (a lost connection invalidated, as SQLAlchemy would have done), so callers
handle it as they handle any other.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, DateTime
from sqlalchemy.exc import DBAPIError


class Prepared:
    """One Core statement; ``rows(connection, **params)`` runs it."""

    def __init__(self, statement):
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def compiled(self, dialect) -> _Compiled:
        key = f"{dialect.name}+{dialect.driver}"
        found = self._by_dialect.get(key)
        if found is None:
            found = self._by_dialect[key] = _Compiled(self.statement, dialect)
        return found

    def rows(self, connection: Connection, **params) -> list:
        return run_batch(connection, [(self, params)])[0]


class _Compiled:
    __slots__ = ("sql", "order", "fixed", "binds", "row", "processors")

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.order = tuple(compiled.positiontup) if compiled.positional else None
        names = compiled.bind_names  # each parameter → its name in the SQL
        required = {name: None for bind, name in names.items() if bind.required}
        self.fixed = compiled.construct_params(required)  # the values it binds itself
        self.binds = [
            (name, process)
            for bind, name in names.items()
            if (process := bind.type._cached_bind_processor(dialect)) is not None
        ]
        columns = list(getattr(statement, "selected_columns", ()))
        self.row = namedtuple("Row", [c.key for c in columns]) if columns else None
        self.processors = [
            (i, _utc(process) if isinstance(c.type, DateTime) else process)
            for i, c in enumerate(columns)
            if (process := c.type._cached_result_processor(dialect, None)) is not None
            or isinstance(c.type, DateTime)
        ]

    def parameters(self, params: dict):
        values = self.fixed | params
        for name, process in self.binds:
            values[name] = process(values[name])
        return [values[name] for name in self.order] if self.order is not None else values

    def result(self, cursor) -> list:
        if self.row is None:
            return []
        make, processors = self.row._make, self.processors
        if not processors:
            return [make(raw) for raw in cursor.fetchall()]
        rows = []
        for raw in cursor.fetchall():
            values = list(raw)
            for i, process in processors:
                values[i] = process(values[i])
            rows.append(make(values))
        return rows


def _utc(process):
    """Datetimes aware in UTC: SQLite hands them back naive; everything we store is UTC."""

    def aware(value):
        if process is not None:
            value = process(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    return aware


def run_batch(connection: Connection, calls: Sequence[tuple[Prepared, dict]]) -> list[list]:
    """Run each ``(prepared, params)``; their rows, in order. On PostgreSQL the statements
    go to the server together and their answers come back in one round trip."""
    dialect = connection.dialect
    if not connection.in_transaction():
        connection.begin()  # as SQLAlchemy's own execute would, so commit and rollback apply
    compiled = [(prepared.compiled(dialect), params) for prepared, params in calls]
    dbapi_connection = connection.connection.dbapi_connection
    cursors = []
    try:
        if dialect.driver == "psycopg" and len(compiled) > 1:
            with dbapi_connection.pipeline():
                for c, params in compiled:
                    cursors.append(dbapi_connection.cursor())
                    cursors[-1].execute(c.sql, c.parameters(params))
        else:
            for c, params in compiled:
                cursors.append(dbapi_connection.cursor())
                cursors[-1].execute(c.sql, c.parameters(params))
        return [c.result(cursor) for (c, _), cursor in zip(compiled, cursors, strict=True)]
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, dbapi_connection, cursors[-1] if cursors else None)
        if lost:
            connection.invalidate(exc)
        sql = "; ".join(c.sql for c, _ in compiled)
        raise DBAPIError.instance(
            sql, None, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost
        ) from exc
    finally:
        for cursor in cursors:
            cursor.close()
