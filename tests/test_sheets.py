"""Score sheets per published standard (一卷一表): the national profile's sheet (测绘地理信息 standard),
its per-item caps in scoring, the sheets `pingcha report --sheets` writes, and sheets that do not load."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import EXAMPLES, ROOT

from engine.cli import main
from engine.errors import RulebookError
from engine.rulebook import load_rulebook
from engine.scoring import score

JUDGEMENTS = ROOT / "casefiles" / "judgements"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("sheets")
    runner = CliRunner()
    files = [
        EXAMPLES / name
        for name in ("em-01-compliant.json", "em-16-court-enforcement-early.json", "insp-19-dust-compliant.json")
    ]
    results = folder / "r.jsonl"
    done = runner.invoke(
        main,
        ["batch", *map(str, files), "--as-of", "2026-11-21", "-q", "-o", str(results), "--judgements", str(JUDGEMENTS)],
    )
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["report", str(results), "--sheets", str(folder / "out")])
    assert done.exit_code == 0, done.output
    assert (
        done.stderr
        == f"已写入 {folder / 'out'}：评查表 2 份（XLSX、DOCX 各一）；1 份不是行政处罚案卷，评查标准不适用，未写出\n"
    )
    return folder / "out"


def rows(path: Path) -> list[list]:
    sheet = openpyxl.load_workbook(path).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_every_item_with_its_points_deduction_and_reason(sheets):
    assert sorted(p.name for p in sheets.iterdir()) == [
        "开应急罚〔2025〕33号.docx",
        "开应急罚〔2025〕33号.xlsx",
        "开应急罚〔2025〕7号.docx",
        "开应急罚〔2025〕7号.xlsx",
    ]
    table = rows(sheets / "开应急罚〔2025〕33号.xlsx")
    assert table[0][0] == "行政处罚案卷评查表"
    assert table[1][0] == "案卷编号：开应急罚〔2025〕33号"
    header = table.index(["序号", "评查内容", "分值", "扣分", "扣分理由与评查意见"])
    body = table[header + 1 :]
    assert body[0] == [None, "一、基本标准", "否决项", None, "任何一项不符合即为不合格卷"]
    assert body[4] == ["4", "证据是否充分", "否决项", None, "【人工评查】证据：符合（王芳，2026-11-26）"]
    assert body[10] == [None, "二、案卷卷面标准", "20", None, "小计得分 20 分"]
    assert body[12][:4] == ["2", "按国家局制定的测绘地理信息行政执法文书规范填写", 4, None]
    assert body[12][4] == "【人工评查·无法判定】按执法文书规范填写：未评定：没有本案卷对此项的人工评查记录"
    assert body[19] == [None, "三、案卷内容标准", "80", None, "小计得分 69 分"]
    assert body[20][:4] == ["—", "案卷内容标准（立案、调查取证、审查、决定、送达、执行等）", 80, 11]
    assert body[20][4].splitlines() == [
        "【机器评查】催告书送达未满十个工作日即申请人民法院强制执行（扣 3 分）：催告书送达日期 2025-09-30，十个工作日届满日 2025-10-21，申请日期 2025-10-09",
        "【人工评查】处罚明显不当（过重或过轻）（扣 8 分）：12名从业人员中1人记录不实、已当场改正，罚款20000元接近从轻档上限30000元，决定书未说明理由（评查人 李明，2026-11-26）",
        "【机器评查·无法判定】立案审批表未载明收案日期、承办人意见、批准的负责人或审批日期：缺少数据：立案审批表未载明的事项",
        "【机器评查·无法判定】立案审批表的收案、建议立案、批准立案日期先后颠倒：缺少数据：立案审批表未载明的事项",
        "（本项未经核实：内容标准 80 分的细目未能检索到原文）",
    ]
    foot = [row[0] for row in body[21:]]
    assert foot == [
        "合计得分：82—89",
        "等次：良好（暂定：人工评查项未全部评定）",
        "机器评查与人工评查：机器评查：扣 3 分；人工评查：扣 8 分",
        "人工评查未完成：文书 未评定或无法判定，等次尚未确定",
        "未核实之处：卷面标准第8项起（6分）与内容标准（80分）的细目未能检索到原文，未逐项编入",
        None,
        "评查人：____________    复核人：____________    日期：______年____月____日",
    ]


def test_a_veto_marks_its_item_and_the_total(sheets):
    table = rows(sheets / "开应急罚〔2025〕7号.xlsx")
    evidence = next(row for row in table if row[:2] == ["4", "证据是否充分"])
    assert evidence[3] == "不合格"
    assert evidence[4].startswith("【人工评查】证据不充分（否决项）：认定“1人培训记录与实际不符”")
    assert "合计得分：0" in [row[0] for row in table]
    assert "等次：不合格卷（存在否决项）" in [row[0] for row in table]


def test_the_xlsx_prints_on_a4_one_page_wide(sheets):
    sheet = openpyxl.load_workbook(sheets / "开应急罚〔2025〕33号.xlsx").active
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "portrait")
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$7:$7"
    assert sheet["A8"].font.name == "宋体"


def test_the_docx_reads_back(sheets):
    document = docx.Document(str(sheets / "开应急罚〔2025〕33号.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in document.paragraphs]
    assert texts == ["行政处罚案卷评查表", "一、案卷", "二、评查项目", "三、评查结果", "四、签名"]
    case, items, result, signatures = document.tables
    assert [c.text for c in case.rows[1].cells] == ["案卷编号", "开应急罚〔2025〕33号"]
    assert [c.text for c in items.rows[21].cells][:4] == [
        "—",
        "案卷内容标准（立案、调查取证、审查、决定、送达、执行等）",
        "80",
        "11",
    ]
    assert [c.text for c in result.rows[1].cells] == ["合计得分", "82—89"]
    assert [c.text for c in signatures.rows[0].cells] == ["评查人（签名）", "复核人（签名）", "日期"]


def test_the_same_results_give_the_same_bytes(runner, sheets, tmp_path):
    results = sheets.parent / "r.jsonl"
    assert runner.invoke(main, ["report", str(results), "--sheets", str(tmp_path)]).exit_code == 0
    for path in sheets.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes()
        assert all(
            info.date_time == (2026, 11, 21, 0, 0, 0)
            for info in zipfile.ZipFile(io.BytesIO(path.read_bytes())).infolist()
        )


def test_subtotals_add_up_to_the_score_on_every_example(runner, tmp_path):
    """The sheet's subtotals and the engine's score come from the same caps: on every example penalty file."""
    results = tmp_path / "r.jsonl"
    assert (
        runner.invoke(main, ["batch", str(EXAMPLES), "--as-of", "2026-11-21", "-q", "-o", str(results)]).exit_code == 0
    )
    assert runner.invoke(main, ["report", str(results), "--sheets", str(tmp_path / "s")]).exit_code == 0
    checked = 0
    for line in results.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["status"] != "ok" or record["case"]["case_type"] != "行政处罚":
            continue
        table = rows(tmp_path / "s" / f"{record['result']['case_id']}.xlsx")
        subtotals = [
            float(row[4].removeprefix("小计得分 ").removesuffix(" 分"))
            for row in table
            if row[0] is None and row[4] and str(row[4]).startswith("小计")
        ]
        expected = record["result"]["score"]
        total = 0 if expected["vetoed"] else sum(subtotals)
        assert total == expected["score"], record["file"]
        checked += 1
        texts = [str(cell) for row in table for cell in row if cell is not None]
        document = docx.Document(str(tmp_path / "s" / f"{record['result']['case_id']}.docx"))
        texts += [cell.text for t in document.tables for r in t.rows for cell in r.cells]
        technical = {m.group() for text in texts for m in OFFICIALS_DO_NOT_READ.finditer(text)}
        assert technical == set(), record["file"]  # the form a panel signs: no fact names, paths or profile ids
    assert checked == 22


# a fact or parameter name, a JSON path, a rule or profile id, a file name (the standard's web address aside)
OFFICIALS_DO_NOT_READ = re.compile(r"(?<![/\w])(?:[a-z]+_?[a-z]*(?:[._-][a-z_]+)+|\$\.\S+|[\w-]+\.json)(?![\w/])")


def test_a_case_id_met_again_gets_its_own_sheet(runner, tmp_path):
    copy = tmp_path / "copy.json"
    copy.write_bytes((EXAMPLES / "em-01-compliant.json").read_bytes())
    results = tmp_path / "r.jsonl"
    args = ["batch", str(EXAMPLES / "em-01-compliant.json"), str(copy), "-q", "-o", str(results)]
    assert runner.invoke(main, args).exit_code == 0
    assert runner.invoke(main, ["report", str(results), "--sheets", str(tmp_path / "s")]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "开应急罚〔2025〕7号-2.docx",
        "开应急罚〔2025〕7号-2.xlsx",
        "开应急罚〔2025〕7号.docx",
        "开应急罚〔2025〕7号.xlsx",
    ]


def test_an_item_caps_what_its_rules_deduct():
    book = load_rulebook("national")
    rules = {rule.id: rule for rule in book.rules}
    judgements = {item.id: item for item in book.judgements}
    # item 卷面 2 (4 points): forms-filled 2 + the panel's 文书 4 -> 4, not 6; plus standard-forms 2 (item 1)
    failed = [rules["forms-filled"], judgements["panel-documents"], rules["standard-forms"]]
    capped = score(failed, book.scoring, (), book.caps)
    assert capped.deductions == {"卷面": 6, "内容": 0}
    assert score(failed, book.scoring).deductions == {"卷面": 8, "内容": 0}
    # undecided items under an item already at its cap take nothing more from the bottom of the range
    low = score(
        [rules["forms-filled"], judgements["panel-documents"]], book.scoring, [rules["forms-filled"]], book.caps
    )
    assert (low.score, low.low) == (96, 96)


SHEET = """\
sheet:
  standard: 测试标准
  source: https://example.invalid/
  stages:
    - name: 卷面
      category: 卷面
      items:
        - {{number: "1", title: 封面, points: 20, rules: [{rule}]}}
    - name: 内容
      category: 内容
      items:
        - {{number: "1", title: 其余, points: {points}, others: true}}
