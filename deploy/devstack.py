"""The whole system on this machine: ``./stafett run`` ends up here.

Starts the SMTP sink, the five services and the gateway (with the development
login) as separate processes on the embedded default (SQLite files under
``var/``), seeds the demo municipality, prints the URL and the demo logins,
and stops everything cleanly on Ctrl-C.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("logs", "consent", "transfer", "notify", "archive")


def _get_json(url: str, timeout: float = 2.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (OSError, ValueError):
        return None, None


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
        self.spawn("gateway", "-m", "gateway")

    def wait_ready(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        body = None
        while time.monotonic() < deadline:
            self.check_alive()
            status, body = _get_json(f"{self.url}/readyz")
            if status == 200:
                return body
            time.sleep(0.25)
        raise SystemExit(f"not ready after {timeout:.0f}s: {body}; see {self.data_dir}/logs/")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} stopped (exit {process.returncode}); "
                    f"see {self.data_dir / 'logs' / (name + '.log')}"
                )

    def seed(self) -> None:
        from services.common.auth import AuthContext
        from services.common.settings import Settings

        demo = json.loads((ROOT / "deploy" / "demo.json").read_text(encoding="utf-8"))
        settings = Settings.from_env(self.env)
        from nameko.standalone.rpc import ClusterRpcProxy

        with ClusterRpcProxy({"AMQP_URI": settings.amqp_uri}, timeout=10) as rpc:
            rpc.logs.import_directory(
                AuthContext.system("operator").to_dict(),
                {"units": demo["units"], "employees": demo["employees"]},
            )

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
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    stack = Stack(env)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        stack.start()
        stack.wait_ready(timeout=float(env.get("STAFETT_READY_TIMEOUT", "90")))
        stack.seed()
        print(banner(stack.url, data_dir), flush=True)
        print(f"ready in {time.monotonic() - started:.1f}s", flush=True)
        while not stopping:
            stack.check_alive()
            time.sleep(0.5)
        print("stopping…", flush=True)
        return stack.stop()
    except SystemExit as exc:
        print(exc, file=sys.stderr, flush=True)
        stack.stop()
        return 1


if __name__ == "__main__":
    sys.exit(main())
