"""engine/workcal.py at its edges, written against the mutants mutmut found alive (docs/mutation-survivors.md):
the last calculable period length, the first and last calculable month, a working-day count that ends
the day before a working day, and every message of the --calendar file (file, line, code and wording)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.errors import OutOfRange, RulebookError
from engine.workcal import MAX_PERIOD, WorkCalendar, add_months, period_length

D = dt.date
SHAPE = "如 2027: {holidays: [2027-01-01, …], workdays: [2027-02-07, …]}"
RANGE = "0001-01-01 至 9999-12-31"


# --- period lengths and months at the ends of the calculable range ------------------------------------


@pytest.mark.parametrize("days", [MAX_PERIOD, -MAX_PERIOD])
def test_a_period_of_the_maximum_length_is_still_a_length(days: float) -> None:
    assert period_length(days) == int(days)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (MAX_PERIOD + 1, f"期限长度 3652059 超出可计算的范围（日期只能在 {RANGE} 之间）"),
        (float("inf"), f"期限长度 不是有限的数 超出可计算的范围（日期只能在 {RANGE} 之间）"),
        (float("nan"), f"期限长度 不是有限的数 超出可计算的范围（日期只能在 {RANGE} 之间）"),
    ],
    ids=["one-day-past-the-maximum", "infinity", "not-a-number"],
)
def test_a_period_past_the_maximum_is_out_of_range(days: float, message: str) -> None:
    with pytest.raises(OutOfRange) as raised:
        period_length(days)
    assert str(raised.value) == message


def test_months_in_the_first_and_the_last_calculable_year() -> None:
    assert add_months(D(1, 1, 31), 1) == D(1, 2, 28)
    assert add_months(D(1, 2, 1), -1) == D(1, 1, 1)
    with pytest.raises(OutOfRange) as raised:
        add_months(D(9999, 12, 1), 1)
    assert str(raised.value) == f"9999-12-01 起 1 个月超出可计算的日期范围（{RANGE}）"


# --- counting working days ----------------------------------------------------------------------------


def test_working_days_between_stop_at_the_end_day() -> None:
    """Monday 2025-03-10 to Tuesday 03-11 is one working day; Wednesday (a working day) is not counted."""
    calendar = WorkCalendar()
    assert calendar.workdays_between(D(2025, 3, 10), D(2025, 3, 11)) == 1
    assert calendar.workdays_between(D(2025, 3, 10), D(2025, 3, 10)) == 0
    assert calendar.workdays_between(D(2025, 3, 7), D(2025, 3, 10)) == 1  # Friday to Monday


def test_the_memo_of_periods_stays_bounded() -> None:
    """A batch asks for many periods: the memo is emptied when it reaches 50 000, never more."""
    calendar = WorkCalendar()
    for offset in range(50_001):
        day = D(2000, 1, 1) + dt.timedelta(days=offset)
        assert calendar.workdays_between(day, day) == 0
        assert len(calendar._periods) <= 50_000


# --- the --calendar file: each message names the file, the line, the code ------------------------------


def _refused(tmp_path: Path, text: str) -> tuple[str, RulebookError]:
    path = tmp_path / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as raised:
        WorkCalendar.from_file(path)
    return str(path), raised.value


def test_a_calendar_that_is_not_a_mapping_of_years(tmp_path: Path) -> None:
    path, error = _refused(tmp_path, "- 2027-01-01\n")
    assert str(error) == f"{path}: calendar-shape: 应为按年份列出的节假日历，{SHAPE}"
    assert (error.file, error.line, error.code) == (path, None, "calendar-shape")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("2026:\n  holidays: []\nyear2027:\n  holidays: []\n", 3, "年份 'year2027' 的写法不对"),
        ("2026:\n  holidays: []\ntrue:\n  holidays: []\n", 3, "年份 True 的写法不对"),
        ("2026:\n  holidays: []\n2027: [2027-01-01]\n", 3, "年份 2027 的写法不对"),
    ],
    ids=["a-word", "a-yes-no-value", "a-list-instead-of-holidays-and-workdays"],
)
def test_a_year_written_wrong_names_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path, error = _refused(tmp_path, text)
    assert str(error) == f"{path}:{line}: calendar-shape: {message}，{SHAPE}"


def test_unknown_keys_of_a_year_are_named_in_a_stable_order(tmp_path: Path) -> None:
    """A number key and a text key: sorted as text (1 before holiday), never a comparison error."""
    path, error = _refused(tmp_path, "2027:\n  holiday: []\n  1: []\n")
    assert str(error) == (
        f"{path}:3: calendar-shape: 2027 年下没有键 1：只能有 holidays（放假日）和 workdays（调休上班日）"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027:\n  holidays: []\n  workdays: 2027-02-07\n", "calendar-shape: 2027.workdays 应为日期列表，" + SHAPE),
        (
            "2027:\n  holidays: []\n  workdays: [20270207]\n",
            "calendar-date: 2027.workdays 中的 20270207 不是 2027 年的日期（应为 YYYY-MM-DD）",
        ),
    ],
    ids=["a-date-instead-of-a-list", "a-number-instead-of-a-date"],
)
def test_a_list_of_days_written_wrong_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    path, error = _refused(tmp_path, text)
    assert str(error) == f"{path}:3: {message}"
