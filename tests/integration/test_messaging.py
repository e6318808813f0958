"""The outbox and inbox: events leave with the change, and apply once however often they come."""

import types

import pytest
from nameko.amqp.publish import Publisher
from nameko.standalone.events import get_event_exchange
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import create_engine, func, select

from services.common.messaging import outbox
from services.common.providers import Store
from services.notify.store.tables import MailRow
from tests.support.api import active_consent, log_body

pytestmark = pytest.mark.integration
LOG_MAIL = "Det er opprettet en stafettlogg for barnet ditt"


def scalar(url, query):
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            return db.execute(query).first()
    finally:
        engine.dispose()


def test_G2_a_redelivered_log_created_mails_nobody_twice(stack, demo):
    consent = active_consent(stack.client, stack.headers, demo)
    before = len(stack.mail.about(LOG_MAIL))
    log = stack.client.post(
        "/api/v1/logs", json=log_body(demo, consent["id"]), headers=stack.headers("holder")
    ).json
    stack.mail.wait_for_subject(LOG_MAIL, before + 2)

    # The event as the logs service published it, straight from its outbox.
    row = scalar(
        stack.settings.db_urls["logs"],
        select(outbox.c.envelope, outbox.c.published_at).where(
            outbox.c.envelope["body"]["log_id"].as_string() == log["id"]
        ),
    )
    envelope, published_at = row
    assert published_at is not None

    exchange = get_event_exchange("logs", {})
    publisher = Publisher(stack.settings.amqp_uri, use_confirms=True)
    with entrypoint_waiter(stack.containers["notify"], "on_log_created", timeout=10):
        publisher.publish(
            envelope, exchange=exchange, routing_key="log.created", declare=[exchange]
        )

    mails = scalar(
        stack.settings.db_urls["notify"],
        select(func.count()).select_from(MailRow).where(MailRow.event_id == envelope["event_id"]),
    )[0]
    assert mails == 2
    # Sending is at a half-second tick; the redelivery queued nothing, so nothing more goes.
    stack.client.get("/readyz")
    assert len(stack.mail.about(LOG_MAIL)) == before + 2


def test_G3_outbox_keeps_events_while_the_broker_is_unreachable(stack, tmp_path):
    """A relay that cannot publish leaves the row unpublished; the next relay sends it."""
    from services.common.db import UnitOfWork
    from services.common.envelope import Envelope
    from services.common.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'archive.db'}"
    upgrade("archive", url)  # a database no running relay watches

    def store_for(amqp_uri):
        store = Store()
        store.container = types.SimpleNamespace(
            service_name="archive", config={"DB_URL": url, "AMQP_URI": amqp_uri}
        )
        store.setup()
        return store

    down = store_for("amqp://guest:guest@127.0.0.1:1//")
    down.publisher.retry = False
    with UnitOfWork(down.session_factory) as uow:
        uow.emit(Envelope.new("archive.tested", {"n": 1}, source="archive"))
        uow.commit()
    unpublished = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
    with pytest.raises(Exception):  # noqa: B017 - whatever the transport raises
        down.relay_once()
    assert scalar(url, unpublished)[0] == 1
    down.engine.dispose()

    up = store_for(stack.settings.amqp_uri)
    assert up.relay_once() == 1
    assert scalar(url, unpublished)[0] == 0
    up.engine.dispose()
