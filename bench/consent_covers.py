"""consent.covers(auth, log_id, purpose, target) over nameko RPC, against a bare RPC call.

The real side: ``python -m services consent`` as deployed, on a database seeded with
``--consents`` consents (30 000 by default) in varied states, asked about random logs,
purposes and targets. The bare side: ``bench.reference_service``'s ``health()``, which
returns a fixed two-key dict and touches nothing, so a call to it costs one nameko hop
over RabbitMQ and nothing more. Both sides are called from this (unpatched) process with
``nameko.standalone.rpc.ClusterRpcProxy``, one proxy per client thread. The target is a
p95 within 1.3 times the bare call's. See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nameko.standalone.rpc import ClusterRpcProxy

from services.common.auth import AuthContext
from services.common.db import make_engine
from services.common.migrate import upgrade
from services.consent.domain import model
from services.consent.store.repository import ConsentRepository
from services.consent.store.tables import (
    ConsentRow,
    HistoryRow,
    PartyRow,
    SignatureRow,
    WithdrawalRow,
)
from tests.support import infra

from . import REFERENCE_SERVICE, harness

TARGET_P95_RATIO = 1.3
RPC_TIMEOUT = 30.0
QUERIES = 50_000  # distinct (log, purpose, target) questions, drawn before measuring
VERIFY = 500  # questions asked once before measuring, each answer checked
BARE_ANSWER = {"service": REFERENCE_SERVICE, "status": "ok"}

UNITS = [f"unit-{n:03d}" for n in range(60)]
MUNICIPALITIES = [f"{n:04d}" for n in range(3001, 3060)]
LANGUAGES = ["nb"] * 12 + ["nn"] * 3 + ["en", "se", "pl", "ar", "so", "uk", "ti"]


# --------------------------------------------------------------------------- the data


@dataclass
class Seed:
    """What was written: every consent, and for each log the consent that governs it."""

    consents: list[model.Consent]
    current: dict[str, model.Consent]  # log id -> the consent ``current_for_log`` returns
    now: datetime
    statuses: Counter = field(default_factory=Counter)


class Maker:
    """Consents as the service would have made them, built from the domain model."""

    def __init__(self, rng: random.Random, now: datetime):
        self.rng = rng
        self.now = now

    def hex_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def pid(self, first: int = 1960, last: int = 2005) -> str:
        """Eleven digits shaped like a national id (birth date first); not checked anywhere."""
        n = self.rng.getrandbits(48)
        day, n = n % 28 + 1, n // 28
        month, n = n % 12 + 1, n // 12
        year, n = first + n % (last - first + 1), n // (last - first + 1)
        return f"{day:02d}{month:02d}{year % 100:02d}{n % 100000:05d}"

    def days_ago(self, low: float, high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low, high))

    def scope(self) -> model.Scope:
        rng = self.rng
        purposes = ["log"] + [p for p in model.PURPOSES[1:] if rng.random() < 0.55]
        targets: dict[str, tuple[str, ...]] = {}
        if "share_actors" in purposes:
            targets["actors"] = tuple(rng.sample(UNITS, rng.randint(1, 3)))
        if "transfer_unit" in purposes:
            targets["transfer_units"] = (
                (model.ANY,) if rng.random() < 0.15 else tuple(rng.sample(UNITS, rng.randint(1, 2)))
            )
        if "transfer_municipality" in purposes:
            targets["transfer_municipalities"] = (
                (model.ANY,)
                if rng.random() < 0.1
                else tuple(rng.sample(MUNICIPALITIES, rng.randint(1, 2)))
            )
        if "read_grant" in purposes:
            targets["read_grants"] = tuple(self.pid() for _ in range(rng.randint(1, 2)))
        return model.Scope(purposes=tuple(purposes), **targets)

    def consent(self, log_id: str | None, child: tuple[str, str], unit_id: str) -> model.Consent:
        rng = self.rng
        child_pid, child_name = child
        roll = rng.random()
        if roll < 0.1:
            parties = [model.Party(child_pid, child_name, model.Role.YOUNG_PERSON)]
        else:
            parties = [
                model.Party(
                    self.pid(1965, 1995),
                    f"Foresatt {n} {child_name.split()[-1]}",
                    model.Role.GUARDIAN,
                    f"foresatt{n}.{rng.getrandbits(20)}@example.no",
                )
                for n in range(1 if roll < 0.3 else 2)
            ]
        holder = self.pid(1960, 1995)
        return model.Consent(
            id=self.hex_id(),
            child_pid=child_pid,
            child_name=child_name,
            unit_id=unit_id,
            parties=parties,
            scope=self.scope(),
            method=model.Method.PAPER if rng.random() < 0.2 else model.Method.ELECTRONIC,
            requested_by=holder,
            created_at=self.now,  # set by the state below
            language=rng.choice(LANGUAGES),
            log_id=log_id,
        )

    def request(self, c: model.Consent, at: datetime) -> None:
        c.created_at = at
        c.history = []
        c.note(at, "requested", c.requested_by)

    def activate(self, c: model.Consent, at: datetime, expires_at: datetime | None = None) -> None:
        """Signed (or scanned) at ``at``, valid 24 months or to ``expires_at``."""
        rng = self.rng
        self.request(c, at - timedelta(days=rng.uniform(0.1, 12)))
        if c.method is model.Method.PAPER:
            c.scan_sha256 = f"{rng.getrandbits(256):064x}"
            c.activated_by = c.requested_by
        else:
            signers = c.parties[:1] if c.parties[0].role is model.Role.YOUNG_PERSON else c.parties
            for n, party in enumerate(signers):
                signed = at - timedelta(hours=len(signers) - 1 - n)
                c.signatures.append(model.Signature(party.pid, signed, "idporten-loa-high"))
                c.note(signed, f"signed by {party.role.value}", party.pid)
            c.activated_by = "signatures"
        c.requested_expiry = expires_at
        c.status = model.Status.ACTIVE
        c.activated_at = at
        c.expires_at = model.validity(at, expires_at)
        c.note(at, "activated", None if c.activated_by == "signatures" else c.activated_by)
        if c.log_id:
            c.note(at + timedelta(minutes=rng.uniform(1, 600)), "log created", None)
        c.version = len(c.signatures) + 2

    def active(self, c: model.Consent, recent: bool = False) -> None:
        """Active and not within 30 days of expiry, so the lapse timer leaves it alone."""
        rng = self.rng
        if rng.random() < 0.15:  # a shorter validity asked for
            at = self.days_ago(1, 200)
            self.activate(c, at, self.now + timedelta(days=rng.uniform(45, 300)))
        else:
            self.activate(c, self.days_ago(1, 60) if recent else self.days_ago(1, 680))
        if rng.random() < 0.1:  # narrowed since: one purpose or one target withdrawn
            self.narrow(c)

    def narrow(self, c: model.Consent) -> None:
        rng = self.rng
        by = c.parties[0].pid
        at = self.days_ago(0.5, max(1.0, (self.now - c.activated_at).days))
        with_targets = [p for p in c.scope.purposes if p in model.TARGETS]
        if with_targets and rng.random() < 0.6:
            purpose = rng.choice(with_targets)
            target = rng.choice(getattr(c.scope, model.TARGETS[purpose]))
            model.withdraw(c, pid=by, purpose=purpose, target=target, now=at)
        elif len(c.scope.purposes) > 1:
            purpose = rng.choice(c.scope.purposes[1:])
            model.withdraw(c, pid=by, purpose=purpose, target=None, now=at)
        else:
            return
        c.version += 1

    def expired(self, c: model.Consent) -> None:
        self.activate(c, self.days_ago(740, 1100))
        c.warnings_sent = {30, 7}
        c.note(c.expires_at - timedelta(days=30), "expiry warning, 30 days", None)
        c.note(c.expires_at - timedelta(days=7), "expiry warning, 7 days", None)
        c.status = model.Status.EXPIRED
        c.note(c.expires_at, "expired", None)
        c.version += 3

    def withdrawn(self, c: model.Consent) -> None:
        self.activate(c, self.days_ago(30, 680))
        at = self.days_ago(1, 29)
        model.withdraw(c, pid=c.parties[0].pid, purpose=None, target=None, now=at)
        c.version += 1

    def pending(self, c: model.Consent) -> None:
        self.request(c, self.days_ago(0.1, 20))
        c.version = 1
        if c.method is model.Method.ELECTRONIC and len(c.parties) == 2 and self.rng.random() < 0.5:
            signed = self.days_ago(0, (self.now - c.created_at).days)
            c.signatures.append(model.Signature(c.parties[0].pid, signed, "idporten-loa-high"))
            c.note(signed, "signed by guardian", c.parties[0].pid)
            c.version = 2


def make_consents(count: int, rng: random.Random, now: datetime) -> Seed:
    """``count`` consents: mostly one active consent per log; also expired and withdrawn
    ones, renewals (a superseded consent and its active successor on the same log, or an
    active one with a pending renewal), and pending requests no log uses yet."""
    maker = Maker(rng, now)
    consents: list[model.Consent] = []
    current: dict[str, model.Consent] = {}
    while len(consents) < count:
        room = count - len(consents)
        child = (maker.pid(2006, 2022), f"Barn {rng.randint(1, 10**6)} Nordmann")
        unit = rng.choice(UNITS)
        log_id = maker.hex_id()
        roll = rng.random()
        if roll < 0.04 or (room == 1 and roll < 0.1):  # a request not yet used for a log
            c = maker.consent(None, child, unit)
            maker.pending(c)
            consents.append(c)
            continue
        if room >= 2 and roll < 0.1:  # renewed: the old one superseded
            old, new = maker.consent(log_id, child, unit), maker.consent(log_id, child, unit)
            maker.activate(old, maker.days_ago(640, 720))
            maker.active(new, recent=True)
            old.status = model.Status.SUPERSEDED
            old.note(new.activated_at, f"superseded by {new.id}", None)
            old.version += 1
            new.supersedes = old.id
            consents += [old, new]
            current[log_id] = new
            continue
        if room >= 2 and roll < 0.15:  # a renewal asked for, not yet signed
            old, new = maker.consent(log_id, child, unit), maker.consent(log_id, child, unit)
            maker.active(old)
            maker.pending(new)
            new.supersedes = old.id
            consents += [old, new]
            current[log_id] = old
            continue
        c = maker.consent(log_id, child, unit)
        if roll < 0.23:
            maker.expired(c)
        elif roll < 0.28:
            maker.withdrawn(c)
        else:
            maker.active(c)
        consents.append(c)
        current[log_id] = c
    return Seed(consents, current, now, Counter(c.status.value for c in consents))


def rows(consents: list[model.Consent]) -> dict[Any, list[dict]]:
    """The rows ``ConsentRepository.add``/``save`` would have written, per table."""
    tables: dict[Any, list[dict]] = {
        t: [] for t in (ConsentRow, PartyRow, SignatureRow, WithdrawalRow, HistoryRow)
    }
    for c in consents:
        tables[ConsentRow].append(
            {"id": c.id, "version": c.version, **ConsentRepository._columns(c)}
        )
        tables[PartyRow] += [
            {
                "consent_id": c.id,
                "pid": p.pid,
                "name": p.name,
                "role": p.role.value,
                "email": p.email,
                "position": n,
            }
            for n, p in enumerate(c.parties)
        ]
        tables[SignatureRow] += [
            {"consent_id": c.id, "pid": s.pid, "signed_at": s.signed_at, "acr": s.acr}
            for s in c.signatures
        ]
        tables[WithdrawalRow] += [
            {
                "consent_id": c.id,
                "by_pid": w.by,
                "at": w.at,
                "purpose": w.purpose,
                "target": w.target,
            }
            for w in c.withdrawals
        ]
        tables[HistoryRow] += [
            {"consent_id": c.id, "at": h.at, "what": h.what, "by_pid": h.by}
            for h in sorted(c.history, key=lambda h: h.at)
        ]
    return tables


def seed_database(url: str, count: int, rng: random.Random) -> Seed:
    """Migrate a fresh database and bulk-insert ``count`` consents with SQLAlchemy Core."""
    began = time.monotonic()
    upgrade("consent", url)
    seed = make_consents(count, rng, datetime.now(UTC))
    tables = rows(seed.consents)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for table, values in tables.items():
                conn.execute(table.__table__.insert(), values)
    finally:
        engine.dispose()
    harness.say(
        f"seeded {count} consents on {len(seed.current)} logs in {time.monotonic() - began:.1f}s: "
        + ", ".join(f"{n} {s}" for s, n in seed.statuses.most_common())
        + "; "
        + ", ".join(f"{len(v)} {t.__tablename__}" for t, v in tables.items() if t is not ConsentRow)
    )
    return seed


# --------------------------------------------------------------------------- the questions


@dataclass(frozen=True)
class Question:
    log_id: str
    purpose: str
    target: str | None
    expected: dict

    @property
    def args(self) -> tuple[str, str, str | None]:
        return self.log_id, self.purpose, self.target


def questions(seed: Seed, count: int, rng: random.Random) -> list[Question]:
    """Random logs, purposes and targets; about half the targets are in the consent's scope."""
    log_ids = sorted(seed.current)
    weights = {"log": 3, "share_actors": 2, "transfer_unit": 2, "transfer_municipality": 2}
    purposes = [p for p in model.PURPOSES for _ in range(weights.get(p, 1))]
    others = {
        "share_actors": UNITS,
        "transfer_unit": UNITS,
        "transfer_municipality": MUNICIPALITIES,
        "read_grant": [f"{n:011d}" for n in range(10)],
    }
    # Asked at the time the service will answer: within the run, nothing crosses a boundary.
    at = seed.now + timedelta(minutes=10)
    out = []
    for _ in range(count):
        consent = seed.current[rng.choice(log_ids)]
        purpose = rng.choice(purposes)
        target = None
        if purpose in model.TARGETS:
            named = [t for t in getattr(consent.scope, model.TARGETS[purpose]) if t != model.ANY]
            target = rng.choice(named if named and rng.random() < 0.6 else others[purpose])
        expected = model.covers(consent, child_pid=None, purpose=purpose, target=target, at=at)
        out.append(Question(consent.log_id, purpose, target, expected))
    return out


