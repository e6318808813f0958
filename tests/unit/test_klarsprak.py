"""R20: klarspråk hints on goals, measures, minutes and notes, in bokmål and nynorsk."""

import ast
import sys
from pathlib import Path

import pytest

from services.logs.domain import klarsprak
from services.logs.domain.klarsprak import (
    ABBREVIATION,
    CODES,
    LANGUAGES,
    LONG_SENTENCE,
    MAN,
    PASSIVE,
    SNAREST,
    VAGUE_EXTENT,
    Hint,
    hints,
)


def found(text: str, code: str | None = None, language: str = "nb") -> list[tuple[str, str]]:
    return [
        (h.code, h.excerpt)
        for h in hints(text, field="text", language=language)
        if code is None or h.code == code
    ]


def excerpts(text: str, code: str) -> list[str]:
    return [excerpt for _, excerpt in found(text, code)]


def long_text(words: int) -> str:
    return " ".join(["ord"] * (words - 1) + ["slutt."])


# One text per code that gives exactly one hint of that code.
SAMPLES = {
    MAN: "Her må man ringe.",
    SNAREST: "Mor ringer snarest.",
    VAGUE_EXTENT: "Ola leser i den grad det er mulig.",
    ABBREVIATION: "Lærer snakker med PPT.",
    PASSIVE: "Tiltaket evalueres.",
    LONG_SENTENCE: long_text(30),
}


# --- clean text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Lærer leser med Ola i ti minutter hver dag.",
        "Vi møtes igjen 12. mars og ser på om lesingen har gått bedre.",
        "Ella arbeider med lekser man-torsdag fra kl.17-18 og ber foresatte om hjelp til å løse "
        "oppgavene dersom hun står fast.",
        "Mor ringer helsesykepleier fredag 14. mars.",
        "Læraren les med Ola i ti minutt kvar dag. Vi møtest igjen 12. mars.",
        "Det er mulig å gi aktører lesetilgang til hele eller deler av loggen.",
    ],
)
def test_R20_clean_text_in_the_guide_style_gives_no_hints(text):
    assert hints(text, field="goal") == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", None])
def test_R20_empty_whitespace_or_missing_text_gives_no_hints(text):
    assert hints(text, field="goal") == []


# --- «man» ---------------------------------------------------------------------------------------


def test_R20_man_is_flagged_but_mann_and_mandag_are_not():
    text = "Mannen kommer på mandag med manglende papirer, og man ringer mor."
    assert found(text) == [(MAN, "man")]


def test_R20_man_is_flagged_at_the_start_of_a_sentence_and_before_a_full_stop():
    assert excerpts("Man ringer mor. Det gjør man.", MAN) == ["Man", "man"]


def test_R20_man_in_a_weekday_range_is_not_the_pronoun():
    assert excerpts("Ola leser man-tors. og man–fre, men ikke man/ons.", MAN) == []


def test_R20_nynorsk_ein_is_not_flagged_as_it_is_too_ambiguous():
    assert found("Ein kan nytta eit skjema. Ola har ein bror.", MAN) == []


def test_R20_man_message_says_write_who_does_it():
    (hint,) = hints("Her må man ringe.", field="measure")
    assert hint.message == (
        "Skriv hvem som gjør det (navn, rolle eller familierelasjon) i stedet for «man»."
    )


# --- «snarest» -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    ["snarest", "Snarest", "snarast", "snarest mulig", "så snart som mulig", "så snart som mogleg"],
)
def test_R20_snarest_and_its_nynorsk_and_long_forms_are_flagged(phrase):
    assert found(f"Mor ringer {phrase} til skolen.") == [(SNAREST, phrase)]


def test_R20_snart_and_snarvei_are_not_snarest():
    assert found("Vi møtes snart igjen og tar snarveien hjem.", SNAREST) == []


