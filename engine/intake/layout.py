"""The workbook's layout, derived from the case-file model: no list of fields is kept here.

A sheet per part of the model (engine.casefile.Part): `案卷` holds a case's own fields and its `source`
(what the file was made from, and one 是/否 column per part for the completeness declaration); every
other part is a sheet named by its title, one row per case (agency, decision, …) or per item (officers,
events, …), keyed by 案卷编号. A nested object is flattened into columns headed `标题：子标题`; a list of
objects inside a part (the citations of a violation or of a hazard) is a sheet of its own, its rows
naming the item they belong to. A list of values is one cell, a value per line.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..casefile import (
    CASE_TYPES,
    PARTS,
    ExecutionCaseFile,
    InspectionCaseFile,
    LicensingCaseFile,
    PenaltyCaseFile,
    Source,
)

MODELS: dict[str, type[BaseModel]] = {
    "行政处罚": PenaltyCaseFile,
    "行政检查": InspectionCaseFile,
    "行政强制执行": ExecutionCaseFile,
    "行政许可": LicensingCaseFile,
}
CASE_SHEET = "案卷"
KEY_HEADER = "案卷编号"
# The one field the workbook does not ask for: a workbook is of one format version, written into every case.
FIXED = {"schema_version": "1"}
SOURCE_FIELD = "source"
COMPLETE_FIELD = "complete"
COMPLETE_PREFIX = "完整："
SEPARATOR = "："
# Sheet names cannot hold these, nor be longer than 31 characters (Excel, WPS, LibreOffice).
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NOTE = re.compile(r"（[^（）]*）$")


@dataclass(frozen=True)
class Shape:
    """What a field holds, as the workbook writes it: a kind of cell, or a nested model or list of models."""

    kind: str  # text choice bool int number date day_or_month time texts choices mapping | model models
    nullable: bool
    choices: tuple[str, ...] = ()
    model: type[BaseModel] | None = None


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]  # from the sheet's item (from the case, on the 案卷 sheet) to the value
    kind: str
    choices: tuple[str, ...]
    required: bool  # the item needs it (within an optional block: when the block is given)
    nullable: bool  # for a list: an empty cell is "not stated", 无 is "stated: none"
    owner: str  # the model and field it comes from (their description is the column's)
    field: str
    case_types: tuple[str, ...]
    part: str | None = None  # a completeness column: the part it declares complete


@dataclass(frozen=True)
class Sheet:
    name: str
    part: str | None  # the part of the model (None: a list inside a part)
    path: tuple[str, ...]  # from the case to the items
    many: bool  # a row per list item (else a row per case)
    nullable: bool  # the block or list may be absent (else: required, or an empty list by default)
    required_for: tuple[str, ...]  # case types whose files must have its row
    case_types: tuple[str, ...]
    columns: tuple[Column, ...]
    owner: str  # the model and field of the block (for its description)
    field: str
    parent: str | None = None  # for a list inside the items of another sheet: that sheet
    parent_key: Column | None = None  # the column naming the parent item (by its 卷内编号)


@dataclass(frozen=True)
class Layout:
    sheets: tuple[Sheet, ...]  # the 案卷 sheet first

    def sheet(self, name: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)

    def part_sheet(self, part: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.part == part)


def members(annotation: Any) -> tuple[list[Any], bool]:
    """The types an annotation allows (Annotated taken off), and whether None is one of them."""
    if typing.get_origin(annotation) is typing.Annotated:
        return members(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        found: list[Any] = []
        nullable = False
        for arg in typing.get_args(annotation):
            if arg is type(None):
                nullable = True
            else:
                more, inner = members(arg)
                found += more
                nullable = nullable or inner
        return found, nullable
    return [annotation], False


_SCALARS: dict[Any, str] = {bool: "bool", int: "int", float: "number", str: "text", dt.date: "date", dt.time: "time"}


def shape(annotation: Any) -> Shape:
    found, nullable = members(annotation)
    if set(found) == {dt.date, str}:  # engine.casefile.DayOrMonth
        return Shape("day_or_month", nullable)
    (first,) = found
    origin = typing.get_origin(first)
    if origin is typing.Literal:
        return Shape("choice", nullable, tuple(str(v) for v in typing.get_args(first)))
    if origin is dict:
        return Shape("mapping", nullable)
    if origin is list:
        item = shape(typing.get_args(first)[0])
        if item.kind == "model":
            return Shape("models", nullable, model=item.model)
        return Shape("choices" if item.kind == "choice" else "texts", nullable, item.choices)
    if isinstance(first, type) and issubclass(first, BaseModel):
        return Shape("model", nullable, model=first)
    return Shape(_SCALARS[first], nullable)


def sheet_name(title: str) -> str:
    """A sheet's name from a title: its closing note in parentheses dropped (决定（尚未作出决定的为空） → 决定)."""
    return _NOTE.sub("", title)


