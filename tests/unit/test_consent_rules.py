"""R30, R31, R33: the consent's validity and what it covers."""

from datetime import UTC, datetime, timedelta

import pytest

from services.common.errors import Invalid
from services.consent.domain.model import Consent, Method, Status, add_months, covers, validity

GIVEN = datetime(2026, 1, 31, 12, tzinfo=UTC)
CHILD = "07451651190"


def consent(**overrides) -> Consent:
    values = dict(
        id="c1",
        child_pid=CHILD,
        unit_id="u",
        consenting=["09428340024"],
        purposes=["log"],
        method=Method.PAPER,
        given_at=GIVEN,
        expires_at=add_months(GIVEN, 24),
        recorded_by="04518520003",
    )
    return Consent(**(values | overrides))


def test_R31_default_validity_is_24_months():
    assert validity(GIVEN, None) == datetime(2028, 1, 31, 12, tzinfo=UTC)


def test_R31_month_arithmetic_clamps_to_the_last_day():
    assert add_months(datetime(2024, 2, 29, tzinfo=UTC), 24) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(GIVEN, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)


def test_R31_shorter_validity_is_allowed():
    shorter = GIVEN + timedelta(days=90)
    assert validity(GIVEN, shorter) == shorter


@pytest.mark.parametrize(
    ("expires", "code"),
    [
        (GIVEN + timedelta(days=731), "consent.expiry_too_late"),
        (GIVEN, "consent.expiry_before_start"),
        (GIVEN - timedelta(days=1), "consent.expiry_before_start"),
    ],
)
def test_R31_validity_never_longer_than_24_months_nor_before_start(expires, code):
    with pytest.raises(Invalid) as caught:
        validity(GIVEN, expires)
    assert caught.value.code == code
    assert caught.value.field == "expires_at"


def test_R33_active_consent_covers_its_purpose_for_its_child():
    answer = covers(consent(), child_pid=CHILD, purpose="log", at=GIVEN + timedelta(days=1))
    assert answer == {"covered": True, "reason": "consent.ok", "consent_id": "c1"}


@pytest.mark.parametrize(
    ("overrides", "child", "purpose", "at", "reason"),
    [
        ({}, "47051651010", "log", GIVEN, "consent.other_child"),
        ({}, CHILD, "transfer_municipality", GIVEN, "consent.purpose_not_covered"),
        ({}, CHILD, "log", GIVEN - timedelta(seconds=1), "consent.not_yet_given"),
        ({}, CHILD, "log", add_months(GIVEN, 24), "consent.expired"),
        ({"status": Status.WITHDRAWN}, CHILD, "log", GIVEN, "consent.withdrawn"),
        ({"status": Status.PENDING}, CHILD, "log", GIVEN, "consent.pending"),
    ],
)
def test_R33_consent_does_not_cover_and_says_why(overrides, child, purpose, at, reason):
    answer = covers(consent(**overrides), child_pid=child, purpose=purpose, at=at)
    assert answer == {"covered": False, "reason": reason, "consent_id": "c1"}


def test_R33_missing_consent_covers_nothing():
    assert covers(None, child_pid=CHILD, purpose="log", at=GIVEN)["reason"] == "consent.not_found"
