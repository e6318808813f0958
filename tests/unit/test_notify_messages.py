"""R20, R60, R90: what the notify service writes, on which channel, and in which language."""

import re
import string
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.notify.domain import oslo
from services.notify.domain.catalog import CATALOGS
from services.notify.domain.messages import (
    EVENT_TYPES,
    LANGUAGES,
    SMS_MAX,
    log_created_mails,
    mail_text,
    mails_for,
    moment_text,
    notices_for,
    sms_text,
)

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


# --- Every event, every language, every channel (R20, R60, R90) ---------------------------

VALUES = {
    "name": "Gro Foresatt",
    "unit": "Solsiden skole",
    "url": "https://stafett.kommune.example/logs/L1",
    "days": 7,
    "expires": date(2028, 1, 31),
    "when": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
    "place": "Møterom 2 på Solsiden skole",
    "deadline": date(2026, 12, 4),
}
ELEVEN_DIGITS = re.compile(r"\d{11}")
NOT_PLAIN = re.compile(r"\bman\b|snarest|f\.eks|\bevt\.|\bca\.|\bosv\b|\bmvh\b|\bbl\.a", re.I)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_R90_every_language_has_every_event_and_channel():
    for language, catalog in CATALOGS.items():
        assert tuple(catalog.MESSAGES) == EVENT_TYPES, language
        for event_type, message in catalog.MESSAGES.items():
            assert set(message) == {"subject", "mail", "sms"}, (language, event_type)


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_R90_each_language_fills_the_same_placeholders(event_type):
    """A translation may not ask for a value the service does not give."""
    for part in ("subject", "mail", "sms"):
        found = {
            lang: placeholders(CATALOGS[lang].MESSAGES[event_type][part]) for lang in LANGUAGES
        }
        assert len({frozenset(fields) for fields in found.values()}) == 1, (part, found)
        assert found["nb"] <= set(VALUES), (part, found["nb"] - set(VALUES))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_R60_every_event_renders_in_every_language_and_channel(event_type, language):
    subject, body = mail_text(event_type, language, VALUES)
    sms = sms_text(event_type, language, VALUES)
    for text in (subject, body, sms):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        assert not ELEVEN_DIGITS.search(text), text
    assert "\n" not in subject and len(subject) <= 200
    assert VALUES["url"] in body and VALUES["url"] in sms
    assert "Solsiden skole" in body and "Solsiden skole" in sms
    assert len(sms) <= SMS_MAX


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_R20_texts_are_plain_language(event_type, language):
    message = CATALOGS[language].MESSAGES[event_type]
    for text in message.values():
        assert not NOT_PLAIN.search(text), text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_R60_an_sms_stays_within_320_characters_and_keeps_its_link(event_type, language):
    url = "https://stafettlogg.nordre-aker.kommune.example/logs/" + "a1b2c3d4" * 4
    long = dict(VALUES, unit="Nordre Aker " + "helsestasjon " * 15, place="Rom " * 50, url=url)
    sms = sms_text(event_type, language, long)
    assert len(sms) <= SMS_MAX and url in sms


def test_R9_R60_nothing_but_the_texts_values_reach_the_reader():
    """A contact that carries a national id or an address does not pass it on."""
    person = {
        "name": "Gro Foresatt",
        "email": "gro@example.no",
        "phone": "+4791234567",
        "channels": ["email", "sms"],
        "pid": "01017012345",
        "address": "Hemmelig vei 1",
    }
    for event_type in EVENT_TYPES:
        notices = notices_for(
            event_type, [person], **{k: v for k, v in VALUES.items() if k != "name"}
        )
        texts = [m.subject + m.body for m in notices.mails] + [s.text for s in notices.sms]
        assert len(texts) == 2
        assert not any("01017012345" in t or "Hemmelig" in t for t in texts)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "torsdag 3. desember kl. 09.00"),
        ("nn", "torsdag 3. desember kl. 09.00"),
        ("en", "Thursday 3 December at 09:00"),
    ],
)
def test_R90_a_meetings_time_is_written_for_norway(language, expected):
    assert moment_text(datetime(2026, 12, 3, 8, 0, tzinfo=UTC), language) == expected


def test_R90_summer_time_and_nynorsk_weekdays():
    summer = datetime(2027, 6, 7, 6, 30, tzinfo=UTC)  # a Monday, UTC+2
    assert moment_text(summer, "nb") == "mandag 7. juni kl. 08.30"
    assert moment_text(summer, "nn") == "måndag 7. juni kl. 08.30"
    assert moment_text(summer, "en") == "Monday 7 June at 08:30"


@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2099, 12, 31)))
def test_the_oslo_rule_agrees_with_the_tz_database(moment):
    expected = moment.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Oslo"))
    assert oslo.wall_clock(moment) == expected.replace(tzinfo=None)


def test_R60_each_person_gets_the_channels_they_chose():
    people = [
        {"name": "A", "email": "a@example.no", "phone": "+4790000001", "channels": ["email"]},
        {"name": "B", "email": "b@example.no", "phone": "+4790000002", "channels": ["sms"]},
        {
            "name": "C",
            "email": "c@example.no",
            "phone": "+4790000003",
            "channels": ["email", "sms"],
        },
        {"name": "D", "email": "d@example.no", "phone": None, "channels": ["sms"]},
        {"name": "E", "email": None, "phone": None, "channels": ["email", "sms"]},
        {"name": "F", "email": "f@example.no"},  # today's {name, email}: mail, bokmål
    ]
    notices = notices_for("highlight.posted", people, unit="Solsiden skole", url="u")
    assert [m.to for m in notices.mails] == ["a@example.no", "c@example.no", "f@example.no"]
    assert [s.to for s in notices.sms] == ["+4790000002", "+4790000003"]
    assert notices.unreachable == 2


def test_R90_each_person_reads_their_own_language():
    people = [
        {"name": "N", "email": "nb@example.no", "language": "nb"},
        {"name": "Y", "email": "nn@example.no", "language": "nn"},
        {"name": "E", "email": "en@example.no", "language": "en"},
        {"name": "S", "email": "so@example.no", "language": "so"},  # not written yet: bokmål
        {"name": "U", "email": "none@example.no"},  # no choice: the default given
    ]
    notices = notices_for("highlight.posted", people, language="nn", unit="S", url="u")
    assert [m.subject for m in notices.mails] == [
        "Nytt lysglimt i stafettloggen",
        "Nytt lysglimt i stafettloggen",
        "A new highlight in the relay log",
        "Nytt lysglimt i stafettloggen",
        "Nytt lysglimt i stafettloggen",
    ]
    assert "Noen har skrevet" in notices.mails[0].body
    assert "Nokon har skrive" in notices.mails[1].body
    assert "Nokon har skrive" in notices.mails[4].body


def test_R60_a_meeting_without_a_place_says_where_to_look():
    [mail] = mails_for("meeting.planned", [GRO], unit="S", url="u", when=VALUES["when"], place=None)
    assert "Sted: se loggen" in mail.body
