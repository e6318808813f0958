"""R60, R90: what the notify service writes, and in which language."""

from services.notify.domain.messages import log_created_mails, mails_for

GRO = {"name": "Gro Foresatt", "email": "gro@example.no"}


def test_R60_log_created_mail_names_the_unit_and_links_the_log():
    [mail] = log_created_mails(
        {
            "log_id": "L1",
            "unit_name": "Solsiden skole",
            "recipients": [GRO, {"name": "Uten e-post", "email": None}],
        },
        "https://stafett.kommune.example/",
    )
    assert mail.to == "gro@example.no"
    assert "Solsiden skole" in mail.body and "https://stafett.kommune.example/logs/L1" in mail.body


def test_R90_the_request_to_sign_comes_in_the_consents_language():
    def ask(language):
        [mail] = mails_for(
            "consent.requested",
            [GRO],
            language=language,
            unit="Solsiden skole",
            url="u",
            days="",
            expires="",
        )
        return mail.subject

    assert ask("nb") == "Vi ber om samtykke til en stafettlogg"
    assert ask("nn") == "Vi ber om samtykke til ein stafettlogg"
    assert ask("en") == "We ask for your consent to a relay log"
    assert ask("so") == ask("nb")  # not written yet: bokmål, with the form as PDF in Somali


def test_R31_expiry_warning_says_how_many_days():
    [mail] = mails_for(
        "consent.expiring", [GRO], unit="Solsiden skole", url="u", days=7, expires="2028-01-31"
    )
    assert mail.subject == "Samtykket til en stafettlogg går ut om 7 dager"
    assert "2028-01-31" in mail.body
