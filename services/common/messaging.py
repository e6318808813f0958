"""Outbox and inbox tables, present in every service's own database.

The outbox row is written in the same transaction as the change it reports;
the relay publishes it later with publisher confirms (at least once). The
inbox row records an applied event id in the same transaction as the effect,
so a redelivered event has no second effect (exactly-once effect).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, unique=True),
    Column("event_type", String(100), nullable=False),
    Column("envelope", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Index("ix_outbox_unpublished", "published_at", "seq"),
)

inbox = Table(
    "inbox",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("event_type", String(100), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
