"""Nynorsk: what notify writes (R20: to the reader, short, active verbs)."""

WEEKDAYS = ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag")
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
FALLBACKS = {"place": "sjå loggen"}

MESSAGES = {
    "log.created": {
        "subject": "Det er oppretta ein stafettlogg for barnet ditt",
        "mail": "Hei, {name}.\n\n"
        "{unit} har oppretta ein stafettlogg for barnet ditt. I loggen ser de "
        "kva vi er opptekne av, kva tiltak vi prøver og korleis det går.\n\n"
        "De kan lese heile loggen når som helst. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Har du spørsmål, ta kontakt med stafetthaldaren ved {unit}.\n\n"
        "Helsing {unit}\n",
        "sms": "{unit} har oppretta ein stafettlogg for barnet ditt. "
        "Logg inn med ID-porten og les loggen her: {url}",
    },
    "consent.requested": {
        "subject": "Vi ber om samtykke til ein stafettlogg",
        "mail": "Hei, {name}.\n\n"
        "{unit} ber om samtykke til å lage ein stafettlogg for barnet ditt. Les kva "
        "samtykket gjeld, og signer dersom du er einig. Logg inn med ID-porten her:\n"
        "{url}\n\n"
        "Du kan trekkje samtykket tilbake når som helst.\n\n"
        "Helsing {unit}\n",
        "sms": "{unit} ber om samtykke til ein stafettlogg for barnet ditt. "
        "Les kva samtykket gjeld, og signer her: {url}",
    },
    "consent.expiring": {
        "subject": "Samtykket til ein stafettlogg går ut om {days} dagar",
        "mail": "Hei, {name}.\n\n"
        "Samtykket til ein stafettlogg ved {unit} går ut {expires}. Be familien om eit nytt "
        "samtykke før det, elles blir loggen låst for endringar.\n\n"
        "Sjå samtykket her:\n{url}\n",
        "sms": "Samtykket til ein stafettlogg ved {unit} går ut {expires}. "
        "Be familien om eit nytt samtykke før det: {url}",
    },
    "consent.expired": {
        "subject": "Samtykket til ein stafettlogg har gått ut",
        "mail": "Hei, {name}.\n\n"
        "Samtykket til ein stafettlogg ved {unit} gjekk ut {expires}. Loggen kan no berre "
        "lesast, og deling utanfor eininga er stansa til familien har gitt nytt samtykke.\n\n"
        "Sjå samtykket her:\n{url}\n",
        "sms": "Samtykket til ein stafettlogg ved {unit} gjekk ut {expires}. "
        "Loggen kan no berre lesast: {url}",
    },
    "consent.withdrawn": {
        "subject": "Familien har trekt samtykket til ein stafettlogg",
        "mail": "Hei, {name}.\n\n"
        "Familien har trekt tilbake samtykket til ein stafettlogg ved {unit}. Loggen er "
        "gjord passiv og kan berre lesast.\n\n"
        "Sjå samtykket her:\n{url}\n",
        "sms": "Familien har trekt tilbake samtykket til ein stafettlogg ved {unit}. "
        "Loggen kan no berre lesast: {url}",
    },
    "meeting.planned": {
        "subject": "Møte om stafettloggen {when}",
        "mail": "Hei, {name}.\n\n"
        "{unit} inviterer deg til eit møte om stafettloggen.\n\n"
        "Tid: {when}\nStad: {place}\n\n"
        "Sjå kva vi skal snakke om, og sei frå til stafetthaldaren dersom du ikkje kan kome:\n"
        "{url}\n\n"
        "Helsing {unit}\n",
        "sms": "{unit} inviterer deg til møte om stafettloggen {when}. Stad: {place}. "
        "Sjå meir her: {url}",
    },
    "meeting.moved": {
        "subject": "Møtet om stafettloggen er flytta til {when}",
        "mail": "Hei, {name}.\n\n"
        "{unit} har flytta møtet om stafettloggen.\n\n"
        "Ny tid: {when}\nStad: {place}\n\n"
        "Sei frå til stafetthaldaren dersom du ikkje kan kome. Sjå møtet her:\n"
        "{url}\n\n"
        "Helsing {unit}\n",
        "sms": "{unit} har flytta møtet om stafettloggen til {when}. Stad: {place}. "
        "Sjå meir her: {url}",
    },
    "measure.evaluation_due": {
        "subject": "Evaluer tiltaket ditt innan {deadline}",
        "mail": "Hei, {name}.\n\n"
        "Du har ansvar for eit tiltak i stafettloggen ved {unit}. Evaluer tiltaket innan "
        "{deadline}: tenk gjennom om det har verka, og gi svaret ditt innan fristen. "
        "Sjå tiltaket her:\n"
        "{url}\n\n"
        "Helsing {unit}\n",
        "sms": "Evaluer tiltaket du har ansvar for i stafettloggen ved {unit}, "
        "innan {deadline}. Sjå tiltaket her: {url}",
    },
    "highlight.posted": {
        "subject": "Nytt lysglimt i stafettloggen",
        "mail": "Hei, {name}.\n\n"
        "Nokon har skrive eit nytt lysglimt i stafettloggen ved {unit}. Eit lysglimt er noko "
        "som har gått bra. Les det her:\n"
        "{url}\n\n"
        "Helsing {unit}\n",
        "sms": "Nokon har skrive eit nytt lysglimt i stafettloggen ved {unit}. Les det her: {url}",
    },
}
