"""Reading a case workbook: every case of its 案卷 sheet, or every problem that keeps it from being one.

Each cell is read as its column takes it (engine.intake.cells); the rows of a case are put together as the
case-file JSON and checked by the case-file model; every problem — a cell, a row naming no case, a
header the layout does not have, a field the model requires — is reported at once as `sheet!cell`,
what is wrong, what was expected and what was found. A problem that belongs to one case keeps that
case out (and only that case); one that belongs to no case is the workbook's.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydantic
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from .. import caseproblems
from ..casefile import CaseFile
from ..casejson import json_path
from ..errors import PingchaError
from . import cells
from .layout import CASE_SHEET, FIXED, KEY_HEADER, MODELS, SOURCE_FIELD, Column, Layout, Sheet, layout

GUIDE_SHEET = "说明"
CHOICES_SHEET = "选项"
Loc = tuple[str | int, ...]


class WorkbookError(PingchaError):
    """A file that is not a workbook pingcha can read at all (not .xlsx, damaged)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def to_dict(self) -> dict[str, Any]:
        return {"error": "workbook", "file": self.source, "message": self.reason}


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int
    column: int

    def ref(self) -> str:
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class WorkbookProblem:
    """One problem of a workbook, where a person finds it: `sheet!cell：what；期望 …；实际 …`."""

    where: str
    code: str
    what: str
    expected: str
    found: str
    json_path: str | None = None

    def render(self) -> str:
        return f"{self.where}：{self.what}；期望 {self.expected}；实际 {self.found}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "cell": self.where,
            "json_path": self.json_path,
            "line": None,
            "code": self.code,
            "expected": self.expected,
            "found": self.found,
            "message": f"{self.what}；期望 {self.expected}；实际 {self.found}",
        }


@dataclass
class ImportedCase:
    """A case of the workbook: its 案卷 row, and the case file or the problems that keep it from being one."""

    case_id: str
    row: int
    case: CaseFile | None = None
    problems: list[WorkbookProblem] = field(default_factory=list)


@dataclass
class Imported:
    cases: list[ImportedCase]
    problems: list[WorkbookProblem]  # the workbook's own: sheets, headers, rows that name no case

    def all_problems(self) -> list[WorkbookProblem]:
        return self.problems + [p for case in self.cases for p in case.problems]


@dataclass
class _Row:
    number: int
    values: dict[int, tuple[Any, str]]  # column index → (value, number format), non-empty cells only


@dataclass
class _Table:
    sheet: Sheet
    columns: dict[int, Column | None]  # column index → column (None: the key, or the parent key)
    key: int | None
    parent_key: int | None
    rows: list[_Row]
    unknown: dict[int, str]  # column index → a header the sheet does not have


@dataclass
class _Case:
    imported: ImportedCase
    case_type: str | None
    document: dict[str, Any] = field(default_factory=lambda: dict(FIXED))
    cells: dict[Loc, Cell] = field(default_factory=dict)
    columns: dict[Loc, Column] = field(default_factory=dict)
    raw: dict[Loc, Any] = field(default_factory=dict)
    failed: set[Loc] = field(default_factory=set)  # cells already reported: the model's word on them is noise
    ids: dict[tuple[str, ...], dict[str, list[int]]] = field(default_factory=dict)  # list → id → indexes

    def problem(self, where: Cell, code: str, what: str, expected: str, found: str, path: Loc = ()) -> None:
        self.imported.problems.append(
            WorkbookProblem(where.ref(), code, what, expected, found, json_path(path) if path else None)
        )


