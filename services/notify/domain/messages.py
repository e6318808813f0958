"""What we write to people (R20, R60, R90): the renderer over the catalogs in ``catalog/``.

The words live in one catalog per language (``nb``, ``nn``, ``en``). This module picks
the reader's catalog, writes dates and times as people in Norway read them (Europe/Oslo),
fills the placeholders, and turns each recipient into the mail and/or SMS they chose.
Any other language (a consent may be prepared in Somali, say) falls back to bokmål.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from . import oslo
from .catalog import CATALOGS

DEFAULT_LANGUAGE = "nb"
LANGUAGES = tuple(CATALOGS)
CHANNELS = ("email", "sms")
EVENT_TYPES = tuple(CATALOGS[DEFAULT_LANGUAGE].MESSAGES)
SMS_MAX = 320  # characters: five segments at most
SHORTENED = ("place", "unit")  # free text an SMS may clip, longest first, to fit SMS_MAX


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


@dataclass(frozen=True)
class Recipient:
    """One person to notify, as the logs and consent services describe them."""

    name: str
    email: str | None = None
    phone: str | None = None
    channels: tuple[str, ...] = ("email",)
    language: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping) -> Recipient:
        """Contacts without ``channels`` (today's ``{name, email}``) are reached by e-mail;
        without ``language`` they get the caller's default."""
        chosen = data.get("channels")
        return cls(
            name=str(data.get("name") or ""),
            email=data.get("email") or None,
            phone=data.get("phone") or None,
            channels=tuple(c for c in (["email"] if chosen is None else chosen) if c in CHANNELS),
            language=data.get("language") or None,
        )

    def language_or(self, default: str) -> str:
        language = self.language or default
        return language if language in CATALOGS else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Notices:
    """What one event queues: mails, SMS, and how many recipients no channel reached."""

    mails: tuple[Mail, ...] = ()
    sms: tuple[Sms, ...] = ()
    unreachable: int = 0


def moment_text(moment: datetime, language: str) -> str:
    """A meeting's time in Oslo: "torsdag 3. desember kl. 09.00", "Thursday 3 December at 09:00"."""
    catalog = CATALOGS[language]
    local = oslo.wall_clock(moment)
    return catalog.MOMENT.format(
        weekday=catalog.WEEKDAYS[local.weekday()],
        day=local.day,
        month=catalog.MONTHS[local.month - 1],
        hour=local.hour,
        minute=local.minute,
    )


def day_text(day: date, language: str) -> str:
    """A calendar day: "4. desember 2026", "4 December 2026"."""
    catalog = CATALOGS[language]
    return catalog.DAY.format(day=day.day, month=catalog.MONTHS[day.month - 1], year=day.year)


def localize(value, language: str) -> str:
    if isinstance(value, datetime):
        return moment_text(value, language)
    if isinstance(value, date):
        return day_text(value, language)
    return "" if value is None else str(value)


def _filled(language: str, values: Mapping) -> dict[str, str]:
    filled = {key: localize(value, language) for key, value in values.items()}
    for key, fallback in CATALOGS[language].FALLBACKS.items():
        if not filled.get(key):
            filled[key] = fallback
    return filled


def _message(event_type: str, language: str) -> dict:
    return CATALOGS[language if language in CATALOGS else DEFAULT_LANGUAGE].MESSAGES[event_type]


def mail_text(event_type: str, language: str, values: Mapping) -> tuple[str, str]:
    """Subject and body of one mail; ``values`` fill the placeholders (name, unit, url, …)."""
    message, filled = _message(event_type, language), _filled(language, values)
    return message["subject"].format(**filled), message["mail"].format(**filled)


def sms_text(event_type: str, language: str, values: Mapping) -> str:
    """One SMS, at most SMS_MAX characters: a long unit or place name is clipped, never the
    link."""
    message, filled = _message(event_type, language), _filled(language, values)
    text = message["sms"].format(**filled)
    clippable = [key for key in SHORTENED if "{" + key + "}" in message["sms"]]
    while len(text) > SMS_MAX and clippable:
        key = max(clippable, key=lambda k: len(filled.get(k, "")))
        current = filled.get(key, "")
        if len(current) <= 20:
            break  # nothing left worth clipping; the link and the facts stay whole
        keep = max(len(current) - (len(text) - SMS_MAX) - 1, 19)
        filled[key] = current[:keep].rstrip() + "…"
        text = message["sms"].format(**filled)
    return text


def notices_for(
    event_type: str,
    recipients: Iterable[Mapping],
    *,
    language: str = DEFAULT_LANGUAGE,
    **values,
) -> Notices:
    """R60, R90: each recipient gets a mail and/or an SMS, as they chose, in their language
    (``language`` is the default for those who have none). A chosen channel without an
    address is skipped; a recipient left with no channel is counted, not named."""
    mails, texts, unreachable = [], [], 0
    for data in recipients:
        person = Recipient.from_dict(data)
        chosen = person.language_or(language)
        reached = False
        if "email" in person.channels and person.email:
            subject, body = mail_text(event_type, chosen, {**values, "name": person.name})
            mails.append(Mail(person.email, subject, body))
            reached = True
        if "sms" in person.channels and person.phone:
            texts.append(Sms(person.phone, sms_text(event_type, chosen, values)))
            reached = True
        unreachable += not reached
    return Notices(tuple(mails), tuple(texts), unreachable)


def mails_for(
    event_type: str, recipients: list[dict], language: str = DEFAULT_LANGUAGE, **values
) -> list[Mail]:
    """The mails alone; ``values`` fill the template (unit, url, days, expires, …)."""
    return list(notices_for(event_type, recipients, language=language, **values).mails)


def log_created_mails(contacts: dict, public_url: str) -> list[Mail]:
    """R60: creating a log mails every guardian at once, with how to log in."""
    url = f"{public_url.rstrip('/')}/logs/{contacts['log_id']}"
    return mails_for("log.created", contacts["recipients"], unit=contacts["unit_name"], url=url)
