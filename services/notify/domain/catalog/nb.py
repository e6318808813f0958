"""Norsk bokmål: what notify writes (R20: to the reader, short, active verbs)."""

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
MOMENT = "{weekday} {day}. {month} kl. {hour:02d}.{minute:02d}"
DAY = "{day}. {month} {year}"
FALLBACKS = {"place": "se loggen"}

MESSAGES = {
    "log.created": {
        "subject": "Det er opprettet en stafettlogg for barnet ditt",
        "mail": "Hei, {name}.\n\n"
        "{unit} har opprettet en stafettlogg for barnet ditt. I loggen ser dere "
        "hva vi er opptatt av, hvilke tiltak vi prøver og hvordan det går.\n\n"
        "Dere kan lese hele loggen når som helst. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Har du spørsmål, ta kontakt med stafettholderen ved {unit}.\n\n"
        "Hilsen {unit}\n",
        "sms": "{unit} har opprettet en stafettlogg for barnet ditt. "
        "Logg inn med ID-porten og les loggen her: {url}",
    },
    "consent.requested": {
        "subject": "Vi ber om samtykke til en stafettlogg",
        "mail": "Hei, {name}.\n\n"
        "{unit} ber om samtykke til å lage en stafettlogg for barnet ditt. Les hva "
        "samtykket gjelder, og signer hvis du er enig. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Du kan trekke samtykket tilbake når som helst.\n\n"
        "Hilsen {unit}\n",
        "sms": "{unit} ber om samtykke til en stafettlogg for barnet ditt. "
        "Les hva samtykket gjelder, og signer her: {url}",
    },
    "consent.expiring": {
        "subject": "Samtykket til en stafettlogg går ut om {days} dager",
        "mail": "Hei, {name}.\n\n"
        "Samtykket til en stafettlogg ved {unit} går ut {expires}. Be familien om et nytt "
        "samtykke før det, ellers blir loggen låst for endringer.\n\n"
        "Se samtykket her:\n{url}\n",
        "sms": "Samtykket til en stafettlogg ved {unit} går ut {expires}. "
        "Be familien om et nytt samtykke før det: {url}",
    },
    "consent.expired": {
        "subject": "Samtykket til en stafettlogg har gått ut",
        "mail": "Hei, {name}.\n\n"
        "Samtykket til en stafettlogg ved {unit} gikk ut {expires}. Loggen kan nå bare leses, "
        "og deling utenfor enheten er stanset til familien har gitt nytt samtykke.\n\n"
        "Se samtykket her:\n{url}\n",
        "sms": "Samtykket til en stafettlogg ved {unit} gikk ut {expires}. "
        "Loggen kan nå bare leses: {url}",
    },
    "consent.withdrawn": {
        "subject": "Familien har trukket samtykket til en stafettlogg",
        "mail": "Hei, {name}.\n\n"
        "Familien har trukket tilbake samtykket til en stafettlogg ved {unit}. Loggen er "
        "gjort passiv og kan bare leses.\n\n"
        "Se samtykket her:\n{url}\n",
        "sms": "Familien har trukket tilbake samtykket til en stafettlogg ved {unit}. "
        "Loggen kan nå bare leses: {url}",
    },
    "meeting.planned": {
        "subject": "Møte om stafettloggen {when}",
        "mail": "Hei, {name}.\n\n"
        "{unit} inviterer deg til et møte om stafettloggen.\n\n"
        "Tid: {when}\nSted: {place}\n\n"
        "Se hva vi skal snakke om, og si fra til stafettholderen hvis du ikke kan komme:\n"
        "{url}\n\n"
        "Hilsen {unit}\n",
        "sms": "{unit} inviterer deg til møte om stafettloggen {when}. Sted: {place}. "
        "Se mer her: {url}",
    },
    "meeting.moved": {
        "subject": "Møtet om stafettloggen er flyttet til {when}",
        "mail": "Hei, {name}.\n\n"
        "{unit} har flyttet møtet om stafettloggen.\n\n"
        "Ny tid: {when}\nSted: {place}\n\n"
        "Si fra til stafettholderen hvis du ikke kan komme. Se møtet her:\n"
        "{url}\n\n"
        "Hilsen {unit}\n",
        "sms": "{unit} har flyttet møtet om stafettloggen til {when}. Sted: {place}. "
        "Se mer her: {url}",
    },
    "measure.evaluation_due": {
        "subject": "Evaluer tiltaket ditt innen {deadline}",
        "mail": "Hei, {name}.\n\n"
        "Du har ansvar for et tiltak i stafettloggen ved {unit}. Evaluer tiltaket innen "
        "{deadline}: tenk gjennom om det har virket, og gi svaret ditt innen fristen. "
        "Se tiltaket her:\n"
        "{url}\n\n"
        "Hilsen {unit}\n",
        "sms": "Evaluer tiltaket du har ansvar for i stafettloggen ved {unit}, "
        "innen {deadline}. Se tiltaket her: {url}",
    },
    "highlight.posted": {
        "subject": "Nytt lysglimt i stafettloggen",
        "mail": "Hei, {name}.\n\n"
        "Noen har skrevet et nytt lysglimt i stafettloggen ved {unit}. Et lysglimt er noe "
        "som har gått bra. Les det her:\n"
        "{url}\n\n"
        "Hilsen {unit}\n",
        "sms": "Noen har skrevet et nytt lysglimt i stafettloggen ved {unit}. Les det her: {url}",
    },
}
