"""What we write to people, per language (R60, R90). Plain text, short, to the family (R20)."""

from __future__ import annotations

from dataclasses import dataclass

LOG_CREATED = {
    "nb": (
        "Det er opprettet en stafettlogg for barnet ditt",
        "Hei, {name}.\n\n"
        "{unit} har opprettet en stafettlogg for barnet ditt. I loggen ser dere "
        "hva vi er opptatt av, hvilke tiltak vi prøver og hvordan det går.\n\n"
        "Dere kan lese hele loggen når som helst. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Har du spørsmål, ta kontakt med stafettholderen ved {unit}.\n\n"
        "Hilsen {unit}\n",
    ),
}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def log_created_mails(contacts: dict, public_url: str, language: str = "nb") -> list[Mail]:
    """R60: creating a log mails every guardian at once, with how to log in."""
    subject, body = LOG_CREATED[language]
    url = f"{public_url.rstrip('/')}/logs/{contacts['log_id']}"
    return [
        Mail(r["email"], subject, body.format(name=r["name"], unit=contacts["unit_name"], url=url))
        for r in contacts["recipients"]
    ]