def _title(info: FieldInfo) -> str:
    assert info.title, "every field of the case-file model has a title"
    return info.title


def _sheet(
    name: str,
    part: str | None,
    path: tuple[str, ...],
    block: Shape,
    info: FieldInfo,
    owner: str,
    case_type: str,
    columns: list[Column],
    parent: tuple[str, bool] | None = None,
) -> Sheet:
    parent_key = None
    if parent is not None and parent[1]:  # the items of a list that has lists of its own are named by their id
        parent_key = Column(
            f"{parent[0]}{SEPARATOR}卷内编号", ("id",), "text", (), True, False, owner, "id", (case_type,)
        )
    return Sheet(
        name,
        part,
        path,
        block.kind == "models",
        block.nullable,
        (case_type,) if info.is_required() else (),
        (case_type,),
        tuple(columns),
        owner,
        path[-1],
        parent[0] if parent else None,
        parent_key,
    )


class _Builder:
    """Walks the case-type models once; a part shared by several case types is one sheet."""

    def __init__(self) -> None:
        self.sheets: dict[tuple[str, ...], Sheet] = {}  # by path, in the order met
        self.case_columns: dict[str, Column] = {}
        self.part_models: dict[str, type[BaseModel]] = {}

    def build(self) -> Layout:
        for case_type, model in MODELS.items():
            for name, info in model.model_fields.items():
                field_shape = shape(info.annotation)
                if name in FIXED:
                    continue
                if name == SOURCE_FIELD:
                    self._source(case_type)
                elif field_shape.kind in ("model", "models"):
                    self._part(case_type, model, name, info, field_shape)
                else:
                    column = _column(_title(info), (name,), field_shape, info, model.__name__, name, (case_type,))
                    self._merge_case_column(name, column)
        names = {sheet.part: sheet.name for sheet in self.sheets.values() if sheet.part}
        names["case"] = CASE_SHEET
        columns = [
            replace(column, header=COMPLETE_PREFIX + names[column.part]) if column.part else column
            for column in self.case_columns.values()
        ]
        columns.sort(key=lambda column: column.path[0] == SOURCE_FIELD)  # the case's own fields first
        case_sheet = Sheet(CASE_SHEET, "case", (), False, False, CASE_TYPES, CASE_TYPES, tuple(columns), "", "")
        ordered = sorted(self.sheets.values(), key=lambda sheet: (PARTS.index(sheet.path[0]), len(sheet.path)))
        return _checked(Layout((case_sheet, *ordered)))

    def _merge_case_column(self, key: str, column: Column) -> None:
        known = self.case_columns.get(key)
        if known is None:
            self.case_columns[key] = column
            return
        assert known.kind == column.kind, f"{key} differs between case types"
        choices = known.choices + tuple(c for c in column.choices if c not in known.choices)  # case_type: one per model
        self.case_columns[key] = replace(_with_types(known, column.case_types), choices=choices)

    def _source(self, case_type: str) -> None:
        for name, info in Source.model_fields.items():
            path = (SOURCE_FIELD, name)
            if name == COMPLETE_FIELD:  # one 是/否 column per part
                for part in PARTS:
                    column = Column("", path, "bool", (), False, False, Source.__name__, name, (case_type,), part)
                    self._merge_case_column(f"{COMPLETE_FIELD}.{part}", column)
            else:
                column = _column(
                    _title(info), path, shape(info.annotation), info, Source.__name__, name, (case_type,), False
                )
                self._merge_case_column(".".join(path), column)

    def _part(self, case_type: str, model: type[BaseModel], name: str, info: FieldInfo, block: Shape) -> None:
        assert block.model is not None
        known = self.sheets.get((name,))
        if known is not None:
            assert self.part_models[name] is block.model, f"{name} is a different model in {case_type}"
            self.sheets[(name,)] = _merge_sheet(known, case_type, info.is_required())
            return
        self.part_models[name] = block.model
        title = sheet_name(_title(info))
        columns = self._flatten(block.model, (), "", True, case_type, (title, block.kind == "models"), (name,))
        self.sheets[(name,)] = _sheet(title, name, (name,), block, info, model.__name__, case_type, columns)

    def _flatten(
        self,
        model: type[BaseModel],
        path: tuple[str, ...],
        prefix: str,
        required: bool,
        case_type: str,
        sheet: tuple[str, bool],
        sheet_path: tuple[str, ...],
    ) -> list[Column]:
        """The columns of a model's fields, nested models flattened; a list of models becomes a sheet."""
        columns: list[Column] = []
        for name, info in model.model_fields.items():
            field_shape = shape(info.annotation)
            header = prefix + _title(info)
            needed = required and info.is_required()
            if field_shape.kind == "model":
                assert field_shape.model is not None
                nested = path + (name,)
                columns += self._flatten(
                    field_shape.model, nested, sheet_name(header) + SEPARATOR, needed, case_type, sheet, sheet_path
                )
            elif field_shape.kind == "models":
                assert field_shape.model is not None
                child_path = sheet_path + path + (name,)
                title = f"{sheet[0]}·{sheet_name(_title(info))}"
                child = self._flatten(field_shape.model, (), "", True, case_type, (title, True), child_path)
                self.sheets[child_path] = _sheet(
                    title, None, child_path, field_shape, info, model.__name__, case_type, child, sheet
                )
            else:
                columns.append(
                    _column(header, path + (name,), field_shape, info, model.__name__, name, (case_type,), needed)
                )
        return columns