# --------------------------------------------------------------------------- the load


@dataclass(frozen=True)
class CallTarget:
    """One side of the comparison: a nameko call, bound to a client thread's proxy."""

    label: str  # a row of the table
    short: str  # its name in the ratio row
    bind: Callable[[Any], Callable[[int], Any]]  # proxy -> (request number -> answer)
    check: Callable[[int, Any], bool]  # is this the answer to request number n?
    numbers: Iterator[int] = field(default_factory=itertools.count)  # shared by its clients


def measure_calls(
    target: CallTarget,
    config: dict,
    *,
    clients: int,
    requests: int,
    warmup: int,
    time_limit: float,
) -> harness.Sample:
    """``harness.measure`` for nameko calls: one ``ClusterRpcProxy`` per client thread.
    Latency is one call, from publishing it to its reply; the answer is checked after the
    clock stops."""

    @contextmanager
    def session(index: int):
        with ClusterRpcProxy(config, timeout=RPC_TIMEOUT) as proxy:
            call = target.bind(proxy)

            def one() -> Callable[[], None]:
                n = next(target.numbers)
                answer = call(n)

                def check() -> None:
                    if not target.check(n, answer):
                        raise harness.BenchError(f"{target.label}: unexpected answer {answer!r}")

                return check

            yield one

    return harness.run_clients(
        target.label,
        session,
        clients=clients,
        requests=requests,
        warmup=warmup,
        time_limit=time_limit,
        grace=RPC_TIMEOUT + 5,
    )


