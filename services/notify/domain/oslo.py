"""Norwegian wall-clock time, from the rule rather than a time-zone database.

Europe/Oslo is UTC+1, and UTC+2 from 01:00 UTC on the last Sunday of March until
01:00 UTC on the last Sunday of October (the EU rule Norway has followed since 1996).
Written out because the service images carry no tz database (python:3.11-slim has
none, and ``tzdata`` is not a dependency); a unit test holds it equal to zoneinfo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def utc_offset(moment: datetime) -> timedelta:
    """Oslo's offset from UTC at ``moment`` (a naive moment is taken as UTC)."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    summer_from = datetime.combine(_last_sunday(utc.year, 3), datetime.min.time(), UTC)
    summer_until = datetime.combine(_last_sunday(utc.year, 10), datetime.min.time(), UTC)
    one = timedelta(hours=1)
    return 2 * one if summer_from + one <= utc < summer_until + one else one


def wall_clock(moment: datetime) -> datetime:
    """The naive local time in Oslo at ``moment``."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return (utc + utc_offset(utc)).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The calendar day in Oslo at ``moment``: a consent expiring 23:30 UTC ends the next day."""
    return wall_clock(moment).date()
