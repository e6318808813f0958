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


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def foreign_imports(path: Path, own: str | None) -> list[str]:
    """Imports of another service's code that is not its contracts module."""
    bad = []
    for module in imported_modules(path):
        parts = module.split(".")
        if parts[0] != "services" or len(parts) < 2 or parts[1] in ("common", own):
            continue
        if parts[1] in SERVICES and (len(parts) < 3 or parts[2] != "contracts"):
            bad.append(module)
    return bad


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_only_the_contracts_of_another(service):
    for path in (ROOT / "services" / service).rglob("*.py"):
        assert not foreign_imports(path, service), (
            f"{path.relative_to(ROOT)} reaches into another service"
        )


def test_the_gateway_imports_only_contracts_and_common():
    for path in (ROOT / "gateway").rglob("*.py"):
        assert not foreign_imports(path, None), f"{path.relative_to(ROOT)} reaches into a service"


CONTRACTS = sorted(ROOT.glob("services/*/contracts.py"))


def test_the_services_others_call_have_contracts():
    assert {path.parent.name for path in CONTRACTS} >= {"logs", "consent"}


@pytest.mark.parametrize("path", CONTRACTS, ids=[p.parent.name for p in CONTRACTS])
def test_contracts_import_only_marshmallow_and_common(path):
    for module in imported_modules(path):
        root = module.split(".")[0]
        assert root in {"marshmallow", "__future__", "datetime", "enum", "typing"} or (
            module.startswith("services.common")
        ), f"{path.relative_to(ROOT)} imports {module}"


def test_the_consent_contract_names_the_domain_values():
    from services.consent import contracts
    from services.consent.domain import model

    assert contracts.PURPOSES == model.PURPOSES
    assert set(contracts.METHODS) == {m.value for m in model.Method}
    assert set(contracts.PARTY_ROLES) == {r.value for r in model.Role}


def test_the_logs_contract_names_the_domain_values():
    from services.logs import contracts
    from services.logs.domain import notes, plan

    assert contracts.CATEGORIES == plan.CATEGORIES
    assert set(contracts.ARENAS) == {a.value for a in plan.Arena}
    assert set(contracts.VERDICTS) == {v.value for v in plan.Verdict}
    assert contracts.NOTE_VISIBILITY == notes.NOTE_VISIBILITY


def test_the_fitness_check_catches_a_reach_into_another_service(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text(
        "from services.consent.domain.model import Role\nfrom services.logs import app\n"
    )
    assert sorted(foreign_imports(sample, "notify")) == [
        "services.consent.domain.model.Role",
        "services.logs.app",
    ]


def test_every_consumed_event_is_emitted_by_someone():
    """A consumer checks an event against the producer's own versioned schema."""
    from services.consent.contracts import EVENT_SCHEMAS as CONSENT
    from services.logs.contracts import EVENT_SCHEMAS as LOGS
    from services.notify.schemas import EVENT_SCHEMAS as NOTIFY

    produced = LOGS | CONSENT
    assert set(NOTIFY) <= set(produced)
    assert all(NOTIFY[key] is produced[key] for key in NOTIFY)


def test_no_migration_copies_the_outbox_or_inbox():
    """Each service's 0001 calls ``create_messaging_tables``: one copy, in common/migrate.py."""
    migrations = sorted(ROOT.glob("services/*/store/migrations/versions/*.py"))
    assert len([path for path in migrations if path.name == "0001_initial.py"]) == len(SERVICES)
    copies = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in migrations
        for table in ("outbox", "inbox")
        for needle in (f"create_table('{table}'", f'create_table("{table}"')
        if needle in path.read_text(encoding="utf-8")
    ]
    assert copies == []