def compare_calls(
    reference: CallTarget, candidate: CallTarget, config: dict, args: argparse.Namespace
) -> harness.Comparison:
    """``harness.compare`` for nameko calls: the same rounds (AB, BA, ...), pooled per side."""
    return harness.compare(
        reference,
        candidate,
        args,
        measure=functools.partial(measure_calls, config=config),
        unit="calls/s",
    )


# --------------------------------------------------------------------------- the processes


@contextmanager
def database(backend: str, workdir: Path) -> Iterator[str]:
    """A fresh consent database: a SQLite file in ``workdir``, or a PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'db' / 'consent.db'}"
        return
    manager = infra.pg_databases(["consent"], prefix="stafett_bench")
    with harness.deferred_signals():
        urls = manager.__enter__()
    try:
        yield urls["consent"]
    finally:
        with harness.deferred_signals(reraise=False):
            manager.__exit__(None, None, None)


def wait_for_rpc(
    config: dict, service: str, processes: harness.Processes, *, timeout: float
) -> Any:
    """Call ``service.health()`` until it answers, a process dies, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    # A call to a service not yet up comes back unroutable; py-amqp warns about that
    # return arriving while the proxy closes its channel. Expected here, so not shown.
    amqp_log = logging.getLogger("amqp")
    level = amqp_log.level
    amqp_log.setLevel(logging.ERROR)
    try:
        while True:
            processes.check_alive()
            try:
                with ClusterRpcProxy(config, timeout=5) as proxy:
                    return proxy[service].health()
            except Exception as exc:  # not up yet: UnknownService, a timeout, ...
                last = exc
            if time.monotonic() > deadline:
                raise harness.BenchError(
                    f"{service} did not answer within {timeout:.0f}s: {last!r}"
                )
            time.sleep(0.25)
    finally:
        amqp_log.setLevel(level)


