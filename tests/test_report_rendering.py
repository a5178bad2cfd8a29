"""The review report's renderings of a small report built in this process, whole: the Markdown line by line,
the XLSX sheets' layout (caption, header, cells, print setup) and the Pareto chart's geometry. Each test builds
its own report, so that mutmut (tools/mutmut_sample.py) runs each of them against a mutant of engine/report.py."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest
from test_report_edges import _record

from engine import report
from engine.scoring import PROVISIONAL, TO_VERIFY

INSPECTION = {
    "type": "行政检查",
    "case_id": "甲应急检〔2025〕1号",
    "agency": "甲局",
    "domain": "应急管理",
    "party": {"key": "911", "name": "某公司"},
    "date": "2025-03-01",
    "kind": "计划检查",
    "matter": "粉尘防爆",
    "plan_id": None,
    "violations": 0,
    "penalty_case_id": None,
    "no_penalty_ground": None,
}


def _error(index: int) -> dict[str, Any]:
    return {
        "index": index,
        "file": f"{index}.json",
        "line": 7 if index == 5 else None,
        "status": "error",
        "error": "casefile",
        "json_path": "$.party",
        "message": "缺少当事人",
    }


def _small(errors: int = 1) -> report.Report:
    """Four scored files of two agencies (one graded 暂定, one 待核实) and `errors` files that could not be scored."""
    records = [
        _record(1, 100.0, fine=10000),
        _record(2, 95.0, ("a",), fine=20000),
        _record(3, 89.5, ("a", "b"), fine=12000),
        _record(4, 90.0, ("a",), fine=10000),
    ]
    records[0]["case"]["crossfile"] = INSPECTION
    records[2]["case"]["agency"] = {"name": "乙局", "domain": "应急管理", "level": "县级", "region": "乙县"}
    records[1]["result"]["score"].update(provisional=True, grade_status=PROVISIONAL)
    records[3]["result"]["score"].update(provisional=True, grade_status=TO_VERIFY)
    return report.build(records, [_error(n) for n in range(5, 5 + errors)], date=dt.date(2026, 11, 30))


MARKDOWN = """\
# 行政执法案卷评查报告

评查基准日 2026-11-21，报告日期 2026-11-30。规则集：emergency x。

## 总体情况

共评查案卷 5 件，其中评分 4 件、无法评分 1 件。评分案卷平均 93.6 分：优秀 3 件、良好 1 件、合格 0 件、不合格 0 件（其中存在否决项的不合格卷 0 件）；有无法判定项、得分为区间的 2 件，其中等次暂定 1 件、待核实（无法判定项中有否决项）1 件。

## 主要问题

| 序号 | 问题 | 类别 | 严重程度 | 案卷数 | 累计占比 |
|---:|---|---|---|---:|---:|
| 1 | 问题a | 评查标准 | 一般 | 3 | 75.0% |
| 2 | 问题b | 评查标准 | 一般 | 1 | 100.0% |

## 各单位情况

| 执法机关 | 案卷数 | 平均分 | 优秀 | 良好 | 合格 | 不合格 | 主要问题 |
|---|---:|---:|---:|---:|---:|---:|---|
| 甲局 | 3 | 95 | 3 | 0 | 0 | 0 | 问题a（2） |
| 乙局 | 1 | 89.5 | 0 | 1 | 0 | 0 | 问题a（1）；问题b（1） |

## 各案件类型

| 案件类型 | 案卷数 | 平均分 | 优秀 | 良好 | 合格 | 不合格 | 其中否决 | 问题数 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
| 行政处罚 | 4 | 93.6 | 3 | 1 | 0 | 0 | 0 | 4 |

## 行政检查的双随机抽查占比

占比 = 双随机抽查 ÷ 载明了检查对象确定方式的检查；未载明的另列，不计入分母，也不视为未经随机抽取。

| 执法机关 | 行政检查 | 载明检查对象确定方式的 | 其中双随机抽查 | 双随机抽查占比 | 未载明确定方式的 |
|---|---:|---:|---:|---:|---:|
| 甲局 | 1 | 0 | 0 | — | 1 |

## 同案不同罚

- AQ-97-4 未如实记录安全生产教育和培训情况（一般，单位）：4 件，罚款 10000—20000 元，最高额高出最低额 100%（阈值 50%）

## 跨卷检查

跨卷检查（未声明为全量：关联案卷缺失不作为问题，零立案须核实）：行政检查 1 件，行政处罚 0 件，行政强制执行 0 件；检查所称处罚案卷在本批中 0 件、不在本批中 0 件

未发现跨卷问题。

## 无法评分的案卷

