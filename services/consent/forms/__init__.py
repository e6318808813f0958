"""The paper consent form as PDF, in the languages families read (R30, R90).

``render_consent_form(form, language)`` returns the PDF as bytes; ``LANGUAGES``
names the languages it can print. The text comes from ``catalog/<language>.json``;
every catalog but nb is a machine translation and says so in its
``review_status``. An unknown language, or a ``form`` that does not have the
shape below, raises ValueError.

``form``::

    {
        "consent_id": str,
        "child": {"name": str, "birth_date": "YYYY-MM-DD"},
        "unit": {"name": str},
        "purposes": [str, ...],          # log, share_actors, transfer_unit,
                                         # transfer_municipality, read_grant
        "actors": [{"name": str, "service": str}, ...],
        "transfer_to": [str, ...],       # unit or municipality names; "*" = any
        "parties": [{"name": str, "role": "guardian" | "young_person"}, ...],
        "valid_from": "YYYY-MM-DD" | None,   # None: from the day it is signed
        "valid_until": "YYYY-MM-DD",
        "municipality": str,
    }

Every value from ``form`` is escaped before it reaches the HTML, so a name
that contains markup is printed as the characters it is. The renderer loads
nothing but the bundled fonts: ``link_callback`` resolves those two file names
and nothing else, and the resource policy pisa enforces (which also covers the
fetches that do not go through the callback) allows no network and no local
read outside ``fonts/``.

The font is DejaVu Sans (regular and bold, ``fonts/LICENSE``): one family for
Latin, Cyrillic and the Arabic presentation forms, embedded as a subset so the
PDF looks the same on every machine. Arabic is laid out right to left
(``<html dir="rtl">``); xhtml2pdf joins the letters with arabic-reshaper and
puts each line in visual order with its own bidirectional algorithm.
"""

from __future__ import annotations

import html
import io
import json
import logging
import string
from datetime import date
from functools import cache
from pathlib import Path

from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

__all__ = ["LANGUAGES", "PURPOSES", "link_callback", "render_consent_form"]

LANGUAGES = ("nb", "nn", "en", "pl", "so", "ar", "uk")

#: The purposes a consent can cover, as services.consent.domain.model names them.
PURPOSES = ("log", "share_actors", "transfer_unit", "transfer_municipality", "read_grant")
ROLES = ("guardian", "young_person")
ANY_TARGET = "*"

_HERE = Path(__file__).resolve().parent
FONT_DIR = _HERE / "fonts"
CATALOG_DIR = _HERE / "catalog"

#: The only names the document asks for, and the only ones link_callback resolves.
FONT_FILES = {
    "DejaVuSans.ttf": FONT_DIR / "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf": FONT_DIR / "DejaVuSans-Bold.ttf",
}

#: What link_callback answers for anything it refuses. Not "" or None: pisa keeps
#: the original URI when the callback returns a false value. An empty data: URI
#: is read from the document itself, so it reaches neither the network nor a file.
REFUSED = "data:,"

#: No network, and local reads only inside fonts/. With the limits of
#: ResourceAccessPolicy.server, which is meant for markup the caller did not write.
_POLICY = ResourceAccessPolicy.server(base_dir=FONT_DIR, allow_remote=False)

_CSS = """
@font-face { font-family: FormSans; src: url("DejaVuSans.ttf"); }
@font-face { font-family: FormSans; src: url("DejaVuSans-Bold.ttf"); font-weight: bold; }
@page { size: a4 portrait; margin: 1.6cm 2cm 1.6cm 2cm; }
html, body { font-family: FormSans; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 17pt; font-weight: bold; margin: 0 0 2pt 0; }
h2 { font-size: 12pt; font-weight: bold; margin: 8pt 0 2pt 0; }
p { margin: 0 0 3pt 0; }
.reference { font-size: 8.5pt; color: #444444; margin-bottom: 6pt; }
table { width: 100%; }
td, th { padding: 1pt 4pt 1pt 4pt; vertical-align: top; text-align: $start; }
th { font-weight: bold; width: 35%; }
td.bullet { width: 4%; }
table.actors th, table.actors td { width: 50%; border-bottom: 0.5pt solid #999999; }
.withdraw { font-weight: bold; margin-top: 8pt; }
table.party { page-break-inside: avoid; }
th.who, td.who { padding-top: 10pt; }
th.blank, td.line { vertical-align: bottom; padding-top: 12pt; }
td.line { border-bottom: 0.75pt solid #000000; }
"""

