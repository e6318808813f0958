"""Start one service: ``python -m services <name>``.

Waits for the broker, runs the service's migrations, then serves until
SIGTERM or SIGINT. Configuration comes from the environment only.
"""

import warnings

warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import importlib  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from kombu import Connection  # noqa: E402
from nameko.runners import ServiceRunner  # noqa: E402

from services.common import logging as structured_logging  # noqa: E402
from services.common.migrate import upgrade  # noqa: E402
from services.common.settings import SERVICES, Settings  # noqa: E402

log = logging.getLogger("services")


def wait_for_broker(amqp_uri: str, timeout: float = 60.0) -> None:
    with Connection(amqp_uri, connect_timeout=5) as connection:
        connection.ensure_connection(
            max_retries=int(timeout), interval_start=1, interval_step=0, interval_max=1
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services")
    parser.add_argument("service", choices=SERVICES)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    structured_logging.configure(args.service)
    wait_for_broker(settings.amqp_uri)
    upgrade(args.service, settings.db_urls[args.service])
    module = importlib.import_module(f"services.{args.service}.service")
    runner = ServiceRunner(settings.nameko_config(args.service))
    runner.add_service(module.Service)

    def shutdown(signum, frame):
        eventlet.spawn_n(runner.stop)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    runner.start()
    log.info("service started", extra={"event": "started"})
    runner.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