"""


@pytest.mark.parametrize(
    ("rule", "points", "message"),
    [
        ("no-such-rule", 80, "评查表“卷面”第 1 项：`no-such-rule` 不存在或已停用"),
        ("two-officers", 80, "评查表“卷面”第 1 项：`two-officers` 否决项，不能列在“卷面”"),
        ("decision-sealed", 80, "评查表“卷面”第 1 项：`decision-sealed` 计分类别为 内容，不能列在“卷面”"),
        ("dossier-cover", 70, "“内容”各项分值合计 70 分，与计分类别 内容 的上限 80 分不符"),
    ],
)
def test_a_sheet_that_does_not_fit_the_profile_does_not_load(profile_copy, rule, points, message):
    folder = profile_copy("national")
    manifest = folder / "profile.yaml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index("\nsheet:\n") + 1
    end = text.index("\n\n", start) + 1
    manifest.write_text(text[:start] + SHEET.format(rule=rule, points=points) + text[end:], encoding="utf-8")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(str(folder))
    assert caught.value.message == message


def test_a_hand_edited_judgement_is_named_not_a_traceback(runner, sheets, tmp_path):
    lines = (sheets.parent / "r.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    del record["result"]["judgements"]["items"][0]["verdict"]
    edited = tmp_path / "r.jsonl"
    edited.write_text("\n".join([json.dumps(record, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(edited), "--sheets", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{edited}:1: 缺少 $.result.judgements.items[0].verdict（应为文本）"
