"""The shared library: national ids, envelopes, errors across the wire, the error table."""

from datetime import date

import pytest
from nameko.exceptions import deserialize, serialize

from gateway.errors import STATUS_BY_KIND
from services.common import national_id
from services.common.envelope import Envelope, load_body
from services.common.errors import EXPECTED, Conflict, Invalid, validation_error
from services.logs.contracts import EVENT_SCHEMAS


@pytest.mark.parametrize("number", ["07451651190", "47051651010", "074516 51190"])
def test_R80_valid_national_ids_and_d_numbers(number):
    assert national_id.validate(number) == number.replace(" ", "")


@pytest.mark.parametrize("number", ["07451651191", "0745165119", "abcdefghijk", "31029912345"])
def test_R80_invalid_national_ids_are_refused(number):
    with pytest.raises(national_id.InvalidNationalId):
        national_id.validate(number)


@pytest.mark.parametrize("number", ["201412345607", "2014 1234 5607", "199900000004"])
def test_R80_valid_DUF_numbers(number):
    assert national_id.validate_person(number) == number.replace(" ", "")
    assert national_id.birth_date(number.replace(" ", "")) is None


@pytest.mark.parametrize("number", ["201412345608", "20141234560x", "2014123456070"])
def test_R80_invalid_DUF_numbers_are_refused(number):
    with pytest.raises(national_id.InvalidNationalId):
        national_id.validate_duf(number)


def test_R80_a_DUF_number_check_is_UDIs_weighted_sum_modulo_11():
    # weights 4 6 3 2 4 6 3 2 7 5 over the first ten digits
    assert (
        national_id.duf_check_digits("2014123456")
        == f"{(8 + 0 + 3 + 8 + 4 + 12 + 9 + 8 + 35 + 30) % 11:02d}"
    )


def test_age_counts_whole_years():
    assert national_id.age_on("07451651190", date(2032, 5, 6)) == 15
    assert national_id.age_on("07451651190", date(2032, 5, 7)) == 16


def test_domain_errors_cross_rpc_as_themselves():
    for error in (
        Conflict("consent.missing", "no consent", field="consent_id"),
        Invalid("validation.invalid", "bad"),
    ):
        back = deserialize(serialize(error))
        assert type(back) is type(error)
        assert (back.code, back.message, back.field, back.details) == (
            error.code,
            error.message,
            error.field,
            error.details,
        )


def test_every_error_kind_has_one_http_status():
    assert {cls.kind for cls in EXPECTED} == set(STATUS_BY_KIND)
    assert STATUS_BY_KIND == {
        "invalid": 422,
        "forbidden": 403,
        "not_found": 404,
        "conflict": 409,
        "too_large": 413,
        "unsupported": 415,
        "unavailable": 503,
    }


def test_validation_error_names_the_nested_field():
    error = validation_error({"child": {"pid": ["not a valid national id"]}})
    assert (error.field, error.message) == ("child.pid", "not a valid national id")
    error = validation_error({"guardians": {0: {"email": ["Not a valid email address."]}}})
    assert error.field == "guardians.0.email"


def test_envelope_round_trip_and_versioned_body_check():
    envelope = Envelope.new(
        "log.created", {"log_id": "L", "unit_id": "U", "level": 1, "consent_id": "C"}, source="logs"
    )
    again = Envelope.from_dict(envelope.to_dict())
    assert again == envelope
    assert load_body(again, EVENT_SCHEMAS) == {
        "log_id": "L",
        "unit_id": "U",
        "level": 1,
        "consent_id": "C",
    }
    with pytest.raises(Invalid):
        load_body(Envelope.new("log.created", {"log_id": "L"}, source="logs"), EVENT_SCHEMAS)
    with pytest.raises(Invalid):
        load_body(Envelope.new("log.created", {}, source="logs", version=9), EVENT_SCHEMAS)


def test_log_lines_are_json_with_the_correlation_id_and_extras():
    import json
    import logging

    from services.common import logging as structured_logging

    formatter = structured_logging.JsonFormatter("logs")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "log created", (), None)
    record.log_id = "L1"
    token = structured_logging.correlation_id.set("c-123")
    try:
        line = json.loads(formatter.format(record))
    finally:
        structured_logging.correlation_id.reset(token)
    assert line["service"] == "logs" and line["msg"] == "log created"
    assert (line["correlation_id"], line["log_id"]) == ("c-123", "L1")


def test_every_loader_refuses_the_nul_character_naming_the_field():
    """Services load with the same function as the gateway: a caller on the bus is held to it."""
    from marshmallow import Schema, fields

    from services.common import validate

    class Named(Schema):
        names = fields.List(fields.String())

    with pytest.raises(Invalid) as caught:
        validate.load(Named, {"names": ["Ola", "O\x00la"]})
    assert caught.value.field == "names.1"
    assert validate.load(Named, {"names": ["Ola"]}) == {"names": ["Ola"]}
