"""The five services in this process (eventlet), on a given vhost and databases."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

import eventlet
from nameko.runners import ServiceRunner

from services.common.migrate import upgrade
from services.common.settings import SERVICES, Settings


def settings_for(
    amqp_uri: str, db_urls: dict, *, smtp_port: int, public_url: str = "http://test.invalid"
) -> Settings:
    return Settings(
        amqp_uri=amqp_uri,
        db_urls=dict(db_urls),
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        public_url=public_url,
        rpc_timeout=5.0,
        outbox_interval=0.2,
    )


@contextmanager
def running_services(settings: Settings, services=SERVICES):
    for name in services:
        upgrade(name, settings.db_urls[name])
    runners = []
    try:
        for name in services:
            runner = ServiceRunner(settings.nameko_config(name))
            runner.add_service(importlib.import_module(f"services.{name}.service").Service)
            runner.start()
            runners.append(runner)
        yield runners
    finally:
        # Each container takes a second or two to drain its consumers: stop them together.
        pool = eventlet.GreenPool()
        for runner in runners:
            pool.spawn(runner.stop)
        pool.waitall()
