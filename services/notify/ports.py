"""What notify asks other services, as typed callables.

``service.py`` makes each one an RPC call with notify's own ``system`` identity; tests
pass typed fakes. The answers are plain dicts (they cross the bus as JSON), typed here.
"""

from __future__ import annotations

from typing import Literal, NotRequired, Protocol, TypedDict

Audience = Literal["meeting", "measure_actor", "holder_and_family"]


class Contact(TypedDict):
    """One person to write to. Today's contact RPCs send ``name`` and ``email`` only:
    a missing ``channels`` means ["email"], a missing ``language`` the event's default."""

    name: str
    email: NotRequired[str | None]
    phone: NotRequired[str | None]
    channels: NotRequired[list[str]]  # ["email"], ["sms"] or ["email", "sms"]
    language: NotRequired[str]  # "nb", "nn" or "en"


class Recipients(TypedDict):
    """The answer of ``logs.recipients``. ``details``: for "meeting" ``starts_at`` (ISO) and
    ``place``; for "measure_actor" ``deadline`` (ISO date); nothing for "holder_and_family"."""

    log_id: str
    unit_name: str
    recipients: list[Contact]
    details: NotRequired[dict]


class GuardianContacts(TypedDict):
    """The answer of ``logs.guardian_contacts``."""

    log_id: str
    unit_name: str
    recipients: list[Contact]


class ResponsibleContacts(TypedDict):
    """The answer of ``logs.responsible_contacts``."""

    unit_name: str
    recipients: list[Contact]


class PartyContacts(TypedDict):
    """The answer of ``consent.party_contacts``."""

    consent_id: str
    unit_id: str
    language: str
    requested_by: str
    recipients: list[Contact]


class RecipientsFor(Protocol):
    """``logs.recipients(auth, log_id, audience, subject_id)``; subject_id is the meeting id,
    the measure id, or None for the holder and the family."""

    def __call__(self, log_id: str, audience: Audience, subject_id: str | None) -> Recipients: ...


class GuardianContactsFor(Protocol):
    """``logs.guardian_contacts(auth, log_id)``."""

    def __call__(self, log_id: str) -> GuardianContacts: ...


class ResponsibleContactsFor(Protocol):
    """``logs.responsible_contacts(auth, log_id, unit_id, also)``."""

    def __call__(
        self, log_id: str | None, unit_id: str, also: list[str]
    ) -> ResponsibleContacts: ...


class PartyContactsFor(Protocol):
    """``consent.party_contacts(auth, consent_id)``."""

    def __call__(self, consent_id: str) -> PartyContacts: ...
