"""A date of the case file after the review date (--as-of) is an input error: in check (exit 2, every
date with its JSON path and line), in batch (an error record), except where the `allow` hook permits it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import AS_OF, EXAMPLES

from engine.casefile import parse_case_file
from engine.cli import main
from engine.futuredates import FutureDateError, future_dates

COMPLIANT = EXAMPLES / "em-01-compliant.json"
HEAD = (
    "案卷中有 {n} 个日期晚于评查基准日 {day}（案卷记载的是已经发生的事项；请核对这些日期，或用 --as-of 给出评查基准日）"
)


def _with_lines(source: Path, target: Path, changes: dict[int, tuple[str, str]]) -> Path:
    """A copy of `source` with text replaced on the given lines (1-based), so line numbers stay as they were."""
    lines = source.read_text(encoding="utf-8").split("\n")
    for number, (old, new) in changes.items():
        assert old in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


@pytest.fixture
def future_decision(tmp_path: Path) -> Path:
    """em-01 with its decision dated 2027-01-05 (line 279), after the review date 2026-11-21."""
    return _with_lines(COMPLIANT, tmp_path / "future.json", {279: ("2025-03-25", "2027-01-05")})


def test_one_future_date_is_an_input_error_naming_path_line_and_dates(runner, future_decision: Path) -> None:
    result = runner.invoke(main, ["check", str(future_decision), "--as-of", "2026-11-21"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{future_decision}: " + HEAD.format(n=1, day="2026-11-21"),
        '  $.decision.date（第 279 行）：决定日期晚于评查基准日；应为 不晚于评查基准日 2026-11-21 的日期，实为 "2027-01-05"',
    ]


def test_every_future_date_is_named_in_the_file_order(runner) -> None:
    path = EXAMPLES / "em-03-discretion-and-deadlines.json"
    result = runner.invoke(main, ["check", str(path), "--as-of", "2025-04-15"])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == f"{path}: " + HEAD.format(n=11, day="2025-04-15")
    assert [line.split("：")[0] for line in lines[1:]] == [
        "  $.events[5].date（第 136 行）",
        "  $.events[6].date（第 144 行）",
        "  $.events[7].date（第 158 行）",
        "  $.events[8].date（第 166 行）",
        "  $.documents[5].date（第 222 行）",
        "  $.documents[6].date（第 230 行）",
        "  $.documents[7].date（第 237 行）",
        "  $.documents[8].date（第 244 行）",
        "  $.decision.date（第 279 行）",
        "  $.publicity.published_on（第 324 行）",
        "  $.payment.paid_on（第 328 行）",
    ]
    assert lines[1] == (
        '  $.events[5].date（第 136 行）：“决定”日期晚于评查基准日；应为 不晚于评查基准日 2025-04-15 的日期，实为 "2025-04-16"'
    )
    # the review date itself is not after the review date: the 集体讨论 and 法制审核 of 2025-04-15 are not named
    assert '2025-04-15"' not in result.output.split("\n", 1)[1]


def test_dates_of_periods_to_come_and_months_not_yet_over(tmp_path: Path) -> None:
    """A certificate's validity (em-01: to 2029) and a 整改期限 may lie ahead; a date known only to the
    month is after the review date only when the whole month is."""
    case = parse_case_file(COMPLIANT.read_bytes(), "em-01")
    assert future_dates(case, AS_OF) == []
    inspection = json.loads((EXAMPLES / "insp-19-dust-compliant.json").read_text(encoding="utf-8"))
    inspection["order"]["deadline"] = "2027-06-30"
    assert future_dates(parse_case_file(json.dumps(inspection, ensure_ascii=False), "insp"), AS_OF) == []
    document = json.loads(COMPLIANT.read_text(encoding="utf-8"))
    document["violation"]["occurred_on"] = "2026-11"
    assert future_dates(parse_case_file(json.dumps(document, ensure_ascii=False), "m"), AS_OF) == []
    document["violation"]["occurred_on"] = "2026-12"
    (month,) = future_dates(parse_case_file(json.dumps(document, ensure_ascii=False), "m"), AS_OF)
    assert (month.json_path, month.title, month.value) == ("$.violation.occurred_on", "违法行为发生日期", "2026-12")


def test_the_allow_hook_lets_exactly_the_intended_decision_date_through(tmp_path: Path) -> None:
    intended = dt.date(2027, 1, 5)
    path = _with_lines(
        COMPLIANT, tmp_path / "draft.json", {136: ("2025-03-25", "2027-01-05"), 279: ("2025-03-25", "2027-01-05")}
    )
    data = path.read_bytes()

    def decision(date) -> bool:
        return date.json_path == "$.decision.date" and date.value == intended

    with pytest.raises(FutureDateError) as raised:
        parse_case_file(data, "draft.json", AS_OF, allow=decision)
    assert [(p.json_path, p.line, p.found) for p in raised.value.problems] == [
        ("$.events[5].date", 136, '"2027-01-05"')
    ]
    case = parse_case_file(data, "draft.json", AS_OF, allow=lambda date: date.value == intended)
    assert case.decision is not None and case.decision.date == intended
    assert [d.json_path for d in future_dates(case, AS_OF)] == ["$.events[5].date", "$.decision.date"]
    assert [d.title for d in future_dates(case, AS_OF)] == ["“决定”日期", "决定日期"]


def test_batch_writes_an_error_record_and_counts_it(runner, future_decision: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    result = runner.invoke(
        main, ["batch", str(COMPLIANT), str(future_decision), "--as-of", "2026-11-21", "-o", str(out), "-q"]
    )
    assert result.exit_code == 0
    assert "输入 2 件：评分 1 件，错误 1 件（日期晚于评查基准日 1）" in result.output
    ok, error = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert ok["status"] == "ok"
    assert error == {
        "error": "future-date",
        "file": str(future_decision),
        "index": 2,
        "json_path": "$.decision.date",
        "line": None,
        "message": HEAD.format(n=1, day="2026-11-21")
        + '：$.decision.date（第 279 行）：决定日期晚于评查基准日；应为 不晚于评查基准日 2026-11-21 的日期，实为 "2027-01-05"',
        "problems": [
            {
                "code": "future-date",
                "expected": "不晚于评查基准日 2026-11-21 的日期",
                "found": '"2027-01-05"',
                "help": None,
                "json_path": "$.decision.date",
                "line": 279,
                "message": '决定日期晚于评查基准日；应为 不晚于评查基准日 2026-11-21 的日期，实为 "2027-01-05"',
            }
        ],
        "status": "error",
    }
