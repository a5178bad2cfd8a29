"""Arithmetic with no answer (a date past 9999-12-31, a period of 10^9 days, a division by zero) makes
the rule asking 无法判定 with the reason: never a traceback, never a crashed case (issue 13, items 5, 9)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from minirulebook import rule, write_profile

from engine import resources
from engine.cli import main
from engine.errors import OutOfRange
from engine.workcal import WorkCalendar, add_months

D = dt.date
BASE_CASE = str(resources.rules_dir() / "testcases" / "penalty-emergency-2025.json")  # fine 20000


@pytest.mark.parametrize(
    ("work", "reason"),
    [
        (
            lambda: WorkCalendar().calendar_deadline(D(2026, 1, 26), 10**9),
            "2026-01-26 起 1000000000 日超出可计算的日期范围（0001-01-01 至 9999-12-31）",
        ),
        (
            lambda: add_months(D(9999, 12, 31), 1),
            "9999-12-31 起 1 个月超出可计算的日期范围（0001-01-01 至 9999-12-31）",
        ),
        (lambda: add_months(D(1, 1, 31), -1), "0001-01-31 起 -1 个月超出可计算的日期范围（0001-01-01 至 9999-12-31）"),
    ],
    ids=["deadline-of-a-billion-days", "month-after-9999-12", "month-before-0001-01"],
)
def test_a_period_beyond_the_dates_python_holds_is_out_of_range(work, reason: str) -> None:
    with pytest.raises(OutOfRange) as raised:
        work()
    assert str(raised.value) == reason


def test_the_last_month_of_9999_is_still_a_month() -> None:
    assert add_months(D(9999, 11, 30), 1) == D(9999, 12, 30)
    assert add_months(D(9999, 10, 31), 2) == D(9999, 12, 31)


def test_working_days_past_9999_with_a_calendar_that_knows_the_year(tmp_path: Path) -> None:
    path = tmp_path / "9999.yaml"
    path.write_text("9999:\n  holidays: [9999-12-31]\n  workdays: []\n", encoding="utf-8")
    calendar = WorkCalendar.from_file(path)
    with pytest.raises(OutOfRange) as raised:
        calendar.add_workdays(D(9999, 12, 29), 5)
    assert str(raised.value) == "9999-12-29 之后第 5 个工作日超出可计算的日期范围（0001-01-01 至 9999-12-31）"
    with pytest.raises(OutOfRange) as raised:
        calendar.roll_to_workday(D(9999, 12, 31))
    assert str(raised.value) == "9999-12-31 之后的第一个工作日超出可计算的日期范围（0001-01-01 至 9999-12-31）"


def _notice_of_a_billion_days(tmp_path: Path) -> Path:
    """nat-07 whose 告知书 gives 10^9 days to reply, and no 陈述申辩: the statement-period rule must count them."""
    case = json.loads((EXAMPLES / "nat-07-overdue-97-days.json").read_text(encoding="utf-8"))
    case["events"] = [event for event in case["events"] if event["type"] != "陈述申辩"]
    for event in case["events"]:
        if event["type"] == "告知":
            event["days"] = 10**9
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def _year_9999(tmp_path: Path) -> Path:
    text = (EXAMPLES / "em-01-compliant.json").read_text(encoding="utf-8").replace('"2025-', '"9999-')
    path = tmp_path / "y9999.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_gives_the_rule_undetermined_for_a_period_of_a_billion_days(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_notice_of_a_billion_days(tmp_path)), "--as-of", "2026-11-21"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1  # its findings (two-officers …), not a crash
    assert (
        "  - 陈述申辩期限未届满即作出处罚决定 <statement-period-respected>："
        "期限长度 1000000000 超出可计算的范围（日期只能在 0001-01-01 至 9999-12-31 之间）\n"
    ) in result.output


def test_batch_scores_a_case_dated_9999(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    # reviewed on the last day there is: a file dated 9999 reviewed in 2026 is refused (engine.futuredates)
    args = ["batch", str(_year_9999(tmp_path)), "-o", str(out), "--as-of", "9999-12-31", "-j", "1", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["status"] != "error", record
    reasons = {u["rule_id"]: u["reason"] for u in record["result"]["undetermined"]}
    assert reasons["limitation-period"] == "9999-02-20 起 24 个月超出可计算的日期范围（0001-01-01 至 9999-12-31）"


def _check_with_rules(tmp_path: Path, *rules: str) -> str:
    folder = write_profile(tmp_path, {"x.rules.yaml": "rules:\n" + "".join(rules)})
    result = CliRunner().invoke(main, ["check", BASE_CASE, "--rulebook", str(folder), "--as-of", "2026-11-21"])
    assert isinstance(result.exception, SystemExit), result.exception
    return result.output


def test_division_by_a_zero_value_is_that_rules_undetermined_the_others_still_run(tmp_path: Path) -> None:
    output = _check_with_rules(
        tmp_path,
        rule("ratio", "decision.fine / (decision.fine - decision.fine) > 1", title="比例"),
        rule("fires", "decision.fine < 0", title="照常评查"),
    )
    assert "  1. [一般] 照常评查  扣 1 分（内容）  <fires>\n     罚款 20000 元\n" in output
    assert (
        "无法判定 1 项（不视为合格）：\n  - 比例 <ratio>：除数 decision.fine - decision.fine 为 0，无法计算\n" in output
    )


def test_a_message_of_ten_thousand_placeholders_is_written_out(tmp_path: Path) -> None:
    output = _check_with_rules(
        tmp_path, rule("long", "decision.fine < 0", message="'" + "{decision.fine}," * 10_000 + "'")
    )
    assert "     " + "20000," * 10_000 + "\n" in output
