"""Our timers keep time when the wall clock steps (NTP, a resumed VM, a test in time).

nameko's own timer schedules on the wall clock: a step forward makes it fire in a tight
loop to catch up, and a step back makes it fall silent. The control test shows that
nameko's timer does exactly that, so the first test means something.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from nameko.runners import ServiceRunner
from nameko.timer import timer as wall_clock_timer

from services.common.timer import timer as monotonic_timer
from tests.support.infra import wait_until

TICKS: dict[str, int] = {}


def service_with(decorator, name):
    class Ticking:
        @decorator(interval=0.05)
        def tick(self):
            TICKS[name] = TICKS.get(name, 0) + 1

    Ticking.name = name
    return Ticking


def ticking(decorator, name, step, expect):
    """Run a ticking service, step the wall clock by ``step``, then check ``expect(before)``."""
    TICKS[name] = 0
    runner = ServiceRunner({"AMQP_URI": "memory://"})
    runner.add_service(service_with(decorator, name))
    runner.start()
    try:
        wait_until(lambda: TICKS[name] >= 2, timeout=5, what="the timer to tick")
        with time_machine.travel(datetime.now(UTC) + step, tick=True):
            expect(TICKS[name], lambda: TICKS[name])
    finally:
        runner.kill()


@pytest.mark.parametrize("step", [timedelta(days=400), timedelta(days=-400)])
def test_our_timer_ticks_on_through_a_clock_step(step):
    def steady(before, now):
        wait_until(lambda: now() >= before + 3, timeout=5, what="three more ticks")
        assert now() - before < 10  # no catching up in a tight loop

    ticking(monotonic_timer, "ours", step, steady)


def test_control_nameko_timer_races_after_a_step_forward():
    def races(before, now):
        wait_until(lambda: now() >= before + 200, timeout=5, what="a burst of ticks")

    ticking(wall_clock_timer, "nameko_forward", timedelta(days=400), races)


def test_control_nameko_timer_stalls_after_a_step_back():
    def stalls(before, now):
        with pytest.raises(AssertionError):
            wait_until(lambda: now() >= before + 3, timeout=1, what="three more ticks")

    ticking(wall_clock_timer, "nameko_back", timedelta(days=-400), stalls)
