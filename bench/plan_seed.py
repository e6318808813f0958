"""Seed a migrated logs database with a large municipality's plans: ``python -m bench.plan_seed``.

At the default size, that of Oslo's largest districts: 30 000 logs with 150 000 concerns,
400 000 measures and 60 000 meetings, and around them what the logs service writes while
people work: guardians, actors, read grants, highlights, notes, a history line for every
change and an access-log row for every read. About 60 units; the demo unit
``solsiden-skole`` has exactly 500 logs (its leader's overview, R70), 32 of them held by
the demo ``holder``; every other log is held by a synthetic employee.

Every object is made by the logs service's own domain functions (``rules.create_log``,
``plan.register_concern``, ``plan.plan_measure``, ``plan.evaluate``, ``plan.misregister``,
``meetings.plan_meeting``, ...), in the order a person would have made them, so the rules
(one active measure per actor and concern, deadlines after starts, minutes only once a
meeting has begun) hold for the data, and each change leaves the history line the service
writes with it. The rows are then bulk-inserted with SQLAlchemy Core into a database
migrated to head exactly as the service does on start (``services.common.migrate.upgrade``).
The demo directory (``deploy/demo.json``) is loaded last through the service's own
``import_directory``, as ``./stafett run`` and the benchmark harness do; its rows were
inserted beforehand with the same values, so the import changes nothing.

National ids are synthetic H-numbers (month + 40) with valid check digits, made with
python-stdnum: never a real person. The same ``--seed`` gives the same data on the same
day (every date is reckoned back from today's midnight, UTC).

    .venv/bin/python -m bench.plan_seed --sqlite plan.db             # full size
    .venv/bin/python -m bench.plan_seed --sqlite plan.db --logs 3000  # a tenth of it
    .venv/bin/python -m bench.plan_seed --url postgresql+psycopg://postgres@127.0.0.1/empty_db

See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import multiprocessing
import os
import pickle
import random
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import sessionmaker
from stdnum.no import fodselsnummer

from services.common import national_id
from services.common.auth import AuthContext
from services.common.db import UnitOfWork, make_engine
from services.common.migrate import upgrade
from services.logs import app
from services.logs.app.plan import REMIND_DAYS_BEFORE
from services.logs.domain import access, meetings, notes, plan, rules
from services.logs.domain.access import Operation, Part, Role
from services.logs.domain.model import (
    Address,
    AddressProtection,
    Child,
    CreateLog,
    Employee,
    Guardian,
    LogStatus,
    Unit,
    age_on,
)
from services.logs.domain.plan import Arena, Fact, MeasureStatus, PlanMeasure, Verdict
from services.logs.store.repository import LogRepository
from services.logs.store.tables import (
    ActorRow,
    ConcernRow,
    EmployeeRow,
    GrantRow,
    GuardianRow,
    HighlightRow,
    HistoryRow,
    LinkRow,
    LogRow,
    MeasureRow,
    MeetingRow,
    NoteRow,
    PreferenceRow,
    ReadRow,
    UnitRow,
)
from tests.support import infra

# --------------------------------------------------------------------------- sizes

FULL_LOGS = 30_000
PER_LOG = {"concerns": 5.0, "measures": 40 / 3, "meetings": 2.0}  # 150 000, 400 000, 60 000
HIGHLIGHTS_PER_LOG = 1.0
NOTES_PER_LOG = 2.0
READS_PER_LOG = 10.0
DEMO_UNIT = "solsiden-skole"
DEMO_UNIT_LOGS = 500  # at full size
HOLDER_LOGS = 32  # the demo holder's caseload
UNITS = 60
LOGS_PER_HOLDER = 30
CHUNK_LOGS = 1000  # logs made and inserted together
SQLITE_CACHE_KB = 1_000_000  # the seeding connection's page cache
# What get_log records of a holder's read: the grid's parts but history and the access log.
RECORDED_PARTS = ",".join(
    sorted(
        p.value
        for p in access.parts_for({Role.HOLDER}, Operation.READ) - {Part.HISTORY, Part.ACCESS_LOG}
    )
)


@dataclass(frozen=True)
class Sizes:
    logs: int
    concerns: int
    measures: int
    meetings: int
    unit_logs: int  # logs of the demo unit
    holder_logs: int  # of those, held by the demo holder
    units: int = UNITS

    @classmethod
    def scaled(cls, logs: int, unit_logs: int | None = None, holder_logs: int | None = None):
        """Everything in proportion to ``logs`` (30 000 is the full size)."""
        if logs < 10:
            raise ValueError("at least 10 logs")
        if unit_logs is None:
            unit_logs = max(10, round(DEMO_UNIT_LOGS * logs / FULL_LOGS))
        unit_logs = min(unit_logs, logs)
        holder_logs = min(HOLDER_LOGS if holder_logs is None else holder_logs, unit_logs)
        return cls(
            logs=logs,
            concerns=round(logs * PER_LOG["concerns"]),
            measures=round(logs * PER_LOG["measures"]),
            meetings=round(logs * PER_LOG["meetings"]),
            unit_logs=unit_logs,
            holder_logs=holder_logs,
        )


@dataclass
class Seeded:
    """What was written, and what a benchmark needs to know of it."""

    url: str
    sizes: Sizes
    seconds: float
    rows: dict[str, int]
    holder_pid: str
    holder_log_ids: list[str]  # the demo holder's logs, in creation order
    leader_pid: str
    unit_id: str
    statuses: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        tables = ", ".join(f"{n} {t}" for t, n in self.rows.items())
        return f"seeded in {self.seconds:.1f}s: {tables}"


# --------------------------------------------------------------------------- words

FIRST = (
    "Ola Kari Nora Emma Jakob Filip Sofie Ingrid Lukas Henrik Maja Sara Emil Noah Aksel Ella "
    "Oliver Leah Iben Tiril Mats Sander Jonas Astrid Frida Selma Ida Aurora Vilde Amalie Ali "
    "Yusuf Mohammed Fatima Aisha Zainab Omar Hamza Oskar Liam Theo Hedda Julie Marte Sigrid "
    "Even Tobias Magnus Elias Olav Tuva Live Eline Hanna Linnea Mia Ylva Kasper Isak Ludvig"
).split()
LAST = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand "
    "Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie "
    "Ahmed Ali Hussain Nguyen Khan Mohamed Hassan Abdi Kowalski Nowak Tran Rahman"
).split()
PLACES = (
    "Furuset Grorud Stovner Haugerud Tveita Lindeberg Ellingsrud Romsås Vestli Rommen "
    "Mortensrud Holmlia Bjørndal Prinsdal Hauketo Lambertseter Manglerud Bøler Oppsal "
    "Ulsrud Lusetjern Veitvet Linderud Tonsenhagen Kalbakken Ammerud Kjelsås Grefsen "
    "Sagene Torshov Tøyen Kampen Vålerenga Gamlebyen Sinsen Løren Økern Hasle Bryn Teisen "
    "Godlia Skullerud Rustad Nordstrand Ljan Sæter Holmen Røa Makrellbekken Hovseter Ullern"
).split()
UNIT_KINDS = (
    ["school"] * 22
    + ["kindergarten"] * 22
    + ["health_station"] * 6
    + ["ppt"] * 3
    + ["child_welfare"] * 3
    + ["other"]
)
UNIT_NAMES = {
    "school": "{} skole",
    "kindergarten": "{} barnehage",
    "health_station": "{} helsestasjon",
    "ppt": "PPT {}",
    "child_welfare": "Barneverntjenesten {}",
    "other": "Fritidsklubben {}",
}

DESCRIPTIONS = {
    "motor_skills": [
        "{n} snubler ofte i gymtimene og unngår aktiviteter med ball.",
        "{n} strever med å holde blyanten og blir fort sliten når det skal skrives.",
        "{n} har vansker med å kle på seg selv og bruker lang tid i garderoben.",
    ],
    "language": [
        "{n} bruker få ord og har vansker med å gjøre seg forstått i leken.",
        "{n} forstår ikke alltid beskjeder som gis til hele gruppa.",
        "{n} har et lite ordforråd på norsk og trekker seg unna samtaler i gruppa.",
    ],
    "reading_and_learning": [
        "{n} leser sakte og gir opp lange tekster.",
        "{n} henger etter i matematikk og sier at tallene blander seg.",
        "{n} husker lite av det som er gjennomgått, og leksene blir ikke gjort.",
    ],
    "behaviour": [
        "{n} havner ofte i konflikter i friminuttene og slår når det blir vanskelig.",
        "{n} har sterke reaksjoner ved overganger og nekter å bli med inn.",
        "{n} forstyrrer undervisningen og må ofte gå ut av klasserommet.",
    ],
    "school_absence": [
        "{n} har hatt mye fravær siden høstferien, ofte mandager.",
        "{n} kommer for sent nesten hver dag og går hjem før skoledagen er slutt.",
    ],
    "wellbeing": [
        "{n} virker lei seg og sier at ingen vil leke med henne eller ham.",
        "{n} spiser lite i løpet av dagen og sier ofte at magen gjør vondt.",
        "{n} er mye alene i friminuttene og vil ikke være med på turer.",
    ],
    "education_act_9a": [
        "{n} forteller at noen i klassen sier stygge ting og tar sakene hans eller hennes.",
        "{n} blir holdt utenfor i gruppechatten, og foresatte har meldt fra til skolen.",
    ],
    "health": [
        "{n} har astma og blir ofte syk etter utetid i kulda.",
        "{n} sover dårlig og er trøtt og uopplagt mange morgener.",
    ],
    "other": [
        "{n} flytter mellom to hjem, og beskjeder mellom hjem og skole kommer ikke fram.",
        "{n} har nettopp kommet til Norge og skal finne seg til rette i gruppa.",
    ],
}
GOALS = [
    "{n} deltar i minst to felles aktiviteter hver uke innen jul.",
    "{n} leser en side på fem minutter innen 1. mars.",
    "{n} er på skolen hver dag i fire uker på rad innen påske.",
    "{n} sier selv fra til en voksen når noe er vanskelig, minst én gang i uka.",
    "{n} løser konflikter med ord, og det blir færre enn to hendelser i måneden.",
    "{n} har en venn å være sammen med i friminuttene før sommeren.",
]
CRITERIA = [
    "{n} leser høyt for klassen uten å stoppe.",
    "Kontaktlæreren ser at {n} er med i leken i de fleste friminutt.",
    "Fraværet er under fem prosent i fire uker.",
    "{n} og foresatte sier at det går bedre hjemme og på skolen.",
    "",
]
FACTORS = {
    "services": ["Lange tekster i alle fag.", "Mange voksne å forholde seg til.", "Store grupper."],
    "child": ["Blir fort sliten.", "Er redd for å gjøre feil.", "Sover lite.", ""],
    "home": ["Lite lesing hjemme.", "Foreldrene jobber turnus.", "Nytt søsken.", ""],
    "child_voice": [
        "Sier at bokstavene hopper.",
        "Vil helst være hjemme.",
        "Synes det er kjedelig.",
    ],
}
MEASURE_TEXTS = {
    Arena.SERVICE: [
        "Kontaktlæreren leser ti minutter med {n} hver morgen før første time.",
        "{n} får en fast voksen i friminuttene som hjelper til med å finne noen å leke med.",
        "Spesialpedagogen gir {n} to økter i uka med lesetrening i liten gruppe.",
        "Helsesykepleier har samtale med {n} annenhver uke.",
        "Skolen sender en kort melding hjem hver fredag om hvordan uka har gått.",
        "{n} får egen arbeidsplan med små delmål som gjennomgås hver dag.",
    ],
    Arena.HOME: [
        "Foresatte leser ti minutter med {n} hver kveld.",
        "Foresatte følger {n} til skolen hver morgen i fire uker.",
        "Foresatte og {n} snakker om dagen ved middagsbordet og skriver ned én god ting.",
        "Foresatte sørger for at {n} legger seg før klokka ni på skoledager.",
    ],
    Arena.CHILD: [
        "{n} sier fra til kontaktlæreren når noe er vanskelig i friminuttet.",
        "{n} leser en kort bok hver uke og forteller om den hjemme.",
        "{n} pakker sekken selv kvelden før.",
        "{n} velger én aktivitet i uka å være med på etter skolen.",
    ],
}
COMMENTS = [
    "{n} har vært med hver gang og sier selv at det hjelper.",
    "Det gikk bra de første ukene, men tiltaket ble ikke fulgt opp i høstferien.",
    "Vi ser liten endring ennå og foreslår å prøve noe annet.",
    "Foresatte melder at {n} gleder seg til lesestundene.",
    "Tiltaket er gjennomført som planlagt, og målet for perioden er nådd.",
]
FAMILY_COMMENTS = ["Vi er enige.", "Hjemme merker vi ikke så stor forskjell.", "Det har hjulpet."]
AGENDAS = [
    "Gjennomgang av tiltakene siden sist. Hvordan går det hjemme og på skolen? Veien videre.",
    "Oppstartsmøte: bekymringen, mål og hvem som gjør hva.",
    "Evaluering av tiltak og plan for neste periode.",
]
MINUTES = [
    "Alle var til stede. {n} har hatt en bedre periode, særlig i friminuttene. Lesetreningen "
    "fortsetter som før. Foresatte ønsker tettere kontakt, og kontaktlæreren sender ukentlig "
    "melding hjem. Nytt møte om seks uker.",
    "Foresatte fortalte at {n} gruer seg til mandager. Vi ble enige om at en fast voksen tar "
    "imot {n} i døra, og at helsesykepleier kobles inn. Kontaktlæreren kaller inn til neste møte.",
    "Møtet ble kortere enn planlagt. Tiltakene evalueres skriftlig, og holderen sender "
    "oppsummeringen til foresatte innen fredag.",
]
EVALUATIONS = [
    "Et godt møte der alle fikk sagt sitt.",
    "Vi brukte for lite tid på {n}s egen stemme.",
    "",
]
HIGHLIGHTS = [
    "{n} leste høyt for hele klassen i dag!",
    "{n} var med på fotball i friminuttet og hadde det kjempegøy.",
    "Hele uka uten fravær. Bra jobba, {n}!",
    "{n} fortalte stolt om boka si hjemme.",
]
NOTES = [
    "Samtale med foresatte på telefon. De opplever at {n} er roligere hjemme etter at "
    "leggetidene ble faste. Avtalt at vi snakkes igjen etter neste evaluering.",
    "{n} har fått innvilget ekstra lesetrening fra januar. Skolen melder fra til PPT om behovet.",
    "Kort møte med kontaktlæreren. Tiltaket i friminuttene fungerer, men det er behov for flere "
    "voksne ute på onsdager.",
    "Foresatte har levert erklæring fra fastlegen. Den ligger i skolens arkiv, ikke her.",
]
STREETS = ["veien", "gata", "stien", "bakken", "lia", "tunet"]
PLACES_IN_UNIT = ["Møterom 2", "Kontaktlærerens kontor", "Biblioteket", "Digitalt (Teams)"]
VERDICTS = [Verdict.WORKED] * 5 + [Verdict.PARTLY] * 4 + [Verdict.DID_NOT_WORK] * 2
CATEGORY_WEIGHTS = [8, 12, 20, 14, 8, 16, 5, 7, 10]  # plan.CATEGORIES


# --------------------------------------------------------------------------- people


class People:
    """Unique synthetic national ids (H-numbers: the month plus 40) and names.

    Logs are made in chunks, in parallel; each chunk draws the individual numbers of its
    own lane (those equal to ``lane`` modulo ``lanes``), so no two chunks make the same id."""

    def __init__(self, rng: random.Random, lane: int = 0, lanes: int = 1, taken=()):
        self.rng = rng
        self.lane, self.lanes = lane, lanes
        self.taken: set[str] = set(taken)
        self.individual = {
            span: [i for i in range(span[0], span[1] + 1) if i % lanes == lane]
            for span in ((0, 499), (500, 999))
        }

    def pid(self, born: date) -> str:
        numbers = self.individual[(500, 999) if born.year >= 2000 else (0, 499)]
        start = f"{born.day:02d}{born.month + 40:02d}{born.year % 100:02d}"
        while True:
            base = f"{start}{self.rng.choice(numbers):03d}"
            first = fodselsnummer.calc_check_digit1(base)
            if len(first) != 1:
                continue
            second = fodselsnummer.calc_check_digit2(base + first)
            if len(second) != 1 or base + first + second in self.taken:
                continue
            self.taken.add(base + first + second)
            return base + first + second

    def duf(self, born: date) -> str:
        """A DUF number (UDI's, 12 digits, with its two check digits), registered after birth."""
        while True:
            year = born.year + self.rng.randint(0, 3)
            serial = self.rng.randrange(10**6 // self.lanes) * self.lanes + self.lane
            first_ten = f"{year}{serial:06d}"
            number = first_ten + national_id.duf_check_digits(first_ten)
            if len(number) == 12 and number not in self.taken:
                self.taken.add(number)
                return number

    def phone(self) -> str:
        """Eight digits after +47 that begin with 0: no subscriber has such a number."""
        return f"+470{self.rng.randrange(10**7):07d}"

    def born(self, first_year: int, last_year: int) -> date:
        return date(self.rng.randint(first_year, last_year), 1, 1) + timedelta(
            days=self.rng.randrange(365)
        )

    def name(self, last: str | None = None) -> str:
        return f"{self.rng.choice(FIRST)} {last or self.rng.choice(LAST)}"


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _values(obj, enums: tuple[str, ...] = ()) -> dict:
    """A domain object as its row's values, as ``LogRepository._to_row`` writes them (the
    fields named in ``enums`` hold an Enum or None)."""
    values = dict(vars(obj))
    for key in enums:
        if values[key] is not None:
            values[key] = values[key].value
    return values


MEASURE_ENUMS = ("arena", "status", "verdict", "family_verdict")


class _Recorder:
    """Stands in for the ORM session of ``LogRepository.add``: keeps the rows it adds."""

    def __init__(self):
        self.rows: list = []

    def add(self, row) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        pass


def _row_values(row) -> dict:
    """An ORM row's values for a Core insert: every column, its default where none was set."""
    values = {}
    for column in row.__table__.columns:
        if column.key in row.__dict__:
            values[column.key] = row.__dict__[column.key]
        elif column.default is not None and column.default.is_scalar:
            values[column.key] = column.default.arg
        elif not (column.primary_key and column.autoincrement is True):
            values[column.key] = None
    return values


def _seeding_pragmas(dbapi_connection, _record) -> None:
    """A SQLite connection that seeds: a page cache that holds the indexes, which the
    inserts update all over (ids are random), and no journal: the one transaction writes
    each page once, and a seed that fails is thrown away anyway."""
    for pragma in (f"cache_size=-{SQLITE_CACHE_KB}", "journal_mode=OFF", "synchronous=OFF"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _prepare(dialect, table, rows: list[dict]) -> tuple[str, list]:
    """What ``conn.execute(table.insert(), rows)`` sends, without Core's bookkeeping for
    every row: the INSERT as Core compiles it for ``dialect``, and the values bound by the
    column types' own bind processors, ready for the driver's ``executemany``."""
    keys = list(rows[0])
    compiled = table.insert().compile(dialect=dialect, column_keys=keys)
    processors = {k: table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys}
    if compiled.positional:
        binds = [(name, processors[name]) for name in compiled.positiontup]
        params = [tuple([p(r[k]) if p else r[k] for k, p in binds]) for r in rows]
    else:
        binds = list(processors.items())
        params = [{k: p(r[k]) if p else r[k] for k, p in binds} for r in rows]
    return compiled.string, params


def _allocate(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """``total`` items over ``len(weights)`` bins, in proportion to the weights."""
    counts = [0] * len(weights)
    for index in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[index] += 1
    return counts


# --------------------------------------------------------------------------- directory


class Directory:
    """The units and employees: the demo ones as ``deploy/demo.json`` has them, and synthetic
    ones (a leader and some actors in every unit; holders hired as their logs need them)."""

    def __init__(self, sizes: Sizes, rng: random.Random, people: People, demo: dict):
        self.rng, self.people = rng, people
        self.units = [dict(u) for u in demo["units"]]
        places = rng.sample(PLACES, len(PLACES))
        kinds = list(UNIT_KINDS)
        rng.shuffle(kinds)
        for n in range(sizes.units - len(self.units)):
            kind = kinds[n % len(kinds)]
            place = places[n % len(places)] + (
                f" {n // len(places) + 1}" if n >= len(places) else ""
            )
            slug = place.lower().replace(" ", "-").translate(str.maketrans("øåæ", "oae"))
            self.units.append(
                {
                    "id": f"{slug}-{kind.replace('_', '-')}",
                    "name": UNIT_NAMES[kind].format(place),
                    "kind": kind,
                }
            )
        defaults = {"can_hold": False, "can_act": False, "is_leader": False}
        self.employees = [Employee(**defaults | e, id=_hex(rng)) for e in demo["employees"]]
        by_pid = {e.pid: e for e in self.employees}
        login = {x["key"]: x["pid"] for x in demo["logins"]}
        self.holder = by_pid[login["holder"]]  # the demo holder
        self.leader = by_pid[login["leader"]]  # the demo unit's leader
        for unit in self.units:
            if not any(e.is_leader and e.unit_id == unit["id"] for e in self.employees):
                self.hire(unit["id"], is_leader=True)
            for _ in range(rng.randint(3, 8)):
                self.hire(unit["id"], can_act=True)

    def hire(self, unit_id: str, **roles) -> Employee:
        name = self.people.name()
        employee = Employee(
            pid=self.people.pid(self.people.born(1960, 1998)),
            name=name,
            email=f"{name.lower().replace(' ', '.')}.{len(self.employees)}@kommune.example",
            unit_id=unit_id,
            id=_hex(self.rng),
            **roles,
        )
        self.employees.append(employee)
        return employee

    def in_unit(self, unit_id: str, **roles) -> list[Employee]:
        return [
            e
            for e in self.employees
            if e.unit_id == unit_id and all(getattr(e, k) == v for k, v in roles.items())
        ]


# --------------------------------------------------------------------------- one log


class Maker:
    """The logs of the municipality, made by the service's domain functions in the order a
    person would have made them; each change also gives the history line written with it."""

    def __init__(self, rng: random.Random, now: datetime, people: People, directory: Directory):
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.people = people
        self.dir = directory
        self.units = {u["id"]: Unit(u["id"], u["name"], u["kind"]) for u in directory.units}
        self.actors = {u["id"]: [] for u in directory.units}
        self.leaders = {}
        for e in directory.employees:
            if e.can_act:
                self.actors[e.unit_id].append(e)
            if e.is_leader:
                self.leaders.setdefault(e.unit_id, e)
        # Actors of other services a log at level 2 or 3 draws on (R7).
        elsewhere = [
            e
            for e in directory.employees
            if e.can_act and not e.can_hold and e.unit_id != DEMO_UNIT
        ]
        self.other_actors = [
            e for e in elsewhere if e.unit_id in ("solsiden-helsestasjon", "bydel-ppt")
        ] + rng.sample(elsewhere, min(40, len(elsewhere)))
        self.schools = [u["id"] for u in directory.units if u["kind"] in ("school", "kindergarten")]
        self.passive: list = []  # passive logs made so far, for a later log to link to (R42)
        self.rows: dict[Any, list[dict]] = {}
        self.reset()

    def reset(self) -> None:
        self.rows = {t: [] for t in TABLES}

    def at(self, start: datetime, end: datetime) -> datetime:
        """A moment between the two, in working hours when the span is longer than a day."""
        span = (end - start).total_seconds()
        if span <= 0:
            return start
        moment = start + timedelta(seconds=self.rng.random() * span)
        if span > 86400:
            moment = moment.replace(hour=self.rng.randint(7, 15), minute=self.rng.randrange(60))
            moment = min(max(moment, start), end)
        return moment

    def family(self, unit_id: str, created: datetime):
        """A child (now and then with a DUF number) and one or two guardians, with contact
        details and a shared address; R9 a few addresses protected, so only the mark is kept."""
        rng, people = self.rng, self.people
        surname = rng.choice(LAST)
        born = people.born(self.today.year - 17, created.year - 1)
        child_pid = people.duf(born) if rng.random() < 0.01 else people.pid(born)
        child_name = people.name(surname)
        roll = rng.random()
        protection = AddressProtection.NONE
        if roll < 0.003:
            protection = AddressProtection.STRICTLY_CONFIDENTIAL
        elif roll < 0.018:
            protection = AddressProtection.CONFIDENTIAL
        address = None
        if protection is AddressProtection.NONE:
            address = Address(
                f"{rng.choice(PLACES)}{rng.choice(STREETS)} {rng.randint(1, 140)}",
                f"{rng.randint(150, 1295):04d}",
                "Oslo",
            )
        teen = age_on(born, created.date()) >= 12
        kind = self.units[unit_id].kind
        attends = unit_id if kind in ("school", "kindergarten") else None
        if attends is None and rng.random() < 0.7:
            attends = rng.choice(self.schools)
        child = Child(
            email=f"{child_name.lower().replace(' ', '.')}.{born.year}@elev.example"
            if teen and rng.random() < 0.4
            else None,
            phone=people.phone() if teen and rng.random() < 0.4 else None,
            address=address,
            protection=protection,
            attends_unit_id=attends,
        )
        guardians = []
        for g in range(1 if rng.random() < 0.25 else 2):
            pid = people.pid(people.born(1965, 1998))
            name = people.name(surname if g == 0 or rng.random() < 0.6 else None)
            guardians.append(
                Guardian(
                    pid=pid,
                    name=name,
                    email=f"{name.lower().replace(' ', '.')}.{pid[-4:]}@example.no",
                    phone=people.phone() if rng.random() < 0.8 else None,
                    address=address if g == 0 or rng.random() < 0.7 else None,
                    protection=protection,
                    id=_hex(rng),
                )
            )
            if rng.random() < 0.15:  # R60 chose how to be told
                channels = rng.choice((["email"], ["sms"], ["email", "sms"]))
                self.rows[PreferenceRow].append(
                    {
                        "pid": pid,
                        "channels": channels,
                        "language": rng.choice(("nb",) * 8 + ("nn", "en")),
                        "email": None,
                        "phone": people.phone() if "sms" in channels else None,
                        "updated_at": self.at(created, self.now),
                    }
                )
        return child_pid, child_name, born, child, guardians

    def rounds(self, count: int, arenas: list[Arena]) -> list[list[tuple[Arena, bool]]]:
        """``count`` measures as rounds of one to three arenas, one measure in each; now and
        then one is misregistered and replaced (two measures in one arena)."""
        out, left = [], count
        while left > 0:
            size = min(left, self.rng.choices((1, 2, 3), weights=(3, 5, 2))[0], len(arenas))
            slots = []
            for index, arena in enumerate(self.rng.sample(arenas, size)):
                spare = left - (size - index)  # measures beyond one for each slot left
                twice = spare >= 1 and self.rng.random() < 0.03
                left -= 1 + twice
                slots.append((arena, twice))
            out.append(slots)
        return out

    def make(self, unit_id: str, holder: Employee, counts: dict, measure_counts: list[int]):
        """One log with everything in it; returns its id. Rows go to ``self.rows``."""
        rng, now, people = self.rng, self.now, self.people
        created = now - timedelta(days=14 + 1086 * rng.random() ** 1.6)
        created = created.replace(hour=rng.randint(8, 15), minute=rng.randrange(60))
        earlier = None  # R42 an earlier, passive log of the same child, linked
        if self.passive and rng.random() < 0.04:
            earlier = self.passive.pop(rng.randrange(len(self.passive)))
            created = self.at(earlier.closed_at + timedelta(days=1), now - timedelta(days=14))
            child_pid, child_name = earlier.child_pid, earlier.child_name
            born = earlier.child_birth_date
            child = earlier.child
            guardians = [replace(g, id=_hex(rng)) for g in earlier.guardians]
        else:
            child_pid, child_name, born, child, guardians = self.family(unit_id, created)
        level = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        if earlier is not None:
            rules.check_earlier_logs(child_pid, [earlier], [earlier.id])
        log, _ = rules.create_log(
            CreateLog(
                unit_id=unit_id,
                consent_id=_hex(rng),
                child_pid=child_pid,
                child_name=child_name,
                guardians=guardians,
                level=1 if level > 1 and rng.random() < 0.3 else level,
                child_birth_date=born if len(child_pid) == 12 else None,
                child=child,
                earlier_log_ids=[earlier.id] if earlier else [],
            ),
            holder=holder,
            unit=self.units[unit_id],
            consent={"covered": True},
            now=created,
            log_id=_hex(rng),
        )
        first = child_name.split()[0]
        history: list[tuple[datetime, str | None, str, Fact]] = []

        def fact(at: datetime, f: Fact, who: str | None = holder.pid, role: str = "holder"):
            history.append((at, who, role, f))

        def log_fact(kind: str, at: datetime) -> None:
            body = {
                "log_id": log.id,
                "unit_id": unit_id,
                "level": log.level,
                "status": log.status.value,
            }
            fact(at, Fact(kind, "whole", log.id, body))

        if level != log.level:  # R7 raised since
            log.level = level
            log_fact("log.level_changed", self.at(created, now))

        # R7 actors: of the unit; from level 2 also of other services. Some removed since.
        actors: list[tuple[str, Employee, datetime, datetime | None]] = []
        pool = [a for a in self.actors[unit_id] if a.pid != holder.pid]
        if log.level > 1:
            pool += rng.sample(self.other_actors, min(6, len(self.other_actors)))
        for employee in rng.sample(pool, min(counts["actors"], len(pool))):
            added = min(now, self.at(created, created + timedelta(days=60)))
            removed = self.at(added, now) if rng.random() < 0.1 else None
            actor_id = _hex(rng)
            actors.append((actor_id, employee, added, removed))
            body = {"log_id": log.id, "unit_id": unit_id, "access_id": actor_id}
            fact(added, Fact("actor.added", "whole", actor_id, body))
            if removed:
                fact(removed, Fact("actor.removed", "whole", actor_id, body))
            self.rows[ActorRow].append(
                {
                    "id": actor_id,
                    "log_id": log.id,
                    "pid": employee.pid,
                    "unit_id": employee.unit_id,
                    "added_at": added,
                    "removed_at": removed,
                }
            )

        # R10-R15 the plan: concerns, each with its measures in rounds.
        arenas = [Arena.SERVICE, Arena.HOME]
        if age_on(log.child_birth_date, created.date()) >= plan.CHILD_MEASURE_FROM_AGE:
            arenas.append(Arena.CHILD)
        concerns = []
        age = (now - created).total_seconds()
        for number, count in enumerate(measure_counts):
            rounds = self.rounds(count, arenas)
            room = max(0.0, age - len(rounds) * 14 * 86400)  # about two weeks a round
            offset = rng.random() * (min(room, 20 * 86400) if number == 0 else room)
            registered = created + timedelta(seconds=offset)
            category = rng.choices(plan.CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
            concern, f = plan.register_concern(
                log.id,
                {
                    "category": category,
                    "description": rng.choice(DESCRIPTIONS[category]).format(n=first),
                    "goal": rng.choice(GOALS).format(n=first),
                    "success_criteria": rng.choice(CRITERIA).format(n=first),
                    "factors": {k: rng.choice(v) for k, v in FACTORS.items()},
                    "discussed_with_leader": rng.random() < 0.4,
                    "discussed_with_guardians": rng.random() < 0.85,
                    "discussed_with_child": rng.random() < 0.5,
                },
                concern_id=_hex(rng),
                today=registered.date(),
                unit_id=unit_id,
            )
            fact(registered, f)
            settled = self.measures(log, concern, registered, rounds, actors, fact, first)
            if settled is not None and (now - settled).days > 14 and rng.random() < 0.6:
                concern, f = plan.revise_concern(concern, {"status": "closed"}, unit_id=unit_id)
                fact(self.at(settled, now), f)
            concerns.append((registered, concern))
            self.rows[ConcernRow].append(_values(concern, ("status",)))

        # R16 meetings: planned ahead, minuted once held, a few cancelled.
        staff = [holder] + [a[1] for a in actors if a[3] is None]
        for _ in range(counts["meetings"]):
            starts = self.at(created + timedelta(days=3), now + timedelta(days=30))
            starts = starts.replace(minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0)
            planned_at = min(now, max(created, starts - timedelta(days=rng.uniform(2, 20))))
            participants = [
                {"kind": "employee", "ref": e.id, "name": e.name}
                for e in staff[: rng.randint(1, 3)]
            ]
            participants += [{"kind": "guardian", "ref": None, "name": g.name} for g in guardians]
            if rng.random() < 0.4:
                participants.append({"kind": "child", "ref": None, "name": child_name})
            meeting, f = meetings.plan_meeting(
                log.id,
                {
                    "starts_at": starts,
                    "place": rng.choice(PLACES_IN_UNIT),
                    "participants": participants,
                    "agenda": rng.choice(AGENDAS),
                },
                meeting_id=_hex(rng),
                now=planned_at,
                unit_id=unit_id,
            )
            fact(planned_at, f)
            roll = rng.random()
            minuted = starts + timedelta(hours=rng.uniform(1, 30))
            if starts < now and roll < 0.06:
                meeting, f = meetings.revise_meeting(
                    meeting, {"status": "cancelled"}, unit_id=unit_id
                )
                fact(self.at(planned_at, starts), f)
            elif minuted < now and roll < 0.9:
                meeting, f = meetings.record_minutes(
                    meeting,
                    rng.choice(MINUTES).format(n=first),
                    rng.choice(EVALUATIONS).format(n=first),
                    now=minuted,
                    unit_id=unit_id,
                )
                fact(minuted, f)
            self.rows[MeetingRow].append(_values(meeting))

        # R18 highlights by the holder, a guardian or an actor.
        for _ in range(counts["highlights"]):
            roll = rng.random()
            author, role = holder.pid, "holder"
            if roll > 0.5 and guardians and (roll < 0.8 or not actors):
                author, role = rng.choice(guardians).pid, "guardian"
            elif roll > 0.8 and actors:
                author, role = rng.choice(actors)[1].pid, "actor"
            posted = self.at(created, now)
            highlight, f = notes.post_highlight(
                log.id,
                rng.choice(HIGHLIGHTS).format(n=first),
                author_pid=author,
                author_role=role,
                highlight_id=_hex(rng),
                now=posted,
                unit_id=unit_id,
            )
            fact(posted, f, author, role)
            self.rows[HighlightRow].append(_values(highlight))

        # R19 log notes, some tied to a concern, some for the family and the holder only.
        for _ in range(counts["notes"]):
            written = self.at(created, now)
            earlier = [c for at, c in concerns if at <= written]
            roll = rng.random()
            data = {"text": rng.choice(NOTES).format(n=first), "visibility": "log"}
            if earlier and roll < 0.3:
                data["concern_id"] = rng.choice(earlier).id
                data["visibility"] = rng.choice(("log", "concern"))
            elif roll < 0.4:
                data["visibility"] = "family_and_holder"
            note, f = notes.write_note(
                log.id, data, note_id=_hex(rng), now=written, unit_id=unit_id
            )
            fact(written, f)
            self.rows[NoteRow].append(_values(note))

        # R4 a read grant now and then, from level 2: the whole log or a category.
        if log.level > 1 and rng.random() < 0.1:
            given = self.at(created, now)
            grant_id = _hex(rng)
            categories = sorted({c.category for _, c in concerns})
            narrowed = bool(categories) and rng.random() < 0.5
            expires = (given + timedelta(days=rng.randint(30, 365))).date()
            self.rows[GrantRow].append(
                {
                    "id": grant_id,
                    "log_id": log.id,
                    "pid": people.pid(people.born(1960, 1995)),
                    "name": people.name(),
                    "concern_ids": None,
                    "categories": rng.sample(categories, 1) if narrowed else None,
                    "with_history": rng.random() < 0.3,
                    "expires_on": expires if rng.random() < 0.5 else None,
                    "given_at": given,
                    "revoked_at": None,
                }
            )
            body = {"log_id": log.id, "unit_id": unit_id, "access_id": grant_id}
            fact(given, Fact("grant.given", "whole", grant_id, body))

        # The log's state: mostly active; some closed (R51), some lacking consent (R31).
        version_bumps = 0
        roll = rng.random()
        if roll < 0.1 and (now - created).days > 120:
            log.status = LogStatus.PASSIVE
            log.closed_at = self.at(created + timedelta(days=90), now)
            log_fact("log.closed", log.closed_at)
        elif roll < 0.13:
            log.lacks_consent = True  # its consent expired (consent.expired, R31)
            version_bumps += 1

        # Every change is a history line (who, in which role, what) and moves the version;
        # a misregistration is one change with two lines.
        history.sort(key=lambda h: h[0])
        self.rows[HistoryRow] += [
            {
                "log_id": log.id,
                "at": at,
                "who_pid": who,
                "who_role": role,
                "what": f.type,
                "part": f.part,
                "ref_id": f.ref_id,
            }
            for at, who, role, f in history
        ]
        changes = sum(1 for h in history if h[3].type != "measure.misregistered")
        log.version = 1 + changes + version_bumps

        # R8 the access log: the holder most, the family, the leader, actors.
        leader = self.leaders[unit_id]
        readers = [(holder.pid, "holder", holder.name)] * 6
        readers += [(g.pid, "guardian", g.name) for g in guardians] * 2
        readers.append((leader.pid, "unit_leader", leader.name))
        readers += [(a[1].pid, "actor", a[1].name) for a in actors]
        for read_at in sorted(self.at(created, now) for _ in range(counts["reads"])):
            pid, role, name = rng.choice(readers)
            part = RECORDED_PARTS
            if role != "actor" and rng.random() < 0.15:
                part = rng.choice(("history", "access_log"))
            self.rows[ReadRow].append(
                {
                    "log_id": log.id,
                    "reader_pid": pid,
                    "roles": role,
                    "part": part,
                    "read_at": read_at,
                    "reader_name": name,
                }
            )

        # The log, its guardians and links as ``LogRepository.add`` writes them (the closing
        # date as ``save_state`` writes it later).
        recorder = _Recorder()
        LogRepository(recorder).add(log)
        for row in recorder.rows:
            if isinstance(row, LogRow):
                row.closed_at = log.closed_at
            self.rows[type(row)].append(_row_values(row))
        if log.status is LogStatus.PASSIVE:
            self.passive.append(log)
        return log.id

    def measures(self, log, concern, registered: datetime, rounds, actors, fact, first: str):
        """The concern's measures, planned round by round; every round but the last is
        evaluated before the next is planned (R12: one active measure per actor and
        concern), the last one mostly still active; now and then one is misregistered and
        replaced within hours (R15). Returns when the last was evaluated, or None while
        some are active."""
        rng, now, unit_id = self.rng, self.now, log.unit_id
        if not rounds:
            return None
        made: list = []
        step = (now - registered).total_seconds() / len(rounds)
        settled: datetime | None = registered
        still_active = rng.random() < 0.8
        for number, arenas in enumerate(rounds):
            planned = registered + timedelta(seconds=step * (number + 0.2 * rng.random()))
            last = number == len(rounds) - 1
            fresh = []
            for arena, twice in arenas:
                actor_pid = None
                if arena is Arena.SERVICE:
                    present = [
                        a[1].pid
                        for a in actors
                        if a[2] <= planned and (a[3] is None or a[3] > planned)
                    ]
                    actor_pid = log.holder_pid
                    if present and rng.random() < 0.4:
                        actor_pid = rng.choice(present)
                starts_on = planned.date() + timedelta(days=rng.choice((0, 0, 1, 3)))
                cmd = PlanMeasure(
                    text=rng.choice(MEASURE_TEXTS[arena]).format(n=first),
                    arena=arena,
                    actor_pid=actor_pid,
                    starts_on=starts_on,
                    deadline=None  # R13 the default: three weeks if practical, else six
                    if rng.random() < 0.7
                    else starts_on + timedelta(weeks=rng.randint(2, 8)),
                    practical=rng.random() < 0.35,
                )
                measure, f = plan.plan_measure(
                    concern, made, cmd, measure_id=_hex(rng), now=planned, unit_id=unit_id
                )
                fact(planned, f)
                if twice:  # R15 "feilregistrert" within hours, and replaced
                    at = planned + timedelta(hours=rng.uniform(0.5, min(6, step / 7200)))
                    wrong, measure, facts = plan.misregister(
                        measure,
                        concern,
                        [*made, measure],
                        replace(cmd, text=cmd.text + " Gjelder også onsdager."),
                        new_id=_hex(rng),
                        now=at,
                        unit_id=unit_id,
                    )
                    for f in facts:
                        fact(at, f)
                    made.append(wrong)
                made.append(measure)
                fresh.append(len(made) - 1)
            if last and still_active:
                settled = None
                continue
            # Evaluated near the deadline, at the latest when the next round is planned.
            until = min(now, registered + timedelta(seconds=step * (number + 1)))
            for position in fresh:
                measure = made[position]
                due = datetime.combine(measure.deadline, clock(12), UTC)
                at = due + timedelta(days=rng.uniform(-7, 14))
                at = min(until, max(at, measure.written_at + timedelta(minutes=30)))
                done, f = plan.evaluate(
                    measure,
                    rng.choice(VERDICTS),
                    rng.choice(COMMENTS).format(n=first),
                    now=at,
                    unit_id=unit_id,
                )
                fact(at, f)
                if log.guardians and rng.random() < 0.25:  # R15 the family's own word
                    guardian = rng.choice(log.guardians)
                    later = min(now, at + timedelta(days=rng.uniform(0.2, 10)))
                    done, f = plan.family_verdict(
                        done,
                        rng.choice(VERDICTS),
                        rng.choice(FAMILY_COMMENTS),
                        now=later,
                        unit_id=unit_id,
                    )
                    fact(later, f, guardian.pid, "guardian")
                made[position] = done
                settled = max(settled, at)
        horizon = self.today + timedelta(days=REMIND_DAYS_BEFORE + 1)
        for measure in made:
            row = _values(measure, MEASURE_ENUMS)
            # R60 the reminder timer reminded each measure that was still active three days
            # before its deadline; every active one due by tomorrow's horizon is reminded
            # already, so the timer finds nothing to do while a benchmark runs.
            remind = datetime.combine(
                measure.deadline - timedelta(days=REMIND_DAYS_BEFORE), clock(6), UTC
            )
            remind = max(remind, measure.written_at)
            reminded = None
            if measure.status is MeasureStatus.ACTIVE and measure.deadline <= horizon:
                reminded = min(remind, now)
            elif measure.status is MeasureStatus.EVALUATED and remind <= measure.evaluated_at:
                reminded = remind
            row["reminded_at"] = reminded
            self.rows[MeasureRow].append(row)
        return settled


TABLES = (
    LogRow,
    GuardianRow,
    LinkRow,
    PreferenceRow,
    ConcernRow,
    MeasureRow,
    MeetingRow,
    HighlightRow,
    NoteRow,
    ActorRow,
    GrantRow,
    HistoryRow,
    ReadRow,
)


# --------------------------------------------------------------------------- the seed


@dataclass
class _Work:
    """What every chunk of logs is made from; the workers get it by fork."""

    base: int  # each chunk's random numbers come from (base, chunk)
    now: datetime
    directory: Directory
    taken: frozenset[str]  # the directory's national ids
    caseloads: list[tuple[str, str]]  # per log: the unit and the holder's national id
    per_log: dict[str, list[int]]  # per log: how many concerns, meetings, ...
    measure_counts: list[int]  # per concern
    first_concern: list[int]  # per log: its first concern's index in ``measure_counts``
    chunks: int
    dialect: Any  # the database's, initialized


_WORK: _Work | None = None


def _make_chunk(chunk: int) -> tuple[list[tuple[str, str, list]], list[str], Counter]:
    """One chunk of ``CHUNK_LOGS`` logs: per table its INSERT and values (see ``_prepare``),
    the demo holder's logs among them, and the logs' states."""
    work = _WORK
    rng = random.Random(f"{work.base}/{chunk}")
    people = People(rng, lane=chunk, lanes=work.chunks, taken=work.taken)
    maker = Maker(rng, work.now, people, work.directory)
    by_pid = {e.pid: e for e in work.directory.employees}
    mine = []
    for index in range(chunk * CHUNK_LOGS, min(len(work.caseloads), (chunk + 1) * CHUNK_LOGS)):
        unit_id, holder_pid = work.caseloads[index]
        first = work.first_concern[index]
        count = work.per_log["concerns"][index]
        log_id = maker.make(
            unit_id,
            by_pid[holder_pid],
            {name: counts[index] for name, counts in work.per_log.items()},
            work.measure_counts[first : first + count],
        )
        if holder_pid == work.directory.holder.pid:
            mine.append(log_id)
    states = Counter(
        "lacks_consent" if r["lacks_consent"] else r["status"] for r in maker.rows[LogRow]
    )
    inserts = [
        (table.__tablename__, *_prepare(work.dialect, table.__table__, rows))
        for table, rows in maker.rows.items()
        if rows
    ]
    return inserts, mine, states


def _make_chunk_file(chunk: int, directory: str) -> str:
    """``_make_chunk`` in a maker process, its result pickled to a file; see ``_chunks``."""
    path = os.path.join(directory, f"chunk-{chunk}.pickle")
    with open(path, "wb") as out:
        pickle.dump(_make_chunk(chunk), out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _chunks(count: int, jobs: int) -> Iterator[tuple[list, list[str], Counter]]:
    """Every chunk's rows, in order: made here, or by ``jobs`` processes a few chunks ahead.

    A maker hands its chunk over in a file, read here when the chunk is due: the pool's
    own hand-over unpickles in a thread of this process, which would take the GIL from
    the driver's ``executemany`` between every two rows."""
    if jobs <= 1:
        for chunk in range(count):
            yield _make_chunk(chunk)
        return
    context = multiprocessing.get_context("fork")
    with (
        tempfile.TemporaryDirectory(prefix="stafett-seed-") as spool,
        ProcessPoolExecutor(jobs, mp_context=context) as pool,
    ):
        ahead = deque(pool.submit(_make_chunk_file, c, spool) for c in range(min(count, 3 * jobs)))
        following = len(ahead)
        while ahead:
            path = ahead.popleft().result()
            if following < count:
                ahead.append(pool.submit(_make_chunk_file, following, spool))
                following += 1
            with open(path, "rb") as spooled:
                result = pickle.load(spooled)
            os.unlink(path)
            yield result


def seed(
    url: str,
    sizes: Sizes,
    rng: random.Random,
    *,
    demo: dict | None = None,
    jobs: int | None = None,
    say=print,
) -> Seeded:
    """Migrate the (empty) database at ``url`` to head and fill it; see the module's doc.

    The logs are made in chunks by ``jobs`` processes (default: one per CPU) while this one
    inserts; the data do not depend on ``jobs``."""
    global _WORK
    began = time.monotonic()
    demo = demo or infra.load_demo()
    jobs = jobs or os.cpu_count() or 1
    now = datetime.combine(datetime.now(UTC).date(), clock(0), UTC)
    upgrade("logs", url)  # what ``python -m services logs`` does on start
    migrated = time.monotonic() - began
    taken = {e["pid"] for e in demo["employees"]} | {x["pid"] for x in demo["logins"]}
    directory = Directory(sizes, rng, People(rng, taken=taken), demo)

    # Logs per unit: the demo unit exactly ``unit_logs``, the others by their size.
    others = [u["id"] for u in directory.units if u["id"] != DEMO_UNIT]
    weights = [rng.lognormvariate(0, 0.5) for _ in others]
    per_unit = dict(zip(others, _allocate(sizes.logs - sizes.unit_logs, weights, rng)))
    per_unit[DEMO_UNIT] = sizes.unit_logs
    # Holders hold about 30 logs each; the demo holder ``holder_logs`` of the demo unit's.
    caseloads: list[tuple[str, str]] = []
    for unit_id, count in per_unit.items():
        holders = [e for e in directory.in_unit(unit_id, can_hold=True) if not e.is_leader]
        if unit_id == DEMO_UNIT:
            caseloads += [(unit_id, directory.holder.pid)] * sizes.holder_logs
            count -= sizes.holder_logs
            holders = []
        while count and len(holders) < max(1, math.ceil(count / LOGS_PER_HOLDER)):
            holders.append(directory.hire(unit_id, can_hold=True, can_act=rng.random() < 0.7))
        caseloads += [(unit_id, holders[n % len(holders)].pid) for n in range(count)]
    rng.shuffle(caseloads)
    units = [
        u | {"children": max(50, per_unit[u["id"]] * rng.randint(4, 8))} for u in directory.units
    ]
    employees = [_values(e) | {"left_at": None} for e in directory.employees]

    n = sizes.logs
    per_log = {
        "concerns": _allocate(sizes.concerns, [0.4 + rng.random() for _ in range(n)], rng),
        "meetings": _allocate(sizes.meetings, [0.5 + rng.random() for _ in range(n)], rng),
        "highlights": _allocate(round(n * HIGHLIGHTS_PER_LOG), [1.0] * n, rng),
        "notes": _allocate(round(n * NOTES_PER_LOG), [1.0] * n, rng),
        "reads": _allocate(round(n * READS_PER_LOG), [0.3 + rng.random() for _ in range(n)], rng),
        "actors": rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10), k=n),
    }
    weights = [0.3 + rng.random() for _ in range(sizes.concerns)]
    chunks = math.ceil(n / CHUNK_LOGS)
    engine = make_engine(url)
    if url.startswith("sqlite"):
        # The seeding connection only (the service's own set WAL on connecting again).
        event.listen(engine, "connect", _seeding_pragmas)
    with engine.connect():  # the dialect learns the server it talks to
        pass
    engine.dispose()  # no connection is open when the makers fork
    say(f"  {len(directory.employees)} employees in {len(units)} units; making the logs")
    _WORK = _Work(
        base=rng.getrandbits(64),
        now=now,
        directory=directory,
        taken=frozenset(p.pid for p in directory.employees) | taken,
        caseloads=caseloads,
        per_log=per_log,
        measure_counts=_allocate(sizes.measures, weights, rng),
        first_concern=list(itertools.accumulate(per_log["concerns"], initial=0))[:-1],
        chunks=chunks,
        dialect=engine.dialect,
    )
    totals: Counter = Counter()
    statuses: Counter = Counter()
    holder_log_ids: list[str] = []
    inserting = 0.0
    collecting = gc.isenabled()
    gc.disable()  # millions of small dicts and no cycles: the collector would only rescan them
    try:
        # SQLite: one transaction, so each page of the indexes (which every chunk touches
        # all over) is written once; PostgreSQL: one per chunk.
        one_transaction = url.startswith("sqlite")
        conn = engine.connect()
        try:
            conn.begin()
            conn.execute(UnitRow.__table__.insert(), units)
            conn.execute(EmployeeRow.__table__.insert(), employees)
            totals["units"], totals["employees"] = len(units), len(employees)
            for number, (inserts, mine, states) in enumerate(_chunks(chunks, jobs), 1):
                holder_log_ids += mine
                statuses.update(states)
                started = time.monotonic()
                for name, sql, params in inserts:
                    conn.exec_driver_sql(sql, params)
                    totals[name] += len(params)
                if not one_transaction:
                    conn.commit()
                    conn.begin()
                inserting += time.monotonic() - started
                if number % 5 == 0 or number == chunks:
                    done = min(n, number * CHUNK_LOGS)
                    say(f"  {done} of {n} logs ({time.monotonic() - began:.0f}s)")
            started = time.monotonic()
            conn.commit()
            if one_transaction:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # as the service keeps it
            inserting += time.monotonic() - started
        finally:
            conn.close()
        # The demo directory as ./stafett run loads it, through the service's own import:
        # its rows are in already, with the same values, so it changes nothing.
        app.import_directory(
            UnitOfWork(sessionmaker(engine, expire_on_commit=False)),
            AuthContext.system("operator"),
            {"units": demo["units"], "employees": demo["employees"]},
        )
        if url.startswith("postgresql"):
            # What autovacuum would long since have done to tables of this age.
            started = time.monotonic()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
            say(f"  VACUUM ANALYZE took {time.monotonic() - started:.1f}s")
    finally:
        engine.dispose()
        _WORK = None
        if collecting:
            gc.enable()
    say(
        f"  migrating took {migrated:.1f}s, inserting {inserting:.1f}s "
        f"(made by {jobs} process{'es' if jobs > 1 else ''} meanwhile)"
    )
    return Seeded(
        url=url,
        sizes=sizes,
        seconds=round(time.monotonic() - began, 1),
        rows=dict(totals),
        holder_pid=directory.holder.pid,
        holder_log_ids=holder_log_ids,
        leader_pid=directory.leader.pid,
        unit_id=DEMO_UNIT,
        statuses=statuses,
    )


class SeedMismatch(Exception):
    """The database does not hold what was seeded."""


def check(url: str, seeded: Seeded, demo: dict | None = None) -> None:
    """The seeded database as the service sees it: the sizes, the demo unit and holder, and
    the demo directory's employees as ``deploy/demo.json`` has them."""
    demo = demo or infra.load_demo()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for table in ("logs", "concerns", "measures", "meetings"):
                found = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                wanted = getattr(seeded.sizes, table)
                if found != wanted:
                    raise SeedMismatch(f"{table}: {found} rows, expected {wanted}")
            unit_logs = conn.execute(
                text("SELECT count(*) FROM logs WHERE unit_id = :u"), {"u": DEMO_UNIT}
            ).scalar_one()
            held = conn.execute(
                text("SELECT count(*) FROM logs WHERE holder_pid = :p"), {"p": seeded.holder_pid}
            ).scalar_one()
            if unit_logs != seeded.sizes.unit_logs or held != seeded.sizes.holder_logs:
                raise SeedMismatch(f"{DEMO_UNIT}: {unit_logs} logs, the demo holder {held}")
            rows = {r.pid: r for r in conn.execute(EmployeeRow.__table__.select())}
            for wanted in demo["employees"]:
                row = rows.get(wanted["pid"])
                flags = ("can_hold", "can_act", "is_leader", "is_super_user")
                if (
                    row is None
                    or any(getattr(row, k) != wanted[k] for k in ("name", "email", "unit_id"))
                    or any(bool(getattr(row, k)) != wanted.get(k, False) for k in flags)
                ):
                    raise SeedMismatch(f"employee {wanted['name']} differs from deploy/demo.json")
    finally:
        engine.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", metavar="PATH", help="a new SQLite file")
    where.add_argument("--url", help="an empty database (SQLAlchemy URL), e.g. PostgreSQL")
    parser.add_argument("--logs", type=int, default=FULL_LOGS, help="logs (default 30000)")
    parser.add_argument("--unit-logs", type=int, help=f"logs of {DEMO_UNIT} (default 500, scaled)")
    parser.add_argument("--holder-logs", type=int, help="the demo holder's logs (default 32)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, help="processes making the logs (default: CPUs)")
    args = parser.parse_args(argv)
    if args.sqlite:
        path = Path(args.sqlite)
        if path.exists():
            parser.error(f"{path} exists; give a new file")
        url = f"sqlite:///{path.resolve()}"
    else:
        url = args.url
    try:
        sizes = Sizes.scaled(args.logs, args.unit_logs, args.holder_logs)
    except ValueError as exc:
        parser.error(str(exc))
    seeded = seed(
        url,
        sizes,
        random.Random(args.seed),
        jobs=args.jobs,
        say=lambda m: print(m, file=sys.stderr),
    )
    try:
        check(url, seeded)
    except SeedMismatch as exc:
        print(f"the seeded database does not hold what was seeded: {exc}", file=sys.stderr)
        return 1
    print(seeded.summary())
    print(
        f"{DEMO_UNIT}: {sizes.unit_logs} logs; the demo holder holds {len(seeded.holder_log_ids)}; "
        + ", ".join(f"{n} {s}" for s, n in seeded.statuses.most_common())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
