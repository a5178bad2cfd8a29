"""双随机、一公开 and the online systems (issue 19): how an inspection's target was chosen, the profile's
随机抽查事项清单, entries in the 互联网+监管 system and the credit platform — the case-file fields and their
refusals, the facts (unknown when the file is silent), and each agency's share of 双随机 inspections in the
batch summary and the report (HTML, XLSX, Markdown)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT

from engine.casefile import parse_case_file
from engine.cli import main
from engine.facts import base_facts
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

AS_OF = "2026-11-21"
INSPECTION = json.loads((ROOT / "rules" / "testcases" / "inspection-emergency-2025.json").read_text(encoding="utf-8"))
PENALTY = json.loads((ROOT / "rules" / "testcases" / "penalty-emergency-2025.json").read_text(encoding="utf-8"))


def _case(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    case = copy.deepcopy(base)
    case.update(changes)
    return case


def _facts(case: dict[str, Any], profile: str = "emergency") -> tuple[dict[str, Any], dict[str, str], frozenset[str]]:
    parsed = parse_case_file(json.dumps(case, ensure_ascii=False), "case.json")
    return base_facts(parsed, dt.date(2026, 11, 21), load_rulebook(profile).tables, WorkCalendar())


# --- the case-file fields and what they refuse --------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"kind": "双随机抽查", "selection": "投诉举报"},
            (
                "  $.selection（第 23 行）：检查对象的确定方式与检查类型不一致；应为 与检查类型“双随机抽查”一致的“双随机抽查”，"
                '或不填，实为 "投诉举报"'
            ),
        ),
        (
            {"systems": {"supervision_system": False, "supervision_system_on": "2025-05-13"}},
            (
                "  $.systems.supervision_system_on（第 25 行）：载明未录入（未推送），却有日期；应为 删去日期，"
                '或把是否录入（推送）改为“是”，实为 "2025-05-13"'
            ),
        ),
        (
            {"systems": {"credit_platform": False, "credit_platform_on": "2025-05-14"}},
            (
                "  $.systems.credit_platform_on（第 25 行）：载明未录入（未推送），却有日期；应为 删去日期，"
                '或把是否录入（推送）改为“是”，实为 "2025-05-14"'
            ),
        ),
    ],
    ids=["selection-contradicts-kind", "date-without-entry", "date-without-push"],
)
def test_contradictions_are_refused_with_path_and_line(
    runner: CliRunner, tmp_path: Path, changes: dict[str, Any], line: str
) -> None:
    case = {key: INSPECTION[key] for key in ("schema_version", "case_id", "case_type", "kind", "matter", "agency")}
    case = {**case, "party": INSPECTION["party"], **changes}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False, indent=1), encoding="utf-8")
    result = runner.invoke(main, ["check", str(path), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}: 案卷不符合格式（1 处问题）", line]


# --- facts -----------------------------------------------------------------------------------------


def test_selection_as_the_file_says_else_as_the_kind_implies() -> None:
    facts, origin, absent = _facts(_case(INSPECTION, selection="年度计划"))
    assert (facts["selection.method"], facts["selection.routine"], origin["selection.method"]) == (
        "年度计划",
        True,
        "$.selection",
    )
    facts, origin, _ = _facts(_case(INSPECTION, kind="举报投诉核查"))
    assert (facts["selection.method"], facts["selection.routine"], origin["selection.method"]) == (
        "投诉举报",
        False,
        "$.kind",
    )
    facts, _, absent = _facts(_case(INSPECTION, selection="专项"))
    assert facts["selection.routine"] is None  # whether a 专项 campaign must draw is unsettled
    facts, _, absent = _facts(INSPECTION)  # a 计划检查 may have drawn its target or named it: unknown
    assert facts["selection.method"] is None and "selection.method" not in absent


def test_the_list_covers_a_matter_only_where_the_profile_has_a_list() -> None:
    listed = _case(INSPECTION, matter="事故隐患排查治理情况")
    assert _facts(listed)[0]["selection.listed"] is True
    assert _facts(INSPECTION)[0]["selection.listed"] is False  # 粉尘防爆: not on the emergency list
    facts, _, absent = _facts(listed, "national")  # no list: unknown, never "not listed"
    assert facts["selection.listed"] is None and "selection.listed" not in absent


def test_system_entries_are_unknown_when_silent_even_in_a_whole_file() -> None:
    facts, _, absent = _facts(PENALTY)  # 全卷: the dossier is complete, the systems are outside it
    assert facts["supervision.entered"] is None and "supervision.entered" not in absent
    checked = _case(PENALTY, source={"kind": "评查摘要", "complete": ["systems"]})
    facts, _, absent = _facts(checked)
    assert facts["supervision.entered"] is None and {"supervision.entered", "credit.pushed"} <= absent
    dated = _case(PENALTY, systems={"supervision_system_on": "2025-03-27", "credit_platform": False})
    facts, origin, _ = _facts(dated)
    assert (facts["supervision.entered"], facts["date.录入监管系统"], facts["credit.pushed"]) == (
        True,
        dt.date(2025, 3, 27),
        False,
    )
    assert (origin["supervision.entered"], origin["credit.pushed"]) == (
        "$.systems.supervision_system_on",
        "$.systems.credit_platform",
    )


# --- the share of 双随机 inspections, by agency ------------------------------------------------------


def _corpus(folder: Path) -> None:
    other = {**INSPECTION["agency"], "name": "铁岭市银州区应急管理局", "region": "铁岭市银州区"}
    cases = {
        "a-drawn.json": _case(INSPECTION, case_id="甲-1", kind="双随机抽查"),
        "a-named.json": _case(INSPECTION, case_id="甲-2", selection="年度计划"),
        "a-silent.json": _case(INSPECTION, case_id="甲-3"),
        "a-planned-drawn.json": _case(INSPECTION, case_id="甲-4", selection="双随机抽查"),
        "b-complaint.json": _case(INSPECTION, case_id="乙-1", kind="举报投诉核查", agency=other),
        "penalty.json": PENALTY,
    }
    folder.mkdir()
    for name, case in cases.items():
        (folder / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")


def test_batch_summary_and_report_show_each_agencys_share(runner: CliRunner, tmp_path: Path) -> None:
    _corpus(tmp_path / "cases")
    results = tmp_path / "results.jsonl"
    batch = runner.invoke(main, ["batch", str(tmp_path / "cases"), "-o", str(results), "--as-of", AS_OF, "-q"])
    assert batch.exit_code == 0, batch.output
    lines = batch.stderr.splitlines()
    start = lines.index("双随机抽查占比（行政检查，占载明检查对象确定方式的检查）：")
    assert lines[start + 1 : start + 3] == [
        "  开原市应急管理局：行政检查 4 件，载明确定方式 3 件，其中双随机抽查 2 件（66.7%），未载明 1 件",
        "  铁岭市银州区应急管理局：行政检查 1 件，载明确定方式 1 件，其中双随机抽查 0 件（0.0%），未载明 0 件",
    ]

    md, xlsx, html = tmp_path / "r.md", tmp_path / "r.xlsx", tmp_path / "r.html"
    made = runner.invoke(main, ["report", str(results), "--md", str(md), "--xlsx", str(xlsx), "--html", str(html)])
    assert made.exit_code == 0, made.output
    text = md.read_text(encoding="utf-8")
    table = text[text.index("## 行政检查的双随机抽查占比") :].split("\n\n")[2].splitlines()
    assert table == [
        "| 执法机关 | 行政检查 | 载明检查对象确定方式的 | 其中双随机抽查 | 双随机抽查占比 | 未载明确定方式的 |",
        "|---|---:|---:|---:|---:|---:|",
        "| 开原市应急管理局 | 4 | 3 | 2 | 66.7% | 1 |",
        "| 铁岭市银州区应急管理局 | 1 | 1 | 0 | 0.0% | 0 |",
    ]
    sheet = openpyxl.load_workbook(xlsx)["双随机抽查"]
    assert [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ["执法机关", "行政检查", "载明检查对象确定方式的", "其中双随机抽查", "双随机抽查占比", "未载明确定方式的"],
        ["开原市应急管理局", 4, 3, 2, "66.7%", 1],
        ["铁岭市银州区应急管理局", 1, 1, 0, "0.0%", 0],
    ]
    page = html.read_text(encoding="utf-8")
    assert (
        '<tr><td>开原市应急管理局</td><td class="n">4</td><td class="n">3</td><td class="n">2</td>'
        '<td class="n">66.7%</td><td class="n">1</td></tr>'
    ) in page


def test_no_inspections_no_share_table(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "penalty.json").write_text(json.dumps(PENALTY, ensure_ascii=False), encoding="utf-8")
    results = tmp_path / "results.jsonl"
    batch = runner.invoke(main, ["batch", str(folder), "-o", str(results), "--as-of", AS_OF, "-q"])
    assert "双随机" not in batch.stderr
    xlsx = tmp_path / "r.xlsx"
    runner.invoke(main, ["report", str(results), "--xlsx", str(xlsx)])
    assert "双随机抽查" not in openpyxl.load_workbook(xlsx).sheetnames
