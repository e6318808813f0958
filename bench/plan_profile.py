"""Where the time of the plan reads goes inside the logs service: ``python -m bench.plan_profile``.

Calls the logs service's application functions in this process, as its RPC entrypoints
do (``app.get_log``, ``app.my_logs``, ``app.overview``), on a seeded database, with a
``UnitOfWork`` made as the service's ``Store`` makes it: no broker, no gateway, no
eventlet. For each read it reports the time of one call, the SQL statements it sends (an
SQLAlchemy event listener times each ``cursor.execute``), the slowest kinds of statement,
and, for "open one log", a cProfile of the calls grouped by layer. What it cannot see is
the RPC hop and the gateway, which the reference stack has too (see ``bench.plan_reads``).
With ``--eventlet`` it runs patched, as the service does (on PostgreSQL every statement
then waits for its answer through eventlet's green ``select``).

    .venv/bin/python -m bench.plan_profile --sqlite plan.db        # seeded by bench.plan_seed
    .venv/bin/python -m bench.plan_profile --db sqlite             # seeds a fresh one first
    .venv/bin/python -m bench.plan_profile --db postgresql --logs 30000

See bench/README.md.
"""

from __future__ import annotations

import sys

if __name__ == "__main__" and "--eventlet" in sys.argv:  # before anything imports socket
    import eventlet

    eventlet.monkey_patch()

import argparse
import cProfile
import json
import pstats
import random
import re
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import AuthContext
from services.common.db import UnitOfWork, make_engine, make_read_engine
from services.logs import app
from services.logs.store.tables import LogRow
from tests.support import infra

from . import harness, plan_seed

LAYERS = (  # (name, what a profiled function's file or name contains), first match wins
    ("driver: sqlite3", "sqlite3"),
    ("driver: psycopg", "psycopg"),
    ("sqlalchemy orm", "sqlalchemy/orm"),
    ("sqlalchemy engine/sql", "sqlalchemy"),
    ("logs: store (repository)", "services/logs/store"),
    ("logs: app (present, access, read)", "services/logs/app"),
    ("logs: domain", "services/logs/domain"),
    ("json", "json"),
    ("dataclasses", "dataclasses"),
)


class Statements:
    """Every statement the engines send, with the time its ``cursor.execute`` took; and
    every batch of prepared statements (``services.common.statements.run_batch``, which
    bypasses SQLAlchemy's events), each statement of it with an equal share of the batch's
    time (on PostgreSQL the batch is one round trip)."""

    def __init__(self, *engines):
        self.calls: list[tuple[str, float]] = []
        self.batches = 0
        self._started: dict[int, float] = {}
        for engine in engines:
            if engine is not None:
                event.listen(engine, "before_cursor_execute", self._before)
                event.listen(engine, "after_cursor_execute", self._after)
                event.listen(engine, "commit", self._commit_before)
        from services.common import statements
        from services.logs.store import repository

        batch = self._batched(statements.run_batch)
        for module in (statements, repository):
            module.run_batch = batch

    def _batched(self, run_batch):
        def timed(connection, calls):
            began = time.perf_counter()
            try:
                return run_batch(connection, calls)
            finally:
                share = (time.perf_counter() - began) / max(1, len(calls))
                self.batches += 1
                for prepared, _params in calls:
                    sql = prepared.compiled(connection.dialect).sql
                    self.calls.append((sql, share))

        return timed

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        began = self._started.pop(id(cursor), None)
        if began is not None:
            self.calls.append((statement, time.perf_counter() - began))

    def _commit_before(self, conn):
        self.calls.append(("COMMIT", 0.0))

    def take(self) -> list[tuple[str, float]]:
        calls, self.calls = self.calls, []
        return calls

    def take_batches(self) -> int:
        batches, self.batches = self.batches, 0
        return batches


