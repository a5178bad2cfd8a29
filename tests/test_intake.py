"""The case workbook (issue 16): template, import, export, batch; its layout follows the model; its errors
name sheet!cell; LibreOffice reads and re-saves it without changing a case."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import typing
from pathlib import Path

import openpyxl
import pytest
from pydantic import BaseModel

from engine import casedocs
from engine.casefile import CaseFile, load_case_file, parse_case_file
from engine.cli import main
from engine.errors import CaseFileError
from engine.intake import casefiles, cells, guide, reader, writer
from engine.intake.layout import FIXED, MODELS, layout, members, shape

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "casefiles" / "examples"
REAL = ROOT / "casefiles" / "real"
DOCS = ROOT / "docs" / "case-file-fields.md"


def _valid(folder: Path) -> list[tuple[str, CaseFile]]:
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append((path.name, load_case_file(path)))
        except CaseFileError:
            continue
    return found


VALID = _valid(EXAMPLES) + _valid(REAL)


@pytest.fixture(scope="module")
def exported() -> bytes:
    data, problems = writer.write_cases(VALID)
    assert problems == []
    return data


@pytest.fixture(scope="module")
def imported(exported: bytes) -> dict[str, reader.ImportedCase]:
    result = reader.read_workbook(exported, "cases.xlsx")
    assert result.all_problems() == []
    return {case.case_id: case for case in result.cases}


def test_every_valid_example_is_in_the_round_trip() -> None:
    assert len(_valid(EXAMPLES)) == 32  # 35 examples, 3 of them malformed on purpose
    assert len(VALID) == 32 + len(list(REAL.glob("*.json")))


@pytest.mark.parametrize(("name", "case"), VALID, ids=[name for name, _ in VALID])
def test_import_of_export_is_the_case_file(name: str, case: CaseFile, imported: dict[str, reader.ImportedCase]) -> None:
    again = imported[case.case_id]
    assert again.problems == []
    assert again.case == case
    # and the JSON file import writes reads back as the same case file
    assert parse_case_file(casefiles.case_json(case), name) == case


def test_template_and_export_bytes_do_not_depend_on_when(exported: bytes) -> None:
    assert writer.template() == writer.template()
    assert writer.write_cases(VALID)[0] == exported


# --- the layout follows the model --------------------------------------------------------------------


def _models() -> dict[str, type[BaseModel]]:
    """The three case-file models and every model nested in them, by name."""
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = list(MODELS.values())
    while todo:
        model = todo.pop()
        found[model.__name__] = model
        for info in model.model_fields.values():
            for member in members(info.annotation)[0]:
                for inner in [member, *typing.get_args(member)]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel) and inner.__name__ not in found:
                        todo.append(inner)
    return found


def _model_fields() -> set[tuple[str, str]]:
    return {(name, field) for name, model in _models().items() for field in model.model_fields}


def test_every_model_field_has_a_column_or_a_sheet() -> None:
    """A field added to the model without a place in the workbook fails here (the layout is derived, so
    this guards the derivation: a kind of field it does not place)."""
    built = layout()
    case_models = {model.__name__ for model in MODELS.values()}

    def owners(owner: str, case_types: tuple[str, ...]) -> set[str]:  # a case type's own field shared by others
        return {MODELS[t].__name__ for t in case_types} if owner in case_models else {owner}

    placed = {(o, c.field) for s in built.sheets for c in s.columns for o in owners(c.owner, c.case_types)}
    placed |= {(o, s.field) for s in built.sheets if s.owner for o in owners(s.owner, s.case_types)}
    placed |= {(model.__name__, name) for model in MODELS.values() for name in FIXED}
    flattened = {  # a nested object: its own fields are the columns (headed 标题：子标题)
        (name, field)
        for name, model in _models().items()
        for field, info in model.model_fields.items()
        if shape(info.annotation).kind == "model"
    }
    assert _model_fields() - placed - flattened == set()
    assert placed - _model_fields() == set()
    # the 行政许可 case file and issue 19's fields (first pass six; r19prop eight Seizure fields; r19sel selection,
    # systems ×2 and its four; r19why the baseline in the report and the discussion; r19file the 立案审批表 block)
    # are the latest
    assert len(_model_fields()) == 405


def test_sheets_are_the_parts_of_the_model() -> None:
    names = [sheet.name for sheet in layout().sheets]
    assert names[:5] == ["案卷", "行政执法机关", "当事人", "执法人员", "违法行为"]
    assert "违法行为·违反的法律规定" in names and "发现的事故隐患和违法行为·罚则" in names
    assert len(names) == 44
    assert "立案审批表的内容" in names  # issue 19 (filing)
    assert names[43] == "信息系统录入和推送"  # issue 19: entries in the online systems
    assert names[30:43] == [  # the 行政许可 file's parts
        "许可事项",
        "许可事项·实施依据",
        "申请",
        "补正告知",
        "受理",
        "现场核查",
        "利害关系人",
        "许可听证",
        "不计入期限的特别程序",
        "延长期限",
        "许可决定",
        "收费",
        "收费·收费依据",
    ]
    case_sheet = layout().sheet("案卷")
    completeness = [c.header for c in case_sheet.columns if c.part]
    assert completeness[:3] == ["完整：案卷", "完整：行政执法机关", "完整：当事人"] and len(completeness) == 38


# --- descriptions ----------------------------------------------------------------------------------


def test_every_field_has_a_chinese_description_and_none_is_stale() -> None:
    described = {(model, name) for model, fields in casedocs.DESCRIPTIONS.items() for name in fields}
    assert _model_fields() - described == set()
    assert described - _model_fields() == set()
    for model, fields in casedocs.DESCRIPTIONS.items():
        for name, text in fields.items():
            assert any("\u4e00" <= char <= "\u9fff" for char in text), (model, name)


def test_the_schema_carries_every_description() -> None:
    schema = json.loads((ROOT / "casefiles" / "casefile.schema.json").read_text(encoding="utf-8"))
    for model, fields in casedocs.DESCRIPTIONS.items():
        for name, text in fields.items():
            assert schema["$defs"][model]["properties"][name]["description"] == text


def test_the_docs_page_is_generated_from_the_same_text() -> None:
    assert DOCS.read_text(encoding="utf-8") == guide.markdown(layout())


def test_the_guide_sheet_and_input_messages_say_the_same(exported: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(writer.template()))
    assert book.sheetnames[0] == "说明" and book["选项"].sheet_state == "hidden"
    rows = [[cell.value for cell in row] for row in book["说明"].iter_rows()]
    text = casedocs.DESCRIPTIONS["Agency"]["level"]
    assert [
        None,
        "层级",
        "是",
        "“国家级”、“省级”、“设区的市级”、“县级”、“乡镇街道”之一",
        text,
        "$.agency.level",
    ] in rows
    validations = book["行政执法机关"].data_validations.dataValidation
    level = next(v for v in validations if "C2:C1048576" in str(v.sqref))
    assert (level.type, level.formula1, level.prompt) == ("list", "'选项'!$F$2:$F$6", text)
    bools = next(v for v in validations if "F2:F1048576" in str(v.sqref))  # 是否实行垂直领导
    assert bools.formula1 == '"是,否"'


# --- cells ------------------------------------------------------------------------------------------


def test_cells_read_what_a_person_types() -> None:
    built = layout()
    occurred = next(c for c in built.sheet("违法行为").columns if c.field == "occurred_on")
    fine = next(c for c in built.sheet("决定").columns if c.field == "fine")
    kinds = next(c for c in built.sheet("决定").columns if c.field == "kinds")
    actors = next(c for c in built.sheet("程序环节").columns if c.field == "actors")
    assert cells.read(occurred, "2025年3月10日") == dt.date(2025, 3, 10)
    assert cells.read(occurred, "2025/3/10") == dt.date(2025, 3, 10)
    assert cells.read(occurred, "2019-05") == "2019-05"
    assert cells.read(occurred, dt.datetime(2019, 5, 1), "yyyy-mm") == "2019-05"  # a date cell shown as a month
    assert cells.read(occurred, dt.datetime(2019, 5, 1), "yyyy-mm-dd") == dt.date(2019, 5, 1)
    assert cells.read(fine, "50,000") == 50000.0
    assert cells.read(kinds, "罚款、警告") == ["罚款", "警告"]
    assert cells.read(kinds, "无") == []
    assert cells.read(actors, "o1\no2") == ["o1", "o2"]
    with pytest.raises(cells.CellError, match="不是数字"):
        cells.read(fine, "5万元")
    with pytest.raises(cells.CellError, match="“罚金”不在可选范围内"):
        cells.read(kinds, "罚款、罚金")
    certificate = next(c for c in built.sheet("执法人员").columns if c.field == "certificate_no")
    assert cells.read(certificate, 21060120190001) == "21060120190001"
    with pytest.raises(cells.CellError, match="超过 15 位"):
        cells.read(certificate, 9.11e17)


def test_a_value_the_workbook_cannot_hold_leaves_its_case_out() -> None:
    case = VALID[0][1]
    decision = case.decision
    assert decision is not None
    empty = case.model_copy(update={"decision": decision.model_copy(update={"kinds": ["警告"], "discretion": None})})
    blank = (
        decision.discretion.model_copy(update=dict.fromkeys(type(decision.discretion).model_fields))
        if decision.discretion
        else None
    )
    odd = case.model_copy(update={"case_id": "另一案卷", "decision": decision.model_copy(update={"discretion": blank})})
    data, problems = writer.write_cases([("a.json", empty), ("b.json", odd), ("c.json", case)])
    assert [p.render() for p in problems] == [
        "b.json：案卷 另一案卷 未写入工作簿：“决定”的“裁量”给出了而各项皆空，工作簿中与“未给出”无法区分",
        f"c.json：案卷 {case.case_id} 未写入工作簿：案卷编号与 a.json 相同，工作簿以案卷编号区分案卷",
    ]
    assert [c.case for c in reader.read_workbook(data, "x.xlsx").cases] == [empty]


# --- errors name sheet!cell ----------------------------------------------------------------------


def _filled(cells_by_sheet: dict[str, list[dict[str, object]]]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(writer.template()))
    for name, rows in cells_by_sheet.items():
        sheet = book[name]
        headers = [cell.value for cell in sheet[1]]
        for number, values in enumerate(rows, 2):
            for header, value in values.items():
                if header not in headers:  # a column the layout does not have, typed by a person
                    sheet.cell(row=1, column=len(headers) + 1, value=header)
                    headers.append(header)
                sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


AGENCY = {"行政执法机关名称": "某县应急管理局", "层级": "县级", "执法领域": "应急管理"}
BROKEN = {
    "案卷": [
        {"案卷编号": "A-1", "案件类型": "行政处罚", "程序（未载明的为空）": "普通程式", "来源": "全卷"},
        {"案卷编号": "A-1", "案件类型": "行政检查"},
        {"案卷编号": "B-2", "案件类型": "行政处罚", "检查类型": "计划检查"},
        {"案卷编号": "C-3", "案件类型": "行政处罚", "来源": "决定书", "完整：决定": "是", "完整：当事人": "否"},
    ],
    "行政执法机关": [{"案卷编号": "A-1", **AGENCY}, {"案卷编号": "B-2", **AGENCY}, {"案卷编号": "C-3", **AGENCY}],
    "当事人": [
        {"案卷编号": "B-2", "当事人类型": "单位", "姓名或名称": "某公司"},
        {"案卷编号": "C-3", "当事人类型": "单位", "姓名或名称": "某公司"},
    ],
    "违法行为": [
        {"案卷编号": "A-1", "违法行为": "未如实记录", "违法行为发生日期": "2025-02-30"},
        {"案卷编号": "B-2", "违法行为": "未如实记录"},
        {"案卷编号": "C-3", "违法行为": "未如实记录", "违法行为发生日期": "2019-05"},
    ],
    "程序环节": [
        {"案卷编号": "A-1", "程序环节": "立案", "日期（已知发生而日期未载明的为空）": dt.datetime(2025, 3, 11)},
        {"案卷编号": "A-9", "程序环节": "立案"},
    ],
    "卷内文书": [{"案卷编号": "A-1", "卷内编号": "d1", "文书种类": "立案审批表", "备注": "有涂改"}],
    "决定": [
        {"案卷编号": "A-1", "决定日期": "2025/4/1", "决定类型": "给予行政处罚", "罚款（元）": "5万元"},
        {"案卷编号": "C-3", "决定类型": "给予行政处罚", "罚款（元）": 50000},
    ],
    "检查方案": [{"案卷编号": "C-3", "方案编号": "P-1"}],
}


def test_every_problem_is_reported_at_once_with_its_cell() -> None:
    result = reader.read_workbook(_filled(BROKEN), "t.xlsx")
    assert [p.render() for p in result.problems] == [
        "案卷!A3：案卷编号重复，本行未读入；期望 每份案卷在“案卷”表中只有一行；实际 与第 2 行相同：“A-1”",
        "程序环节!A3：“案卷”表中没有这个案卷编号（是否应为“A-1”？），本行未读入；期望 “案卷”表中已有的案卷编号；实际 “A-9”",
        "卷内文书!I1：表头不是本表的列，该列内容不会读入；期望 本表的列（见“说明”表）；实际 “备注”",
    ]
    by_id = {case.case_id: [p.render() for p in case.problems] for case in result.cases}
    assert by_id == {
        "A-1": [
            "案卷!A2：缺少“当事人”表中该案卷的一行；期望 每份行政处罚案卷在“当事人”表中有一行；实际 没有",
            "案卷!C2：取值不在可选范围内（是否应为“普通程序”？）；期望 “普通程序”、“简易程序”之一；实际 “普通程式”",
            (
                "违法行为!D2：不是有效日期（该月没有这一天）；期望 日期（日期格式的单元格，或写作 2025-03-10）；"
                "只知月份的写作 2019-05；实际 “2025-02-30”"
            ),
            "卷内文书!I2：表头“备注”不是本表的列，本格内容不会读入；期望 本表的列（见“说明”表）；实际 “有涂改”",
            "决定!F2：不是数字（金额以元为单位，不写“元”“万元”）；期望 数字，不带单位（如 20000 或 0.12）；实际 “5万元”",
        ],
        "B-2": ["案卷!D4：行政处罚案卷没有这一项，本格未读入；期望 本列只用于行政检查案卷；实际 “计划检查”"],
        "C-3": [
            "决定!C3：已作出的决定缺少“决定日期”；期望 日期（日期格式的单元格，或写作 2025-03-10）；尚未作出的决定草案在“决定状态”列填“拟作出”；实际 空",
            "检查方案!A2：行政处罚案卷没有这一部分，本行未读入；期望 本表只用于行政检查案卷；实际 案卷 “C-3” 是行政处罚案卷",
        ],
    }
    assert all(case.case is None for case in result.cases)


def test_completeness_and_open_world_come_through() -> None:
    rows = {key: value for key, value in BROKEN.items() if key != "检查方案"}
    rows["决定"] = [
        {"案卷编号": "C-3", "决定日期": dt.datetime(2025, 4, 1), "决定类型": "给予行政处罚", "罚款（元）": 50000}
    ]
    rows["案卷"] = [BROKEN["案卷"][3]]
    (case,) = reader.read_workbook(_filled(rows), "t.xlsx").cases
    assert case.problems == [] and case.case is not None
    assert case.case.source is not None and case.case.source.complete == ["decision"]
    assert case.case.violation.occurred_on == "2019-05"  # a month, not a day


def test_not_a_workbook() -> None:
    with pytest.raises(reader.WorkbookError, match="旧版 Excel 97-2003"):
        reader.read_workbook(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls")
    with pytest.raises(reader.WorkbookError, match="不是 Excel 工作簿"):
        reader.read_workbook(b"{}", "case.xlsx")


# --- commands -------------------------------------------------------------------------------------


def test_template_import_export_commands(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["template", str(tmp_path / "case.xlsx")])
    assert (result.exit_code, result.output) == (
        0,
        f"已写出空白工作簿 {tmp_path / 'case.xlsx'}；填写说明见其中的“说明”表\n",
    )
    assert (tmp_path / "case.xlsx").read_bytes() == writer.template()
    out = tmp_path / "cases.xlsx"
    result = runner.invoke(main, ["export", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 2  # the three malformed examples
    assert result.stdout.splitlines()[0] == (
        f"已写出 {out}：案卷 32 份（行政处罚 22、行政检查 5、行政强制执行 1、行政许可 4）；3 份未写入（见下）"
    )
    assert result.stderr.startswith(f"{EXAMPLES / 'malformed-10-fields.json'}: 案卷不符合格式（4 处问题）")
    result = runner.invoke(main, ["import", str(out), "-o", str(tmp_path / "cases")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"{out}：案卷 32 份，写出 32 份",
        f"  案卷!A2  开应急罚〔2025〕7号 → {tmp_path / 'cases' / '开应急罚〔2025〕7号.json'}",
    ]
    for name, case in _valid(EXAMPLES):
        written = tmp_path / "cases" / casefiles.file_name(case.case_id)
        assert load_case_file(written) == case, name


def test_import_reports_problems_and_writes_the_good_cases(runner, tmp_path: Path) -> None:
    (tmp_path / "t.xlsx").write_bytes(_filled(BROKEN))
    result = runner.invoke(main, ["import", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stdout == f"{tmp_path / 't.xlsx'}：案卷 3 份，写出 0 份\n"
    assert result.stderr.splitlines()[:2] == [
        f"{tmp_path / 't.xlsx'}: 工作簿有 11 处问题：",
        "  案卷!A3：案卷编号重复，本行未读入；期望 每份案卷在“案卷”表中只有一行；实际 与第 2 行相同：“A-1”",
    ]
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_batch_scores_a_workbook_case_by_case(runner, tmp_path: Path) -> None:
    cases = [(n, c) for n, c in _valid(EXAMPLES) if n.startswith("em-0")]
    data, _ = writer.write_cases(cases)
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["决定"]["F2"] = "五万元"  # the first case's fine, as a person might write it
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / "cases.xlsx").write_bytes(buffer.getvalue())
    result = runner.invoke(main, ["batch", str(tmp_path / "cases.xlsx"), "--as-of", "2026-11-21", "-q", "-j", "1"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["status"]) for r in lines] == [(2, "error")] + [(n, "ok") for n in range(3, 8)]
    assert lines[0]["message"] == (
        f"案卷 {cases[0][1].case_id} 有 1 处问题：决定!F2：不是数字（金额以元为单位，不写“元”“万元”）；"
        "期望 数字，不带单位（如 20000 或 0.12）；实际 “五万元”"
    )
    assert lines[0]["problems"][0]["cell"] == "决定!F2"
    assert lines[0]["json_path"] == "$.decision.fine"
    direct = runner.invoke(main, ["batch", *[str(EXAMPLES / n) for n, _ in cases[1:]], "--as-of", "2026-11-21", "-q"])
    expected = [json.loads(line)["result"] for line in direct.stdout.splitlines()]
    assert [r["result"]["source"] for r in lines[1:]] == [f"{tmp_path / 'cases.xlsx'}:{n}" for n in range(3, 8)]
    assert [{**r["result"], "source": None} for r in lines[1:]] == [{**r, "source": None} for r in expected]


# --- a third reader --------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
def test_libreoffice_opens_and_resaves_the_workbook_unchanged(exported: bytes, tmp_path: Path) -> None:
    """LibreOffice reads every sheet (dates as dates), and what it saves imports to the same case files."""
    (tmp_path / "cases.xlsx").write_bytes(exported)
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(tmp_path / "cases.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    result = reader.read_workbook((out / "cases.xlsx").read_bytes(), "lo.xlsx")
    assert result.all_problems() == []
    assert [case.case for case in result.cases] == [case for _, case in VALID]
    events = openpyxl.load_workbook(out / "cases.xlsx")["程序环节"]
    assert events["C2"].value == dt.datetime(2025, 3, 10) and events["C2"].number_format == "yyyy\\-mm\\-dd"
