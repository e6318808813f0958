"""R30, R90: the paper consent form as PDF, in every language, and safe with hostile names."""

import builtins
import io
import json
import re
import socket
import threading
from pathlib import Path

import arabic_reshaper
import pytest
from pypdf import PdfReader

from services.consent import forms
from services.consent.domain.model import PURPOSES
from services.consent.forms import LANGUAGES, link_callback, render_consent_form

CATALOG = Path(forms.__file__).parent / "catalog"
FONTS = Path(forms.__file__).parent / "fonts"
FORMS_PACKAGE = Path(forms.__file__).parent


def a_form(**overrides) -> dict:
    form = {
        "consent_id": "c-2026-0042",
        "child": {"name": "Ola Nordmann", "birth_date": "2015-03-09"},
        "unit": {"name": "Solsiden barnehage"},
        "purposes": list(PURPOSES),
        "actors": [
            {"name": "Kari Hansen", "service": "Helsestasjonen"},
            {"name": "Per Li", "service": "Pedagogisk-psykologisk tjeneste"},
        ],
        "transfer_to": ["Bergen kommune", "*"],
        "parties": [
            {"name": "Anne Nordmann", "role": "guardian"},
            {"name": "Nils Nordmann", "role": "guardian"},
        ],
        "valid_from": "2026-02-01",
        "valid_until": "2028-01-31",
        "municipality": "Oslo",
    }
    return form | overrides


def catalog(language: str) -> dict:
    return json.loads((CATALOG / f"{language}.json").read_text(encoding="utf-8"))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Without whitespace, so a value the layout wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Each font the pages use, and whether its TrueType program is in the file."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


# --- every language ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_R90_every_language_renders_with_its_title_and_the_childs_name(language):
    pdf = render_consent_form(a_form(), language)

    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert "Ola Nordmann" in text
    title = catalog(language)["messages"]["title"]
    if language == "ar":
        shaped = arabic_reshaper.reshape(title)
        assert shaped in text or shaped[::-1] in text
    else:
        assert title in text
        assert catalog(language)["messages"]["withdraw"].split()[0] in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_R90_the_bundled_font_is_embedded(language):
    fonts = embedded_fonts(render_consent_form(a_form(), language))

    dejavu = {name: embedded for name, embedded in fonts.items() if "DejaVuSans" in name}
    assert dejavu, fonts
    assert all(dejavu.values()), fonts
    # The only other face is the canvas's initial Helvetica, which draws no glyph;
    # in particular no Symbol face for bullets that a viewer would have to supply.
    assert set(fonts) - set(dejavu) <= {"/Helvetica"}


def test_R90_arabic_is_shaped_into_presentation_forms():
    text = text_of(render_consent_form(a_form(), "ar"))

    assert re.search("[\ufe70-\ufeff]", text), "no Arabic presentation forms: not shaped"
    # Every Arabic letter on the page is a joined form, none is left as written.
    assert not re.search("[\u0621-\u064a]", text)
    assert "Ola Nordmann" in text
    assert "09.03.2015" in text


def test_R90_the_pdf_says_its_language_and_direction_in_the_html():
    document = forms._html(forms._checked(a_form()), forms._catalog("ar"))

    assert '<html lang="ar" dir="rtl">' in document
    assert "text-align: right" in document


def test_R31_valid_from_none_means_from_the_day_it_is_signed():
    text = text_of(render_consent_form(a_form(valid_from=None), "nb"))

    assert catalog("nb")["messages"]["valid_from_signing"] in text
    assert "31.01.2028" in text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        render_consent_form(a_form(), "de")
    with pytest.raises(ValueError):
        render_consent_form(a_form(), "../nb")


@pytest.mark.parametrize(
    "broken",
    [
        {"purposes": ["log", "sell"]},
        {"valid_until": "31.01.2028"},
        {"parties": [{"name": "Anne", "role": "neighbour"}]},
        {"child": {"name": 7, "birth_date": "2015-03-09"}},
        {"unit": None},
    ],
)
def test_a_form_of_the_wrong_shape_is_refused(broken):
    with pytest.raises(ValueError):
        render_consent_form(a_form(**broken), "nb")


