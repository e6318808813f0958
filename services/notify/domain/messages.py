"""What we write to people (R60, R90). Plain text, short, to the reader (R20).

Bokmål for everything; the request to sign a consent also in nynorsk and English, in
the language the consent was prepared in. Any other language falls back to bokmål
(the consent form itself, as PDF, exists in seven languages).
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


# The request to sign, in the family's language where we have it written.
TRANSLATIONS = {
    ("consent.requested", "nn"): (
        "Vi ber om samtykke til ein stafettlogg",
        "Hei, {name}.\n\n"
        "{unit} ber om samtykke til å lage ein stafettlogg for barnet ditt. Les kva "
        "samtykket gjeld, og signer dersom du er einig. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Du kan trekkje samtykket tilbake når som helst.\n\n"
        "Helsing {unit}\n",
    ),
    ("consent.requested", "en"): (
        "We ask for your consent to a relay log",
        "Hello {name},\n\n"
        "{unit} asks for your consent to keep a relay log (stafettlogg) for your child. "
        "Read what the consent covers, and sign if you agree. Log in with ID-porten here:\n"
        "{url}\n\n"
        "You can withdraw the consent at any time.\n\n"
        "Kind regards, {unit}\n",
    ),
}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def mails_for(
    event_type: str, recipients: list[dict], language: str = "nb", **values
) -> list[Mail]:
    """One mail per recipient; ``values`` fill the template (unit, url, days, expires)."""
    subject, body = TRANSLATIONS.get((event_type, language), TEMPLATES[event_type])
    return [
        Mail(r["email"], subject.format(**values), body.format(name=r["name"], **values))
        for r in recipients
        if r.get("email")
    ]


def log_created_mails(contacts: dict, public_url: str) -> list[Mail]:
    """R60: creating a log mails every guardian at once, with how to log in."""
    url = f"{public_url.rstrip('/')}/logs/{contacts['log_id']}"
    return mails_for("log.created", contacts["recipients"], unit=contacts["unit_name"], url=url)
