"""Checks the container deployment files: docker-compose.yml and the Dockerfiles.

The compose file is rendered with ``docker-compose config``, which needs no
Docker engine, and the result is checked with PyYAML. It is rendered three
ways: with the built-in defaults, with deploy/env.example, and with an env file
that tries to turn on the dev IdP.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("logs", "consent", "transfer", "notify", "archive")
APPS = SERVICES + ("gateway",)
INFRA = ("rabbitmq", "postgres", "mailsink")
TRUTHY = {"1", "true", "yes", "on", "y", "t"}

# Variables from the caller's shell that would change what compose renders.
_SCRUB = ("STAFETT_", "POSTGRES_", "RABBITMQ_", "MAILSINK_", "COMPOSE_", "DOCKER_")

ENV_CASES = {
    "defaults": "",
    "env.example": None,  # use deploy/env.example as it is
    "dev-idp-forced": "STAFETT_DEV_IDP=true\nSTAFETT_GATEWAY_PORT=9999\n",
}


def _compose_binary() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose not found on PATH. This test does not skip. Run the "
            "suite with the project's test command, which installs the Debian "
            "package docker-compose (by hand: apt-get install -y docker-compose).",
            pytrace=False,
        )
    return binary


def _render(env_file: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUB)}
    proc = subprocess.run(
        [_compose_binary(), "--env-file", str(env_file), "-f", "docker-compose.yml", "config"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"docker-compose config failed:\n{proc.stderr}"
    return yaml.safe_load(proc.stdout)


@pytest.fixture(scope="module", params=sorted(ENV_CASES))
def rendered(request, tmp_path_factory) -> dict:
    content = ENV_CASES[request.param]
    if content is None:
        env_file = REPO / "deploy" / "env.example"
    else:
        # An explicit env file also keeps a developer's own .env out of the check.
        env_file = tmp_path_factory.mktemp("compose-env") / "env"
        env_file.write_text(content)
    return _render(env_file)


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def _published(port) -> tuple[str, str]:
    """Returns (host port, container port) for either the short or the long port form."""
    if isinstance(port, dict):
        return str(port.get("published", "")), str(port.get("target", ""))
    spec = str(port).split("/", 1)[0]
    parts = spec.split(":")
    if len(parts) == 1:
        return "", parts[0]
    return parts[-2], parts[-1]


def _dockerfile_cmd(path: Path) -> list[str]:
    text = re.sub(r"\\\n", " ", path.read_text())
    cmds = [line for line in text.splitlines() if re.match(r"\s*CMD\s", line)]
    assert cmds, f"{path.relative_to(REPO)} has no CMD"
    raw = cmds[-1].strip()[3:].strip()
    assert raw.startswith("["), f"{path.relative_to(REPO)}: CMD must use the exec (JSON) form"
    return json.loads(raw)


def test_all_services_present(rendered):
    missing = set(INFRA + APPS) - set(rendered["services"])
    assert not missing, f"missing compose services: {sorted(missing)}"


def test_each_service_gets_broker_and_its_own_database(rendered):
    databases = {}
    for name in SERVICES:
        env = _environment(rendered["services"][name])
        amqp = urlsplit(env.get("STAFETT_AMQP_URI", ""))
        assert amqp.scheme == "amqp" and amqp.hostname == "rabbitmq", (name, amqp.geturl())

        key = f"STAFETT_{name.upper()}_DB_URL"
        assert key in env, f"{name} has no {key}"
        url = urlsplit(env[key])
        assert url.scheme.startswith("postgresql"), (name, env[key])
        assert url.hostname == "postgres", (name, env[key])
        databases[name] = url.path.lstrip("/")

        others = {f"STAFETT_{o.upper()}_DB_URL" for o in SERVICES if o != name}
        assert not others & env.keys(), f"{name} can see another service's database"

    assert len(set(databases.values())) == len(SERVICES), f"databases not distinct: {databases}"

    init_sql = (REPO / "deploy" / "postgres" / "init-databases.sql").read_text()
    for name, db in databases.items():
        assert re.search(rf"CREATE DATABASE\s+{re.escape(db)}\s*;", init_sql, re.I), (
            f"deploy/postgres/init-databases.sql does not create {db} (for {name})"
        )


def test_infra_dependencies_wait_for_health(rendered):
    for name in SERVICES:
        deps = rendered["services"][name].get("depends_on") or {}
        for infra in ("rabbitmq", "postgres"):
            assert (
                isinstance(deps, dict) and deps.get(infra, {}).get("condition") == "service_healthy"
            ), f"{name} must wait for {infra} to be healthy"
    deps = rendered["services"]["gateway"].get("depends_on") or {}
    assert deps.get("rabbitmq", {}).get("condition") == "service_healthy"


def test_apps_build_from_existing_dockerfiles(rendered):
    for name in APPS:
        service = rendered["services"][name]
        build = service.get("build")
        assert isinstance(build, dict), f"{name} has no build section"
        context = Path(build["context"])
        assert context.resolve() == REPO, f"{name}: build context must be the repo root"
        dockerfile = (context / build.get("dockerfile", "Dockerfile")).resolve()
        assert dockerfile.is_file(), f"{name}: Dockerfile {dockerfile} does not exist"
        assert REPO in dockerfile.parents, f"{name}: Dockerfile outside the repo"
        if "command" in service:
            assert service["command"] == _dockerfile_cmd(dockerfile), (
                f"{name}: the compose command and the Dockerfile CMD disagree"
            )
        assert service.get("restart") == "unless-stopped", name


def test_gateway_publishes_8080(rendered):
    gateway = rendered["services"]["gateway"]
    ports = [_published(p) for p in gateway.get("ports") or []]
    assert ("8080", "8080") in ports, f"gateway ports: {gateway.get('ports')}"
    env = _environment(gateway)
    assert env.get("STAFETT_GATEWAY_HOST") == "0.0.0.0"
    assert env.get("STAFETT_GATEWAY_PORT") == "8080"


def test_dev_idp_is_never_on(rendered):
    for name in APPS:
        value = _environment(rendered["services"][name]).get("STAFETT_DEV_IDP", "false")
        assert value.strip().lower() not in TRUTHY, f"{name} sets STAFETT_DEV_IDP={value}"
    assert _environment(rendered["services"]["gateway"]).get("STAFETT_DEV_IDP") == "false"


@pytest.mark.parametrize("name", SERVICES)
def test_service_folder_has_dockerfile_naming_it(name):
    dockerfile = REPO / "services" / name / "Dockerfile"
    assert dockerfile.is_file(), f"services/{name}/Dockerfile is missing"
    assert _dockerfile_cmd(dockerfile) == ["python", "-m", "services", name]


def test_gateway_dockerfile_cmd():
    assert _dockerfile_cmd(REPO / "gateway" / "Dockerfile") == ["python", "-m", "gateway"]


def test_shared_dockerfile_has_no_cmd():
    text = (REPO / "deploy" / "Dockerfile").read_text()
    assert not re.search(r"^\s*(CMD|ENTRYPOINT)\s", text, re.M), "compose supplies the command"
    assert re.search(r"^\s*USER\s+stafett\s*$", text, re.M)


def _instructions(path: Path) -> list[str]:
    text = re.sub(r"\\\n", " ", path.read_text())
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize(
    "path", [f"services/{n}/Dockerfile" for n in SERVICES] + ["gateway/Dockerfile"]
)
def test_thin_dockerfiles_repeat_the_shared_stages(path):
    shared = _instructions(REPO / "deploy" / "Dockerfile")
    own = _instructions(REPO / path)
    assert own[: len(shared)] == shared, (
        f"{path} has drifted from deploy/Dockerfile; keep the stages identical"
    )