def test_a_missing_field_is_refused():
    form = a_form()
    del form["valid_until"]
    with pytest.raises(ValueError):
        render_consent_form(form, "nb")


# --- the catalogs ---------------------------------------------------------------


def test_every_catalog_has_the_same_keys_as_nb():
    expected = set(catalog("nb")["messages"])
    assert {f"purpose_{p}" for p in PURPOSES} <= expected
    for language in LANGUAGES:
        messages = catalog(language)["messages"]
        assert set(messages) == expected, language
        assert all(isinstance(v, str) and v.strip() for v in messages.values()), language


def test_the_catalogs_are_exactly_the_languages():
    assert sorted(p.stem for p in CATALOG.glob("*.json")) == sorted(LANGUAGES)


def test_machine_translations_are_marked_as_awaiting_review():
    assert "review_status" not in catalog("nb")
    for language in LANGUAGES:
        if language != "nb":
            assert catalog(language)["review_status"] == "machine_translation_awaiting_review"


def test_the_form_knows_the_purposes_the_consent_service_knows():
    assert forms.PURPOSES == PURPOSES


def test_the_font_ships_with_its_license():
    assert sorted(p.name for p in FONTS.iterdir()) == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans.ttf",
        "LICENSE",
    ]
    assert "Bitstream Vera" in (FONTS / "LICENSE").read_text(encoding="utf-8")


# --- hostile names ---------------------------------------------------------------------


