"""Working days and statutory periods (facts §9).

Rules the engine applies, each an interpretation written down in the rulebook notes too:
- the day of the triggering act is not counted (民事诉讼法 第85条第2款);
- a working day is Mon-Fri that is not an official 放假 day, or an official 调休 make-up day;
- a calendar-day period whose last day is a rest day (weekend or 放假) ends on the next working day
  (民事诉讼法 第85条第3款);
- a year the calendar does not know raises CalendarGap, never a guess;
- a period that ends outside the dates Python can hold (0001-01-01 to 9999-12-31), or whose length
  is not a number of days at all (1e999), raises OutOfRange: the rule asking is 无法判定.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from pathlib import Path
from typing import Any

import chinese_calendar

from .errors import CalendarGap, OutOfRange, RulebookError
from .yamlsrc import Located, load_yaml, parse_date

ONE_DAY = dt.timedelta(days=1)
# No period longer than this ends on a date at all (it is also timedelta's own limit, and more).
MAX_PERIOD = (dt.date.max - dt.date.min).days
DATE_RANGE = f"{dt.date.min.isoformat()} 至 {dt.date.max.isoformat()}"


def period_length(value: float) -> int:
    """A number of days or months as the period functions count it (a fraction is cut off); a length
    no date can be that far from another is OutOfRange, not an overflow deep in the arithmetic."""
    if not math.isfinite(value) or abs(value) > MAX_PERIOD:
        shown = f"{value:.0f}" if math.isfinite(value) else "不是有限的数"
        raise OutOfRange(f"期限长度 {shown} 超出可计算的范围（日期只能在 {DATE_RANGE} 之间）")
    return int(value)


def _out_of_range(what: str) -> OutOfRange:
    return OutOfRange(f"{what}超出可计算的日期范围（{DATE_RANGE}）")


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
        """A YAML file: `2027: {holidays: [2027-01-01, ...], workdays: [2027-02-07, ...]}`. Every problem
        names the line; a year or a key given twice is refused (YAML would keep the last)."""
        display = str(path)
        data = load_yaml(path, display)
        if not isinstance(data, Located):
            raise RulebookError(display, None, "calendar-shape", f"应为按年份列出的节假日历，{_CALENDAR_SHAPE}")
        years: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
        for year, spec in data.items():
            line = data.key_lines.get(year)
            if not isinstance(year, int) or isinstance(year, bool) or not isinstance(spec, Located):
                raise RulebookError(display, line, "calendar-shape", f"年份 {year!r} 的写法不对，{_CALENDAR_SHAPE}")
            unknown = sorted(set(spec) - {"holidays", "workdays"}, key=str)
            if unknown:
                line = spec.key_lines.get(unknown[0], line)
                message = f"{year} 年下没有键 {unknown[0]!r}：只能有 holidays（放假日）和 workdays（调休上班日）"
                raise RulebookError(display, line, "calendar-shape", message)
            years[year] = (_days(spec, "holidays", year, display), _days(spec, "workdays", year, display))
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
        try:
            while remaining > 0:
                day += ONE_DAY
                if self.is_workday(day):
                    remaining -= 1
        except OverflowError:
            raise _out_of_range(f"{start.isoformat()} 之后第 {count} 个工作日") from None
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
        start = day
        try:
            while not self.is_workday(day):
                day += ONE_DAY
        except OverflowError:
            raise _out_of_range(f"{start.isoformat()} 之后的第一个工作日") from None
        return day

    def calendar_deadline(self, start: dt.date, days: int) -> dt.date:
        """Last day of an N-calendar-day period, moved past a closing rest day (民诉法 第85条)."""
        try:
            last = start + dt.timedelta(days=days)
        except OverflowError:
            raise _out_of_range(f"{start.isoformat()} 起 {days} 日") from None
        return self.roll_to_workday(last)


_CALENDAR_SHAPE = "如 2027: {holidays: [2027-01-01, …], workdays: [2027-02-07, …]}"


def _days(spec: Located, key: str, year: int, display: str) -> frozenset[dt.date]:
    """The dates listed under `key` of one year; each must be a date of that year."""
    values = spec.get(key) or []
    line = spec.key_lines.get(key, spec.line)
    if not isinstance(values, list):
        raise RulebookError(display, line, "calendar-shape", f"{year}.{key} 应为日期列表，{_CALENDAR_SHAPE}")
    days = []
    for value in values:
        day = parse_date(value, display, line) if isinstance(value, str) else None
        if day is None or day.year != year:
            message = f"{year}.{key} 中的 {value!r} 不是 {year} 年的日期（应为 YYYY-MM-DD）"
            raise RulebookError(display, line, "calendar-date", message)
        days.append(day)
    return frozenset(days)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same date N months later (the month's last day if shorter), not moved past rest days."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _out_of_range(f"{start.isoformat()} 起 {months} 个月")
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