log = logging.getLogger(__name__)


def link_callback(uri: object, rel: object = None) -> str:
    """The bundled font a bare file name stands for; ``REFUSED`` for anything else.

    Only the exact names in ``FONT_FILES`` resolve: no scheme (http, https, file,
    data), no absolute path and no directory part, so nothing can walk out of
    ``fonts/``.
    """
    target = FONT_FILES.get(uri) if isinstance(uri, str) else None
    if target is None:
        # Not the URI itself: it could only come from the form, i.e. personal data.
        log.warning("consent form: refused a resource the document asked for")
        return REFUSED
    return str(target)


def render_consent_form(form: dict, language: str) -> bytes:
    """The consent form for ``form`` in ``language``, as PDF bytes."""
    catalog = _catalog(language)
    document = _html(_checked(form), catalog)
    out = io.BytesIO()
    status = pisa.CreatePDF(
        document,
        dest=out,
        encoding="utf-8",
        link_callback=link_callback,
        resource_policy=_POLICY,
    )
    if status.err:
        raise RuntimeError(f"consent form: xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()


@cache
def _catalog(language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"unknown consent form language {language!r}; use one of {LANGUAGES}")
    with (CATALOG_DIR / f"{language}.json").open(encoding="utf-8") as file:
        return json.load(file)


# ---------------------------------------------------------------------------
# The form's shape


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"consent form: {where} must be a string")
    return value


def _day(value: object, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, where))
    except ValueError as error:
        raise ValueError(f"consent form: {where} must be a date YYYY-MM-DD") from error


def _list(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise ValueError(f"consent form: {where} must be a list")
    return value


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"consent form: {where} must be an object")
    return value


def _checked(form: object) -> dict:
    """``form`` with its values checked and the dates parsed."""
    form = _mapping(form, "form")
    try:
        child = _mapping(form["child"], "child")
        purposes = [_text(p, "purposes[]") for p in _list(form["purposes"], "purposes")]
        unknown = sorted(set(purposes) - set(PURPOSES))
        if unknown:
            raise ValueError(f"consent form: unknown purpose(s) {unknown}")
        parties = []
        for party in _list(form["parties"], "parties"):
            party = _mapping(party, "parties[]")
            role = _text(party["role"], "parties[].role")
            if role not in ROLES:
                raise ValueError(f"consent form: unknown role {role!r}")
            parties.append({"name": _text(party["name"], "parties[].name"), "role": role})
        valid_from = form.get("valid_from")
        return {
            "consent_id": _text(form["consent_id"], "consent_id"),
            "child_name": _text(child["name"], "child.name"),
            "birth_date": _day(child["birth_date"], "child.birth_date"),
            "unit": _text(_mapping(form["unit"], "unit")["name"], "unit.name"),
            "municipality": _text(form["municipality"], "municipality"),
            "purposes": [p for p in PURPOSES if p in purposes],
            "actors": [
                (
                    _text(_mapping(a, "actors[]")["name"], "actors[].name"),
                    _text(a["service"], "actors[].service"),
                )
                for a in _list(form.get("actors", []), "actors")
            ],
            "transfer_to": [
                _text(t, "transfer_to[]") for t in _list(form.get("transfer_to", []), "transfer_to")
            ],
            "parties": parties,
            "valid_from": None if valid_from is None else _day(valid_from, "valid_from"),
            "valid_until": _day(form["valid_until"], "valid_until"),
        }
    except KeyError as missing:
        raise ValueError(f"consent form: missing {missing}") from None


