"""Working days and statutory periods (facts §9).

Rules the engine applies, each an interpretation written down in the rulebook notes too:
- the day of the triggering act is not counted (民事诉讼法 第85条第2款);
- a working day is Mon-Fri that is not an official 放假 day, or an official 调休 make-up day;
- a calendar-day period whose last day is a rest day (weekend or 放假) ends on the next working day
  (民事诉讼法 第85条第3款);
- a year the calendar does not know raises CalendarGap, never a guess.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

from engine.errors import CalendarGap, RulebookError

ONE_DAY = dt.timedelta(days=1)


class WorkCalendar:
    """chinese-calendar's tables, extended or overridden per year by a user-supplied file."""

    def __init__(self, extra_years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] | None = None) -> None:
        self._extra = extra_years or {}
        self._cache: dict[dt.date, bool] = {}
        # Periods already counted (a batch asks for the same start dates and lengths over and over);
        # bounded so that memory stays flat over any number of cases.
        self._periods: dict[tuple[str, dt.date, int | dt.date], Any] = {}

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        """A YAML file: `2027: {holidays: [2027-01-01, ...], workdays: [2027-02-07, ...]}`."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise RulebookError(str(path), None, "calendar-unreadable", str(exc)) from None
        if not isinstance(data, dict):
            raise RulebookError(str(path), None, "calendar-shape", "expected a mapping of year -> {holidays, workdays}")
        years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
        for year, spec in data.items():
            if not isinstance(year, int) or not isinstance(spec, dict) or set(spec) - {"holidays", "workdays"}:
                raise RulebookError(
                    str(path), None, "calendar-shape", f"year {year!r}: expected {{holidays: [...], workdays: [...]}}"
                )
            days = []
            for key in ("holidays", "workdays"):
                values = spec.get(key) or []
                if not all(isinstance(d, dt.date) and d.year == year for d in values):
                    raise RulebookError(str(path), None, "calendar-shape", f"{year}.{key}: expected dates in {year}")
                days.append(frozenset(values))
            years[year] = (days[0], days[1])
        return cls(years)

    def is_workday(self, day: dt.date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day.year in self._extra:
            holidays, workdays = self._extra[day.year]
            result = day in workdays or (day.weekday() < 5 and day not in holidays)
        else:
            try:
                result = chinese_calendar.is_workday(day)
            except NotImplementedError:
                raise CalendarGap(day.year) from None
        self._cache[day] = result
        return result

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The last day of an N-working-day period that starts after `start`."""
        key = ("add", start, count)
        known: dt.date | None = self._periods.get(key)
        if known is None:
            known = self._remember(key, self._add_workdays(start, count))
        return known

    def _add_workdays(self, start: dt.date, count: int) -> dt.date:
        day = start
        remaining = count
        while remaining > 0:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        key = ("between", start, end)
        known: int | None = self._periods.get(key)
        if known is None:
            known = self._remember(key, self._workdays_between(start, end))
        return known

    def _remember(self, key: tuple[str, dt.date, int | dt.date], value: Any) -> Any:
        if len(self._periods) >= 50_000:
            self._periods.clear()
        self._periods[key] = value
        return value

    def _workdays_between(self, start: dt.date, end: dt.date) -> int:
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count

    def roll_to_workday(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def calendar_deadline(self, start: dt.date, days: int) -> dt.date:
        """Last day of an N-calendar-day period, moved past a closing rest day (民诉法 第85条)."""
        return self.roll_to_workday(start + dt.timedelta(days=days))


def add_months(start: dt.date, months: int) -> dt.date:
    """The same date N months later (the month's last day if shorter), not moved past rest days."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - ONE_DAY).day
