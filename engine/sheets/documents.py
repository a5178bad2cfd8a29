"""A filled score sheet as the form a panel signs: an XLSX (A4, 宋体, one page wide, header row repeated)
and a DOCX (A4, the 公文 fonts of engine.bulletin), both byte-identical for the same result."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties

from ..bulletin.document import OfficialDocument
from ..expr import format_value
from ..xlsxbytes import workbook_bytes
from .rows import Filled, Line, Part

TITLE = "行政处罚案卷评查表"
HEADER = ["序号", "评查内容", "分值", "扣分", "扣分理由与评查意见"]
WIDTHS = [7, 30, 7, 7, 62]  # characters, A4 portrait at one page wide
DOCX_WIDTHS_MM = [10.0, 44.0, 16.0, 14.0, 72.0]  # the 156 mm 版心
SIGNATURES = "评查人：____________    复核人：____________    日期：______年____月____日"
FONT = "宋体"


def _cells(line: Line) -> list[str]:
    points = "否决项" if line.points is None else format_value(line.points)
    if line.points is None:
        taken = "不合格" if line.vetoed else ""
    else:
        taken = format_value(line.deducted) if line.deducted else ""
    notes = list(line.notes) + ([f"（本项未经核实：{line.unconfirmed}）"] if line.unconfirmed else [])
    return [line.number, line.title, points, taken, "\n".join(notes)]


def _part_heading(part: Part) -> list[str]:
    if part.points is None:
        return ["", part.name, "否决项", "", "任何一项不符合即为不合格卷"]
    subtotal = part.subtotal if part.subtotal is not None else 0
    return ["", part.name, format_value(part.points), "", f"小计得分 {format_value(subtotal)} 分"]


def _number(text: str) -> str | float:
    """A cell of points as a number (Excel flags numbers kept as text)."""
    try:
        return float(text)
    except ValueError:
        return text


def _head(filled: Filled) -> list[tuple[str, str]]:
    return [
        ("案卷编号", filled.case_id),
        ("执法机关", filled.agency),
        ("案由", filled.violation or "（案卷未载明）"),
        ("评查标准", f"{filled.standard}（{filled.standard_source}）"),
        ("评查基准日", filled.as_of),
    ]


def _result(filled: Filled) -> list[tuple[str, str]]:
    rows = [("合计得分", filled.score), ("等次", filled.grade), ("机器评查与人工评查", filled.sides)]
    if filled.pending:
        rows.append(("人工评查未完成", f"{'、'.join(filled.pending)} 未评定或无法判定，等次尚未确定"))
    if filled.standard_notes:
        rows.append(("未核实之处", filled.standard_notes))
    return rows


def to_xlsx(filled: Filled) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "评查表"
    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([TITLE])
    sheet["A1"].font = Font(name=FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for label, text in _head(filled):
        sheet.append([f"{label}：{text}"])
    header_row = sheet.max_row + 1
    sheet.append(HEADER)
    for part in filled.parts:
        sheet.append(_part_heading(part))
        sheet.cell(sheet.max_row, 2).font = Font(name=FONT, size=10.5, bold=True)
        for line in part.lines:
            sheet.append([_number(text) if column in (2, 3) else text for column, text in enumerate(_cells(line))])
    table_end = sheet.max_row
    for label, text in _result(filled):
        sheet.append([f"{label}：{text}"])
    sheet.append([""])
    sheet.append([SIGNATURES])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if not cell.font.bold:
                cell.font = Font(name=FONT, size=10.5)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index in range(1, sheet.max_row + 1):
        spanning = index < header_row or index > table_end
        if spanning:
            sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=5)
        else:
            for cell in sheet[index]:
                cell.border = ruled
        texts = ["" if cell.value is None else str(cell.value) for cell in sheet[index]]
        sheet.row_dimensions[index].height = 16 * _lines(texts, [sum(WIDTHS)] if spanning else WIDTHS)
    for cell in sheet[header_row]:
        cell.font = Font(name=FONT, size=10.5, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "第 &P 页，共 &N 页"
    return workbook_bytes(workbook, _stamp(filled))


def _lines(texts: list[str], widths: list[int]) -> int:
    """The text lines a row's tallest cell needs at its column's width (CJK characters count two; a tenth
    to spare: the 宋体 a machine substitutes may run wider)."""
    return max(
        sum(math.ceil(max(_width(part), 1) / (width * 0.9)) for part in text.split("\n"))
        for text, width in zip(texts, widths, strict=False)
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_docx(filled: Filled) -> bytes:
    """The sheet in Word: the case and the standard, the items, the result and a signature grid, each a
    ruled table in 五号 (a form, not a 公文: the 三号 body text would take three pages)."""
    document = OfficialDocument()
    document.title(TITLE)
    document.heading("一、案卷")
    document.table(["项目", "内容"], [list(pair) for pair in _head(filled)], [30.0, 126.0])
    document.heading("二、评查项目")
    rows = []
    for part in filled.parts:
        rows.append(_part_heading(part))
        rows += [_cells(line) for line in part.lines]
    document.table(HEADER, rows, DOCX_WIDTHS_MM)
    document.heading("三、评查结果")
    document.table(["项目", "结果"], [list(pair) for pair in _result(filled)], [30.0, 126.0])
    document.heading("四、签名")
    document.table(["评查人（签名）", "复核人（签名）", "日期"], [["\n\n", "", "    年  月  日"]], [52.0, 52.0, 52.0])
    return document.save(_stamp(filled).date(), f"{TITLE} {filled.case_id}")


def _stamp(filled: Filled) -> dt.datetime:
    """The date the files carry: the review's as-of date, never the clock's."""
    return dt.datetime.combine(dt.date.fromisoformat(filled.as_of), dt.time())
