"""What every benchmark shares: the stacks, the load generator and the report.

A scenario module (see ``bench/gateway_get_log.py``) does three things:

1. ``with stacks(args) as (real, reference):`` starts the real system (five
   services and the gateway, each its own process, on a RabbitMQ vhost and
   SQLite databases of their own, directory seeded from deploy/demo.json) and
   the reference stack (the same waitress, JWT check and RpcPool in front of
   one trivial nameko service), and stops and removes all of it afterwards.
2. prepares its data through ``real.call(...)`` and a token from ``real.token(user)``.
3. ``compare(reference_target, real_target, args)`` measures both at each
   client count, then ``report(...)`` prints the table and writes ``--json``.

``run(main)`` wraps a scenario's ``main``: Ctrl-C and SIGTERM unwind through
the context managers, and the exit status says whether the run finished.

The load generator runs in this process, one thread and one keep-alive
``http.client`` connection per client, against 127.0.0.1 only. This process
is never eventlet-patched (``measure`` checks); the servers are separate
processes, so client threads and servers do not share a GIL.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gateway.__main__ import DEV_AUDIENCE
from gateway.settings import GatewaySettings
from services.common.settings import SERVICES
from tests.support import infra

from . import REFERENCE_SERVICE

ROOT = infra.ROOT
HOST = "127.0.0.1"
DEMO_USERS_FILE = "deploy/demo.json"  # relative to ROOT, where every process runs
STARTED = time.monotonic()


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@contextmanager
def deferred_signals(*, reraise: bool = True) -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, so nothing is left half made.

    Around making or removing a resource (a vhost, a process): a signal that
    arrives meanwhile is raised as KeyboardInterrupt after the block, or, with
    ``reraise=False`` (cleanup, which goes on anyway), dropped.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if caught and reraise:
            raise KeyboardInterrupt


def base_env() -> dict[str, str]:
    """This process's environment without any STAFETT_* setting, so a run is isolated."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAFETT_")}
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONWARNINGS"] = "ignore::DeprecationWarning"
    return env


