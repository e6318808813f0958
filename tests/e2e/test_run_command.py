"""The README's run command brings the whole system up, serves the slice, and stops on Ctrl-C."""

import signal
import subprocess

import pytest

from tests.e2e.conftest import start_system
from tests.support import infra
from tests.support.api import consent_request

pytestmark = pytest.mark.e2e


def test_run_prints_url_and_demo_logins(running_system):
    text = "".join(running_system.output)
    assert f"Stafettlogg is ready at {running_system.url}" in text
    for key in ("leader", "holder", "actor", "guardian"):
        assert f"    {key} " in text


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
        alive = [
            pid
            for pid in children
            if subprocess.run(["kill", "-0", pid], capture_output=True).returncode == 0
        ]
        assert alive == []
