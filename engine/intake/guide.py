"""What each sheet and column is for: the workbook's 说明 sheet and docs/case-file-fields.md, one text.

The words of every column come from engine.casedocs (the case-file schema's descriptions); what a column
takes from engine.intake.cells; the rest from the layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ..casedocs import DESCRIPTIONS
from . import cells
from .layout import KEY_HEADER, Column, Layout, Sheet

TITLE = "pingcha 案卷工作簿 填写说明"
INTRO = (
    (
        "一、每份案卷在“案卷”表中占一行，以“案卷编号”区分；其他各表的每一行用第一列“案卷编号”归入案卷。"
        "只有一项的部分（执法机关、当事人、决定……）每份案卷一行；有多项的（执法人员、程序环节、卷内文书……）每项一行，按先后顺序排列。"
    ),
    "二、卷内没有载明的，单元格留空：留空表示“未知”，不表示“没有”或“否”。评查时，未知的事项得出“无法判定”，既不算合格，也不算问题。",
    (
        "三、“来源”说明本案卷依据什么材料整理。评查整本案卷的填“全卷”：全卷而“完整：”各列都留空的，各部分都视为完整，"
        "卷内没有的即为没有（如没有立案审批表）。只有决定书、公示信息等的，在“完整：”各列中对完整的部分填“是”、其余填“否”；"
        "未填“来源”的，不视为全卷。"
    ),
    "四、日期填成日期格式（如 2025-03-10），只知年月的写 2019-05；是否项从下拉列表选“是”或“否”；金额以元为单位，只填数字（伍万元整填 50000）。",
    "五、可填多项的单元格，每行一项（Excel 中按 Alt+Enter 换行，WPS 同）；可选值的多项也可用“、”分隔；卷内载明没有的写“无”。",
    "六、表头为橙色的列为必填（所在部分有内容时）。选中单元格时显示该列的说明。不要修改表头和工作表名称；不用的列和工作表可以留空。",
    (
        "七、填好后运行 pingcha import 本工作簿 -o 文件夹，每份案卷写成一个 JSON 文件；有问题的单元格逐一列出"
        "（工作表!单元格：问题；期望…；实际…）。也可以直接评查：pingcha batch 本工作簿 -o results.jsonl。"
    ),
)
GUIDE_HEADERS = ("工作表", "列", "必填", "填写", "说明", "案卷格式中的字段")


@dataclass(frozen=True)
class Entry:
    """One row of the 说明 sheet: a column of a data sheet."""

    sheet: str
    header: str
    required: str
    takes: str
    description: str
    json_path: str


def describe(sheet: Sheet, column: Column) -> str:
    """A column's description."""
    if column.part is not None:
        part = column.header.removeprefix("完整：")
        return f"“{part}”部分是否完整：填“是”的，该部分中没有的视为卷内没有；填“否”的，视为未知。"
    return DESCRIPTIONS[column.owner][column.field]


def key_description(sheet: Sheet, header: str) -> str:
    """The description of a column that puts a row in its case (案卷编号), or in an item of another sheet."""
    if header == KEY_HEADER:
        return "本行所属案卷的案卷编号，与“案卷”表中的一致。"
    return f"本行所属的“{sheet.parent}”中一项的卷内编号（同一案卷中的）。"


def sheet_note(sheet: Sheet) -> str:
    """What a sheet's rows are, for which case types, and whether a case must have one."""
    if sheet.part == "case":
        return "每份案卷一行；用于各类案卷。"
    rows = f"每项一行，属于“{sheet.parent}”中的一项" if sheet.parent else "每项一行" if sheet.many else "每份案卷一行"
    required = f"；{'、'.join(sheet.required_for)}案卷必须有" if sheet.required_for else ""
    return f"{rows}；用于{'、'.join(sheet.case_types)}案卷{required}。{DESCRIPTIONS[sheet.owner][sheet.field]}"


def entries(built: Layout) -> Iterator[tuple[Sheet, list[Entry]]]:
    """Every sheet with the entries of its columns, the key columns first."""
    for sheet in built.sheets:
        found = []
        if sheet.part != "case":
            found.append(Entry(sheet.name, KEY_HEADER, "是", "文本", key_description(sheet, KEY_HEADER), "$.case_id"))
        if sheet.parent_key is not None:
            header = sheet.parent_key.header
            path = _path(sheet, built)[: -len(sheet.path[-1]) - 3] + ".id"
            found.append(Entry(sheet.name, header, "是", "文本", key_description(sheet, header), path))
        for column in sheet.columns:
            path = _path(sheet, built) + "".join(f".{part}" for part in column.path)
            required = "是" if column.required else ""
            found.append(
                Entry(sheet.name, column.header, required, cells.expected(column), describe(sheet, column), path)
            )
        yield sheet, found


def _path(sheet: Sheet, built: Layout) -> str:
    """The JSON path of a sheet's items (`[]`: each item of a list)."""
    text = "$"
    for n, part in enumerate(sheet.path):
        last = n == len(sheet.path) - 1
        in_list = sheet.many if last else sheet.parent is not None and built.sheet(sheet.parent).many
        text += f".{part}" + ("[]" if in_list else "")
    return text


def fill_sheet(sheet: Worksheet, built: Layout) -> None:
    """The 说明 sheet: how to fill the workbook, then every sheet's columns."""
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for paragraph in INTRO:
        sheet.append([paragraph])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(GUIDE_HEADERS))
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[sheet.max_row].height = 48
    sheet.append([])
    sheet.append(list(GUIDE_HEADERS))
    for index in range(1, len(GUIDE_HEADERS) + 1):
        sheet.cell(row=sheet.max_row, column=index).font = Font(bold=True)
    header_row = sheet.max_row
    for layout_sheet, found in entries(built):
        sheet.append([layout_sheet.name, "", "", "", sheet_note(layout_sheet), ""])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for entry in found:
            sheet.append(_row(entry))
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (18, 28, 6, 30, 60, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"


def _row(entry: Entry) -> list[Any]:
    return ["", entry.header, entry.required, entry.takes, entry.description, entry.json_path]


def markdown(built: Layout) -> str:
    """docs/case-file-fields.md: the same text as the 说明 sheet."""
    lines = [
        "# 案卷字段说明（case-file fields）",
        "",
        "<!-- Generated by `python tests/regenerate.py` from engine/casedocs.py and engine/intake/: do not edit. -->",
        "",
        "Every field of the case-file model (`casefiles/casefile.schema.json`), sheet by sheet as the workbook of",
        "`pingcha template` lays them out, with what to enter and where in the paper file to find it. The same",
        "text is the workbook's 说明 sheet and the schema's `description`s.",
        "",
        "## 填写说明",
        "",
        *(f"{paragraph}\n" for paragraph in INTRO),
    ]
    for sheet, found in entries(built):
        lines += [
            "",
            f"## {sheet.name}",
            "",
            sheet_note(sheet),
            "",
            "| 列 | 必填 | 填写 | 说明 | 字段 |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {_md(e.header)} | {e.required} | {_md(e.takes)} | {_md(e.description)} | `{e.json_path}` |"
            for e in found
        ]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
