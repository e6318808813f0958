"""The transfer service's tables: for now only the shared outbox and inbox."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
