"""Norwegian person numbers, checked by their check digits (R80).

- fødselsnummer: 11 digits, the birth date first;
- D-nummer (foreigners working or living here a while): the day plus 40;
- H-nummer (a help number in health care): the month plus 40;
- DUF-nummer (UDI's number for asylum seekers and other foreigners, used in schools and
  child welfare until a fødselsnummer is given): 12 digits, the year of registration, six
  serial digits and two check digits. It says nothing about the birth date.
"""

from __future__ import annotations

from datetime import date

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer

from .errors import Invalid

DUF_WEIGHTS = (4, 6, 3, 2, 4, 6, 3, 2, 7, 5)


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


def duf_check_digits(first_ten: str) -> str:
    """UDI's two check digits: the weighted sum of the first ten digits, modulo 11."""
    return f"{sum(int(d) * w for d, w in zip(first_ten, DUF_WEIGHTS, strict=True)) % 11:02d}"


def validate_duf(value: str) -> str:
    if not isinstance(value, str):
        raise InvalidNationalId("a DUF number is a string of 12 digits")
    number = value.replace(" ", "")
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        raise InvalidNationalId("a DUF number has 12 digits")
    if number[10:] != duf_check_digits(number[:10]):
        raise InvalidNationalId("not a valid DUF number: the check digits do not match")
    return number


def is_duf(number: str) -> bool:
    return len(number) == 12


def validate_person(value: str) -> str:
    """A fødselsnummer, D-nummer or H-nummer (11 digits), or a DUF number (12)."""
    if isinstance(value, str) and len(value.replace(" ", "")) == 12:
        return validate_duf(value)
    return validate(value)


def birth_date(number: str) -> date | None:
    """The birth date a number carries; a DUF number carries none."""
    if is_duf(number):
        return None
    return fodselsnummer.get_birth_date(number)


def child_birth_date(number: str, given: date | None, field: str = "child.birth_date") -> date:
    """R80 the birth date of a child known by ``number``: the one it carries, or, for a DUF
    number, the one given beside it (422 ``child.birth_date_required`` without one). A date
    given beside a national id must be its own (``child.birth_date_mismatch``)."""
    carried = birth_date(number)
    if carried is None:
        if given is None:
            raise Invalid(
                "child.birth_date_required",
                "a DUF number carries no birth date: give the birth date",
                field=field,
            )
        return given
    if given is not None and given != carried:
        raise Invalid(
            "child.birth_date_mismatch", "the birth date does not match the national id", field
        )
    return carried


def age_on(number: str, day: date, born: date | None = None) -> int:
    born = born or birth_date(number)
    if born is None:
        raise InvalidNationalId("a DUF number carries no birth date")
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