# ---------------------------------------------------------------------------
# The HTML. Every value from the form goes through _e.


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _html(form: dict, catalog: dict) -> str:
    m = catalog["messages"]

    def day(value: date) -> str:
        return m["date_format"].format(
            day=f"{value.day:02d}", month=f"{value.month:02d}", year=f"{value.year:04d}"
        )

    def bullets(items: list[str]) -> str:
        # A table rather than <ul>: its columns follow the direction of the page,
        # and the bullet is drawn with the bundled font, not the PDF viewer's Symbol.
        rows = "".join(
            f'<tr><td class="bullet">\u2022</td><td>{_e(item)}</td></tr>' for item in items
        )
        return f'<table class="list">{rows}</table>'

    def field_rows(*rows: tuple[str, str]) -> str:
        cells = "".join(
            f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in rows
        )
        return f"<table>{cells}</table>"

    parts = [
        f"<h1>{_e(m['title'])}</h1>",
        f'<p class="reference">{_e(m["form_number"])}: {_e(form["consent_id"])}</p>',
        f"<p>{_e(m['intro'])}</p>",
        f"<h2>{_e(m['section_child'])}</h2>",
        field_rows(
            (m["name"], form["child_name"]),
            (m["birth_date"], day(form["birth_date"])),
        ),
        f"<h2>{_e(m['section_responsible'])}</h2>",
        field_rows((m["unit"], form["unit"]), (m["municipality"], form["municipality"])),
        f"<h2>{_e(m['section_purposes'])}</h2>",
        f"<p>{_e(m['purposes_lead'])}</p>",
        bullets([m["purpose_" + p] for p in form["purposes"]]),
    ]
    if form["transfer_to"]:
        targets = [m["transfer_any"] if t == ANY_TARGET else t for t in form["transfer_to"]]
        parts += [
            f"<p>{_e(m['transfer_to'])}:</p>",
            bullets(targets),
        ]

    parts.append(f"<h2>{_e(m['section_actors'])}</h2>")
    if form["actors"]:
        rows = "".join(
            f"<tr><td>{_e(name)}</td><td>{_e(service)}</td></tr>"
            for name, service in form["actors"]
        )
        parts.append(
            f'<table class="actors"><tr><th>{_e(m["actor_name"])}</th>'
            f"<th>{_e(m['actor_service'])}</th></tr>{rows}</table>"
        )
    else:
        parts.append(f"<p>{_e(m['none'])}</p>")

    valid_from = m["valid_from_signing"] if form["valid_from"] is None else day(form["valid_from"])
    parts += [
        f"<h2>{_e(m['section_validity'])}</h2>",
        field_rows((m["valid_from"], valid_from), (m["valid_until"], day(form["valid_until"]))),
        f'<p class="withdraw">{_e(m["withdraw"])}</p>',
        f"<h2>{_e(m['section_signatures'])}</h2>",
    ]
    blanks = "".join(
        f'<tr><th class="blank">{_e(m[key])}</th><td class="line">&#160;</td></tr>'
        for key in ("place", "date", "signature")
    )
    for party in form["parties"]:
        role = m["role_" + party["role"]]
        parts.append(
            f'<table class="party"><tr><th class="who">{_e(role)}</th>'
            f'<td class="who">{_e(party["name"])}</td></tr>'
            f"{blanks}</table>"
        )

    rtl = catalog["direction"] == "rtl"
    css = string.Template(_CSS).substitute(start="right" if rtl else "left")
    return (
        f'<!DOCTYPE html><html lang="{_e(catalog["language"])}" dir="{"rtl" if rtl else "ltr"}">'
        f'<head><meta charset="utf-8"><title>{_e(m["title"])}</title><style>{css}</style></head>'
        f"<body>{''.join(parts)}</body></html>"
    )
