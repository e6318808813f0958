"""What we write to people (R60, R90). Plain text, short, to the reader (R20).

Bokmål only for now; a message in another language falls back to bokmål.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = {
    "log.created": (
        "Det er opprettet en stafettlogg for barnet ditt",
        "Hei, {name}.\n\n"
        "{unit} har opprettet en stafettlogg for barnet ditt. I loggen ser dere "
        "hva vi er opptatt av, hvilke tiltak vi prøver og hvordan det går.\n\n"
        "Dere kan lese hele loggen når som helst. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Har du spørsmål, ta kontakt med stafettholderen ved {unit}.\n\n"
        "Hilsen {unit}\n",
    ),
    "consent.requested": (
        "Vi ber om samtykke til en stafettlogg",
        "Hei, {name}.\n\n"
        "{unit} ber om samtykke til å lage en stafettlogg for barnet ditt. Les hva "
        "samtykket gjelder, og signer hvis du er enig. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Du kan trekke samtykket tilbake når som helst.\n\n"
        "Hilsen {unit}\n",
    ),
    "consent.expiring": (
        "Samtykket til en stafettlogg går ut om {days} dager",
        "Hei, {name}.\n\n"
        "Samtykket til en stafettlogg ved {unit} går ut {expires}. Be familien om et nytt "
        "samtykke før det, ellers blir loggen låst for endringer.\n\n"
        "Se samtykket her:\n{url}\n",
    ),
    "consent.expired": (
        "Samtykket til en stafettlogg har gått ut",
        "Hei, {name}.\n\n"
        "Samtykket til en stafettlogg ved {unit} gikk ut {expires}. Loggen kan nå bare leses, "
        "og deling utenfor enheten er stanset til familien har gitt nytt samtykke.\n\n"
        "Se samtykket her:\n{url}\n",
    ),
    "consent.withdrawn": (
        "Familien har trukket samtykket til en stafettlogg",
        "Hei, {name}.\n\n"
        "Familien har trukket tilbake samtykket til en stafettlogg ved {unit}. Loggen er "
        "gjort passiv og kan bare leses.\n\n"
        "Se samtykket her:\n{url}\n",
    ),
}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def mails_for(event_type: str, recipients: list[dict], **values) -> list[Mail]:
    """One mail per recipient; ``values`` fill the template (unit, url, days, expires)."""
    subject, body = TEMPLATES[event_type]
    return [
        Mail(r["email"], subject.format(**values), body.format(name=r["name"], **values))
        for r in recipients
        if r.get("email")
    ]


def log_created_mails(contacts: dict, public_url: str) -> list[Mail]:
    """R60: creating a log mails every guardian at once, with how to log in."""
    url = f"{public_url.rstrip('/')}/logs/{contacts['log_id']}"
    return mails_for("log.created", contacts["recipients"], unit=contacts["unit_name"], url=url)
