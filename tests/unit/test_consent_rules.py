"""R30–R33: the consent's life, decided without I/O."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from services.common.errors import Conflict, Forbidden, Invalid
from services.consent.domain import model
from services.consent.domain.model import Method, Party, Policy, Role, Scope, Status

NOW = datetime(2026, 1, 31, 12, tzinfo=UTC)
CHILD = "07451651190"  # born 7 May 2016
GRO, PER = "09428340024", "15498141002"
HOLDER = "04518520003"
GUARDIANS = [Party(GRO, "Gro", Role.GUARDIAN, "gro@x.no"), Party(PER, "Per", Role.GUARDIAN)]
DEFAULT = Policy()
SCOPE = Scope(
    purposes=("log", "share_actors", "transfer_municipality"),
    actors=("solsiden-helsestasjon",),
    transfer_municipalities=("4601",),
)


def prepared(
    *,
    parties=GUARDIANS,
    scope=SCOPE,
    expiry=None,
    young_reason=None,
    previous=None,
    policy=DEFAULT,
    now=NOW,
    child=CHILD,
    consent_id="c1",
    born=None,
):
    consent, events = model.prepare(
        consent_id=consent_id,
        child_pid=child,
        child_name="Ola",
        unit_id="school",
        parties=list(parties),
        scope=scope,
        method=Method.ELECTRONIC,
        requested_by=HOLDER,
        requested_expiry=expiry,
        language="nb",
        young_reason=young_reason,
        log_id=None,
        previous=previous,
        policy=policy,
        now=now,
        child_birth_date=born,
    )
    return consent, events


DUF = "201412345607"


def test_R80_a_child_known_by_a_DUF_number_has_its_birth_date_given():
    with pytest.raises(Invalid) as caught:
        prepared(child=DUF)
    assert (caught.value.code, caught.value.field) == (
        "child.birth_date_required",
        "child.birth_date",
    )
    consent, _ = prepared(child=DUF, born=datetime(2014, 3, 2).date())
    assert consent.child_birth_date == datetime(2014, 3, 2).date()
    with pytest.raises(Invalid) as caught:
        prepared(born=datetime(2014, 3, 2).date())  # beside a national id: must be its own
    assert caught.value.code == "child.birth_date_mismatch"


def active(**kwargs):
    consent, _ = prepared(**kwargs)
    model.sign(consent, pid=GRO, acr="high", previous=None, policy=Policy(), now=NOW)
    model.sign(consent, pid=PER, acr="high", previous=None, policy=Policy(), now=NOW)
    return consent


# ---------------------------------------------------------------- validity (R31)


def test_R31_default_validity_is_24_months_from_activation():
    assert active().expires_at == datetime(2028, 1, 31, 12, tzinfo=UTC)


def test_R31_month_arithmetic_clamps_to_the_last_day():
    assert model.add_months(datetime(2024, 2, 29, tzinfo=UTC), 24) == datetime(
        2026, 2, 28, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("expiry", "code"),
    [
        (NOW + timedelta(days=731), "consent.expiry_too_late"),
        (NOW, "consent.expiry_before_start"),
        (NOW - timedelta(days=1), "consent.expiry_before_start"),
    ],
)
def test_R31_expiry_never_past_24_months_nor_before_the_start(expiry, code):
    with pytest.raises(Invalid) as caught:
        prepared(expiry=expiry)
    assert (caught.value.code, caught.value.field) == (code, "expires_at")


def test_R31_a_shorter_validity_is_kept():
    shorter = NOW + timedelta(days=90)
    assert active(expiry=shorter).expires_at == shorter


# ---------------------------------------------------------------- who consents (R30)


def at_age(age: int) -> datetime:
    return datetime(2016 + age, 6, 1, tzinfo=UTC)


def young(policy=None, reason=None, age=16):
    return prepared(
        parties=[Party(CHILD, "Ola", Role.YOUNG_PERSON)],
        young_reason=reason,
        policy=policy or DEFAULT,
        now=at_age(age),
    )


def test_R30_young_person_consents_from_16():
    consent, _ = young(age=16)
    assert consent.status is Status.PENDING


def test_R30_a_municipality_may_set_the_age_to_15():
    young(policy=Policy(young_person_age=15), age=15)
    with pytest.raises(Invalid):
        young(age=15)


def test_R30_from_12_only_with_a_recorded_reason():
    with pytest.raises(Invalid) as caught:
        young(age=13)
    assert (caught.value.code, caught.value.field) == (
        "consent.young_reason_required",
        "young_reason",
    )
    young(age=13, reason="Eleven ønsker selv å samtykke; foreldrene er informert.")


def test_R30_a_child_under_12_cannot_consent():
    with pytest.raises(Invalid) as caught:
        young(age=11, reason="any")
    assert caught.value.code == "consent.child_too_young"


def test_R30_the_young_person_is_the_child_and_the_child_is_no_guardian():
    with pytest.raises(Invalid):
        prepared(parties=[Party(GRO, "Gro", Role.YOUNG_PERSON)])
    with pytest.raises(Invalid):
        prepared(parties=[Party(CHILD, "Ola", Role.GUARDIAN)])


def test_R33_purposes_with_targets_must_name_them():
    with pytest.raises(Invalid) as caught:
        prepared(scope=Scope(purposes=("log", "read_grant")))
    assert caught.value.field == "scope.read_grants"


# ---------------------------------------------------------------- signing


def test_every_guardian_must_sign_by_default():
    consent, events = prepared()
    assert [e.type for e in events] == ["consent.requested"]
    assert model.sign(consent, pid=GRO, acr="high", previous=None, policy=Policy(), now=NOW) == []
    assert consent.status is Status.PENDING
    events = model.sign(
        consent, pid=PER, acr="substantial", previous=None, policy=Policy(), now=NOW
    )
    assert consent.status is Status.ACTIVE and [e.type for e in events] == ["consent.activated"]
    assert [(s.pid, s.acr) for s in consent.signatures] == [(GRO, "high"), (PER, "substantial")]


def test_a_municipality_may_let_one_guardian_suffice():
    consent, _ = prepared()
    model.sign(
        consent, pid=PER, acr=None, previous=None, policy=Policy(signatures_required="one"), now=NOW
    )
    assert consent.status is Status.ACTIVE


def test_a_signer_who_is_not_asked_is_403_and_a_second_signature_409():
    consent, _ = prepared()
    with pytest.raises(Forbidden):
        model.sign(consent, pid=HOLDER, acr=None, previous=None, policy=Policy(), now=NOW)
    model.sign(consent, pid=GRO, acr=None, previous=None, policy=Policy(), now=NOW)
    with pytest.raises(Conflict) as caught:
        model.sign(consent, pid=GRO, acr=None, previous=None, policy=Policy(), now=NOW)
    assert caught.value.code == "consent.already_signed"


def test_a_signed_scan_activates_and_records_the_uploader():
    consent, _ = prepared()
    events = model.attach_scan(consent, sha256="ab" * 32, uploader=HOLDER, previous=None, now=NOW)
    assert consent.status is Status.ACTIVE and consent.activated_by == HOLDER
    assert events[0].type == "consent.activated"
    with pytest.raises(Conflict):
        model.attach_scan(consent, sha256="cd" * 32, uploader=HOLDER, previous=None, now=NOW)


def test_R30_renewal_supersedes_the_earlier_consent_and_keeps_it():
    old = active()
    old.log_id = "L1"
    renewal, _ = prepared(previous=old, consent_id="c2")
    assert renewal.supersedes == "c1"
    model.attach_scan(renewal, sha256="ef" * 32, uploader=HOLDER, previous=old, now=NOW)
    assert old.status is Status.SUPERSEDED and renewal.status is Status.ACTIVE
    assert old.history[-1].what == "superseded by c2"


# ---------------------------------------------------------------- the question (R33)


def covers(consent, purpose, target=None, at=NOW + timedelta(days=1)):
    return model.covers(consent, child_pid=None, purpose=purpose, target=target, at=at)


def test_R33_covers_named_targets_only():
    consent = active()
    assert covers(consent, "log")["covered"]
    assert covers(consent, "share_actors", "solsiden-helsestasjon")["covered"]
    assert covers(consent, "share_actors", "ppt")["reason"] == "consent.target_not_covered"
    assert covers(consent, "transfer_municipality", "4601")["covered"]
    assert (
        covers(consent, "transfer_municipality", "0301")["reason"] == "consent.target_not_covered"
    )
    assert covers(consent, "transfer_unit", "x")["reason"] == "consent.purpose_not_covered"
    assert covers(consent, "log", at=consent.expires_at)["reason"] == "consent.expired"


def test_R33_any_municipality_when_the_family_said_so():
    consent = active(
        scope=Scope(purposes=("log", "transfer_municipality"), transfer_municipalities=("*",))
    )
    assert covers(consent, "transfer_municipality", "0301")["covered"]


def test_R33_a_pending_consent_covers_nothing():
    consent, _ = prepared()
    assert covers(consent, "log")["reason"] == "consent.pending"


def test_R33_unknown_purpose_is_422():
    with pytest.raises(Invalid):
        covers(active(), "everything")


# ---------------------------------------------------------------- withdrawal (R32)


def test_R32_a_partial_withdrawal_removes_exactly_what_it_names():
    consent = active()
    events = model.withdraw(
        consent, pid=PER, purpose="share_actors", target="solsiden-helsestasjon", now=NOW
    )
    assert [e.type for e in events] == ["consent.narrowed"]
    assert covers(consent, "share_actors", "solsiden-helsestasjon")["covered"] is False
    assert (
        covers(consent, "log")["covered"]
        and covers(consent, "transfer_municipality", "4601")["covered"]
    )
    model.withdraw(consent, pid=GRO, purpose="transfer_municipality", target=None, now=NOW)
    assert covers(consent, "transfer_municipality", "4601")["covered"] is False
    assert consent.status is Status.ACTIVE


def test_R32_a_whole_withdrawal_ends_the_consent_and_a_second_is_409():
    consent = active()
    events = model.withdraw(consent, pid=GRO, purpose=None, target=None, now=NOW)
    assert consent.status is Status.WITHDRAWN and events[0].type == "consent.withdrawn"
    with pytest.raises(Conflict) as caught:
        model.withdraw(consent, pid=PER, purpose=None, target=None, now=NOW)
    assert caught.value.code == "consent.already_withdrawn"


def test_R32_only_those_who_consented_withdraw_and_only_what_was_given():
    consent = active()
    with pytest.raises(Forbidden):
        model.withdraw(consent, pid=HOLDER, purpose=None, target=None, now=NOW)
    with pytest.raises(Invalid):
        model.withdraw(consent, pid=GRO, purpose="read_grant", target=None, now=NOW)
    with pytest.raises(Invalid):
        model.withdraw(consent, pid=GRO, purpose="share_actors", target="ppt", now=NOW)


# ---------------------------------------------------------------- expiry (R31), time-controlled


def test_R31_warnings_at_30_and_7_days_once_each_then_expiry():
    consent = active()
    seen = []
    start = consent.expires_at - timedelta(days=45)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(60):  # one look a day, as the timer would
            now = datetime.now(UTC)
            seen += [
                (e.type, e.body.get("days"), (consent.expires_at - now).days)
                for e in model.lapse(consent, now)
            ]
            seen += [(e.type, e.body.get("days"), 0) for e in model.lapse(consent, now)]
            traveller.shift(timedelta(days=1))
    assert seen == [
        ("consent.expiring", 30, 30),
        ("consent.expiring", 7, 7),
        ("consent.expired", None, 0),
    ]
    assert consent.status is Status.EXPIRED


def test_R31_first_seen_within_7_days_warns_once_not_twice():
    consent = active(expiry=NOW + timedelta(days=5))
    events = model.lapse(consent, NOW + timedelta(hours=1))
    assert [(e.type, e.body["days"]) for e in events] == [("consent.expiring", 7)]
    assert model.lapse(consent, NOW + timedelta(days=1)) == []


def test_R31_only_consents_with_something_due_are_loaded():
    expires = NOW + timedelta(days=20)
    assert model.lapse_due(expires, set(), NOW)  # the 30-day warning is due
    assert not model.lapse_due(expires, {30}, NOW)  # sent; the 7-day one is not due yet
    assert model.lapse_due(expires, {30}, expires - timedelta(days=6))
    assert model.lapse_due(expires, {30, 7}, expires)  # expiry itself