class Listener:
    """A real socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.connections: list = []
        self.arrived = threading.Condition()
        self.closing = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.closing:
            try:
                connection, peer = self.server.accept()
            except OSError:
                return
            with self.arrived:
                self.connections.append(peer)
                self.arrived.notify_all()
            connection.close()

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.connections) >= count, timeout)

    def settle(self):
        """Make sure every connection made so far has been accepted and recorded: connect
        once more ourselves and wait for that one (the backlog is served in order), then
        forget it."""
        before = len(self.connections)
        sentinel = socket.create_connection(("127.0.0.1", self.port), timeout=2)
        own = sentinel.getsockname()
        assert self.wait_for(before + 1)
        sentinel.close()
        with self.arrived:
            self.connections.remove(own)

    def close(self):
        self.closing = True
        self.server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path):
    """A file outside the project with a marker nobody else could print."""
    marker = f"MARKER-{tmp_path.name}-{id(tmp_path)}-do-not-print"
    path = tmp_path / "secret.txt"
    path.write_text(marker, encoding="utf-8")
    return path, marker


def hostile_values(port: int, secret_path: Path) -> dict[str, str]:
    return {
        "bold": "<b>bold</b>",
        "font": '<font color="[[[x]]]">',
        "pixel": f'<img src="http://127.0.0.1:{port}/pixel.png">',
        "hostname": '<img src="file:///etc/hostname">',
        "passwd": '<img src="../../../../etc/passwd">',
        "secret_uri": f'<img src="{secret_path.as_uri()}">',
        "secret_path": f'<img src="{secret_path}">',
        "link": f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">',
        "link_file": f'<link rel="stylesheet" href="{secret_path}">',
        "import": f"<style>@import url(http://127.0.0.1:{port}/import.css);</style>",
    }


def hostile_form(values: dict[str, str]) -> dict:
    every = list(values.values())
    return a_form(
        consent_id=values["bold"],
        child={"name": values["bold"] + " " + values["font"], "birth_date": "2015-03-09"},
        unit={"name": values["pixel"]},
        municipality=values["link"],
        actors=[{"name": value, "service": value} for value in every],
        transfer_to=every,
        parties=[{"name": value, "role": "guardian"} for value in every[:4]],
    )


@pytest.fixture
def opened(monkeypatch):
    """Every path opened through open() while the test runs."""
    paths: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, str | bytes | Path):
            paths.append(str(Path(file.decode() if isinstance(file, bytes) else file).resolve()))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    return paths


@pytest.fixture
def asked(monkeypatch):
    """Every URI pisa asks link_callback for."""
    uris: list = []

    def recording_callback(uri, rel=None):
        uris.append(uri)
        return link_callback(uri, rel)

    monkeypatch.setattr(forms, "link_callback", recording_callback)
    return uris


@pytest.mark.parametrize("language", ["nb", "ar"])
def test_markup_in_names_is_printed_as_text_and_fetches_nothing(
    language, listener, secret, tmp_path, opened, asked
):
    secret_path, marker = secret
    values = hostile_values(listener.port, secret_path)

    pdf = render_consent_form(hostile_form(values), language)
    listener.settle()

    assert pdf.startswith(b"%PDF")
    text = squeezed(text_of(pdf))
    if language == "nb":
        for name, value in values.items():
            assert squeezed(value) in text, name
    else:
        # Right to left, brackets are mirrored in visual order; the markup is
        # still there as characters, not swallowed as tags.
        assert "bold" in text and "127.0.0.1" in text and "etc/passwd" in text
    assert marker not in text
    assert marker.encode() not in pdf
    assert listener.connections == []
    # pisa asked for the two fonts and nothing the form brought in.
    assert set(asked) == set(forms.FONT_FILES)
    # No file outside the package was opened, least of all the secret one. (The
    # recorder works: the fonts themselves are read through open().)
    assert opened
    assert not [p for p in opened if p.startswith(str(tmp_path.resolve()))]
    assert not [p for p in opened if p.startswith("/etc")]
    assert all(Path(p).is_relative_to(FORMS_PACKAGE.resolve()) for p in opened), opened


def test_the_listener_would_have_seen_a_connection(listener):
    """The check above means something: a connection to the port is recorded."""
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert listener.wait_for(1)
    assert len(listener.connections) == 1


def test_even_unescaped_markup_would_fetch_nothing(monkeypatch, listener, secret, tmp_path, opened):
    """Second line of defence: were a value to slip past the escaping, the
    link_callback and the resource policy still keep the renderer at home."""
    secret_path, marker = secret
    values = hostile_values(listener.port, secret_path)
    monkeypatch.setattr(forms, "_e", lambda value: value)

    try:
        pdf = render_consent_form(hostile_form(values), "nb")
    except RuntimeError:
        pdf = b""  # refusing to render is an acceptable answer here; fetching is not
    listener.settle()

    assert listener.connections == []
    assert marker.encode() not in pdf
    if pdf:
        assert marker not in text_of(pdf)
    assert not [p for p in opened if p.startswith(str(tmp_path.resolve()))]
    assert not [p for p in opened if p.startswith("/etc")]


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:9/pixel.png",
        "https://example.org/DejaVuSans.ttf",
        "file:///etc/hostname",
        "/etc/passwd",
        "../../../../etc/passwd",
        "../fonts/DejaVuSans.ttf",
        "fonts/DejaVuSans.ttf",
        "./DejaVuSans.ttf",
        "LICENSE",
        "data:font/ttf;base64,AAAA",
        "",
        None,
    ],
)
def test_link_callback_refuses_everything_but_the_bundled_fonts(uri):
    assert link_callback(uri, None) == forms.REFUSED


def test_link_callback_refuses_a_file_outside_the_project(secret):
    secret_path, _ = secret
    assert link_callback(str(secret_path), None) == forms.REFUSED
    assert link_callback(secret_path.as_uri(), None) == forms.REFUSED


def test_link_callback_resolves_the_bundled_fonts_inside_the_fonts_folder():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        resolved = Path(link_callback(name, None))
        assert resolved == FONTS.resolve() / name
        assert resolved.is_file()