- 5.json:7：缺少当事人
"""


def test_the_markdown_of_a_small_report_line_by_line() -> None:
    assert report.to_markdown(_small()) == MARKDOWN


def test_the_markdown_names_the_first_20_files_that_could_not_be_scored_and_counts_the_rest() -> None:
    tail = report.to_markdown(_small(errors=22)).split("## 无法评分的案卷\n\n")[1]
    names = [f"- {n}.json：缺少当事人" for n in range(6, 25)]
    assert tail == "\n".join(["- 5.json:7：缺少当事人", *names, "- ……另 2 件，见 HTML 报告"]) + "\n"
    assert report.to_markdown(_small(errors=20)).endswith("- 24.json：缺少当事人\n")


def test_each_xlsx_sheet_has_its_caption_header_cells_and_print_setup() -> None:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(report.to_xlsx(_small()))))
    assert book.sheetnames == [
        "整改台账",
        "案卷得分",
        "机关汇总",
        "案件类型汇总",
        "双随机抽查",
        "无法判定事项",
        "同案不同罚",
        "技术附录",
    ]
    ledger = book["整改台账"]
    title = ledger["A1"]
    assert (title.value, title.font.b, title.font.sz) == ("行政执法突出问题整改台账", True, 16)
    assert (title.alignment.horizontal, title.alignment.vertical, ledger.row_dimensions[1].height) == (
        "center",
        "center",
        30,
    )
    assert ledger["A2"].value.endswith("填报时间：2026-11-30") and ledger["A2"].font.sz == 11
    assert not ledger["A2"].font.b
    assert ledger.freeze_panes == "A4" and ledger.print_title_rows == "$3:$3"

    scores = book["案卷得分"]
    assert [c.value for c in scores[1]][:3] == ["序号", "案卷编号", "执法机关"]
    for header in scores[1]:
        assert (header.font.b, header.font.sz, header.fill.fgColor.rgb) == (True, 11, "00DDE6F3")
        assert (header.alignment.horizontal, header.alignment.vertical, header.alignment.wrap_text) == (
            "center",
            "center",
            True,
        )
        assert {header.border.left.style, header.border.right.style, header.border.top.style} == {"thin"}
        assert header.border.bottom.style == "thin" and header.border.left.color.rgb == "00999999"
    for row in scores.iter_rows(min_row=2):
        for cell in row:
            assert (cell.font.sz, cell.font.b, cell.alignment.vertical, cell.alignment.wrap_text) == (
                11,
                False,
                "top",
                True,
            )
            assert cell.border.left.style == cell.border.bottom.style == "thin"
    assert [c.value for c in scores["A"]][1:] == [1, 2, 3, 4]
    assert scores.freeze_panes == "A2" and scores.auto_filter.ref == "A1:M5"
    setup = scores.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert scores.sheet_properties.pageSetUpPr.fitToPage and scores.print_options.horizontalCentered
    margins = scores.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom, margins.footer) == (0.5, 0.5, 0.6, 0.8, 0.3)
    assert scores.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert book["无法判定事项"].auto_filter.ref is None  # no rows: nothing to filter
    same_case = [list(row) for row in book["同案不同罚"].iter_rows(values_only=True)]
    assert same_case[0] == [
        "组",
        "裁量基准事项",
        "违法行为",
        "裁量阶次",
        "当事人",
        "案卷编号",
        "执法机关",
        "罚款（元）",
        "适用情形",
        "裁量理由",
    ]
    group = [1, "AQ-97-4", "未如实记录安全生产教育和培训情况", "一般", "单位"]
    assert same_case[1:] == [  # lowest fine first
        [*group, "甲罚〔2025〕1号", "甲局", 10000, None, "理由1"],
        [*group, "甲罚〔2025〕4号", "甲局", 10000, None, "理由4"],
        [*group, "甲罚〔2025〕3号", "乙局", 12000, None, "理由3"],
        [*group, "甲罚〔2025〕2号", "甲局", 20000, None, "理由2"],
    ]


def _numbers(svg: str, tag: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m)) for m in re.findall(rf"<{tag} ([^>]*)>", svg)]


def test_the_pareto_chart_geometry() -> None:
    built = _small()
    svg = report.pareto_chart(built.rules, "主要问题")
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 170" role="img" aria-label="主要问题"'
    )
    lines = _numbers(svg, "line")
    top_axis, bottom_axis, left_axis = lines[:3]
    assert top_axis == {"x1": "310", "y1": "46", "x2": "720", "y2": "46", "stroke": "#ef6c00"}
    assert bottom_axis == {"x1": "310", "y1": "126", "x2": "720", "y2": "126", "stroke": "#999"}
    assert left_axis == {"x1": "310", "y1": "46", "x2": "310", "y2": "126", "stroke": "#999"}
    ticks = [(line["x1"], line["y1"], line["y2"]) for line in lines[3:9]]
    assert ticks == [(x, "42", "46") for x in ("310", "392", "474", "556", "638", "720")]
    assert lines[9] == {
        "x1": "638",
        "y1": "46",
        "x2": "638",
        "y2": "126",
        "stroke": "#c62828",
        "stroke-dasharray": "4 3",
    }
    bars = [(r["x"], r["y"], r["width"], r["height"]) for r in _numbers(svg, "rect")]
    assert bars == [("310", "54", "410", "24"), ("310", "94", "136.7", "24")]  # 3 files, then 1 of 3
    assert "<title>问题a：3</title>" in svg and "<title>问题b：1</title>" in svg
    assert '<polyline points="617.5,66 720,106" fill="none" stroke="#ef6c00" stroke-width="2"/>' in svg
    assert '<text x="515" y="160" text-anchor="middle">问题数（件，条形）</text>' in svg
    assert svg.endswith("</svg>")


def test_a_cross_file_finding_is_a_row_of_the_ledger() -> None:
    records = [_record(n, 100.0, fine=10000 + n) for n in (1, 2, 3)]
    for n, (record, day) in enumerate(zip(records, ["2025-03-01", "2025-06-01", "2025-09-01"], strict=True), 1):
        record["case"]["crossfile"] = {**INSPECTION, "case_id": f"甲应急检〔2025〕{n}号", "date": day}
    cases = ("甲应急检〔2025〕1号", "甲应急检〔2025〕2号", "甲应急检〔2025〕3号")
    assert list(report.build(records, [], date=dt.date(2026, 11, 30)).ledger) == [
        report.LedgerRow(
            number=1,
            problem="同一机关对同一企业同一事项的年度检查次数超过频次上限",
            cases="、".join(cases),
            measure="按年度检查计划和频次上限统筹检查，同一企业同一事项合并检查、避免重复检查。",
            deadline="2026-12-30前",  # a major problem: 30 days from the report's date
            department="甲局",
            leader="",
            note=(
                "跨卷检查：2025年对“某公司”的“粉尘防爆”检查 3 次（2025-03-01、2025-06-01、2025-09-01），超过年度频次上限 2 次；"
                "依据：国办发〔2024〕54号（公布同一企业年度检查频次上限；同一企业同一事项避免重复检查）；"
                "应急〔2025〕11号（发现问题后的跟踪复查除外）"
            ),
            rule="inspection-over-cap",
            case_ids=cases,
            severity="major",
        )
    ]


def test_the_cross_file_rows_follow_the_rules_rows_and_are_made_as_they_are_read() -> None:
    """A batch can have cross-file findings by the hundred thousand: the ledger holds its rules' rows and
    makes a row of each finding when read, numbered after them."""
    records = [_record(n, 90.0, ("a",), fine=10000 + n) for n in (1, 2, 3)]
    for n, (record, day) in enumerate(zip(records, ["2025-03-01", "2025-06-01", "2025-09-01"], strict=True), 1):
        record["case"]["crossfile"] = {**INSPECTION, "case_id": f"甲应急检〔2025〕{n}号", "date": day}
    ledger = report.build(records, [], date=dt.date(2026, 11, 30)).ledger
    rows = list(ledger)
    assert [(row.number, row.rule, row.deadline) for row in rows] == [
        (1, "a", "2027-01-29前"),  # a minor problem: 60 days
        (2, "inspection-over-cap", "2026-12-30前"),  # a major one: 30
    ]
    assert [row.rule for row in ledger.rows] == ["a"]
    assert list(ledger) == rows


def test_the_csv_has_a_row_per_scored_file_numbered_from_1() -> None:
    vetoed = _record(2, 0.0, ("a",), fine=20000)
    vetoed["result"]["score"]["vetoed"] = True
    rows = b"".join(report.to_csv(report.build([_record(1, 95.0), vetoed], []))).decode("utf-8")
    assert rows == (
        "\ufeff序号,案卷编号,执法机关,执法领域,得分,最低分,等次,等次状态,否决,问题数,问题,依据,文件\r\n"
        "1,甲罚〔2025〕1号,甲局,应急管理,95,95,优秀,确定,否,0,,,1.json\r\n"
        "2,甲罚〔2025〕2号,甲局,应急管理,0,0,不合格卷,确定,是,1,问题a,《行政处罚法》第1条,2.json\r\n"
    )


def test_a_profile_without_the_spread_threshold_is_named(profile_copy) -> None:
    folder = profile_copy("national")
    manifest = folder / "profile.yaml"
    text = manifest.read_text(encoding="utf-8")
    spread = text.index("  consistency_fine_spread:")
    manifest.write_text(
        text[:spread] + text[spread:].replace("    value: 0.5\n", "    value: null\n", 1), encoding="utf-8"
    )
    with pytest.raises(report.ReportError) as refused:
        report.build([_record(1), _record(2)], [], profile=str(folder))
    assert str(refused.value) == "规则集 national 没有参数 consistency_fine_spread（同案不同罚阈值）"
