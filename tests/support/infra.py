"""Real infrastructure for tests and benchmarks: a RabbitMQ vhost, PostgreSQL databases,
the SMTP sink and the five services, each made for one run and removed after it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AMQP_BASE = os.environ.get("STAFETT_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
PG_ADMIN = os.environ.get("STAFETT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy, or fail after ``timeout``."""
    import eventlet

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        eventlet.sleep(interval)


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@contextmanager
def rabbit_vhost(prefix: str = "stafett-test"):
    """A vhost of its own, removed afterwards; yields its AMQP URI."""
    name = f"{prefix}-{uuid.uuid4().hex[:10]}"
    _rabbitmqctl("add_vhost", name)
    user = urllib.parse.urlparse(AMQP_BASE).username or "guest"
    _rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*")
    try:
        yield AMQP_BASE.rstrip("/") + "/" + urllib.parse.quote(name, safe="")
    finally:
        _rabbitmqctl("delete_vhost", name)


@contextmanager
def pg_databases(services, prefix: str = "stafett_test"):
    """One PostgreSQL database per service, dropped afterwards; yields {service: url}."""
    import psycopg

    run = uuid.uuid4().hex[:8]
    names = {s: f"{prefix}_{run}_{s}" for s in services}
    parsed = urllib.parse.urlparse(PG_ADMIN)
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {
            s: parsed._replace(scheme="postgresql+psycopg", path=f"/{n}").geturl()
            for s, n in names.items()
        }
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_databases(services, directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    yield {s: f"sqlite:///{directory / f'{s}.db'}" for s in services}


@contextmanager
def databases(backend: str, services, directory: Path):
    if backend == "postgresql":
        with pg_databases(services) as urls:
            yield urls
    else:
        with sqlite_databases(services, directory) as urls:
            yield urls


class MailSink:
    """The SMTP sink as its own process; messages are read back from its directory."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def start(self) -> "MailSink":
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "deploy.mailsink",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.process.stdout.readline()  # it prints once it listens
        return self

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)

    def messages(self) -> list:
        import email
        from email import policy

        return [
            email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(self.directory.glob("*.eml"))
        ]

    def wait_for(self, count: int, timeout: float = 15.0) -> list:
        return wait_until(
            lambda: len(self.messages()) >= count and self.messages(),
            timeout,
            what=f"{count} mail(s) at the sink",
        )

    def about(self, subject: str) -> list:
        return [m for m in self.messages() if m["Subject"] == subject]

    def wait_for_subject(self, subject: str, count: int, timeout: float = 15.0) -> list:
        return wait_until(
            lambda: len(self.about(subject)) >= count and self.about(subject),
            timeout,
            what=f"{count} mail(s) about {subject!r}",
        )


def load_demo() -> dict:
    return json.loads((ROOT / "deploy" / "demo.json").read_text(encoding="utf-8"))


def cleanup(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