# --- vague extent --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "i den grad det er mulig",
        "i den grad det er mogleg",
        "I den grad det er mulig",
        "i rimelig omfang",
        "i rimeleg omfang",
        "så langt det er mulig",
        "om mulig",
        "om mogleg",
        "ved behov",
    ],
)
def test_R20_non_committal_extent_is_flagged(phrase):
    assert found(f"Ola leser {phrase} hjemme.") == [(VAGUE_EXTENT, phrase)]


def test_R20_mulig_and_behov_alone_are_not_vague_extent():
    text = (
        "Det er mulig å gi lesetilgang. Behovet for hjelp er stort. Vi ser om lesingen går bedre."
    )
    assert found(text, VAGUE_EXTENT) == []


# --- abbreviations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "abbreviation",
    [
        "bl.a.",
        "f.eks.",
        "dvs.",
        "osv.",
        "evt.",
        "ev.",
        "ca.",
        "mht.",
        "iht.",
        "pga.",
        "ifm.",
        "t.o.m.",
        "o.l.",
        "m.m.",
        "t.d.",
        "m.a.",
        "f. eks.",
        "f.eks",
        "Bl.a.",
    ],
)
def test_R20_dotted_abbreviations_are_flagged(abbreviation):
    assert found(f"Ola tar med {abbreviation} bøker hjem.") == [(ABBREVIATION, abbreviation)]


@pytest.mark.parametrize("abbreviation", ["ift", "mtp", "feks", "evt", "pga", "mtp.", "osv", "dvs"])
def test_R20_undotted_abbreviations_are_flagged(abbreviation):
    assert found(f"Ola leser {abbreviation} lekser.") == [(ABBREVIATION, abbreviation)]


@pytest.mark.parametrize("acronym", ["PPT", "BTI", "IOP", "SFO", "NAV", "BUP", "IP", "PP"])
def test_R20_all_caps_acronyms_are_flagged(acronym):
    assert found(f"Mor snakker med {acronym} fredag.") == [(ABBREVIATION, acronym)]


def test_R20_acronym_with_genitive_s_or_hyphen_is_flagged_as_the_acronym():
    assert excerpts("BTIs nettside og PP-tenesta og BTI-fora.", ABBREVIATION) == [
        "BTI",
        "PP",
        "BTI",
    ]


def test_R20_unknown_x_dot_y_dot_abbreviation_is_flagged():
    assert excerpts("Ola møter i.h.t. avtalen.", ABBREVIATION) == ["i.h.t."]


@pytest.mark.parametrize(
    "text",
    [
        "Ola leser. Mor skriver.",  # a sentence's full stop after a normal word
        "Plan A er best.",  # a single capital letter
        "Kapittel IV og XII i boka.",  # Roman numerals
        "Se stafettloggen.conexus.no og www.nav.no.",  # addresses
        "Ola kommer kl.17 og går kl. 18.",  # the guide's own model goal uses «kl.»
        "VI MØTES I MORGEN.",  # shouting, not acronyms
        "Mandag 12. mars, 3.5 timer.",
        "BankID og ID-porten",  # «ID» inside BankID is not a word of its own
    ],
)
def test_R20_normal_words_sentence_ends_and_numerals_are_not_abbreviations(text):
    assert excerpts(text, ABBREVIATION) == (["ID"] if "ID-porten" in text else [])


def test_R20_an_allowlisted_acronym_is_not_flagged(monkeypatch):
    monkeypatch.setattr(klarsprak, "ALLOWED_ACRONYMS", frozenset({"NAV"}))
    assert excerpts("Mor ringer NAV og PPT.", ABBREVIATION) == ["PPT"]


def test_R20_the_allowlist_is_empty_by_default():
    assert klarsprak.ALLOWED_ACRONYMS == frozenset()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nb", "Skriv «for eksempel» i stedet for «f.eks.»."),
        ("nn", "Skriv «til dømes» i staden for «f.eks.»."),
        ("en", "Write «for eksempel» instead of «f.eks.»."),
    ],
)
def test_R20_a_known_abbreviation_message_gives_the_word_written_out(language, message):
    (hint,) = hints("Ta med f.eks. bøker.", field="measure", language=language)
    assert hint.message == message


