"""行政许可 case files: the check of an example, the working days a 第45条 period takes out of the limit,
the licensing profile's score sheet, and 许可 files counted in sampling strata and the report's per-type table."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLES

from engine.casefile import parse_case_file
from engine.cli import main
from engine.evaluate import evaluate_case
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

LICENSING = sorted(EXAMPLES.glob("lic-*.json"))
BASE = json.loads((EXAMPLES / "lic-33-compliant.json").read_text(encoding="utf-8"))


def _evaluate(document: dict, profile: str = "national"):
    case = parse_case_file(json.dumps(document, ensure_ascii=False), "case.json")
    return evaluate_case(case, load_rulebook(profile), AS_OF, WorkCalendar())


def _outcome(result, rule_id: str) -> str:
    if any(f.rule.id == rule_id for f in result.findings):
        return "fire"
    if any(u.rule.id == rule_id for u in result.undetermined):
        return "undetermined"
    return "pass" if rule_id in result.passed else "not-applicable"


def test_check_names_the_deadline_in_working_days(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(EXAMPLES / "lic-34-overdue.json"), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[3:7] == [
        "发现问题 2 项：",
        "  1. [严重] 未在法定期限内作出行政许可决定  扣 5 分（内容）  <licensing-decision-in-time>",
        (
            "     办理期限自 2025-09-29 起算 20 个工作日，延长 0 个工作日，特别程序不计入 0 个工作日，"
            "届满日 2025-11-03；决定日期 2025-11-14"
        ),
        "     依据：《行政许可法》（2019）第42条第1款；《行政许可法》（2019）第45条；《行政许可法》（2019）第82条",
    ]


def test_a_special_procedure_over_the_national_day_holiday_takes_out_its_working_days_only() -> None:
    document = json.loads(json.dumps(BASE))
    # 2025-09-30 and 2025-10-09, 10-10: three working days; 10-01 to 10-08 is the holiday
    document["special_procedures"] = [{"kind": "专家评审", "start": "2025-09-30", "end": "2025-10-10"}]
    document["licence_decision"]["date"] = "2025-11-06"  # 20 + 3 working days from 2025-09-29
    result = _evaluate(document)
    assert _outcome(result, "licensing-decision-in-time") == "pass"
    document["licence_decision"]["date"] = "2025-11-07"
    (finding,) = [f for f in _evaluate(document).findings if f.rule.id == "licensing-decision-in-time"]
    assert finding.message.endswith("特别程序不计入 3 个工作日，届满日 2025-11-06；决定日期 2025-11-07")


def test_a_special_procedure_in_a_year_the_calendar_does_not_know_is_undetermined() -> None:
    document = json.loads(json.dumps(BASE))
    document["special_procedures"] = [{"kind": "检测", "start": "2025-10-16", "end": "2027-01-05"}]
    result = _evaluate(document)
    assert _outcome(result, "licensing-decision-in-time") == "undetermined"


def test_the_licensing_profile_scores_by_the_items_of_its_score_sheet() -> None:
    book = load_rulebook("licensing")
    categories = {r.id: r.category for r in book.rules if r.case_types == ("行政许可",)}
    assert categories["licensing-decision-in-time"] == "时限与送达"
    assert categories["licensing-correction-once"] == "一次性告知补正"
    assert categories["licensing-fee-legal-basis"] == "收费"
    # no item of the sheet for a refusal's reasons and a grant's publication: they stay in national's 内容
    assert {r for r, c in categories.items() if c == "内容"} == {
        "licensing-refusal-reasoned",
        "licensing-decision-published",
    }
    assert book.scoring["categories"]["收费"] == 19 and book.scoring["categories"]["时限与送达"] == 5
    overdue = json.loads((EXAMPLES / "lic-34-overdue.json").read_text(encoding="utf-8"))
    national, licensing = _evaluate(overdue).score, _evaluate(overdue, "licensing").score
    assert (national.score, {k: v for k, v in national.deductions.items() if v}) == (93.0, {"内容": 7.0})
    # 5 + 2 points in one item capped at its 5 points (扣完为止)
    assert (licensing.score, {k: v for k, v in licensing.deductions.items() if v}) == (95.0, {"时限与送达": 5.0})


def test_sampling_by_case_type_has_a_licensing_stratum(runner: CliRunner) -> None:
    args = ["sample", str(EXAMPLES), "--by", "case_type", "--seed", "7", "--of", "cases", "--ratio", "30%"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "行政许可             4       2" in result.stdout.splitlines()


def test_the_report_has_a_row_per_case_type(runner: CliRunner, tmp_path: Path) -> None:
    files = [*LICENSING, EXAMPLES / "em-01-compliant.json", EXAMPLES / "insp-19-dust-compliant.json"]
    results = tmp_path / "results.jsonl"
    args = ["batch", *map(str, files), "--as-of", AS_OF.isoformat(), "-o", str(results), "-q"]
    assert runner.invoke(main, args).exit_code == 0
    md, xlsx = tmp_path / "r.md", tmp_path / "r.xlsx"
    assert runner.invoke(main, ["report", str(results), "--md", str(md), "--xlsx", str(xlsx)]).exit_code == 0
    text = md.read_text(encoding="utf-8")
    table = text[text.index("## 各案件类型") :].splitlines()[2:7]
    assert table == [
        "| 案件类型 | 案卷数 | 平均分 | 优秀 | 良好 | 合格 | 不合格 | 其中否决 | 问题数 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| 行政处罚 | 1 | 100 | 1 | 0 | 0 | 0 | 0 | 0 |",
        "| 行政检查 | 1 | 100 | 1 | 0 | 0 | 0 | 0 | 0 |",
        "| 行政许可 | 4 | 95.8 | 4 | 0 | 0 | 0 | 0 | 4 |",
    ]
    sheet = openpyxl.load_workbook(xlsx)["案件类型汇总"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "案件类型",
        "案卷数",
        "平均分",
        "优秀",
        "良好",
        "合格",
        "不合格",
        "其中否决",
        "问题数",
        "有无法判定项的案卷",
    ]
    assert rows[-1] == ["行政许可", 4, 95.8, 4, 0, 0, 0, 0, 4, 0]


def test_a_licence_to_be_renewed_may_expire_after_the_review_date_but_nothing_done_may_lie_ahead(
    runner: CliRunner, tmp_path: Path
) -> None:
    document = json.loads(json.dumps(BASE))
    document["application"].update(kind="延续", renewal_of_expiry="2027-03-01")
    path = tmp_path / "renewal.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat()]).exit_code == 0
    document["licence_decision"]["licence_issued_on"] = "2026-11-22"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    result = runner.invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2
    assert "$.licence_decision.licence_issued_on" in result.stderr
