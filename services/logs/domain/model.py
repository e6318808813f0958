"""Units, employees and the log itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

GUARDIANS_REQUIRED_UP_TO_AGE = 15  # R5
YOUNG_PERSON_OWN_LOGIN_AGE = 16  # R5: the child's own login, or earlier by decision
CHILD_TOLD_OF_MEETINGS = 12  # R16: children from 12 are told of planned meetings


class LogStatus(str, Enum):
    ACTIVE = "active"
    PASSIVE = "passive"


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str  # kindergarten, school, health_station, ppt, child_welfare, other


@dataclass(frozen=True)
class Employee:
    """A person working in a unit, with what the unit leader lets them do (R6)."""

    pid: str
    name: str
    email: str
    unit_id: str
    can_hold: bool = False
    can_act: bool = False
    is_leader: bool = False
    is_super_user: bool = False
    id: str = ""  # the opaque id used in URLs; a national id never is


class AddressProtection(str, Enum):
    """R9 the national registry's protection of an address (fortrolig / strengt fortrolig)."""

    NONE = "none"
    CONFIDENTIAL = "confidential"  # fortrolig adresse
    STRICTLY_CONFIDENTIAL = "strictly_confidential"  # strengt fortrolig adresse


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class Guardian:
    pid: str
    name: str
    email: str | None
    phone: str | None = None
    address: Address | None = None  # R9 never kept when protected
    protection: AddressProtection = AddressProtection.NONE
    id: str = ""  # opaque, for URLs; a national id never is


@dataclass(frozen=True)
class Child:
    """What the log knows of its child beside the name and number (R9, R80)."""

    email: str | None = None
    phone: str | None = None
    address: Address | None = None  # R9 never kept when protected
    protection: AddressProtection = AddressProtection.NONE
    attends_unit_id: str | None = None  # the kindergarten or school it attends


@dataclass
class Log:
    id: str
    unit_id: str
    holder_pid: str
    child_pid: str
    child_name: str
    consent_id: str
    created_at: datetime
    guardians: list[Guardian] = field(default_factory=list)
    level: int = 1
    status: LogStatus = LogStatus.ACTIVE
    lacks_consent: bool = False
    version: int = 1
    child_birth_date: date | None = None
    child_own_login: bool = False  # R5: the young person's own login before 16, by decision
    closed_at: datetime | None = None
    child: Child = field(default_factory=Child)
    earlier_log_ids: list[str] = field(default_factory=list)  # R42


def age_on(born: date | None, day: date) -> int:
    if born is None:
        return 0
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class LogCreated:
    """Sent on the wire as ``log.created``: ids only, no personal data."""

    log_id: str
    unit_id: str
    level: int
    consent_id: str

    type = "log.created"
    version = 1


@dataclass(frozen=True)
class CreateLog:
    unit_id: str
    consent_id: str
    child_pid: str
    child_name: str
    guardians: list[Guardian]
    level: int = 1
    child_birth_date: date | None = None  # given for a DUF number (R80)
    child: Child = field(default_factory=Child)
    earlier_log_ids: list[str] = field(default_factory=list)  # R42
