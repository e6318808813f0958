"""Random sequences of plan operations never break R1, R12, R14 or R15 (hypothesis)."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.common.errors import DomainError
from services.logs.domain import plan
from services.logs.domain.plan import Arena, MeasureStatus, PlanMeasure, Verdict

START = datetime(2026, 11, 25, 9, tzinfo=UTC)
ACTORS = [(Arena.SERVICE, "04518520003"), (Arena.SERVICE, "23469030024"), (Arena.HOME, None)]

operation = st.one_of(
    st.tuples(st.just("plan"), st.integers(0, 1), st.integers(0, 2)),
    st.tuples(st.just("revise"), st.integers(0, 20), st.integers(0, 600)),
    st.tuples(st.just("evaluate"), st.integers(0, 20), st.sampled_from(list(Verdict))),
    st.tuples(st.just("family"), st.integers(0, 20), st.sampled_from(list(Verdict))),
    st.tuples(st.just("misregister"), st.integers(0, 20), st.integers(0, 2)),
    st.tuples(st.just("wait"), st.integers(1, 600), st.just(None)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=40))
def test_R12_R14_R15_hold_under_any_sequence(operations):
    today = START.date()
    concerns = [
        plan.register_concern(
            "L1",
            {"description": "d", "category": "language", "goal": "g"},
            concern_id=f"c{i}",
            today=today,
            unit_id="u",
        )[0]
        for i in range(2)
    ]
    measures: dict[str, plan.Measure] = {}
    history: dict[str, list[str]] = {}
    now = START
    for kind, a, b in operations:
        ids = sorted(measures)
        try:
            if kind == "wait":
                now += timedelta(minutes=a)
            elif kind == "plan":
                arena, actor = ACTORS[b]
                cmd = PlanMeasure(f"t{len(measures)}", arena, actor, today)
                measure, _ = plan.plan_measure(
                    concerns[a],
                    list(measures.values()),
                    cmd,
                    measure_id=f"m{len(measures)}",
                    now=now,
                    unit_id="u",
                )
                measures[measure.id] = measure
            elif not ids:
                continue
            elif kind == "revise":
                old = measures[ids[a % len(ids)]]
                new, _ = plan.revise_text(old, f"{old.text}!", now=now, unit_id="u")
                assert now - old.written_at <= plan.EDIT_WINDOW  # R14
                measures[new.id] = new
            elif kind == "evaluate":
                old = measures[ids[a % len(ids)]]
                new, _ = plan.evaluate(old, b, "", now=now, unit_id="u")
                history.setdefault(new.id, []).append("evaluated")
                measures[new.id] = new
            elif kind == "family":
                old = measures[ids[a % len(ids)]]
                new, _ = plan.family_verdict(old, b, "", now=now, unit_id="u")
                history.setdefault(new.id, []).append("family")
                measures[new.id] = new
            elif kind == "misregister":
                old = measures[ids[a % len(ids)]]
                arena, actor = ACTORS[b]
                concern = next(c for c in concerns if c.id == old.concern_id)
                cmd = PlanMeasure(f"{old.text}*", arena, actor, today)
                wrong, fixed, _ = plan.misregister(
                    old,
                    concern,
                    list(measures.values()),
                    cmd,
                    new_id=f"m{len(measures)}",
                    now=now,
                    unit_id="u",
                )
                measures[wrong.id], measures[fixed.id] = wrong, fixed
        except DomainError:
            pass
        # R12 one active measure per actor per concern, whatever happened
        active = [
            (m.concern_id, m.actor_key)
            for m in measures.values()
            if m.status is MeasureStatus.ACTIVE
        ]
        assert len(active) == len(set(active))
        # R15 evaluated once by the holder and once by the family, at most
        for marks in history.values():
            assert marks.count("evaluated") <= 1 and marks.count("family") <= 1
        # R15 a misregistered measure keeps its replacement link and is never evaluated after
        for m in measures.values():
            if m.status is MeasureStatus.MISREGISTERED:
                assert m.replaced_by_id in measures
                assert measures[m.replaced_by_id].replaces_id == m.id


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 24 * 60))
def test_R14_the_edit_window_is_exactly_eight_hours(minutes):
    measure, _ = plan.plan_measure(
        plan.register_concern(
            "L1",
            {"description": "d", "category": "language", "goal": "g"},
            concern_id="c",
            today=date(2026, 11, 25),
            unit_id="u",
        )[0],
        [],
        PlanMeasure("t", Arena.HOME, None, date(2026, 11, 25)),
        measure_id="m",
        now=START,
        unit_id="u",
    )
    later = START + timedelta(minutes=minutes)
    try:
        plan.revise_text(measure, "u", now=later, unit_id="u")
        assert minutes <= 8 * 60
    except DomainError as exc:
        assert exc.code == "measure.edit_window_closed" and minutes > 8 * 60