def _column(
    header: str,
    path: tuple[str, ...],
    field_shape: Shape,
    info: FieldInfo,
    owner: str,
    name: str,
    case_types: tuple[str, ...],
    required: bool | None = None,
) -> Column:
    needed = info.is_required() if required is None else required
    nullable = field_shape.nullable and field_shape.kind in ("texts", "choices")
    return Column(header, path, field_shape.kind, field_shape.choices, needed, nullable, owner, name, case_types)


def _with_types(column: Column, case_types: tuple[str, ...]) -> Column:
    return replace(column, case_types=tuple(t for t in CASE_TYPES if t in column.case_types or t in case_types))


def _merge_sheet(sheet: Sheet, case_type: str, required: bool) -> Sheet:
    """A part another case type also has (agency, party, officers, documents, enforcement, dossier)."""
    case_types = tuple(t for t in CASE_TYPES if t in sheet.case_types or t == case_type)
    columns = tuple(_with_types(column, case_types) for column in sheet.columns)
    required_for = sheet.required_for + ((case_type,) if required else ())
    return replace(sheet, case_types=case_types, columns=columns, required_for=required_for)


def _checked(built: Layout) -> Layout:
    """Names a workbook can hold: sheet names unique, short enough and legal; headers unique in their sheet."""
    names = [sheet.name for sheet in built.sheets]
    assert len(set(names)) == len(names), names
    for sheet in built.sheets:
        assert len(sheet.name) <= 31 and not _SHEET_FORBIDDEN.search(sheet.name), sheet.name
        headers = [KEY_HEADER] * (sheet.part != "case") + [c.header for c in (sheet.parent_key, *sheet.columns) if c]
        assert len(set(headers)) == len(headers), (sheet.name, headers)
    return built


@cache
def layout() -> Layout:
    """The workbook's layout (built once from the case-file model)."""
    return _Builder().build()
