"""Run a service's Alembic migrations (on start, and to build test databases)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_config(service: str, db_url: str) -> Config:
    here = Path(__file__).resolve().parent.parent / service / "store" / "migrations"
    config = Config()
    config.set_main_option("script_location", str(here))
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


def upgrade(service: str, db_url: str) -> None:
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(service, db_url), "head")


def run_env(target_metadata=None) -> None:
    """The body of every service's ``migrations/env.py``."""
    from alembic import context

    from .db import make_engine

    url = context.config.get_main_option("sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
