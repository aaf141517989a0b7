"""Business days per region, for the 5 to 7 business-day answer the policy promises.

United States: federal holidays by rule (with the Saturday→Friday, Sunday→Monday observance).
China: the State Council's published public holidays (lunar dates vary: listed per year).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

__all__ = ["add_business_days", "business_days_between", "holidays", "is_business_day"]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def _us(year: int) -> set[date]:
    mon, thu = 0, 3
    return {
        _observed(date(year, 1, 1)), _nth_weekday(year, 1, mon, 3), _nth_weekday(year, 2, mon, 3),
        _last_weekday(year, 5, mon), _observed(date(year, 6, 19)), _observed(date(year, 7, 4)),
        _nth_weekday(year, 9, mon, 1), _nth_weekday(year, 10, mon, 2),
        _observed(date(year, 11, 11)), _nth_weekday(year, 11, thu, 4),
        _observed(date(year, 12, 25)),
    }


def _span(start: date, days: int) -> set[date]:
    return {start + timedelta(days=n) for n in range(days)}


# Official arrangements (State Council notices); extend when the next year's notice is out.
_CN: dict[int, set[date]] = {
    2025: {date(2025, 1, 1), *_span(date(2025, 1, 28), 8), *_span(date(2025, 4, 4), 3),
           *_span(date(2025, 5, 1), 5), *_span(date(2025, 5, 31), 3),
           *_span(date(2025, 10, 1), 8)},
    2026: {*_span(date(2026, 1, 1), 3), *_span(date(2026, 2, 15), 9),
           *_span(date(2026, 4, 4), 3), *_span(date(2026, 5, 1), 5),
           *_span(date(2026, 6, 19), 3), *_span(date(2026, 9, 25), 3),
           *_span(date(2026, 10, 1), 7)},
    2027: {date(2027, 1, 1), *_span(date(2027, 2, 5), 8), *_span(date(2027, 4, 5), 1),
           *_span(date(2027, 5, 1), 5), *_span(date(2027, 6, 9), 1),
           *_span(date(2027, 9, 15), 1), *_span(date(2027, 10, 1), 7)},
}


@cache
def holidays(region: str, year: int) -> frozenset[date]:
    if region == "cn":
        # Outside the published years only the fixed-date holidays are known.
        fixed = {date(year, 1, 1), *_span(date(year, 5, 1), 5), *_span(date(year, 10, 1), 7)}
        return frozenset(_CN.get(year, fixed))
    return frozenset(_us(year))


def is_business_day(region: str, day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(region, day.year)


def add_business_days(region: str, start: datetime, days: int) -> datetime:
    """The moment ``days`` business days after ``start`` (same time of day)."""
    moment = start
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if is_business_day(region, moment.date()):
            added += 1
    return moment


def business_days_between(region: str, start: datetime, end: datetime) -> int:
    """Whole business days from ``start`` to ``end`` (0 when ``end`` is not later)."""
    count, day = 0, start.date()
    while day < end.date():
        day += timedelta(days=1)
        if is_business_day(region, day):
            count += 1
    return count
