"""Norwegian national ids (fødselsnummer, D-nummer, H-nummer) with check digits (R80)."""

from __future__ import annotations

from datetime import date

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer


class InvalidNationalId(ValueError):
    pass


def validate(value: str, today: date | None = None) -> str:
    """Return the compact 11-digit id, or raise InvalidNationalId saying why."""
    if not isinstance(value, str):
        raise InvalidNationalId("a national id is a string of 11 digits")
    number = fodselsnummer.compact(value)
    try:
        fodselsnummer.validate(number)
    except StdnumError as exc:
        raise InvalidNationalId(f"not a valid national id: {exc.message}") from exc
    if today and fodselsnummer.get_birth_date(number) > today:
        raise InvalidNationalId("the birth date lies in the future")
    return number


def birth_date(number: str) -> date:
    return fodselsnummer.get_birth_date(number)


def age_on(number: str, day: date) -> int:
    born = birth_date(number)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