class Processes:
    """Child processes started with ``python <args>`` from the project root.

    Each logs to ``<log_dir>/<name>.log`` and runs in a session of its own, so
    Ctrl-C reaches only this process, which then stops them in order. Used as a
    context manager it stops them all on the way out, and on an error first
    prints the end of every log.
    """

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and not issubclass(exc_type, KeyboardInterrupt):
            self.print_tails()
        self.stop()

    def spawn(self, name: str, args: Sequence[str], env: dict[str, str]) -> None:
        if name in self.procs:
            raise ValueError(f"a process named {name!r} is already running")
        with deferred_signals(), open(self.log_dir / f"{name}.log", "ab") as log:
            self.procs[name] = subprocess.Popen(
                [sys.executable, *args],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise BenchError(f"{name} exited with status {proc.returncode}")

    def tail(self, name: str, lines: int = 20) -> str:
        try:
            text = (self.log_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def print_tails(self, lines: int = 20) -> None:
        for name, proc in self.procs.items():
            state = "running" if proc.poll() is None else f"exited {proc.returncode}"
            print(f"--- {name} ({state}), last lines of its log ---", file=sys.stderr)
            print(self.tail(name, lines), file=sys.stderr, flush=True)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM to all, newest first; kill whatever has not ended by the deadline."""
        with deferred_signals(reraise=False):
            running = [(n, p) for n, p in reversed(self.procs.items()) if p.poll() is None]
            for _, proc in running:
                proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            for name, proc in running:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    say(f"{name} did not stop within {timeout:.0f}s; killing it")
                    proc.kill()
                    proc.wait()
            self.procs.clear()


# --------------------------------------------------------------------------- HTTP


def _split(url: str) -> tuple[str, int, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST or parts.port is None:
        raise BenchError(f"only http://{HOST}:<port> is benchmarked, not {url!r}")
    return parts.hostname, parts.port, parts.path or "/"


def http_json(
    method: str, url: str, body: Any = None, token: str | None = None, timeout: float = 10.0
) -> tuple[int, Any]:
    """One request on a fresh connection; returns (status, decoded JSON or text)."""
    host, port, path = _split(url)
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, raw.decode("utf-8", errors="replace")


def wait_for_200(
    url: str,
    processes: Processes,
    *,
    timeout: float,
    token: str | None = None,
    what: str,
) -> Any:
    """Poll ``url`` until it answers 200, a process dies, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    last: Any = "no answer"
    while True:
        processes.check_alive()
        try:
            status, body = http_json("GET", url, token=token, timeout=5.0)
        except (OSError, http.client.HTTPException) as exc:
            status, body = None, repr(exc)
        if status == 200:
            return body
        last = f"{status}: {body}"
        if time.monotonic() > deadline:
            raise BenchError(f"{what} not ready after {timeout:.0f}s; last answer {last}")
        time.sleep(0.25)


# --------------------------------------------------------------------------- the stacks


@dataclass
class RealStack:
    """The five services and the gateway (with the development login), running."""

    url: str
    amqp_uri: str
    workdir: Path
    processes: Processes
    issuer: str
    audience: str
    jwks_file: Path

    def call(
        self, method: str, path: str, body: Any = None, *, token: str | None, expect: int = 200
    ) -> Any:
        status, answer = http_json(method, self.url + path, body, token=token)
        if status != expect:
            raise BenchError(f"{method} {path}: expected {expect}, got {status}: {answer}")
        return answer

    def token(self, user: str) -> str:
        """An access token from the gateway's dev-idp for a demo login (valid 30 min)."""
        return self.call("POST", "/dev-idp/token", {"user": user}, token=None)["access_token"]

    def seed_directory(self) -> None:
        """The demo municipality's units and employees, as ``./stafett run`` seeds them."""
        from nameko.standalone.rpc import ClusterRpcProxy

        from services.common.auth import AuthContext

        demo = infra.load_demo()
        config = {"AMQP_URI": self.amqp_uri, "serializer": "json"}
        with ClusterRpcProxy(config, timeout=30) as rpc:
            rpc.logs.import_directory(
                AuthContext.system("operator").to_dict(),
                {"units": demo["units"], "employees": demo["employees"]},
            )


@contextmanager
def rabbit_vhost() -> Iterator[str]:
    """``infra.rabbit_vhost``, with signals held while the vhost is made and removed."""
    manager = infra.rabbit_vhost("stafett-bench")
    with deferred_signals():
        amqp_uri = manager.__enter__()
    try:
        yield amqp_uri
    finally:
        with deferred_signals(reraise=False):
            manager.__exit__(None, None, None)


@contextmanager
def databases(backend: str, services: Sequence[str], directory: Path) -> Iterator[dict[str, str]]:
    """{service: URL} of fresh databases: SQLite files in ``directory``, or PostgreSQL
    databases (``infra.pg_databases``, which needs ``STAFETT_TEST_PG_URL`` or PostgreSQL on
    127.0.0.1:5432) made and dropped with signals held."""
    if backend == "sqlite" or not services:
        with infra.sqlite_databases(services, directory) as urls:
            yield urls
        return
    if backend != "postgresql":
        raise BenchError(f"no such database backend: {backend!r}")
    manager = infra.pg_databases(list(services), prefix="stafett_bench")
    with deferred_signals():
        urls = manager.__enter__()
    try:
        yield urls
    finally:
        with deferred_signals(reraise=False):
            manager.__exit__(None, None, None)


@contextmanager
def real_stack(
    workdir: Path,
    *,
    ready_timeout: float = 90.0,
    backend: str = "sqlite",
    db_urls: Mapping[str, str] | None = None,
) -> Iterator[RealStack]:
    """Mail sink, vhost, databases, five services and the gateway; seeded.

    Each service gets a fresh database of ``backend`` ("sqlite" or "postgresql"), but those
    named in ``db_urls``, which use the database given (already seeded, say; the service
    migrates it to head on start, as always)."""
    given = dict(db_urls or {})
    mail = infra.MailSink(workdir / "mail")
    try:
        with deferred_signals():
            mail.start()
        with (
            rabbit_vhost() as amqp_uri,
            databases(backend, [s for s in SERVICES if s not in given], workdir / "db") as fresh,
            Processes(workdir / "logs") as processes,
        ):
            db_urls = fresh | given
            port = infra.free_port()
            url = f"http://{HOST}:{port}"
            env = base_env() | {
                "STAFETT_AMQP_URI": amqp_uri,
                "STAFETT_SMTP_PORT": str(mail.port),
                "STAFETT_DATA_DIR": str(workdir),
                "STAFETT_PUBLIC_URL": url,
            }
            env |= {f"STAFETT_{name.upper()}_DB_URL": db_urls[name] for name in SERVICES}
            say(f"starting {', '.join(SERVICES)} and the gateway on {url}")
            for name in SERVICES:
                processes.spawn(name, ["-m", "services", name], env)
            key_file = workdir / "key.pem"
            processes.spawn(
                "gateway",
                ["-m", "gateway"],
                env
                | {
                    "STAFETT_GATEWAY_HOST": HOST,
                    "STAFETT_GATEWAY_PORT": str(port),
                    "STAFETT_DEV_IDP": "true",
                    "STAFETT_DEV_IDP_KEY_FILE": str(key_file),
                    "STAFETT_DEV_IDP_USERS_FILE": DEMO_USERS_FILE,
                },
            )
            started = time.monotonic()
            wait_for_200(url + "/readyz", processes, timeout=ready_timeout, what="the gateway")
            say(f"gateway ready after {time.monotonic() - started:.1f}s")
            discovery = wait_for_200(
                url + "/dev-idp/.well-known/openid-configuration",
                processes,
                timeout=10,
                what="the dev-idp",
            )
            # gateway.__main__.build writes the dev-idp's JWKS next to its key.
            jwks_file = key_file.with_name("dev-idp-jwks.json")
            if not jwks_file.is_file():
                raise BenchError("the gateway wrote no dev-idp JWKS file")
            stack = RealStack(
                url=url,
                amqp_uri=amqp_uri,
                workdir=workdir,
                processes=processes,
                issuer=discovery["issuer"],
                audience=DEV_AUDIENCE,
                jwks_file=jwks_file,
            )
            stack.seed_directory()
            yield stack
            say("stopping the real stack")
    finally:
        with deferred_signals(reraise=False):
            mail.stop()


@dataclass
class ReferenceStack:
    url: str
    processes: Processes


@contextmanager
def reference_stack(real: RealStack, *, ready_timeout: float = 60.0) -> Iterator[ReferenceStack]:
    """``bench.reference_app`` and ``bench.reference_service`` on the real stack's vhost.

    The app verifies the same dev-idp tokens as the gateway, against the JWKS
    file the gateway wrote, and uses the gateway's default settings
    (``GatewaySettings``: waitress threads, RPC pool size and timeout).
    """
    with Processes(real.workdir / "reference-logs") as processes:
        port = infra.free_port()
        url = f"http://{HOST}:{port}"
        env = base_env() | {"STAFETT_AMQP_URI": real.amqp_uri}
        say(f"starting the reference stack on {url}")
        processes.spawn("reference_service", ["-m", "bench.reference_service"], env)
        processes.spawn(
            "reference_app",
            ["-m", "bench.reference_app"],
            env
            | {
                "STAFETT_GATEWAY_HOST": HOST,
                "STAFETT_GATEWAY_PORT": str(port),
                "STAFETT_JWT_ISSUER": real.issuer,
                "STAFETT_JWT_AUDIENCE": real.audience,
                "STAFETT_JWKS_FILE": str(real.jwks_file),
            },
        )
        probe = wait_for_200(
            f"{url}/api/v1/logs/probe",
            processes,
            timeout=ready_timeout,
            token=real.token("holder"),
            what=f"the reference stack ({REFERENCE_SERVICE})",
        )
        if not isinstance(probe, dict) or probe.get("id") != "probe":
            raise BenchError(f"the reference stack answered {probe!r}")
        say("reference stack ready")
        yield ReferenceStack(url=url, processes=processes)
        say("stopping the reference stack")


@contextmanager
def stacks(args: argparse.Namespace, **real: Any) -> Iterator[tuple[RealStack, ReferenceStack]]:
    """Both stacks in a temporary directory that is removed afterwards; ``real`` goes on to
    ``real_stack`` (``backend``, ``db_urls``)."""
    with tempfile.TemporaryDirectory(prefix="stafett-bench-", ignore_cleanup_errors=True) as tmp:
        with (
            real_stack(Path(tmp), ready_timeout=args.ready_timeout, **real) as real,
            reference_stack(real, ready_timeout=args.ready_timeout) as reference,
        ):
            yield real, reference


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Target:
    """What one side of a comparison requests: GET ``base_url + path`` with a bearer token,
    or, with ``paths``, each of them in turn (client n starts n/clients of the way in)."""

    label: str  # a row of the table, e.g. "gateway GET /logs/<id>"
    short: str  # its name in the ratio row, e.g. "gateway"
    base_url: str
    path: str
    token: str
    paths: tuple[str, ...] = ()  # requested in turn instead of ``path``


@dataclass
class Result:
    scenario: str
    clients: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not ordered:
        raise ValueError("no values")
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _shares(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _assert_not_patched() -> None:
    if "eventlet" in sys.modules:
        from eventlet import patcher

        if any(patcher.is_monkey_patched(m) for m in ("socket", "thread", "time")):
            raise BenchError("the benchmark process is eventlet-patched; its timings would lie")


@dataclass
class Sample:
    """Raw timings of one or more measurements of one target at one client count."""

    latencies: list[float]  # seconds, one per measured request
    seconds: float  # wall time of the measured part

    def __add__(self, other: Sample) -> Sample:
        return Sample(self.latencies + other.latencies, self.seconds + other.seconds)

    def result(self, scenario: str, clients: int) -> Result:
        ordered = sorted(self.latencies)
        return Result(
            scenario=scenario,
            clients=clients,
            requests=len(ordered),
            seconds=round(self.seconds, 3),
            rps=round(len(ordered) / self.seconds, 1),
            p50_ms=round(percentile(ordered, 50) * 1000, 3),
            p95_ms=round(percentile(ordered, 95) * 1000, 3),
            p99_ms=round(percentile(ordered, 99) * 1000, 3),
            mean_ms=round(sum(ordered) / len(ordered) * 1000, 3),
            max_ms=round(ordered[-1] * 1000, 3),
        )


def run_clients(
    label: str,
    session: Callable[[int], Any],
    *,
    clients: int,
    requests: int,
    warmup: int,
    time_limit: float,
    grace: float,
) -> Sample:
    """``requests`` requests (after ``warmup`` unmeasured ones) from ``clients`` threads.

    ``session(index)`` is a context manager, entered by one client thread before the
    common start (so no measured request pays for connecting). It gives a function that
    makes one request and returns a callable checking the answer, which is called after
    the clock has stopped. Latency is per request; the wall time runs from the common
    start to the last answer, so req/s is requests over it. A failed check, or running
    past ``time_limit`` seconds (plus ``grace`` for a request in flight), fails it all.
    """
    _assert_not_patched()
    if clients < 1 or requests < clients or warmup < 0:
        raise ValueError("need clients >= 1, requests >= clients and warmup >= 0")
    warm, share = _shares(warmup, clients), _shares(requests, clients)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[str] = []
    stop = threading.Event()
    start = threading.Barrier(clients + 1)
    deadline = time.monotonic() + time_limit

    def client(index: int) -> None:
        timings = latencies[index]
        try:
            with session(index) as one:
                for _ in range(warm[index]):
                    one()()
                start.wait()
                for _ in range(share[index]):
                    if stop.is_set():
                        return
                    if time.monotonic() > deadline:
                        raise BenchError(f"{label}: time limit of {time_limit:.0f}s reached")
                    began = time.perf_counter()
                    check = one()
                    timings.append(time.perf_counter() - began)
                    check()
        except threading.BrokenBarrierError:
            return
        except Exception as exc:  # any failure ends the measurement
            failures.append(str(exc) if isinstance(exc, BenchError) else f"{label}: {exc!r}")
            stop.set()
            start.abort()

    threads = [
        threading.Thread(target=client, args=(i,), name=f"bench-client-{i}", daemon=True)
        for i in range(clients)
    ]
    try:
        for thread in threads:
            thread.start()
        try:
            start.wait(timeout=time_limit)
        except threading.BrokenBarrierError:
            pass
        began = time.perf_counter()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + grace)
        elapsed = time.perf_counter() - began
    finally:
        stop.set()  # on Ctrl-C too: no client goes on sending
    if any(thread.is_alive() for thread in threads):
        raise BenchError(f"{label}: clients still busy past the time limit")
    if failures:
        raise BenchError(failures[0])
    measured = [t for timings in latencies for t in timings]
    if len(measured) != requests:
        raise BenchError(f"{label}: {len(measured)} of {requests} requests measured")
    return Sample(measured, elapsed)


def _accepted() -> None:
    """The check of an answer already checked while it was read."""


def measure(
    target: Target, *, clients: int, requests: int, warmup: int, time_limit: float
) -> Sample:
    """GETs of ``target`` over one keep-alive connection per client; any answer but 200
    fails the measurement (see ``run_clients``)."""
    host, port, _ = _split(target.base_url)
    headers = {"Authorization": f"Bearer {target.token}", "Accept": "application/json"}

    paths = target.paths or (target.path,)

    @contextmanager
    def session(index: int):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.connect()
        first = index * len(paths) // clients
        turn = itertools.cycle(paths[first:] + paths[:first])

        def get() -> Callable[[], None]:
            conn.request("GET", next(turn), headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise BenchError(f"{target.label}: {response.status} {body[:300]!r}")
            return _accepted

        try:
            yield get
        finally:
            conn.close()

    return run_clients(
        target.label,
        session,
        clients=clients,
        requests=requests,
        warmup=warmup,
        time_limit=time_limit,
        grace=35,
    )  # 35: one timeout


@dataclass
class Comparison:
    reference: Target
    candidate: Target
    results: list[Result]  # per client count: the reference's result, then the candidate's

    def pairs(self) -> Iterator[tuple[Result, Result]]:
        for i in range(0, len(self.results), 2):
            yield self.results[i], self.results[i + 1]

    def ratios(self) -> list[dict]:
        return [
            {
                "clients": ref.clients,
                "p50": round(cand.p50_ms / ref.p50_ms, 3),
                "p95": round(cand.p95_ms / ref.p95_ms, 3),
                "rps": round(cand.rps / ref.rps, 3),
            }
            for ref, cand in self.pairs()
        ]


def effective_rounds(args: argparse.Namespace) -> int:
    """``args.rounds``, but never so many that a round has fewer requests than clients."""
    return max(1, min(args.rounds, args.requests // max(args.clients)))


def compare(
    reference: Any,
    candidate: Any,
    args: argparse.Namespace,
    measure: Callable[..., Sample] = measure,
    unit: str = "req/s",
) -> Comparison:
    """Both targets at each client count of ``args.clients``, interleaved in rounds.

    ``args.requests`` and ``args.warmup`` are split over ``args.rounds``
    rounds; the rounds alternate which target goes first (AB, BA, AB, ...),
    so a machine that gets slower or faster during the run weighs on both
    sides alike. Each target's rounds are pooled into one result. ``measure``
    runs one round of one target (HTTP GETs by default); ``unit`` names its rate.
    """
    if args.requests < max(args.clients) or args.warmup < 0:
        raise BenchError("need --requests of at least the largest client count, --warmup >= 0")
    rounds = effective_rounds(args)
    results = []
    for clients in args.clients:
        say(
            f"{clients} client(s): {args.warmup} warm-up + {args.requests} requests per side, "
            f"in {rounds} round(s)"
        )
        samples = {reference.label: Sample([], 0.0), candidate.label: Sample([], 0.0)}
        requests, warmups = _shares(args.requests, rounds), _shares(args.warmup, rounds)
        for n in range(rounds):
            order = (reference, candidate) if n % 2 == 0 else (candidate, reference)
            for target in order:
                samples[target.label] += measure(
                    target,
                    clients=clients,
                    requests=requests[n],
                    warmup=warmups[n],
                    time_limit=args.time_limit,
                )
        for target in (reference, candidate):
            result = samples[target.label].result(target.label, clients)
            say(
                f"  {target.label}: p50 {result.p50_ms:.2f} ms, p95 {result.p95_ms:.2f} ms, "
                f"{result.rps:.0f} {unit} over {result.seconds:.1f}s"
            )
            results.append(result)
    return Comparison(reference, candidate, results)


# --------------------------------------------------------------------------- report


def table(comparison: Comparison) -> str:
    width = max(24, len(comparison.reference.label), len(comparison.candidate.label))
    ratio_label = f"ratio {comparison.candidate.short}/{comparison.reference.short}"
    width = max(width, len(ratio_label))
    lines = [f"{'scenario':<{width}} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}"]
    for (ref, cand), ratio in zip(comparison.pairs(), comparison.ratios()):
        for r in (ref, cand):
            lines.append(
                f"{r.scenario:<{width}} {r.clients:>7} {r.p50_ms:>8.2f} {r.p95_ms:>8.2f} {r.rps:>8.1f}"
            )
        lines.append(
            f"{ratio_label:<{width}} {ratio['clients']:>7} {ratio['p50']:>8.2f} "
            f"{ratio['p95']:>8.2f} {ratio['rps']:>8.2f}"
        )
        lines.append("")
    lines.append(
        f"ratios are {comparison.candidate.short}/{comparison.reference.short}: "
        "latency above 1 and req/s below 1 is what the real path costs over the floor"
    )
    return "\n".join(lines)


def report(name: str, comparison: Comparison, args: argparse.Namespace) -> dict[str, Any]:
    """Print the table on stdout; write the figures to ``args.json`` if given."""
    print(table(comparison), flush=True)
    figures = {
        "benchmark": name,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(time.monotonic() - STARTED, 1),
        "settings": {
            "requests": args.requests,
            "warmup": args.warmup,
            "clients": list(args.clients),
            "rounds": effective_rounds(args),
            "server_threads": GatewaySettings().threads,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "reference": comparison.reference.label,
        "candidate": comparison.candidate.label,
        "results": [asdict(r) for r in comparison.results],
        "ratios": comparison.ratios(),
    }
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        say(f"figures written to {args.json}")
    return figures


# --------------------------------------------------------------------------- command line


def _client_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or any(c < 1 for c in counts):
        raise argparse.ArgumentTypeError("give client counts like 1,4")
    return counts


def arguments(description: str | None) -> argparse.ArgumentParser:
    """The options every benchmark takes; a scenario may add its own."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per run")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first")
    parser.add_argument(
        "--clients", type=_client_counts, default=[1, 4], help="concurrent clients (default 1,4)"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating rounds the requests are split into"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="seconds one measurement may take"
    )
    parser.add_argument(
        "--ready-timeout", type=float, default=90.0, help="seconds the stacks may take to start"
    )
    return parser


def run(main: Callable[[], int | None]) -> int:
    """Run a scenario's ``main``: SIGTERM unwinds like Ctrl-C; errors become exit status 1."""

    def on_sigterm(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    # Also when started with SIGINT ignored (a background job of a script).
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        status = main() or 0
    except KeyboardInterrupt:
        say("interrupted; everything started has been stopped")
        return 130
    except BenchError as exc:
        say(f"failed: {exc}")
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    say(f"done in {time.monotonic() - STARTED:.1f}s")
    return status
