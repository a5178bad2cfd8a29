"""`pingcha check` as a user runs it: output, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES

from engine.cli import main

COMPLIANT = str(EXAMPLES / "em-01-compliant.json")
OVERDUE = str(EXAMPLES / "nat-07-overdue-97-days.json")


def test_compliant_file_exits_zero(runner) -> None:
    result = runner.invoke(main, ["check", COMPLIANT, "--as-of", "2026-11-21"])
    assert result.exit_code == 0
    assert "未发现问题。" in result.output
    assert result.output.rstrip().endswith("得分 100 / 100  等次：优秀")


def test_findings_exit_one_and_show_law_and_values(runner) -> None:
    result = runner.invoke(main, ["check", OVERDUE, "--as-of", "2026-11-21"])
    assert result.exit_code == 1
    assert "  1. [否决] 调查取证、询问、检查的执法人员少于两人  否决项  <two-officers>" in result.output
    assert "     立案至作出决定用时 97 日，超过法定期限 90 日\n     依据：《行政处罚法》（2021）第60条" in result.output
    assert "得分 0 / 100，卷面 扣 4 分，内容 扣 15 分  等次：不合格卷（存在否决项）\n" in result.output


def test_fail_on_veto_ignores_lesser_findings(runner) -> None:
    path = str(EXAMPLES / "em-03-discretion-and-deadlines.json")
    assert runner.invoke(main, ["check", path, "--as-of", "2026-11-21", "--fail-on", "veto"]).exit_code == 0
    assert runner.invoke(main, ["check", path, "--as-of", "2026-11-21", "--fail-on", "major"]).exit_code == 1


def test_json_output_is_stable_and_complete(runner) -> None:
    args = ["check", OVERDUE, "--as-of", "2026-11-21", "--format", "json"]
    first = runner.invoke(main, args)
    second = runner.invoke(main, args)
    assert first.output == second.output
    document = json.loads(first.output)
    assert document["as_of"] == "2026-11-21"
    assert document["rulebook"]["name"] == "national"
    assert set(document) == {
        "case_id",
        "source",
        "as_of",
        "rulebook",
        "score",
        "findings",
        "undetermined",
        "passed",
        "not_applicable",
        "notices",
    }


def test_explicit_rulebook(runner) -> None:
    result = runner.invoke(main, ["check", OVERDUE, "--as-of", "2026-11-21", "--rulebook", "emergency"])
    assert "立案至作出决定用时 97 日，超过法定期限 30 日" in result.output


def test_bad_case_file_exits_two_with_json_paths(runner) -> None:
    path = str(EXAMPLES / "malformed-10-fields.json")
    result = runner.invoke(main, ["check", path])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{path}: 案卷不符合格式（4 处问题）",
        '  $.procedure（第 8 行）：取值不在可选范围内；应为 “普通程序” 或 “简易程序”，实为 "普通程式"',
        "  $.party.kind（第 15 行）：缺少必填字段 kind（当事人类型）；应为 “个人” 或 “单位”",
        (
            "  $.events[1].date（第 83 行）：不是有效日期（该月没有这一天）；"
            '应为 YYYY-MM-DD 格式的日期（如 2025-03-10），只知月份的写 YYYY-MM，实为 "2025-02-30"'
        ),
        (
            "  $.decision.penalty_amount（第 252 行）：案卷格式中没有这个字段；"
            "应为 $.decision 中已有的字段（见 casefiles/casefile.schema.json），实为 20000"
        ),
    ]


def test_one_bad_file_does_not_hide_the_others(runner) -> None:
    result = runner.invoke(
        main, ["check", str(EXAMPLES / "malformed-11-not-json.json"), COMPLIANT, "--as-of", "2026-11-21"]
    )
    assert result.exit_code == 2
    assert "malformed-11-not-json.json: 案卷不符合格式" in result.output
    assert "案卷 开应急罚〔2025〕7号" in result.output


def test_missing_file_is_reported(runner, tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    result = runner.invoke(main, ["check", str(missing)])
    assert result.exit_code == 2
    assert result.output == f"{missing}: 文件或文件夹不存在\n"


def test_bad_rulebook_exits_two(runner, profile_copy) -> None:
    profile = profile_copy("national")
    (profile / "profile.yaml").write_text("name: national\ntitle: x\n", encoding="utf-8")
    result = runner.invoke(main, ["check", COMPLIANT, "--rulebook", str(profile)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"{profile / 'profile.yaml'}:1: schema: $: 'version' is a required property\n  help: see rules/schemas/profile.schema.json (1 problem(s) in this file)\n"
    )


def _late_december_case(tmp_path: Path) -> Path:
    """The compliant case moved to a decision on 2026-12-28, not yet served."""
    case = json.loads(Path(COMPLIANT).read_text(encoding="utf-8"))
    case["events"] = [e for e in case["events"] if e["type"] in ("现场检查", "立案", "询问")]
    for event in case["events"]:
        event["date"] = "2026-12-" + {"现场检查": "01", "立案": "02", "询问": "03"}[event["type"]]
    case["events"].append({"type": "告知", "date": "2026-12-10", "days": 3, "actors": ["o1", "o2"]})
    case["decision"]["date"] = "2026-12-28"
    case["legal_review"]["date"] = "2026-12-25"
    case["publicity"]["published_on"] = "2026-12-29"
    del case["payment"]
    path = tmp_path / "december.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


def test_calendar_gap_gives_undetermined(runner, tmp_path: Path) -> None:
    path = str(_late_december_case(tmp_path))
    result = runner.invoke(main, ["check", path, "--as-of", "2027-01-15", "--rulebook", "national", "--format", "json"])
    undetermined = {u["rule_id"]: u["reason"] for u in json.loads(result.output)["undetermined"]}
    assert undetermined["decision-served-in-time"] == "工作日历缺少 2027 年的法定节假日数据（可用 --calendar 提供）"


def test_calendar_file_supplies_the_missing_year(runner, tmp_path: Path) -> None:
    path = str(_late_december_case(tmp_path))
    calendar = tmp_path / "2027.yaml"
    calendar.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    args = ["check", path, "--as-of", "2027-01-15", "--rulebook", "national", "--format", "json"]
    document = json.loads(runner.invoke(main, [*args, "--calendar", str(calendar)]).output)
    finding = next(f for f in document["findings"] if f["rule_id"] == "decision-served-in-time")
    # 2026-12-28 + 7 WD: 29, 30, 31, (01-01 off), 04, 05, 06, 07
    assert finding["message"] == "决定日期 2026-12-28，送达期限届满日 2027-01-07，实际送达日期 未载明"


def test_open_case_is_measured_to_the_as_of_date(runner) -> None:
    open_case = str(EXAMPLES / "em-06-open-2026.json")  # 立案 2026-02-11, no decision yet
    args = ["check", open_case, "--rulebook", "national", "--format", "json", "--as-of"]
    on_time = json.loads(runner.invoke(main, [*args, "2026-05-12"]).output)
    overdue = json.loads(runner.invoke(main, [*args, "2026-05-13"]).output)
    assert "decision-within-deadline" in on_time["passed"]
    assert [f["message"] for f in overdue["findings"] if f["rule_id"] == "decision-within-deadline"] == [
        "立案至作出决定用时 91 日，超过法定期限 90 日"
    ]
