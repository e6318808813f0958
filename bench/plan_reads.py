"""The logs service's plan reads on a municipality-sized database, against the reference stack.

Seeds a fresh logs database (``bench.plan_seed``: 30 000 logs, 150 000 concerns,
400 000 measures, 60 000 meetings by default), starts the real stack with the logs
service on it (``--db sqlite`` or ``postgresql``; the other services get fresh databases
of the same kind) and the reference stack beside it, and measures three reads through the
gateway, each side by side with the reference:

- "open one log": ``GET /api/v1/logs/<id>`` as the demo holder, in turn over each of the
  holder's 32 logs (access check, the whole plan, the access-log write);
- "my relay logs": ``GET /api/v1/me/logs`` as the holder, the first page;
- "leader overview": ``GET /api/v1/units/solsiden-skole/overview`` as the demo leader,
  over the unit's 500 logs (R70).

The reference answers each request with a stored copy of the real answer to the same
path (``bench.reference_service.put_documents``), so both sides carry the same bytes.
The target for "open one log" (p50 within 1.3 times the reference's, req/s at 4 clients
at least 0.8 times) is printed last; the exit status does not depend on it. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nameko.standalone.rpc import ClusterRpcProxy

from . import REFERENCE_SERVICE, harness, plan_seed

TARGET_P50_RATIO = 1.3  # "open one log": p50 at most this times the reference's
TARGET_RPS_RATIO = 0.8  # and req/s at 4 clients at least this times
TARGET_CLIENTS = 4
PREFIX = "/api/v1"


@dataclass
class Scenario:
    name: str  # the table's title
    label: str  # the real row
    who: str  # the demo login that asks
    paths: tuple[str, ...]  # requested in turn
    sizes: tuple[int, ...] = ()  # bytes of each real answer, once measured


@contextmanager
def database(backend: str, workdir: Path) -> Iterator[str]:
    """A fresh, empty logs database: a SQLite file in ``workdir``, or a PostgreSQL one."""
    with harness.databases(backend, ["logs"], workdir / "seeded") as urls:
        yield urls["logs"]


def get_bytes(url: str, token: str) -> bytes:
    """One GET on a fresh connection; the body, which must come with 200."""
    host, port, path = harness._split(url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise harness.BenchError(f"GET {path}: {response.status} {body[:300]!r}")
    return body


def mirror(
    real: harness.RealStack, reference: harness.ReferenceStack, scenarios: list[Scenario]
) -> None:
    """Store a copy of each real answer in the reference service, and check that the
    reference then answers every path with exactly the same bytes."""
    documents: dict[str, Any] = {}
    answers: dict[str, bytes] = {}
    for scenario in scenarios:
        token = real.token(scenario.who)
        sizes = []
        for path in scenario.paths:
            body = get_bytes(real.url + path, token)
            answers[path] = body
            documents[path.removeprefix(PREFIX + "/")] = json.loads(body)
            sizes.append(len(body))
        scenario.sizes = tuple(sizes)
    config = {"AMQP_URI": real.amqp_uri, "serializer": "json"}
    with ClusterRpcProxy(config, timeout=30) as proxy:
        proxy[REFERENCE_SERVICE].put_documents(documents)
    for scenario in scenarios:
        token = real.token(scenario.who)
        for path in scenario.paths:
            if get_bytes(reference.url + path, token) != answers[path]:
                raise harness.BenchError(f"the reference's answer to {path} differs")


def verdict(comparison: harness.Comparison) -> tuple[list[str], bool]:
    """The target for "open one log": p50 at every client count, req/s at 4 clients."""
    lines, met = [], True
    for ratio in comparison.ratios():
        ok = ratio["p50"] <= TARGET_P50_RATIO
        met = met and ok
        lines.append(
            f"open one log, {ratio['clients']} client(s): p50 {ratio['p50']:.2f}x the "
            f"reference's (target at most {TARGET_P50_RATIO}x): {'met' if ok else 'MISSED'}"
        )
        if ratio["clients"] == TARGET_CLIENTS:
            ok = ratio["rps"] >= TARGET_RPS_RATIO
            met = met and ok
            lines.append(
                f"open one log, {TARGET_CLIENTS} clients: req/s {ratio['rps']:.2f}x the "
                f"reference's (target at least {TARGET_RPS_RATIO}x): {'met' if ok else 'MISSED'}"
            )
    if TARGET_CLIENTS not in [r["clients"] for r in comparison.ratios()]:
        met = False
        lines.append(f"open one log: req/s at {TARGET_CLIENTS} clients not measured")
    lines.append(f"target for open one log: {'MET' if met else 'NOT MET'}")
    return lines, met


def main(argv=None) -> int:
    parser = harness.arguments(__doc__)
    # Three reads, two client counts, two sides: a few minutes at these defaults.
    parser.set_defaults(requests=1000, warmup=100)
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql"), default="sqlite", help="the databases"
    )
    parser.add_argument(
        "--logs", type=int, default=plan_seed.FULL_LOGS, help="logs to seed (default 30000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the data")
    parser.add_argument("--jobs", type=int, help="processes making the data (default: CPUs)")
    args = parser.parse_args(argv)
    try:
        sizes = plan_seed.Sizes.scaled(args.logs)
    except ValueError as exc:
        parser.error(str(exc))

    results: list[tuple[Scenario, harness.Comparison]] = []
    with (
        tempfile.TemporaryDirectory(prefix="stafett-bench-", ignore_cleanup_errors=True) as tmp,
        database(args.db, Path(tmp)) as url,
    ):
        workdir = Path(tmp)
        harness.say(f"seeding {args.logs} logs into a fresh {args.db} database")
        seeded = plan_seed.seed(
            url, sizes, random.Random(args.seed), jobs=args.jobs, say=harness.say
        )
        try:
            plan_seed.check(url, seeded)
        except plan_seed.SeedMismatch as exc:
            raise harness.BenchError(f"the seeded database: {exc}") from exc
        harness.say(seeded.summary())
        scenarios = [
            Scenario(
                "open one log",
                "gateway GET /logs/<id>",
                "holder",
                tuple(f"{PREFIX}/logs/{log_id}" for log_id in seeded.holder_log_ids),
            ),
            Scenario("my relay logs", "gateway GET /me/logs", "holder", (f"{PREFIX}/me/logs",)),
            Scenario(
                "leader overview",
                "gateway GET /units/<u>/overview",
                "leader",
                (f"{PREFIX}/units/{seeded.unit_id}/overview",),
            ),
        ]
        with (
            harness.real_stack(
                workdir,
                ready_timeout=args.ready_timeout,
                backend=args.db,
                db_urls={"logs": url},
            ) as real,
            harness.reference_stack(real, ready_timeout=args.ready_timeout) as reference,
        ):
            mirror(real, reference, scenarios)
            for scenario in scenarios:
                low, high = min(scenario.sizes), max(scenario.sizes)
                average = sum(scenario.sizes) / len(scenario.sizes)
                harness.say(
                    f"{scenario.name}: "
                    + (
                        f"{len(scenario.paths)} paths, answers of {low}-{high} bytes "
                        f"(mean {average:.0f})"
                        if high > low
                        else f"answers of {low} bytes"
                    )
                    + "; the reference answers each with the same bytes"
                )
            for scenario in scenarios:
                token = real.token(scenario.who)  # a fresh one: tokens last 30 minutes
                harness.say(f"measuring {scenario.name!r}")
                results.append(
                    (
                        scenario,
                        harness.compare(
                            harness.Target(
                                "reference (jwt+rpc)",
                                "reference",
                                reference.url,
                                scenario.paths[0],
                                token,
                                scenario.paths,
                            ),
                            harness.Target(
                                scenario.label,
                                "gateway",
                                real.url,
                                scenario.paths[0],
                                token,
                                scenario.paths,
                            ),
                            args,
                        ),
                    )
                )

    quiet = argparse.Namespace(**vars(args) | {"json": None})
    figures: dict[str, Any] = {"benchmark": "plan_reads", "scenarios": []}
    for scenario, comparison in results:
        average = sum(scenario.sizes) / len(scenario.sizes)
        print(
            f"\n## {scenario.name} ({args.db}; {len(scenario.paths)} path(s), "
            f"answers of {average:.0f} bytes on average)",
            flush=True,
        )
        report = harness.report("plan_reads", comparison, quiet)
        for key in ("finished_at", "wall_seconds", "settings", "machine"):
            figures[key] = report.pop(key)
        figures["scenarios"].append(
            report
            | {
                "scenario": scenario.name,
                "paths": len(scenario.paths),
                "answer_bytes": {"min": min(scenario.sizes), "max": max(scenario.sizes)}
                | {"mean": round(average)},
            }
        )
    lines, met = verdict(results[0][1])
    print("\n" + "\n".join(lines), flush=True)
    if args.json:
        figures["settings"] |= {"db": args.db, "logs": args.logs, "seed": args.seed}
        figures["seed"] = {
            "seconds": seeded.seconds,
            "rows": seeded.rows,
            "log_states": dict(seeded.statuses),
        }
        figures["target"] = {
            "p50_ratio": TARGET_P50_RATIO,
            "rps_ratio_at_4_clients": TARGET_RPS_RATIO,
            "met": met,
            "verdict": lines,
        }
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        harness.say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(harness.run(lambda: main(sys.argv[1:])))
