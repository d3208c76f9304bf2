"""Whole months between dates, and the statutory retirement date, for the conditions on age, time in
post and discipline windows (80-QĐ/TW, 377-QĐ/TW).

The method is Guidance 06-HD/BTCTW's: the actual retirement age minus the cadre's age when the
dossier is proposed must leave at least a full term, counted in months. The retirement age is the
Labour Code 2019 schedule for normal working conditions: from 2021, 60 years 3 months for men and
55 years 4 months for women, rising each year by 3 months (men, to 62 in 2028) and 4 months (women,
to 60 in 2035). Integers only, so both engines compare the same numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Sex = Literal["male", "female"]


_BASE = {"male": 60 * 12, "female": 55 * 12}  # months, before 2021


_STEP = {"male": 3, "female": 4}


_CAP = {"male": 62 * 12, "female": 60 * 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months``, clamped to the last day of a shorter month."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier): a month is complete on
    the same day of the month (15/1 to 15/3 is 2; to 14/3 is 1)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months


def months_floor(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` rounded down: negative as soon as ``end`` is a day before
    ``start`` (a term that ends one day after retirement is not served to its end)."""
    months = months_between(start, end)
    return months - 1 if add_months(start, months) > end else months


def retirement_age_months(sex: Sex, year: int) -> int:
    """The retirement age, in months, of someone reaching it in ``year``."""
    if year <= 2020:
        return _BASE[sex]
    return min(_BASE[sex] + _STEP[sex] * (year - 2020), _CAP[sex])


def retirement_date(born: dt.date, sex: Sex) -> dt.date:
    """The day the cadre reaches the retirement age of the year it is reached in."""
    year = born.year + _BASE[sex] // 12
    while True:
        day = add_months(born, retirement_age_months(sex, year))
        if day.year <= year:
            return day
        year += 1


def months_to_retirement(born: dt.date, sex: Sex, on: dt.date) -> int:
    return months_between(on, retirement_date(born, sex))


def born_for(months_left: int, on: dt.date, sex: Sex = "male") -> dt.date:
    """A date of birth leaving exactly ``months_left`` months to retirement on ``on`` (the nearest one
    when the schedule skips that number): for sample proposals that must show a given age."""
    best: tuple[int, dt.date] | None = None
    start = add_months(on, months_left - _CAP[sex] - 12)
    for k in range(0, 60):
        born = add_months(start, k)
        gap = abs(months_to_retirement(born, sex, on) - months_left)
        if best is None or gap < best[0]:
            best = (gap, born)
        if gap == 0:
            break
    assert best is not None
    return best[1]
