"""The whole system on this machine: ``./stafett run`` ends up here.

Starts the SMTP sink and the five services as separate processes on the
embedded default (SQLite files under ``var/``), seeds the demo municipality,
then starts the gateway (with the development login), checks that a demo login
works end to end, prints the URL and the demo logins, and stops everything
cleanly on Ctrl-C.

"Ready" means usable: the gateway starts only after the demo directory is in,
so its ``/readyz`` cannot say ready before the demo logins work, and a token and
``GET /api/v1/me`` are tried once before the ready line is printed.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any

# eventlet warns at import (seed() imports nameko, which imports it), so the filter goes
# in before anything can import it. PYTHONWARNINGS cannot do it: the warning's class is a
# plain Warning in eventlet's own module, and naming it there would import eventlet first.
warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("logs", "consent", "transfer", "notify", "archive")
STAFF_LOGIN = "holder"  # a demo login that is in the directory: its /me names a unit


def _request_json(
    url: str, body: dict | None = None, token: str | None = None, timeout: float = 2.0
) -> tuple[int | None, Any]:
    """(status, JSON body) of a GET, or of a POST when ``body`` is given; (None, None) if
    nothing answered."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    try:
        request = urllib.request.Request(url, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (OSError, ValueError):
        return None, None


def _answers(config: dict, service: str) -> bool:
    """Whether ``service`` answers its health RPC within 2 s."""
    from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
    from nameko.standalone.rpc import ClusterRpcProxy

    # Each "no such service" leaves a returned message that amqp warns about on close.
    logging.getLogger("amqp").setLevel(logging.ERROR)
    try:
        with ClusterRpcProxy(config, timeout=2) as rpc:
            getattr(rpc, service).health()
        return True
    except (UnknownService, RpcTimeout, RemoteError, OSError):  # not yet, or not well
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Stack:
    def __init__(self, env: dict):
        self.env = env
        self.data_dir = Path(env["STAFETT_DATA_DIR"])
        self.url = env["STAFETT_PUBLIC_URL"]
        self.processes: dict[str, subprocess.Popen] = {}

    def spawn(self, name: str, *args: str) -> None:
        log = open(self.data_dir / "logs" / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self) -> None:
        """The mail sink and the services; the gateway comes after the seed."""
        # Another stack's gateway would answer our /readyz and hand out its own tokens.
        for variable in ("STAFETT_GATEWAY_PORT", "STAFETT_SMTP_PORT"):
            if _port_in_use(int(self.env[variable])):
                raise SystemExit(
                    f"127.0.0.1:{self.env[variable]} is in use (another ./stafett run?); "
                    f"stop it or set {variable}"
                )
        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        self.spawn(
            "mailsink",
            "-m",
            "deploy.mailsink",
            "--port",
            self.env["STAFETT_SMTP_PORT"],
            "--dir",
            str(self.data_dir / "mail"),
        )
        for service in SERVICES:
            self.spawn(service, "-m", "services", service)

    def start_gateway(self) -> None:
        self.spawn("gateway", "-m", "gateway")

    def wait_ready(self, deadline: float) -> dict:
        """Poll /readyz until 200, or stop at ``deadline`` (monotonic)."""
        body = None
        while time.monotonic() < deadline:
            self.check_alive()
            status, body = _request_json(f"{self.url}/readyz")
            if status == 200:
                return body
            time.sleep(0.25)
        raise SystemExit(f"not ready in time: {body}; see {self.data_dir}/logs/")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} stopped (exit {process.returncode}); "
                    f"see {self.data_dir / 'logs' / (name + '.log')}"
                )

    def seed(self, deadline: float) -> None:
        """Import the demo directory as soon as logs answers (an upsert: safe to repeat)."""
        from nameko.standalone.rpc import ClusterRpcProxy

        from services.common.auth import AuthContext
        from services.common.settings import Settings

        demo = json.loads((ROOT / "deploy" / "demo.json").read_text(encoding="utf-8"))
        config = {"AMQP_URI": Settings.from_env(self.env).amqp_uri}
        while not _answers(config, "logs"):
            self.check_alive()
            if time.monotonic() > deadline:
                raise SystemExit(f"logs did not answer in time; see {self.data_dir}/logs/logs.log")
            time.sleep(0.25)
        with ClusterRpcProxy(config, timeout=30) as rpc:
            rpc.logs.import_directory(
                AuthContext.system("operator").to_dict(),
                {"units": demo["units"], "employees": demo["employees"]},
            )

    def check_login(self, user: str) -> None:
        """What a person does first: a demo token, then an authenticated call."""
        status, body = _request_json(f"{self.url}/dev-idp/token", {"user": user}, timeout=10)
        if status != 200 or not body:
            raise SystemExit(f"the demo login {user!r} failed ({status}); see gateway.log")
        status, me = _request_json(f"{self.url}/api/v1/me", token=body["access_token"], timeout=10)
        if status != 200 or not me or not me.get("staff"):
            raise SystemExit(f"GET /api/v1/me as {user!r} failed ({status}, {me}); see the logs")

    def stop(self) -> int:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        worst = 0
        deadline = time.monotonic() + 15
        for name, process in self.processes.items():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                print(f"{name} did not stop in time; killed", file=sys.stderr)
                worst = 1
        return worst


