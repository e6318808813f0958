"""The README's run command brings the whole system up, serves the slice, and stops on Ctrl-C."""

import signal
import subprocess
import threading

import pytest

from tests.e2e.conftest import RunningSystem, start_system
from tests.support import infra
from tests.support.api import consent_request

pytestmark = pytest.mark.e2e
EVENTLET_WARNING = "Eventlet is deprecated"


def test_run_prints_url_and_demo_logins(running_system):
    text = "".join(running_system.output)
    assert f"Stafettlogg is ready at {running_system.url}" in text
    for key in ("leader", "holder", "actor", "guardian"):
        assert f"    {key} " in text
    assert EVENTLET_WARNING not in text


def test_run_is_usable_the_moment_it_says_ready(tmp_path, monkeypatch):
    """The moment /readyz first answers 200, and the moment the ready line is printed, a
    demo token and an authenticated call work at once, with no retry."""
    gateway_port, smtp_port = infra.free_port(), infra.free_port()
    monkeypatch.setattr(infra, "free_port", iter([gateway_port, smtp_port]).__next__)
    watcher = RunningSystem(None, f"http://127.0.0.1:{gateway_port}", tmp_path)
    at_first_ready: dict = {}

    def ready() -> bool:
        try:
            return watcher.request("GET", "/readyz")[0] == 200
        except OSError:  # not listening yet
            return False

    def watch_readyz() -> None:
        infra.wait_until(ready, timeout=120, interval=0.02, what="/readyz to answer 200")
        at_first_ready["me"] = login_and_ask_who_am_i(watcher)

    thread = threading.Thread(target=watch_readyz, daemon=True)
    thread.start()
    with start_system(tmp_path) as system:
        assert login_and_ask_who_am_i(system) == (200, "solsiden-skole")
        thread.join(30)
    assert at_first_ready == {"me": (200, "solsiden-skole")}


def login_and_ask_who_am_i(system) -> tuple[int, str | None]:
    status, token = system.request("POST", "/dev-idp/token", {"user": "holder"})
    assert status == 200, token
    status, me = system.request("GET", "/api/v1/me", None, token["access_token"])
    return status, (me.get("staff") or {}).get("unit_id")  # None: the directory is not in


def test_run_serves_the_slice_with_mail_to_the_guardians(running_system):
    demo = infra.load_demo()
    token = running_system.token("holder")
    status, consent = running_system.request(
        "POST", "/api/v1/consents", consent_request(demo), token
    )
    assert status == 201, consent
    for guardian in ("guardian", "guardian2"):
        status, consent = running_system.request(
            "POST",
            f"/api/v1/consents/{consent['id']}/signature",
            None,
            running_system.token(guardian),
        )
        assert status == 200, consent
    assert consent["status"] == "active"
    status, log = running_system.request(
        "POST",
        "/api/v1/logs",
        {
            "unit_id": "solsiden-skole",
            "consent_id": consent["id"],
            "child": demo["child"],
            "guardians": demo["guardians"],
        },
        token,
    )
    assert status == 201, log
    mail = infra.MailSink(running_system.data_dir / "mail")
    created = mail.wait_for_subject("Det er opprettet en stafettlogg for barnet ditt", 2)
    assert {m["To"] for m in created} == {g["email"] for g in demo["guardians"]}
    status, again = running_system.request(
        "GET", f"/api/v1/logs/{log['id']}", None, running_system.token("guardian")
    )
    assert (status, again["your_roles"]) == (200, ["guardian"])


def test_run_stops_cleanly_on_ctrl_c(tmp_path):
    with start_system(tmp_path) as system:
        status, ready = system.request("GET", "/readyz")
        assert status == 200 and ready["status"] == "ready"
        children = subprocess.run(
            ["pgrep", "-P", str(system.process.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 7  # mail sink, five services, gateway
        system.process.send_signal(signal.SIGINT)
        assert system.process.wait(30) == 0
        output = "".join(system.output) + system.process.stdout.read()
        assert EVENTLET_WARNING not in output
        logs = sorted((tmp_path / "logs").glob("*.log"))
        assert len(logs) == 7  # every process it started writes its own
        for log in logs:
            assert EVENTLET_WARNING not in log.read_text(encoding="utf-8"), log.name
        alive = [
            pid
            for pid in children
            if subprocess.run(["kill", "-0", pid], capture_output=True).returncode == 0
        ]
        assert alive == []
