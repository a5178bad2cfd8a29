"""Writing a case workbook: the blank template, or case files in the same layout (export).

Every sheet of engine.intake.layout with its Chinese headers (required ones shaded), a drop-down list for
every enumerated column (the lists on a hidden 选项 sheet) and 是/否 for every yes-or-no column, the
cell format each column needs (dates as dates, text as text), the column's description shown when a cell
is selected, and the 说明 sheet first. The bytes depend only on the cases given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from ..casefile import CaseFile
from ..xlsxbytes import workbook_bytes
from . import cells, guide
from .layout import KEY_HEADER, Column, Layout, Sheet, layout
from .reader import CHOICES_SHEET, GUIDE_SHEET

# The workbook's time stamp: nothing in it depends on when it was written (the zip format's first day).
STAMP = dt.datetime(1980, 1, 1)
LAST_ROW = 1048576
PROMPT_CHARS = 255  # Excel's limit on a cell's input message
_HEADER_FONT = Font(bold=True)
_HEADER = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED = PatternFill("solid", fgColor="FCE4D6")
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class ExportProblem:
    """A case file the workbook cannot hold as it is: the file and why (it is left out, never changed)."""

    source: str
    case_id: str
    reason: str

    def render(self) -> str:
        return f"{self.source}：案卷 {self.case_id} 未写入工作簿：{self.reason}"


def template() -> bytes:
    """The blank workbook."""
    return write_cases([])[0]


def write_cases(cases: Sequence[tuple[str, CaseFile]]) -> tuple[bytes, list[ExportProblem]]:
    """The workbook of these case files (source name, case), and the ones it cannot hold, each with why."""
    built = layout()
    rows: dict[str, list[list[Any]]] = {sheet.name: [] for sheet in built.sheets}
    problems: list[ExportProblem] = []
    seen: dict[str, str] = {}
    for source, case in cases:
        if case.case_id in seen:
            problems.append(
                ExportProblem(source, case.case_id, f"案卷编号与 {seen[case.case_id]} 相同，工作簿以案卷编号区分案卷")
            )
            continue
        try:
            case_rows = dict(_case_rows(built, case))
        except cells.Unwritable as exc:
            problems.append(ExportProblem(source, case.case_id, str(exc)))
            continue
        seen[case.case_id] = source
        for name, sheet_rows in case_rows.items():
            rows[name] += sheet_rows
    return _workbook(built, rows), problems


# --- a case as rows ----------------------------------------------------------------------------------


def _case_rows(built: Layout, case: CaseFile) -> Iterator[tuple[str, list[list[Any]]]]:
    for sheet in built.sheets:
        if case.case_type not in sheet.case_types:
            continue
        if sheet.part == "case":
            yield sheet.name, [[_case_cell(case, column) for column in sheet.columns]]
            continue
        found = []
        for parent_id, item in _items(case, sheet):
            key = [case.case_id] + ([parent_id] if sheet.parent_key is not None else [])
            _check_blocks(item, sheet)
            found.append(key + [_cell(column, _value(item, column.path)) for column in sheet.columns])
        yield sheet.name, found


def _items(case: CaseFile, sheet: Sheet) -> Iterator[tuple[str | None, BaseModel]]:
    """The items a sheet has a row for (with the 卷内编号 of the item they belong to, for a nested list)."""
    if sheet.parent is None:
        block = getattr(case, sheet.path[0])
        yield from ((None, item) for item in (block if sheet.many else [block] if block is not None else []))
        return
    owners = getattr(case, sheet.path[0])
    owners = owners if isinstance(owners, list) else [owners] if owners is not None else []
    ids = [getattr(owner, "id", None) for owner in owners]
    for owner in owners:
        items = getattr(owner, sheet.path[-1])
        if items is None:
            continue
        if not items and sheet.nullable:
            raise cells.Unwritable(f"“{sheet.name}”为空列表（载明没有），工作簿中与“未载明”无法区分")
        owner_id = getattr(owner, "id", None)
        if items and sheet.parent_key is not None and ids.count(owner_id) > 1:
            raise cells.Unwritable(
                f"“{sheet.parent}”中有 {ids.count(owner_id)} 项的卷内编号都是 {owner_id}，其下各行无法归属"
            )
        yield from ((owner_id, item) for item in items)


def _check_blocks(item: BaseModel, sheet: Sheet) -> None:
    """An optional object given with nothing in it would come back absent: say so rather than change it."""
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        if isinstance(value, BaseModel):
            if not info.is_required() and info.default is None and not value.model_dump(exclude_none=True):
                raise cells.Unwritable(f"“{sheet.name}”的“{info.title}”给出了而各项皆空，工作簿中与“未给出”无法区分")
            _check_blocks(value, sheet)


def _value(item: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if item is None:
            return None
        item = getattr(item, name)
    return item


def _case_cell(case: CaseFile, column: Column) -> Any:
    if case.case_type not in column.case_types:
        return None
    if column.part is None:
        return _cell(column, _value(case, column.path))
    complete = case.source.complete if case.source is not None else None
    return None if complete is None else cells.write(column, column.part in complete)


def _cell(column: Column, value: Any) -> Any:
    try:
        return cells.write(column, value)
    except cells.Unwritable as exc:
        raise cells.Unwritable(f"“{column.header}”：{exc}") from None


# --- the workbook ------------------------------------------------------------------------------------


def _workbook(built: Layout, rows: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    guide.fill_sheet(book.create_sheet(GUIDE_SHEET), built)
    choices = book.create_sheet(CHOICES_SHEET)
    lists: dict[tuple[str, ...], str] = {}
    for sheet in built.sheets:
        _data_sheet(book.create_sheet(sheet.name), sheet, rows[sheet.name], choices, lists)
    book.move_sheet(choices, len(book.sheetnames) - 1 - book.sheetnames.index(CHOICES_SHEET))
    choices.sheet_state = "hidden"
    return workbook_bytes(book, STAMP)


def _data_sheet(
    sheet: Worksheet, layout_sheet: Sheet, rows: list[list[Any]], choices: Worksheet, lists: dict[tuple[str, ...], str]
) -> None:
    keys = _key_columns(layout_sheet)
    columns: list[Column | None] = [None] * len(keys) + list(layout_sheet.columns)
    headers = keys + [column.header for column in layout_sheet.columns]
    for index, header in enumerate(headers, 1):
        column = columns[index - 1]
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = _HEADER_FONT
        cell.alignment = _TOP_WRAP
        cell.fill = _REQUIRED if column is None or column.required else _HEADER
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column)
        sheet.column_dimensions[letter].number_format = cells.number_format(column) if column else cells.TEXT_FORMAT
        _validation(sheet, letter, column, header, layout_sheet, choices, lists)
    for number, values in enumerate(rows, 2):
        for index, value in enumerate(values, 1):
            column = columns[index - 1]
            cell = sheet.cell(row=number, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with = stays text, never a formula
            cell.number_format = cells.number_format(column, value) if column else cells.TEXT_FORMAT
            if (
                column is not None
                and column.kind in ("texts", "choices", "mapping")
                or isinstance(value, str)
                and "\n" in value
            ):
                cell.alignment = _TOP_WRAP
    sheet.freeze_panes = f"{get_column_letter(len(keys) + 1 if keys else 2)}2"


def _key_columns(sheet: Sheet) -> list[str]:
    if sheet.part == "case":
        return []
    return [KEY_HEADER] + ([sheet.parent_key.header] if sheet.parent_key is not None else [])


def _width(column: Column | None) -> float:
    if column is None or column.kind in ("text", "texts", "mapping"):
        return 24
    return {"date": 12, "day_or_month": 12, "time": 8, "bool": 8, "int": 8, "number": 12}.get(column.kind, 14)


def _validation(
    sheet: Worksheet,
    letter: str,
    column: Column | None,
    header: str,
    layout_sheet: Sheet,
    choices: Worksheet,
    lists: dict[tuple[str, ...], str],
) -> None:
    """The drop-down of an enumerated or yes-or-no column, and every column's description as its input message."""
    prompt = guide.describe(layout_sheet, column) if column else guide.key_description(layout_sheet, header)
    if len(prompt) > PROMPT_CHARS:
        prompt = prompt[: PROMPT_CHARS - 1] + "…"
    options: dict[str, Any] = {"showInputMessage": True, "promptTitle": header[:32], "prompt": prompt}
    if column is not None and column.kind == "bool":
        options |= {"type": "list", "formula1": f'"{cells.YES},{cells.NO}"'}
    elif column is not None and column.kind == "choice":
        options |= {"type": "list", "formula1": _choice_list(column, choices, lists)}
    if "type" in options:
        options |= {"allow_blank": True, "showErrorMessage": True, "errorTitle": "取值不在可选范围内"}
        options["error"] = f"请从下拉列表中选择：{cells.expected(column)}"[:PROMPT_CHARS] if column else ""
    validation = DataValidation(**options)
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)


def _choice_list(column: Column, choices: Worksheet, lists: dict[tuple[str, ...], str]) -> str:
    """The range of the 选项 sheet that lists a column's choices (one column of it per set of choices)."""
    if column.choices not in lists:
        index = len(lists) + 1
        choices.cell(row=1, column=index, value=column.header)
        for row, choice in enumerate(column.choices, 2):
            choices.cell(row=row, column=index, value=choice).data_type = "s"
        letter = get_column_letter(index)
        lists[column.choices] = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(column.choices) + 1}"
    return lists[column.choices]
