"""Repository meta-tests: the shape the code must keep."""

import ast
import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from services.common.messaging import metadata as messaging
from services.common.migrate import upgrade
from services.common.settings import SERVICES

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"nameko", "flask", "sqlalchemy", "marshmallow", "eventlet", "kombu", "gateway"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("service", SERVICES)
def test_domain_imports_no_framework(service):
    for path in (ROOT / "services" / service / "domain").rglob("*.py"):
        assert not imported_roots(path) & FRAMEWORKS, (
            f"{path.relative_to(ROOT)} imports a framework"
        )


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_build_exactly_the_tables_the_code_uses(service, tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(service, url)
    tables = importlib.import_module(f"services.{service}.store.tables")
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection), [tables.Base.metadata, messaging]
        )
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_answers_health_and_has_a_readme_and_dockerfile(service):
    module = importlib.import_module(f"services.{service}.service")
    assert module.Service.name == service
    assert callable(module.Service.health)
    assert (ROOT / "services" / service / "README.md").is_file()
    assert (ROOT / "services" / service / "Dockerfile").is_file()


@pytest.mark.parametrize("service", SERVICES)
def test_every_rpc_method_a_readme_lists_exists(service):
    readme = (ROOT / "services" / service / "README.md").read_text(encoding="utf-8")
    section = readme.split("## RPC methods", 1)[1].split("\n## ", 1)[0]
    listed = [
        line.split("`")[1].split("(")[0] for line in section.splitlines() if line.startswith("- `")
    ]
    module = importlib.import_module(f"services.{service}.service")
    assert listed, "the README lists no RPC method"
    for name in listed:
        assert callable(getattr(module.Service, name, None)), f"{service}.{name} is not in code"


def test_every_consumed_event_is_emitted_by_someone():
    """A consumer checks an event against the producer's own versioned schema."""
    from services.consent.schemas import EVENT_SCHEMAS as CONSENT
    from services.logs.schemas import EVENT_SCHEMAS as LOGS
    from services.notify.schemas import EVENT_SCHEMAS as NOTIFY

    produced = LOGS | CONSENT
    assert set(NOTIFY) <= set(produced)
    assert all(NOTIFY[key] is produced[key] for key in NOTIFY)
