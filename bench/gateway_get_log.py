"""GET /api/v1/logs/<id> through the real gateway, against the reference stack.

The real side: waitress, JWT check, RPC to the logs service, its SQLite read
(and read record), JSON back. The reference side: the same waitress, JWT
check and RPC pool, one hop to a nameko service that returns a fixed log.
Both read with the demo holder's token. See bench/README.md.
"""

from __future__ import annotations

import sys

from tests.support import infra
from tests.support.api import consent_request, log_body

from . import harness


def create_log(real: harness.RealStack, token: str) -> str:
    """A consent signed by both guardians and a log on it, as in tests/integration."""
    demo = infra.load_demo()
    consent = real.call("POST", "/api/v1/consents", consent_request(demo), token=token, expect=201)
    for guardian in ("guardian", "guardian2"):
        real.call(
            "POST",
            f"/api/v1/consents/{consent['id']}/signature",
            token=real.token(guardian),
            expect=200,
        )
    log = real.call("POST", "/api/v1/logs", log_body(demo, consent["id"]), token=token, expect=201)
    return log["id"]


def main(argv=None) -> int:
    args = harness.arguments(__doc__).parse_args(argv)
    with harness.stacks(args) as (real, reference):
        token = real.token("holder")
        path = f"/api/v1/logs/{create_log(real, token)}"
        real.call("GET", path, token=token)  # fails now rather than mid-measurement
        comparison = harness.compare(
            harness.Target("reference (jwt+rpc)", "reference", reference.url, path, token),
            harness.Target("gateway GET /logs/<id>", "gateway", real.url, path, token),
            args,
        )
    harness.report("gateway_get_log", comparison, args)
    return 0


if __name__ == "__main__":
    sys.exit(harness.run(lambda: main(sys.argv[1:])))
