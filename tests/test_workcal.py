"""Working-day arithmetic against the worked examples of facts §9.4 (2025/2026 calendars)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.errors import CalendarGap, RulebookError
from engine.workcal import WorkCalendar, add_months

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "last_day"),
    [
        (D(2025, 9, 26), 5, D(2025, 10, 10)),  # 09-28 Sunday is a make-up workday; 10-01..10-08 off
        (D(2025, 9, 30), 7, D(2025, 10, 16)),
        (D(2026, 2, 12), 7, D(2026, 2, 28)),  # 02-14 and 02-28 are make-up Saturdays
    ],
    ids=["hearing-request-over-national-day", "service-over-national-day", "service-over-spring-festival"],
)
def test_add_workdays(start: dt.date, days: int, last_day: dt.date) -> None:
    assert WorkCalendar().add_workdays(start, days) == last_day


def test_calendar_deadline_moves_past_holiday() -> None:
    # 缴款 15 日 from 2026-02-01: nominal 02-16 falls in the Spring Festival → 02-24
    assert WorkCalendar().calendar_deadline(D(2026, 2, 1), 15) == D(2026, 2, 24)


def test_calendar_deadline_on_working_day_is_not_moved() -> None:
    assert WorkCalendar().calendar_deadline(D(2025, 11, 5), 90) == D(2026, 2, 3)


def test_workdays_between_counts_make_up_saturday_and_skips_holiday() -> None:
    calendar = WorkCalendar()
    # 2026-02-12 (Thu) .. 2026-02-28 (Sat, make-up): 13, 14(Sat make-up), 24, 25, 26, 27, 28 = 7
    assert calendar.workdays_between(D(2026, 2, 12), D(2026, 2, 28)) == 7
    assert calendar.workdays_between(D(2026, 2, 28), D(2026, 2, 12)) == 0


def test_unknown_year_is_a_gap_not_a_guess() -> None:
    with pytest.raises(CalendarGap) as raised:
        WorkCalendar().add_workdays(D(2027, 1, 4), 3)
    assert str(raised.value) == "工作日历缺少 2027 年的法定节假日数据（可用 --calendar 提供）"


def test_user_calendar_supplies_a_year(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-09]\n", encoding="utf-8")
    calendar = WorkCalendar.from_file(path)
    # 2026-12-31 (Thu) + 2 WD: 01-01 holiday, 01-02/03 weekend, 01-04 Mon, 01-05 Tue
    assert calendar.add_workdays(D(2026, 12, 31), 2) == D(2027, 1, 5)
    assert calendar.is_workday(D(2027, 1, 9))  # a Saturday declared a make-up workday


def test_bad_user_calendar_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text("2027:\n  holiday: [2027-01-01]\n", encoding="utf-8")
    with pytest.raises(RulebookError) as raised:
        WorkCalendar.from_file(path)
    assert str(raised.value) == (
        f"{path}:2: calendar-shape: 2027 年下没有键 'holiday'：只能有 holidays（放假日）和 workdays（调休上班日）"
    )


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2024, 2, 29), 24) == D(2026, 2, 28)
