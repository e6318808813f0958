"""A real `./stafett run` on free ports, a vhost and a data folder of its own."""

import json
import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest

from tests.support import infra


class RunningSystem:
    def __init__(self, process, url, data_dir):
        self.process, self.url, self.data_dir = process, url, data_dir
        self.output: list[str] = []

    def request(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=15) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def token(self, who):
        return self.request("POST", "/dev-idp/token", {"user": who})[1]["access_token"]


@contextmanager
def start_system(data_dir):
    """`./stafett run` with its own data folder, vhost and free ports, until ready."""
    port = infra.free_port()
    with infra.rabbit_vhost("stafett-run") as amqp_uri:
        env = dict(
            os.environ,
            STAFETT_DATA_DIR=str(data_dir),
            STAFETT_AMQP_URI=amqp_uri,
            STAFETT_GATEWAY_PORT=str(port),
            STAFETT_SMTP_PORT=str(infra.free_port()),
        )
        started = time.monotonic()
        process = subprocess.Popen(
            [str(infra.ROOT / "stafett"), "run"],
            cwd=infra.ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        system = RunningSystem(process, f"http://127.0.0.1:{port}", data_dir)
        try:
            deadline = time.monotonic() + 120
            for line in process.stdout:
                system.output.append(line)
                if line.startswith("ready in") or time.monotonic() > deadline:
                    break
            assert any(line.startswith("ready in") for line in system.output), "".join(
                system.output
            )
            system.ready_after = time.monotonic() - started
            yield system
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="session")
def running_system(tmp_path_factory):
    with start_system(tmp_path_factory.mktemp("run")) as system:
        yield system