def test_R20_an_unknown_acronym_message_asks_to_write_it_out():
    (hint,) = hints("Mor ringer NAV.", field="note")
    assert hint.message == "Skriv ordet helt ut i stedet for «NAV». Ikke alle kjenner forkortelsen."


# --- passive -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "vurderes",
        "gjennomføres",
        "følges",
        "kartlegges",
        "tilrettelegges",
        "evalueres",
        "vurderast",
        "gjennomførast",
        "nyttast",
    ],
)
def test_R20_common_s_passives_are_flagged_in_bokmal_and_nynorsk(word):
    assert found(f"Tiltaket {word} i mars.") == [(PASSIVE, word)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Boka skal hentes fredag.", "hentes"),
        ("Rommet må ryddast før møtet.", "ryddast"),
        ("Møtet kan ikke flyttes.", "flyttes"),
        ("Leksene bør alltid sjekkes.", "sjekkes"),
        ("Det ringes hjem til mor.", "ringes"),
    ],
)
def test_R20_s_passive_after_a_modal_or_det_is_flagged(text, word):
    assert found(text) == [(PASSIVE, word)]


@pytest.mark.parametrize(
    "text",
    [
        "Prosessen skal ha interesse for adressen.",  # nouns
        "Ola skal gjøre sitt beste og står fast.",  # best, fast
        "Vi kan kast ballen, last bilen og ta en rast ved masta.",  # short -ast words
        "Boka kan tas med hjem.",  # shorter than five letters
        "Vi skal møtes fredag, og det finnes en plan.",  # deponent verbs with an active sense
        "Mor vil hjelpe hennes bror og deres søster.",  # pronouns
        "Ola skal vere flinkast i klassen.",  # nynorsk superlative after a copula
        "Ola skal levere seinast fredag.",  # nynorsk deadline adverb
        "I morgen skal Agnes lese.",  # a name after a modal
        "Vi skal se på tiltakenes effekt.",  # genitive plural
        "Ola leser bøker. Hentes av mor.",  # a capitalised unknown word without a modal
    ],
)
def test_R20_nouns_deponents_names_and_short_words_are_not_passive(text):
    assert found(text, PASSIVE) == []


def test_R20_a_modal_in_the_previous_sentence_does_not_make_a_passive():
    assert found("Ola skal. Barnehagens plan er klar.", PASSIVE) == []


# --- long sentences ------------------------------------------------------------------------------


def test_R20_a_sentence_of_more_than_25_words_is_flagged_and_25_is_not():
    assert found(long_text(25), LONG_SENTENCE) == []
    assert len(found(long_text(26), LONG_SENTENCE)) == 1


def test_R20_long_sentence_excerpt_is_its_first_eight_words_and_starts_at_start():
    text = "Kort setning. " + " ".join(f"ord{i}" for i in range(1, 31)) + "."
    (hint,) = hints(text, field="minutes")
    assert hint.code == LONG_SENTENCE
    assert hint.start == text.index("ord1 ")
    assert hint.excerpt == "ord1 ord2 ord3 ord4 ord5 ord6 ord7 ord8…"
    assert text[hint.start :].startswith(hint.excerpt.removesuffix("…"))
    assert hint.message == "Setningen har 30 ord. Del den opp i kortere setninger."


def test_R20_a_dotted_abbreviation_or_a_date_does_not_split_a_sentence():
    # 13 words + «f.eks.» + 12 words = 26 words in one sentence; «12. mars» does not end it.
    text = (
        "Ola og mor leser hver dag i ti minutter før middag den 12. mars "
        "f.eks. en bok om dyr eller en bok om biler med bilder."
    )
    assert [code for code, _ in found(text)] == [LONG_SENTENCE, ABBREVIATION]