class Phases:
    """Inclusive time of chosen functions, by wrapping them where the service looks them
    up (a module's or a class's attribute) for as long as the ``with`` lasts."""

    def __init__(self, spots: list[tuple[str, object, str]]):
        self.spots = spots
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self._saved: list[tuple[object, str, object]] = []

    def __enter__(self) -> Phases:
        for label, owner, name in self.spots:
            original = getattr(owner, name)
            self._saved.append((owner, name, original))
            setattr(owner, name, self._timed(label, original))
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()

    def _timed(self, label: str, function):
        depth = [0]  # a recursive function (jsonable) counts once, from its outermost call

        def timed(*args, **kwargs):
            depth[0] += 1
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1
                if not depth[0]:
                    self.seconds[label] += time.perf_counter() - began
                    self.counts[label] += 1

        return timed

    def take(self) -> dict[str, tuple[float, int]]:
        out = {k: (self.seconds[k], self.counts[k]) for k in self.seconds}
        self.seconds.clear()
        self.counts.clear()
        return out


def get_log_phases() -> list[tuple[str, object, str]]:
    """The pieces of ``app.get_log``, as ``unit_of_change.read`` and ``present.whole_log``
    call them (inclusive: a piece's time contains the pieces it calls)."""
    from services.logs.app import present, unit_of_change
    from services.logs.domain import access
    from services.logs.store.repository import LogRepository

    return [
        ("read: open (LogRepository.open: log, relations, plan; one batch)", LogRepository, "open"),
        ("read: authorize (access.authorize)", access, "authorize"),
        ("read: present (present.whole_log)", present, "whole_log"),
        ("  whole_log: header (present.header)", present, "header"),
        ("read: reader's name (unit_of_change.reader_name)", unit_of_change, "reader_name"),
        ("read: record the read (LogRepository.record_read)", LogRepository, "record_read"),
        ("read: commit (Session.commit)", Session, "commit"),
        ("read: dates to text (unit_of_change.jsonable)", unit_of_change, "jsonable"),
    ]


def kind(statement: str) -> str:
    """A statement shortened to what it does: verb, table and the columns it filters on."""
    text = " ".join(statement.split())
    if text == "COMMIT":
        return text
    verb = text.split()[0].upper()
    table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", text, re.I)
    where = re.search(r"\bWHERE (.*?)(?: GROUP BY| ORDER BY| LIMIT|$)", text, re.I)
    filters = ""
    if where:
        filters = ", ".join(sorted(set(re.findall(r"(\w+\.\w+)\s*(?:=|IN|<|>|IS|!=)", where[1]))))
    tables = re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", text, re.I)
    name = table[1] if table else "?"
    if len(set(tables)) > 1:
        name = "+".join(dict.fromkeys(tables))
    return f"{verb} {name}" + (f" [{filters}]" if filters else "")