def banner(url: str, data_dir: Path) -> str:
    demo = json.loads((ROOT / "deploy" / "demo.json").read_text(encoding="utf-8"))
    lines = [
        "",
        f"Stafettlogg is ready at {url}",
        f"  API docs:      {url}/api/v1/docs",
        f"  Demo login:    {url}/dev-idp/login   (development only, never ID-porten)",
        f"  Mail sink:     {data_dir / 'mail'}   (every mail sent, as .eml files)",
        f"  Process logs:  {data_dir / 'logs'}",
        '  Demo logins (POST /dev-idp/token with {"user": "<key>"}):',
    ]
    lines += [f"    {u['key']:<10} {u['name']:<22} {u['role_hint']}" for u in demo["logins"]]
    lines += ["Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def main() -> int:
    env = dict(os.environ)
    env.setdefault("STAFETT_DATA_DIR", str(ROOT / "var"))
    env.setdefault("STAFETT_GATEWAY_PORT", "8080")
    env.setdefault("STAFETT_SMTP_PORT", "8025")
    env.setdefault("STAFETT_PUBLIC_URL", f"http://127.0.0.1:{env['STAFETT_GATEWAY_PORT']}")
    env.setdefault("STAFETT_DEV_IDP", "true")
    data_dir = Path(env["STAFETT_DATA_DIR"]).resolve()
    env["STAFETT_DATA_DIR"] = str(data_dir)
    env.setdefault("STAFETT_DEV_IDP_KEY_FILE", str(data_dir / "dev-idp-key.pem"))
    env.setdefault("STAFETT_DEV_IDP_USERS_FILE", str(ROOT / "deploy" / "demo.json"))
    env.setdefault("PYTHONUNBUFFERED", "1")
    stack = Stack(env)
    stopping = False
    ready = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True
        if not ready:  # still starting: leave whatever wait we are in
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    # The children have sessions of their own: a closed terminal must stop them through us.
    signal.signal(signal.SIGHUP, on_signal)
    started = time.monotonic()
    deadline = started + float(env.get("STAFETT_READY_TIMEOUT", "90"))
    try:
        stack.start()
        stack.seed(deadline)
        stack.start_gateway()
        stack.wait_ready(deadline)
        stack.check_login(STAFF_LOGIN)
        print(banner(stack.url, data_dir), flush=True)
        print(f"ready in {time.monotonic() - started:.1f}s", flush=True)
        ready = True
        while not stopping:
            stack.check_alive()
            time.sleep(0.5)
        print("stopping…", flush=True)
        return stack.stop()
    except SystemExit as exc:
        print(exc, file=sys.stderr, flush=True)
        stack.stop()
        return 1
    except KeyboardInterrupt:
        print("stopping…", flush=True)
        stack.stop()
        return 1
    except BaseException:  # the children have sessions of their own: never leave them behind
        stack.stop()
        raise


if __name__ == "__main__":
    sys.exit(main())
