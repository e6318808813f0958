"""R20 klarspråk hints: advice, never errors, on the language of goals, measures, minutes, notes.

The municipal guide asks the writer to write to the family, briefly and precisely: say who does
what (no «man»), give a date instead of «snarest», do not hide behind «i den grad det er mulig»
("who decides that?"), use active verbs («barnet ringer», not «det ringes»), write words out
instead of abbreviations, and keep sentences short. `hints` finds places in a text that break
one of these rules, in bokmål or nynorsk, and words its advice in the writer's interface
language (nb, nn or en).

Every rule is a heuristic that errs towards silence: a hint the writer must wave away often is
worse than a missed one. Plain Python, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

MAN = "klarsprak.man"
SNAREST = "klarsprak.snarest"
VAGUE_EXTENT = "klarsprak.vague_extent"
ABBREVIATION = "klarsprak.abbreviation"
PASSIVE = "klarsprak.passive"
LONG_SENTENCE = "klarsprak.long_sentence"
CODES: tuple[str, ...] = (MAN, SNAREST, VAGUE_EXTENT, ABBREVIATION, PASSIVE, LONG_SENTENCE)
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")

MAX_SENTENCE_WORDS = 25
LONG_SENTENCE_EXCERPT_WORDS = 8

# All-caps words that are never reported as abbreviations. Kept empty on purpose: the guide
# says to write every abbreviation out to the family; add a word here only with a reason.
ALLOWED_ACRONYMS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hint:
    """One R20 hint: which rule (`code`), where (`field`, `start`), what (`excerpt`), advice."""

    code: str
    field: str
    excerpt: str
    start: int
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


# --- messages ----------------------------------------------------------------------------------

MESSAGES: dict[str, dict[str, str]] = {
    MAN: {
        "nb": "Skriv hvem som gjør det (navn, rolle eller familierelasjon) "
        "i stedet for «{excerpt}».",
        "nn": "Skriv kven som gjer det (namn, rolle eller familierelasjon) "
        "i staden for «{excerpt}».",
        "en": "Say who does it (a name, a role or a family relation) instead of «{excerpt}» (one).",
    },
    SNAREST: {
        "nb": "Skriv en dato eller et tidspunkt i stedet for «{excerpt}».",
        "nn": "Skriv ein dato eller eit tidspunkt i staden for «{excerpt}».",
        "en": "Give a date or a time instead of «{excerpt}» (as soon as possible).",
    },
    VAGUE_EXTENT: {
        "nb": "Skriv hvem som avgjør det, og hvor mye eller hvor ofte, i stedet for «{excerpt}».",
        "nn": "Skriv kven som avgjer det, og kor mykje eller kor ofte, i staden for «{excerpt}».",
        "en": "Say who decides, and how much or how often, instead of «{excerpt}».",
    },
    ABBREVIATION: {
        "nb": "Skriv ordet helt ut i stedet for «{excerpt}». Ikke alle kjenner forkortelsen.",
        "nn": "Skriv ordet heilt ut i staden for «{excerpt}». Ikkje alle kjenner forkortinga.",
        "en": "Write «{excerpt}» out in full. Not every family knows the abbreviation.",
    },
    PASSIVE: {
        "nb": "Skriv hvem som gjør det, med aktivt verb, i stedet for «{excerpt}». "
        "Eksempel: «læreren ringer», ikke «det ringes».",
        "nn": "Skriv kven som gjer det, med aktivt verb, i staden for «{excerpt}». "
        "Døme: «læraren ringjer», ikkje «det ringjast».",
        "en": "Say who does it, with an active verb, instead of «{excerpt}». "
        "Example: «læreren ringer» (the teacher calls), not «det ringes» (it is called).",
    },
    LONG_SENTENCE: {
        "nb": "Setningen har {words} ord. Del den opp i kortere setninger.",
        "nn": "Setninga har {words} ord. Del ho opp i kortare setningar.",
        "en": "This sentence has {words} words. Split it into shorter sentences.",
    },
}

# An abbreviation whose full form we know gets a more useful message.
ABBREVIATION_WRITTEN_OUT: dict[str, str] = {
    "nb": "Skriv «{full}» i stedet for «{excerpt}».",
    "nn": "Skriv «{full}» i staden for «{excerpt}».",
    "en": "Write «{full}» instead of «{excerpt}».",
}

# Known abbreviations, keyed by their letters in lower case without dots or spaces, with the
# full form in (bokmål, nynorsk). The nynorsk form is used when the interface language is nn.
EXPANSIONS: dict[str, tuple[str, str]] = {
    "bla": ("blant annet", "mellom anna"),
    "feks": ("for eksempel", "til dømes"),
    "dvs": ("det vil si", "det vil seie"),
    "osv": ("og så videre", "og så vidare"),
    "evt": ("eventuelt", "eventuelt"),
    "ev": ("eventuelt", "eventuelt"),
    "ca": ("cirka", "cirka"),
    "mht": ("med hensyn til", "med omsyn til"),
    "iht": ("i henhold til", "i samsvar med"),
    "pga": ("på grunn av", "på grunn av"),
    "ifm": ("i forbindelse med", "i samband med"),
    "ift": ("i forhold til", "i forhold til"),
    "mtp": ("med tanke på", "med tanke på"),
    "fom": ("fra og med", "frå og med"),
    "tom": ("til og med", "til og med"),
    "ol": ("og lignende", "og liknande"),
    "el": ("eller lignende", "eller liknande"),
    "mm": ("med mer", "med meir"),
    "mv": ("med videre", "med vidare"),
    "td": ("til dømes", "til dømes"),
    "ma": ("mellom anna", "mellom anna"),
    "oa": ("og andre", "og andre"),
    "pt": ("for tiden", "for tida"),
    "hhv": ("henholdsvis", "høvesvis"),
    "jf": ("jamfør", "jamfør"),
    "jfr": ("jamfør", "jamfør"),
    "jmfr": ("jamfør", "jamfør"),
    "iflg": ("ifølge", "ifølgje"),
    "ang": ("angående", "angåande"),
    "vedr": ("vedrørende", "når det gjeld"),
    "inkl": ("inkludert", "inkludert"),
    "ekskl": ("unntatt", "unnateke"),
    "etc": ("og så videre", "og så vidare"),
    "tlf": ("telefon", "telefon"),
    "mnd": ("måned", "månad"),
    "bhg": ("barnehage", "barnehage"),
    "pkt": ("punkt", "punkt"),
    "stk": ("stykker", "stykke"),
    "ppt": ("pedagogisk-psykologisk tjeneste", "pedagogisk-psykologisk teneste"),
    "bti": ("bedre tverrfaglig innsats", "betre tverrfagleg innsats"),
    "bup": ("barne- og ungdomspsykiatrisk poliklinikk", "barne- og ungdomspsykiatrisk poliklinikk"),
    "sfo": ("skolefritidsordningen", "skulefritidsordninga"),
    "iop": ("individuell opplæringsplan", "individuell opplæringsplan"),
    "ip": ("individuell plan", "individuell plan"),
}


def _language(language: str | None) -> str:
    """Map "nn-NO", "NB", "no" and the like to nb, nn or en; anything else to nb."""
    base = (language or "").strip().lower().replace("_", "-").split("-")[0]
    base = {"no": "nb", "nob": "nb", "nno": "nn", "eng": "en"}.get(base, base)
    return base if base in LANGUAGES else "nb"


def message(code: str, language: str, excerpt: str, **values: object) -> str:
    """The R20 advice for `code` in `language` (nb, nn or en; unknown → nb)."""
    lang = _language(language)
    if code == ABBREVIATION:
        full = EXPANSIONS.get(re.sub(r"[\s.]", "", excerpt).lower())
        if full is not None:
            written_out = full[1] if lang == "nn" else full[0]
            return ABBREVIATION_WRITTEN_OUT[lang].format(full=written_out, excerpt=excerpt)
    return MESSAGES[code][lang].format(excerpt=excerpt, **values)


# --- patterns ----------------------------------------------------------------------------------

_FLAGS = re.IGNORECASE

# «man» the pronoun; «man-tors.», «man–fre», «man/ons» are weekday ranges, not the pronoun.
_MAN = re.compile(r"\bman\b(?![-–/])(?<![-–/]man)", _FLAGS)

_SNAREST = re.compile(
    r"\bsnar(?:est|ast)(?:\s+(?:mulig|mogleg))?\b"
    r"|\bså\s+snart\s+som\s+(?:mulig|mogleg|råd)\b"
    r"|\b(?:raskest|fortest)\s+mulig\b"
    r"|\b(?:raskast|fortast)\s+mogleg\b",
    _FLAGS,
)

# The guide: «Skriv presist hvor ofte, ikke "i rimelig omfang". Ikke skriv "i den grad det er
# mulig", for hvem avgjør det?» The short conditional forms ask the same question.
_VAGUE_EXTENT = re.compile(
    r"\bi\s+den\s+grad\s+det\s+(?:er\s+(?:mulig|mogleg)|lar\s+seg\s+gjøre|let\s+seg\s+gjere)\b"
    r"|\bså\s+langt\s+(?:det\s+er\s+)?(?:mulig|mogleg)\b"
    r"|\bi\s+rimel[ie]g\s+omfang\b"
    r"|\b(?:om|hvis|dersom|viss)\s+(?:mulig|mogleg)\b"
    r"|\bved\s+behov\b",
    _FLAGS,
)

# Dotted abbreviations, written with their dots. Multi-part ones may drop the last dot
# («f.eks ta med») or have a space after an inner dot («f. eks.»).
_DOTTED = (
    "bl.a. f.eks. f.o.m. t.o.m. o.l. e.l. m.m. m.v. t.d. m.a. o.a. p.t. "
    "dvs. osv. evt. ev. ca. mht. iht. pga. ifm. ift. mtp. hhv. jf. jfr. jmfr. iflg. ang. "
    "vedr. inkl. ekskl. etc. tlf. mnd. bhg. pkt. stk."
).split()
# The same words written without dots; only those that are not also ordinary words.
_UNDOTTED = (
    "feks dvs osv evt mht iht pga ifm ift mtp hhv jfr jmfr iflg inkl ekskl etc tlf mnd bhg ca"
).split()
# Abbreviations that usually close a list, so their dot may also end the sentence.
_LIST_END = frozenset({"osv", "mm", "ol", "el", "mv", "etc"})


def _dotted_pattern(abbreviation: str) -> str:
    parts = abbreviation.rstrip(".").split(".")
    if len(parts) == 1:
        return re.escape(parts[0]) + r"\."
    return r"\.\s?".join(re.escape(p) for p in parts) + r"\.?"


_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(_dotted_pattern(a) for a in sorted(_DOTTED, key=len, reverse=True))
    + r"|(?:"
    + "|".join(_UNDOTTED)
    + r")\b(?!\.\w)"
    # any other «x.y.» shape of one- to three-letter parts
    + r"|(?:[^\W\d_]{1,3}\.){2,}"
    + r")(?!\w)",
    _FLAGS,
)
# Capitals, 2–6 letters, optionally with a genitive s («BTIs»): PPT, BUP, SFO, NAV.
_ACRONYM = re.compile(r"(?<![\w.])[A-ZÆØÅ]{2,6}(?=s?(?![\w]))")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:no|com|org)\b")

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")

# --- the passive heuristic ------------------------------------------------------------------

_MODALS = frozenset(
    "skal skulle bør burde må måtte kan kunne vil ville".split()
)  # same spelling in bokmål and nynorsk
# Between a modal and the -es/-ast word, these say the word is not a passive verb: a copula
# («skal vere flinkast») or a determiner before a genitive («kan hjelpe de ansattes»).
_BLOCKERS = frozenset(
    "være vere vera bli verte er var vart vert blir "
    "de den dei sin sine sitt hans hennes deres våre vår mine dine din min en ei et ein eit".split()
)
# Common s-passives in child-service writing: flagged wherever they stand.
_KNOWN_PASSIVES = frozenset(
    (
        # bokmål
        "vurderes gjennomføres følges kartlegges tilrettelegges evalueres iverksettes avklares "
        "drøftes undersøkes ringes sendes gjøres innhentes opprettes avtales henvises meldes "
        "informeres kontaktes utredes observeres justeres videreføres avsluttes planlegges "
        "sikres arkiveres prøves testes journalføres dokumenteres innkalles kalles "
        # nynorsk
        "vurderast gjennomførast følgjast kartleggjast evaluerast iverksetjast avklarast "
        "drøftast undersøkjast sendast gjerast innhentast opprettast avtalast tilvisast meldast "
        "informerast kontaktast utgreiast observerast justerast avsluttast planleggjast "
        "sikrast arkiverast prøvast testast nyttast lastast tilretteleggjast dokumenterast"
    ).split()
)
# Words ending in -es/-ast that are not s-passives: deponent verbs with an active sense, pronouns,
# genitives, superlative adverbs and nouns.
_NOT_PASSIVE = frozenset(
    (
        "møtes synes finnes trives lykkes mislykkes minnes sees høres kjennes føles eldes "
        "undres skammes "
        "møtast synast finnast trivast lukkast mislukkast minnast sjåast høyrast kjennast "
        "hennes deres alles andres hverandres ansattes foreldrenes elevenes barnenes "
        "diabetes herpes "
        "snarast seinast tidlegast oftast fortast raskast lettast flinkast "
        "best fast kast last mast rast kontrast ballast podkast entusiast gymnast palast"
    ).split()
)
_MIN_PASSIVE_LENGTH = 5


def _is_passive_shape(word: str) -> bool:
    lower = word.lower()
    if lower in _KNOWN_PASSIVES:
        return True
    # a genitive plural («tiltakenes», «lærernes») is not a verb; few long verbs end so
    genitive_plural = len(lower) >= 8 and lower.endswith(("enes", "ernes"))
    return (
        len(lower) >= _MIN_PASSIVE_LENGTH
        and lower.endswith(("es", "ast"))
        and lower not in _NOT_PASSIVE
        and not genitive_plural
    )


def _passive_spans(sentence: str, offset: int) -> list[tuple[int, str]]:
    """R20 s-passives in one sentence: known forms, or -es/-ast within two words of a modal."""
    words = list(_LETTERS.finditer(sentence))
    found = []
    for i, match in enumerate(words):
        word = match.group()
        if not _is_passive_shape(word):
            continue
        lower = word.lower()
        if lower in _KNOWN_PASSIVES:
            found.append((offset + match.start(), word))
            continue
        if word[0].isupper():  # a name («skal Agnes lese») or a sentence start
            continue
        before = [w.group().lower() for w in words[max(0, i - 2) : i]]
        if before and before[-1] == "det":  # «det ringes»
            found.append((offset + match.start(), word))
        elif len(before) >= 1 and before[-1] in _MODALS:
            found.append((offset + match.start(), word))
        elif len(before) == 2 and before[0] in _MODALS and before[1] not in _BLOCKERS:
            found.append((offset + match.start(), word))
    return found


# --- sentences ---------------------------------------------------------------------------------


def _sentences(text: str, abbreviation_dots: set[int]) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`: split on . ! ? and newlines, not on the dot of an
    abbreviation, of an ordinal («12. mars») or inside a word («kl.17», «nav.no»)."""
    spans = []
    start = 0
    n = len(text)
    for i, ch in enumerate(text):
        end_here = False
        if ch == "\n" or ch in "!?":
            end_here = True
        elif ch == ".":
            after = text[i + 1] if i + 1 < n else ""
            if after and not after.isspace() and after not in "\"'»)”’":
                end_here = False
            elif i in abbreviation_dots:
                end_here = False
            elif i > 0 and text[i - 1].isdigit():
                following = text[i + 1 :].lstrip(" \t")[:1]
                end_here = not following or not (following.islower() or following.isdigit())
            else:
                end_here = True
        if end_here:
            spans.append((start, i))
            start = i + 1
    spans.append((start, n))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# --- the rules ---------------------------------------------------------------------------------