def layer_times(profile: cProfile.Profile) -> dict[str, float]:
    """Own time (tottime) of every profiled function, summed by layer."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(
        profile
    ).stats.items():
        where = f"{filename} {name}"
        layer = next((label for label, needle in LAYERS if needle in where), "other python")
        if filename == "~" and layer == "other python":
            layer = "builtins (C)"
        totals[layer] += tottime
    return dict(totals)


def measure(
    name: str,
    call: Callable[[int], object],
    statements: Statements,
    *,
    calls: int,
    top: int,
    profile: bool,
    phases: list[tuple[str, object, str]] | None = None,
) -> dict:
    for n in range(max(5, calls // 10)):  # warm the caches, as the service's are
        call(n)
    statements.take()
    statements.take_batches()
    durations, per_call, sizes = [], [], []
    for n in range(calls):
        began = time.perf_counter()
        answer = call(n)
        durations.append(time.perf_counter() - began)
        per_call.append(statements.take())
        sizes.append(len(json.dumps(answer, ensure_ascii=False, default=str).encode()))
    batches = statements.take_batches()
    sent = [len([s for s, _ in c if s != "COMMIT"]) for c in per_call]
    sql = [sum(t for _, t in c) for c in per_call]
    kinds: dict[str, list[float]] = defaultdict(list)
    for c in per_call:
        for statement, took in c:
            if statement != "COMMIT":  # timed as a piece (Session.commit), not here
                kinds[kind(statement)].append(took)
    out = {
        "read": name,
        "calls": calls,
        "ms_per_call": {
            "p50": round(statistics.median(durations) * 1000, 3),
            "mean": round(statistics.fmean(durations) * 1000, 3),
        },
        "statements_per_call": {"min": min(sent), "max": max(sent), "mean": statistics.fmean(sent)},
        "prepared_batches_per_call": batches / calls,
        "commits_per_call": sum(s == "COMMIT" for c in per_call for s, _ in c) / calls,
        "sql_execute_ms_per_call": round(statistics.fmean(sql) * 1000, 3),
        "answer_bytes_mean": round(statistics.fmean(sizes)),
        "statements": [
            {
                "kind": k,
                "per_call": round(len(v) / calls, 2),
                "ms_each": round(statistics.fmean(v) * 1000, 3),
                "ms_per_call": round(sum(v) / calls * 1000, 3),
            }
            for k, v in sorted(kinds.items(), key=lambda kv: -sum(kv[1]))
        ][:top],
    }
    if phases:
        with Phases(phases) as timing:
            began = time.perf_counter()
            for n in range(calls):
                call(n)
            whole = time.perf_counter() - began
        statements.take()
        seen = timing.take()
        out["phases_ms_per_call"] = {"whole call (timed)": round(whole / calls * 1000, 3)} | {
            label: round(seen[label][0] / calls * 1000, 3)
            for label, _, _ in phases
            if label in seen
        }
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(calls):
            call(n)
        profiler.disable()
        statements.take()
        layers = layer_times(profiler)
        whole = sum(layers.values())
        out["profile_share"] = {
            k: round(v / whole, 3) for k, v in sorted(layers.items(), key=lambda kv: -kv[1])
        }
        stats = pstats.Stats(profiler)
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
        out["profile_top_own_time"] = [
            {
                "function": f"{Path(f).name}:{line}({fn})" if f != "~" else fn,
                "calls_per_read": round(nc / calls, 1),
                "share": round(tt / whole, 3),
            }
            for (f, line, fn), (_cc, nc, tt, _ct, _callers) in rows
        ]
    return out


def show(result: dict) -> None:
    ms, st = result["ms_per_call"], result["statements_per_call"]
    print(
        f"\n## {result['read']}: {ms['p50']:.2f} ms per call (p50; mean {ms['mean']:.2f}), "
        f"{st['mean']:.1f} statements (min {st['min']}, max {st['max']}; "
        f"{result['prepared_batches_per_call']:.1f} prepared batches) and "
        f"{result['commits_per_call']:.0f} commit(s), "
        f"{result['sql_execute_ms_per_call']:.2f} ms executing, "
        f"answers of {result['answer_bytes_mean']} bytes on average"
    )
    print(f"{'statement':<70} {'per call':>8} {'ms each':>8} {'ms/call':>8}")
    for s in result["statements"]:
        print(
            f"{s['kind'][:70]:<70} {s['per_call']:>8.2f} {s['ms_each']:>8.3f} {s['ms_per_call']:>8.3f}"
        )
    if "phases_ms_per_call" in result:
        print("time by piece (inclusive, ms per call; wrapping adds a little):")
        for label, value in result["phases_ms_per_call"].items():
            print(f"  {value:>8.3f}  {label}")
    if "profile_share" in result:
        print(
            "own time by layer (cProfile): "
            + ", ".join(f"{k} {v:.0%}" for k, v in result["profile_share"].items())
        )
        print("functions with the most own time:")
        for row in result["profile_top_own_time"]:
            print(f"  {row['share']:>6.1%}  {row['calls_per_read']:>7.1f}/read  {row['function']}")


def profile(url: str, *, calls: int, top: int) -> list[dict]:
    """The three reads on the seeded database at ``url``."""
    demo = infra.load_demo()
    login = {x["key"]: x["pid"] for x in demo["logins"]}
    engine = make_engine(url)
    read_engine = make_read_engine(url)
    statements = Statements(engine, read_engine)
    factory = sessionmaker(engine, expire_on_commit=False)
    with engine.connect() as conn:
        log_ids = list(
            conn.scalars(
                select(LogRow.id).where(LogRow.holder_pid == login["holder"]).order_by(LogRow.id)
            )
        )
    if not log_ids:
        raise harness.BenchError("the demo holder holds no log here: seed with bench.plan_seed")
    holder = AuthContext.person(login["holder"], "holder")
    leader = AuthContext.person(login["leader"], "leader")

    def uow():  # as Store.get_dependency makes one for each worker
        return UnitOfWork(factory, read_engine=read_engine)

    def now():
        return datetime.now(UTC)

    reads = [
        (
            "open one log",
            lambda n: app.get_log(uow(), holder, log_ids[n % len(log_ids)], now=now()),
        ),
        ("my relay logs", lambda n: app.my_logs(uow(), holder, None, now=now())),
        (
            "leader overview",
            lambda n: app.overview(
                uow(), leader, plan_seed.DEMO_UNIT, now=now(), expiring=lambda: 0
            ),
        ),
    ]
    results = []
    try:
        for name, call in reads:
            results.append(
                measure(
                    name,
                    call,
                    statements,
                    calls=calls,
                    top=top,
                    profile=name == "open one log",
                    phases=get_log_phases() if name == "open one log" else None,
                )
            )
    finally:
        engine.dispose()
        if read_engine is not None:
            read_engine.dispose()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", metavar="PATH", help="a database seeded by bench.plan_seed")
    where.add_argument("--url", help="a database seeded by bench.plan_seed (SQLAlchemy URL)")
    where.add_argument(
        "--db", choices=("sqlite", "postgresql"), help="seed a fresh database of this kind first"
    )
    parser.add_argument("--logs", type=int, default=plan_seed.FULL_LOGS, help="with --db")
    parser.add_argument("--seed", type=int, default=1, help="with --db: random seed")
    parser.add_argument("--calls", type=int, default=320, help="calls of each read (default 320)")
    parser.add_argument("--top", type=int, default=12, help="statements and functions shown")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    parser.add_argument(
        "--eventlet",
        action="store_true",
        help="run eventlet-patched, as the service does (psycopg then waits through the "
        "green select, see services.common.db); patched on import, so give it on the "
        "command line",
    )
    args = parser.parse_args(argv)

    def run(url: str, backend: str) -> list[dict]:
        results = profile(url, calls=args.calls, top=args.top)
        for result in results:
            show(result)
        if args.json:
            Path(args.json).write_text(
                json.dumps({"db": backend, "reads": results}, indent=2) + "\n", encoding="utf-8"
            )
        return results

    if args.sqlite:
        run(f"sqlite:///{Path(args.sqlite).resolve()}", "sqlite")
    elif args.url:
        run(args.url, args.url.split(":")[0].split("+")[0])
    else:
        with (
            tempfile.TemporaryDirectory(prefix="stafett-bench-", ignore_cleanup_errors=True) as tmp,
            harness.databases(args.db, ["logs"], Path(tmp)) as urls,
        ):
            seeded = plan_seed.seed(
                urls["logs"],
                plan_seed.Sizes.scaled(args.logs),
                random.Random(args.seed),
                say=harness.say,
            )
            harness.say(seeded.summary())
            run(urls["logs"], args.db)
    return 0


if __name__ == "__main__":
    sys.exit(harness.run(lambda: main(sys.argv[1:])))