def test_R20_a_sentence_ends_at_newlines_question_and_exclamation_marks():
    text = "\n".join([long_text(20)[:-1]] * 3) + "? " + long_text(20)[:-1] + "! Slutt."
    assert found(text, LONG_SENTENCE) == []


def test_R20_a_list_closing_abbreviation_followed_by_a_capital_ends_the_sentence():
    text = long_text(15)[:-1] + " osv. Ola " + long_text(14)
    assert found(text, LONG_SENTENCE) == []
    assert found(text.replace("osv.", "f.eks."), LONG_SENTENCE) != []


# --- the hint list -------------------------------------------------------------------------------


MIXED = (
    "Man må snarest ta kontakt med PPT, f.eks. via BTI-fora osv. Tiltaket skal vurderes i den "
    "grad det er mulig. Tiltaket skal vurderast snarast, t.d. på SFO, om mogleg.\n" + long_text(30)
)


def test_R20_offsets_point_at_the_excerpt_as_written():
    result = hints(MIXED, field="goal")
    assert {h.code for h in result} == set(CODES)
    for h in result:
        if h.code == LONG_SENTENCE:
            assert h.excerpt.endswith("…")
            assert MIXED[h.start :].startswith(h.excerpt.removesuffix("…"))
        else:
            assert MIXED[h.start : h.start + len(h.excerpt)] == h.excerpt


def test_R20_hints_are_ordered_by_start():
    starts = [h.start for h in hints(MIXED, field="goal")]
    assert starts == sorted(starts)


def test_R20_the_same_phrase_twice_gives_two_hints():
    text = "Mor ringer snarest. Far kommer snarest."
    result = hints(text, field="note")
    assert [h.code for h in result] == [SNAREST, SNAREST]
    assert [h.start for h in result] == [11, 31]


def test_R20_hint_carries_the_field_and_serialises_to_a_dict():
    (hint,) = hints("Mor ringer snarest.", field="measure.text")
    assert hint.to_dict() == {
        "code": SNAREST,
        "field": "measure.text",
        "excerpt": "snarest",
        "start": 11,
        "message": "Skriv en dato eller et tidspunkt i stedet for «snarest».",
    }
    with pytest.raises(AttributeError):
        hint.code = "other"  # type: ignore[misc]


# --- messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", CODES)
def test_R20_every_code_has_a_message_in_nb_nn_and_en(code, language):
    (hint,) = [h for h in hints(SAMPLES[code], field="f", language=language) if h.code == code]
    assert isinstance(hint, Hint)
    assert hint.message.strip()
    assert klarsprak.MESSAGES[code][language]
    if code != LONG_SENTENCE:
        assert f"«{hint.excerpt}»" in hint.message


@pytest.mark.parametrize("code", CODES)
def test_R20_messages_differ_between_nb_nn_and_en(code):
    messages = {
        language: [h.message for h in hints(SAMPLES[code], field="f", language=language)]
        for language in LANGUAGES
    }
    assert messages["nb"] != messages["nn"] != messages["en"] != messages["nb"]


@pytest.mark.parametrize("language", ["de", "", "xx-YY"])
def test_R20_unknown_interface_language_falls_back_to_nb(language):
    assert hints(SAMPLES[MAN], field="f", language=language) == hints(SAMPLES[MAN], field="f")


def test_R20_interface_language_with_a_region_is_understood():
    nn = hints(SAMPLES[MAN], field="f", language="nn")
    assert hints(SAMPLES[MAN], field="f", language="nn-NO") == nn


def test_R20_nynorsk_text_is_checked_with_an_english_interface():
    result = found("Tiltaket skal vurderast snarast av PPT.", language="en")
    assert result == [(PASSIVE, "vurderast"), (SNAREST, "snarast"), (ABBREVIATION, "PPT")]


# --- the module ----------------------------------------------------------------------------------


def test_R20_klarsprak_imports_only_the_standard_library():
    tree = ast.parse(Path(klarsprak.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            imported.add(node.module.split(".")[0])
    assert imported
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}