def read_workbook(data: bytes, source: str) -> Imported:
    """Every case of a workbook (each a case file, or its problems) and the workbook's own problems."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookError(source, _not_a_workbook(data, exc)) from None
    try:
        return _Reader(book).read()
    finally:
        book.close()


def _not_a_workbook(data: bytes, exc: Exception) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "是旧版 Excel 97-2003 格式（.xls）或 WPS 表格格式（.et），请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）"
    if not data.startswith(b"PK"):
        return "不是 Excel 工作簿（.xlsx）；请用 pingcha template 生成的工作簿填写"
    return f"工作簿已损坏或不是 .xlsx 格式，无法打开（{type(exc).__name__}）"


class _Reader:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.layout = layout()
        self.problems: list[WorkbookProblem] = []
        self.cases: dict[str, _Case] = {}

    def read(self) -> Imported:
        self._unknown_sheets()
        names = set(self.book.sheetnames)
        if CASE_SHEET not in names:
            self._problem(f"{CASE_SHEET}!A1", "no-case-sheet", "缺少“案卷”工作表", "每份案卷在“案卷”表中一行", "没有")
            return Imported([], self.problems)
        for sheet in self.layout.sheets:
            if sheet.name in names:
                table = self._table(sheet)
                self._cases(table) if sheet.part == "case" else self._rows(table)
        return Imported([self._finish(case) for case in self.cases.values()], self.problems)

    def _problem(self, where: str, code: str, what: str, expected: str, found: str) -> None:
        self.problems.append(WorkbookProblem(where, code, what, expected, found))

    def _unknown_sheets(self) -> None:
        known = {sheet.name for sheet in self.layout.sheets} | {GUIDE_SHEET, CHOICES_SHEET}
        for name in self.book.sheetnames:
            if name in known:
                continue
            filled = next(_filled_cells(self.book[name]), None)
            if filled is not None:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
                hint = f"（是否应为“{close[0]}”？）" if close else ""
                self._problem(
                    Cell(name, *filled).ref(),
                    "unknown-sheet",
                    f"工作簿中有不认识的工作表“{name}”，其内容不会读入{hint}",
                    "pingcha template 生成的工作表（见“说明”表）",
                    "有内容",
                )

    # --- a sheet: its header and rows ---------------------------------------------------------------

    def _table(self, sheet: Sheet) -> _Table:
        rows = self.book[sheet.name].iter_rows()
        header_row = next(rows, ())
        by_header = {column.header: column for column in sheet.columns}
        columns: dict[int, Column | None] = {}
        unknown: dict[int, str] = {}
        key = parent_key = None
        seen: dict[str, int] = {}
        for index, cell in enumerate(header_row, 1):
            header = cell.value.strip() if isinstance(cell.value, str) else cell.value
            if header is None or header == "":
                continue
            where = Cell(sheet.name, 1, index).ref()
            if header in seen:
                self._problem(
                    where,
                    "duplicate-header",
                    f"表头“{header}”重复",
                    "每列表头只出现一次",
                    f"与第 {seen[header]} 列相同",
                )
                continue
            seen[str(header)] = index
            if header == (KEY_HEADER if sheet.part != "case" else None):
                key = index
            elif sheet.parent_key is not None and header == sheet.parent_key.header:
                parent_key = index
            elif header in by_header:
                columns[index] = by_header[header]
                if sheet.part == "case" and by_header[header].path == ("case_id",):
                    key = index
            else:
                unknown[index] = str(header)
                close = difflib.get_close_matches(str(header), list(by_header), n=1, cutoff=0.6)
                hint = f"（是否应为“{close[0]}”？）" if close else ""
                self._problem(
                    where,
                    "unknown-header",
                    f"表头不是本表的列{hint}，该列内容不会读入",
                    "本表的列（见“说明”表）",
                    cells.shown(header),
                )
        table = _Table(sheet, columns, key, parent_key, [], unknown)
        for number, row in enumerate(rows, 2):
            values = {
                index: (cell.value, getattr(cell, "number_format", "General"))
                for index, cell in enumerate(row, 1)
                if not cells.is_empty(cell.value)
            }
            if values:
                table.rows.append(_Row(number, values))
        self._lost_cells(table)
        return table

    def _lost_cells(self, table: _Table) -> None:
        """Rows that cannot be put in any case: the sheet has no 案卷编号 column."""
        if table.key is None and table.rows:
            where = f"{table.sheet.name}!A1"
            what = f"缺少“{KEY_HEADER}”列，本表 {len(table.rows)} 行无法归入案卷，未读入"
            found = f"第 {table.rows[0].number} 行起有内容而没有该列"
            self._problem(where, "no-key-column", what, f"表头为“{KEY_HEADER}”的一列", found)

    # --- the 案卷 sheet -----------------------------------------------------------------------------

    def _cases(self, table: _Table) -> None:
        case_type_column = next(i for i, c in table.columns.items() if c is not None and c.path == ("case_type",))
        for row in table.rows:
            case_id = self._key(table, row)
            if case_id is None:
                continue
            if case_id in self.cases:
                where = Cell(table.sheet.name, row.number, table.key or 1)
                known = self.cases[case_id].imported.row
                self._problem(
                    where.ref(),
                    "duplicate-case",
                    "案卷编号重复，本行未读入",
                    "每份案卷在“案卷”表中只有一行",
                    f"与第 {known} 行相同：{cells.shown(case_id)}",
                )
                continue
            case = _Case(ImportedCase(case_id, row.number), None)
            self.cases[case_id] = case
            raw_type = row.values.get(case_type_column, (None, ""))[0]
            case_type_cell = Cell(table.sheet.name, row.number, case_type_column)
            case.case_type = self._case_type(case, raw_type, case_type_cell)
            self._fill(case, table, row, ())

    def _case_type(self, case: _Case, raw: Any, where: Cell) -> str | None:
        if isinstance(raw, str) and raw.strip() in MODELS:
            return raw.strip()
        choices = "、".join(f"“{name}”" for name in MODELS)
        what = "缺少案件类型" if cells.is_empty(raw) else "案件类型不在可选范围内"
        case.problem(
            where, "case-type", what + "，无法按案卷格式检查本案卷", f"{choices}之一", cells.shown(raw), ("case_type",)
        )
        return None

    def _key(self, table: _Table, row: _Row) -> str | None:
        """The 案卷编号 of a row, or None (and a problem) when it has none."""
        value = row.values.get(table.key, (None, ""))[0] if table.key is not None else None
        if table.key is None:
            return None
        if cells.is_empty(value):
            first = min(row.values)
            self._problem(
                Cell(table.sheet.name, row.number, table.key).ref(),
                "no-case-id",
                "本行有内容而缺少案卷编号，未读入",
                "“案卷”表中的案卷编号",
                f"空（本行 {get_column_letter(first)} 列起有内容）",
            )
            return None
        return str(value).strip() if not isinstance(value, str) else value.strip()

    # --- the other sheets ---------------------------------------------------------------------------

    def _rows(self, table: _Table) -> None:
        sheet = table.sheet
        for row in table.rows:
            case_id = self._key(table, row)
            if case_id is None:
                continue
            key_cell = Cell(sheet.name, row.number, table.key or 1)
            case = self.cases.get(case_id)
            if case is None:
                close = difflib.get_close_matches(case_id, list(self.cases), n=1, cutoff=0.6)
                hint = f"（是否应为“{close[0]}”？）" if close else ""
                self._problem(
                    key_cell.ref(),
                    "unknown-case",
                    f"“案卷”表中没有这个案卷编号{hint}，本行未读入",
                    "“案卷”表中已有的案卷编号",
                    cells.shown(case_id),
                )
                continue
            if case.case_type is not None and case.case_type not in sheet.case_types:
                used = "、".join(sheet.case_types)
                case.problem(
                    key_cell,
                    "wrong-case-type",
                    f"{case.case_type}案卷没有这一部分，本行未读入",
                    f"本表只用于{used}案卷",
                    f"案卷 {cells.shown(case_id)} 是{case.case_type}案卷",
                )
                continue
            target = self._target(case, table, row, key_cell)
            if target is not None:
                self._fill(case, table, row, target)

    def _target(self, case: _Case, table: _Table, row: _Row, key_cell: Cell) -> Loc | None:
        """Where in the case's document this row's item goes (its loc), the list or block made ready."""
        sheet = table.sheet
        container: Any = case.document
        loc: Loc = ()
        if sheet.parent is None:
            if not sheet.many:
                if sheet.path[0] in case.document:
                    first = case.cells[(sheet.path[0],)].row
                    case.problem(
                        key_cell,
                        "duplicate-row",
                        "同一案卷在本表只能有一行，本行未读入",
                        "每份案卷一行",
                        f"与第 {first} 行是同一案卷",
                    )
                    return None
                case.document[sheet.path[0]] = {}
                return (sheet.path[0],)
            items = case.document.setdefault(sheet.path[0], [])
            items.append({})
            return (sheet.path[0], len(items) - 1)
        parent_path, name = sheet.path[:-1], sheet.path[-1]
        parent = self.layout.sheet(sheet.parent)
        if parent.many:
            found = self._parent_item(case, table, row, parent, key_cell)
            if found is None:
                return None
            loc = found
        else:
            loc = parent_path
            if parent_path[0] not in case.document:
                case.problem(
                    key_cell,
                    "no-parent-row",
                    f"“{parent.name}”表中没有该案卷的一行，本行未读入",
                    f"先在“{parent.name}”表中填写该案卷",
                    "没有",
                )
                return None
        for part in loc:
            container = container[part]
        items = container.setdefault(name, [])
        items.append({})
        return (*loc, name, len(items) - 1)

    def _parent_item(self, case: _Case, table: _Table, row: _Row, parent: Sheet, key_cell: Cell) -> Loc | None:
        header = table.sheet.parent_key.header if table.sheet.parent_key else ""
        where = Cell(table.sheet.name, row.number, table.parent_key or key_cell.column)
        raw = row.values.get(table.parent_key, (None, ""))[0] if table.parent_key is not None else None
        ids = case.ids.get(parent.path, {})
        wanted = None
        if not cells.is_empty(raw) and table.sheet.parent_key is not None:
            try:
                wanted = cells.read(table.sheet.parent_key, raw).strip()
            except cells.CellError:
                wanted = None
        indexes = ids.get(wanted, []) if wanted is not None else []
        if len(indexes) != 1:
            found = cells.shown(raw)
            what = (
                f"“{parent.name}”表中该案卷没有卷内编号为此的一行"
                if not indexes
                else f"“{parent.name}”表中该案卷有 {len(indexes)} 行是这个卷内编号"
            )
            case.problem(
                where,
                "no-parent-item",
                what + "，本行未读入",
                f"“{header}”为{parent.name}表中该案卷的一个卷内编号",
                found,
            )
            return None
        return (*parent.path, indexes[0])

    # --- cells --------------------------------------------------------------------------------------

    def _fill(self, case: _Case, table: _Table, row: _Row, loc: Loc) -> None:
        """Read a row's cells into the item at `loc` (the case itself on the 案卷 sheet)."""
        item: Any = case.document
        for part in loc:
            item = item[part]
        sheet = table.sheet
        case.cells.setdefault(loc, Cell(sheet.name, row.number, table.key or 1))
        complete: dict[str, bool] = {}
        complete_cell: Cell | None = None
        for index in sorted(set(row.values) - set(table.columns) - {table.key, table.parent_key}):
            header = table.unknown.get(index)
            what = f"表头“{header}”不是本表的列" if header else "该列没有表头"
            where = Cell(sheet.name, row.number, index)
            case.problem(
                where,
                "lost-cell",
                what + "，本格内容不会读入",
                "本表的列（见“说明”表）",
                cells.shown(row.values[index][0]),
            )
        for index, column in table.columns.items():
            if column is None:
                continue
            where = Cell(sheet.name, row.number, index)
            path = (*loc, *column.path)
            if not column.part:
                case.cells[path] = where
                case.columns[path] = column
            if index not in row.values:
                continue
            value, number_format = row.values[index]
            if case.case_type is not None and case.case_type not in column.case_types:
                used = "、".join(column.case_types)
                case.problem(
                    where,
                    "wrong-case-type",
                    f"{case.case_type}案卷没有这一项，本格未读入",
                    f"本列只用于{used}案卷",
                    cells.shown(value),
                    path,
                )
                continue
            try:
                converted = cells.read(column, value, number_format)
            except cells.CellError as exc:
                case.problem(where, "cell", exc.what, exc.expected, cells.shown(value), path)
                case.failed.add(path)
                continue
            case.raw[path] = value
            if column.part:
                complete[column.part] = converted
                complete_cell = complete_cell or where
            else:
                _put(item, column.path, converted)
        if complete:
            source = item.setdefault(SOURCE_FIELD, {})
            source["complete"] = [part for part, is_complete in complete.items() if is_complete]
            assert complete_cell is not None
            case.cells[(SOURCE_FIELD, "complete")] = complete_cell
        if sheet.many and sheet.parent is None and "id" in item:  # the items lists inside it name
            case.ids.setdefault(sheet.path, {}).setdefault(str(item["id"]), []).append(int(loc[-1]))

    # --- the case-file model's word --------------------------------------------------------------------

    def _finish(self, case: _Case) -> ImportedCase:
        imported = case.imported
        if case.case_type is None:
            return imported
        model = MODELS[case.case_type]
        try:
            validated = model.model_validate(case.document)
        except pydantic.ValidationError as exc:
            self._model_problems(case, exc)
        else:
            if not imported.problems:
                imported.case = validated  # type: ignore[assignment]
        imported.problems.sort(key=lambda p: _order(self.layout, p.where))
        return imported

    def _model_problems(self, case: _Case, exc: pydantic.ValidationError) -> None:
        errors = exc.errors(include_url=False)
        explained = caseproblems.explain(exc, case.document, "", {})
        for error, problem in zip(errors, explained, strict=True):
            loc = tuple(error["loc"])
            if any(loc[: n + 1] in case.failed for n in range(len(loc))):
                continue
            where, column = self._place(case, loc)
            found = cells.shown(case.raw.get(loc))
            if error["type"] == "missing":
                self._missing(case, loc, where, column)
            elif error["type"] == "decision_date_missing":
                self._undated_decision(case, loc, where)
            else:
                case.problem(where, error["type"], problem.what, problem.expected, found, loc)

    def _missing(self, case: _Case, loc: Loc, where: Cell, column: Column | None) -> None:
        if column is not None:
            expected = "必填" + ("；" + cells.expected(column) if column.kind in ("choice", "bool") else "")
            case.problem(where, "missing", f"缺少必填项“{column.header}”", expected, "空", loc)
            return
        sheet = self._sheet_of(loc)
        if sheet is not None:
            what = f"缺少“{sheet.name}”表中该案卷的一行"
            case.problem(where, "missing", what, f"每份{case.case_type}案卷在“{sheet.name}”表中有一行", "没有", loc)
            return
        header = self._header_of(loc)
        case.problem(where, "missing", f"缺少必填项“{header}”（工作簿中没有这一列）", "有该列并填写", "没有该列", loc)

    def _undated_decision(self, case: _Case, loc: Loc, where: Cell) -> None:
        """The model's rule that a decision made bears its date, said in the workbook's own headers."""
        decision = next(sheet for sheet in self.layout.sheets if sheet.path == ("decision",))
        columns = {column.path: column for column in decision.columns}
        date, status = columns[("date",)], columns[("status",)]
        what = f"已作出的决定缺少“{date.header}”"
        status_name = status.header.split("：")[0]  # the header goes on to list its choices
        expected = f"{cells.expected(date)}；尚未作出的决定草案在“{status_name}”列填“拟作出”"
        case.problem(where, "decision_date_missing", what, expected, "空", loc)

    def _place(self, case: _Case, loc: Loc) -> tuple[Cell, Column | None]:
        """The cell of a loc (of its nearest ancestor that has one), and its column when it has one."""
        for n in range(len(loc), -1, -1):
            if loc[:n] in case.cells:
                return case.cells[loc[:n]], case.columns.get(loc[:n]) if n == len(loc) else None
        return case.cells[()], None

    def _sheet_of(self, loc: Loc) -> Sheet | None:
        names = tuple(part for part in loc if isinstance(part, str))
        return next((sheet for sheet in self.layout.sheets if sheet.path and sheet.path == names), None)

    def _header_of(self, loc: Loc) -> str:
        names = tuple(part for part in loc if isinstance(part, str))
        for sheet in self.layout.sheets:
            for column in sheet.columns:
                if sheet.path + column.path == names:
                    return f"{sheet.name}：{column.header}"
        return json_path(loc)


def _put(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        item = item.setdefault(part, {})
    item[path[-1]] = value


def _filled_cells(sheet: Any) -> Iterator[tuple[int, int]]:
    for number, row in enumerate(sheet.iter_rows(), 1):
        for index, cell in enumerate(row, 1):
            if not cells.is_empty(cell.value):
                yield number, index


def _order(built: Layout, where: str) -> tuple[int, int, int]:
    """Problems in the order of the sheets, then rows, then columns."""
    name, _, ref = where.rpartition("!")
    names = [sheet.name for sheet in built.sheets]
    letters, row = coordinate_from_string(ref)
    return (names.index(name) if name in names else len(names), row, column_index_from_string(letters))
