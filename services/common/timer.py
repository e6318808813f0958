"""A nameko timer that keeps time with the monotonic clock.

nameko 2.14's ``Timer`` schedules with ``time.time()``: when the wall clock steps
(an NTP correction, a VM resumed, a test travelling in time) it either fires in a
tight loop to catch up or falls silent until the wall clock returns to where it
was. Ours counts intervals on ``time.monotonic()``, which never steps.
"""

from __future__ import annotations

import itertools
import time

from eventlet import Timeout
from nameko.timer import Timer


class MonotonicTimer(Timer):
    def _run(self):
        start = time.monotonic()
        first = 0 if self.eager else 1
        for count in itertools.count(start=first):
            delay = max(start + count * self.interval - time.monotonic(), 0)
            with Timeout(delay, exception=False):
                self.should_stop.wait()
                return  # stopping
            self.handle_timer_tick()
            self.worker_complete.wait()
            self.worker_complete.reset()


timer = MonotonicTimer.decorator