def verify(config: dict, sample: list[Question], auth: dict) -> None:
    """Ask each question once; every answer must be what the seeded data implies."""
    with ClusterRpcProxy(config, timeout=RPC_TIMEOUT) as proxy:
        for q in sample:
            answer = proxy.consent.covers(auth, *q.args)
            if answer != q.expected:
                raise harness.BenchError(
                    f"covers({q.log_id}, {q.purpose}, {q.target}) answered {answer!r}, "
                    f"expected {q.expected!r}"
                )


# --------------------------------------------------------------------------- main


def verdict(comparison: harness.Comparison) -> tuple[list[str], bool]:
    lines, met = [], True
    for ratio in comparison.ratios():
        ok = ratio["p95"] <= TARGET_P95_RATIO
        met = met and ok
        lines.append(
            f"{ratio['clients']} client(s): p95 covers/bare {ratio['p95']:.2f}x "
            f"(p50 {ratio['p50']:.2f}x): "
            + (
                f"within the target of {TARGET_P95_RATIO}x"
                if ok
                else f"MISSES the target of {TARGET_P95_RATIO}x"
            )
        )
    return lines, met


def main(argv=None) -> int:
    parser = harness.arguments(__doc__)
    # A p95 ratio of two sub-10 ms figures needs more samples than the HTTP benchmark.
    parser.set_defaults(requests=4000)
    parser.add_argument(
        "--consents", type=int, default=30_000, help="consents in the database (default 30000)"
    )
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql"), default="sqlite", help="the consent database"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed for data and questions")
    args = parser.parse_args(argv)
    if args.consents < 10:
        parser.error("--consents must be at least 10")
    rng = random.Random(args.seed)
    auth = AuthContext.system("transfer").to_dict()

    with (
        tempfile.TemporaryDirectory(prefix="stafett-bench-", ignore_cleanup_errors=True) as tmp,
        harness.rabbit_vhost() as amqp_uri,
        database(args.db, Path(tmp)) as db_url,
    ):
        workdir = Path(tmp)
        seed = seed_database(db_url, args.consents, rng)
        asked = questions(seed, QUERIES, rng)
        mix = Counter(q.expected["reason"] for q in asked)
        harness.say(
            f"{len(asked)} questions: "
            + ", ".join(f"{n / len(asked):.0%} {r}" for r, n in mix.most_common())
        )
        config = {"AMQP_URI": amqp_uri, "serializer": "json"}
        with harness.Processes(workdir / "logs") as processes:
            env = harness.base_env() | {"STAFETT_AMQP_URI": amqp_uri}
            harness.say(f"starting the consent service ({args.db}) and {REFERENCE_SERVICE}")
            started = time.monotonic()
            processes.spawn(
                "consent",
                ["-m", "services", "consent"],
                env | {"STAFETT_CONSENT_DB_URL": db_url, "STAFETT_DATA_DIR": str(workdir)},
            )
            processes.spawn("reference_service", ["-m", "bench.reference_service"], env)
            for service in ("consent", REFERENCE_SERVICE):
                wait_for_rpc(config, service, processes, timeout=args.ready_timeout)
            harness.say(f"both services answer after {time.monotonic() - started:.1f}s")
            verify(config, asked[:VERIFY], auth)
            harness.say(f"{VERIFY} answers checked against the seeded data")

            def question(n: int) -> Question:  # the first VERIFY were asked already
                return asked[(VERIFY + n) % len(asked)]

            def bind_covers(proxy):
                covers = proxy.consent.covers
                return lambda n: covers(auth, *question(n).args)

            def bind_bare(proxy):
                health = proxy[REFERENCE_SERVICE].health
                return lambda n: health()

            comparison = compare_calls(
                CallTarget(
                    "bare rpc (reference health)",
                    "bare",
                    bind_bare,
                    lambda n, answer: answer == BARE_ANSWER,
                ),
                CallTarget(
                    f"consent.covers ({args.db})",
                    "covers",
                    bind_covers,
                    lambda n, answer: answer == question(n).expected,
                ),
                config,
                args,
            )
            harness.say("stopping the services")

    lines, met = verdict(comparison)
    figures = harness.report(
        "consent_covers", comparison, argparse.Namespace(**vars(args) | {"json": None})
    )
    print("\n".join(lines), flush=True)
    if args.json:
        figures["settings"].pop("server_threads", None)
        figures["settings"] |= {"consents": args.consents, "db": args.db, "seed": args.seed}
        figures["data"] = {
            "logs": len(seed.current),
            "statuses": dict(seed.statuses),
            "answers": {r: n for r, n in mix.most_common()},
        }
        figures["target"] = {"p95_ratio": TARGET_P95_RATIO, "met": met, "verdict": lines}
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        harness.say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(harness.run(lambda: main(sys.argv[1:])))