def _abbreviations(text: str) -> tuple[list[tuple[int, str]], set[int]]:
    """Abbreviations as written, and the positions of dots that do not end a sentence."""
    urls = [m.span() for m in _URL.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(s <= pos < e for s, e in urls)

    found: list[tuple[int, str]] = []
    dots: set[int] = set()
    taken: list[tuple[int, int]] = []
    for m in _ABBREVIATION.finditer(text):
        if in_url(m.start()):
            continue
        found.append((m.start(), m.group()))
        taken.append(m.span())
        letters = re.sub(r"[\s.]", "", m.group()).lower()
        rest = text[m.end() :]
        closes_sentence = letters in _LIST_END and re.match(r"\s+[A-ZÆØÅ]", rest)
        for i in range(m.start(), m.end()):
            if text[i] == "." and not (closes_sentence and i == m.end() - 1):
                dots.add(i)
    shouting = _shouting_spans(text)
    for m in _ACRONYM.finditer(text):
        word = m.group()
        if (
            word in ALLOWED_ACRONYMS
            or _ROMAN.fullmatch(word)
            or in_url(m.start())
            or any(s <= m.start() < e for s, e in taken)
            or any(s <= m.start() < e for s, e in shouting)
        ):
            continue
        found.append((m.start(), word))
    return found, dots


_CAPS_RUN = re.compile(r"(?<![\w.])[A-ZÆØÅ]+(?:[ \t]+[A-ZÆØÅ]+)+(?!\w)")


def _shouting_spans(text: str) -> list[tuple[int, int]]:
    """Runs of all-caps words a space apart with two or more longer than one letter: a heading
    or shouting («VI MØTES I MORGEN»), not acronyms. «I PPT», «PPT og BUP», «PPT/BUP» and
    «PPT, BUP» are not runs of this kind, so their acronyms are still flagged."""
    return [
        m.span() for m in _CAPS_RUN.finditer(text) if sum(len(w) > 1 for w in m.group().split()) > 1
    ]


def hints(text: str | None, *, field: str, language: str = "nb") -> list[Hint]:
    """R20: klarspråk hints for `text` (bokmål or nynorsk), advice in `language` (nb/nn/en).

    Flags «man», «snarest», vague extent («i den grad det er mulig»), abbreviations, s-passives
    and sentences of more than 25 words. Never raises on text; returns hints ordered by offset.
    """
    if text is None or not text.strip():
        return []
    found: list[tuple[int, int, str, str, dict]] = []  # start, rule order, code, excerpt, values

    def add(code: str, start: int, excerpt: str, **values: object) -> None:
        found.append((start, CODES.index(code), code, excerpt, values))

    for m in _MAN.finditer(text):
        add(MAN, m.start(), m.group())
    for m in _SNAREST.finditer(text):
        add(SNAREST, m.start(), m.group())
    for m in _VAGUE_EXTENT.finditer(text):
        add(VAGUE_EXTENT, m.start(), m.group())
    abbreviations, dots = _abbreviations(text)
    for start, excerpt in abbreviations:
        add(ABBREVIATION, start, excerpt)
    for s, e in _sentences(text, dots):
        for start, excerpt in _passive_spans(text[s:e], s):
            add(PASSIVE, start, excerpt)
        words = list(_WORD.finditer(text, s, e))
        if len(words) > MAX_SENTENCE_WORDS:
            first = words[0].start()
            last = words[LONG_SENTENCE_EXCERPT_WORDS - 1].end()
            add(LONG_SENTENCE, first, text[first:last] + "…", words=len(words))
    found.sort(key=lambda f: (f[0], f[1]))
    return [
        Hint(code, field, excerpt, start, message(code, language, excerpt, **values))
        for start, _, code, excerpt, values in found
    ]
