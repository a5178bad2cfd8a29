"""A case file's validation errors in Chinese: the JSON path and line, what is wrong, what the model
expects there (from its field titles and types) and the value found; a did-you-mean for an unknown field.

A file whose `case_type` is missing or unknown is checked as the case type its other fields look like,
so that one missing tag does not hide every other problem."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import pydantic
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .casejson import FORBIDDEN_CHARS, Path, json_path, line_finder, shown
from .errors import Problem

_SCHEMA_FILE = "casefiles/casefile.schema.json"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}]")
_QUOTED = re.compile(r"'([^']*)'")

# speedate's reasons (pydantic-core's date and time parser), in Chinese
_REASONS = {
    "day value is outside expected range": "该月没有这一天",
    "month value is outside expected range": "月份应为 01 至 12",
    "input is too short": "位数不够",
    "input is too long": "位数过多",
    "invalid character in year": "年份中有非数字字符",
    "invalid character in month": "月份中有非数字字符",
    "invalid character in day": "日中有非数字字符",
    "invalid date separator, expected `-`": "年月日之间应以“-”分隔",
    "hour value is outside expected range of 0-23": "小时应为 0 至 23",
    "minute value is outside expected range of 0-59": "分钟应为 0 至 59",
    "second value is outside expected range of 0-59": "秒应为 0 至 59",
}
_DATE = "YYYY-MM-DD 格式的日期（如 2025-03-10）"
_EXPECTED_BY_KIND = {
    "string_type": ("类型不对", "文本（用英文双引号括起）"),
    "string_too_short": ("不能为空", "非空文本"),
    "int_type": ("不是整数", "整数（不加引号）"),
    "int_parsing": ("不是整数", "整数（不加引号）"),
    "int_from_float": ("不是整数", "整数（不加引号）"),
    "float_type": ("不是数字", "数字（不加引号、不带单位）"),
    "float_parsing": ("不是数字", "数字（不加引号、不带单位）"),
    "bool_type": ("不是是否值", "true 或 false（不加引号）"),
    "bool_parsing": ("不是是否值", "true 或 false（不加引号）"),
    "list_type": ("类型不对", "列表 [ … ]"),
    "dict_type": ("类型不对", "对象 { … }"),
    "model_type": ("类型不对", "对象 { … }"),
    "model_attributes_type": ("类型不对", "对象 { … }"),
}


def explain(
    error: pydantic.ValidationError, document: Any, text: str, models: Mapping[str, type[BaseModel]]
) -> list[Problem]:
    """Every validation error of a case file, in Chinese, in the order pydantic found them."""
    line_of = line_finder(text)
    errors = error.errors(include_url=False)
    if errors[0]["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return _without_case_type(document, line_of, models)
    problems = []
    for item in errors:
        loc = tuple(item["loc"])
        root = models.get(str(loc[0])) if loc else None
        problems.append(_problem(item, root, loc[1:] if root else loc, line_of))
    return problems


def _without_case_type(
    document: dict[str, Any], line_of: Callable[[Path], int | None], models: Mapping[str, type[BaseModel]]
) -> list[Problem]:
    """The case-type problem, then the file's other problems as the case type it looks like."""
    guessed = _likely_case_type(document, models)
    tag = document.get("case_type")
    choices = _choices(list(models))
    if "case_type" in document:
        code, what, found = "literal_error", "案件类型不在可选范围内", shown(tag)
    else:
        code, what, found = "missing", "缺少必填字段 case_type（案件类型）", None
    hint = f"其他字段已按“{guessed}”案卷检查"
    problems = [Problem("$.case_type", code, what, choices, found, line_of(("case_type",)), hint)]
    try:
        models[guessed].model_validate_json(json.dumps({**document, "case_type": guessed}, ensure_ascii=False))
    except pydantic.ValidationError as again:
        root = models[guessed]
        problems += [_problem(item, root, tuple(item["loc"]), line_of) for item in again.errors(include_url=False)]
    return problems


def _likely_case_type(document: dict[str, Any], models: Mapping[str, type[BaseModel]]) -> str:
    """The case type with most of the document's fields that only its model has (the first on a tie)."""
    shared = set.intersection(*(set(model.model_fields) for model in models.values()))

    def own_fields(model: type[BaseModel]) -> int:
        return len((set(document) & set(model.model_fields)) - shared)

    return max(models, key=lambda case_type: own_fields(models[case_type]))


def _problem(error: Any, root: type[BaseModel] | None, loc: Path, line_of: Callable[[Path], int | None]) -> Problem:
    kind = error["type"]
    path, line = json_path(loc), line_of(loc)
    found = None if kind == "missing" else shown(error["input"])
    owner, field = _field_at(root, loc)
    what, expected, hint = _describe_error(error, loc, owner, field)
    return Problem(path, kind, what, expected, found, line, hint)


def _describe_error(
    error: Any, loc: Path, owner: type[BaseModel] | None, field: FieldInfo | None
) -> tuple[str, str, str | None]:
    kind, ctx = error["type"], error.get("ctx") or {}
    name = str(loc[-1]) if loc else "$"
    if kind == "missing":
        title = f"（{field.title}）" if field is not None and field.title else ""
        expected = _expected_value(field.annotation) if field is not None else "必填字段"
        return f"缺少必填字段 {name}{title}", expected, None
    if kind == "decision_date_missing":
        expected = 'YYYY-MM-DD 格式的决定日期 date；尚未作出的决定草案写 "status": "拟作出"'
        return "已作出的决定缺少决定日期 date", expected, None
    if kind == "selection_contradicts_kind":  # issue 19: the kind says how the target was chosen
        return "检查对象的确定方式与检查类型不一致", f"与检查类型“{ctx['kind']}”一致的“{ctx['implied']}”，或不填", None
    if kind == "entry_date_without_entry":
        return "载明未录入（未推送），却有日期", "删去日期，或把是否录入（推送）改为“是”", None
    if kind == "extra_forbidden":
        where = json_path(loc[:-1])
        return "案卷格式中没有这个字段", f"{where} 中已有的字段（见 {_SCHEMA_FILE}）", _did_you_mean(name, owner)
    if kind == "literal_error":
        return "取值不在可选范围内", _choices(_QUOTED.findall(str(ctx.get("expected", "")))), None
    if kind == "string_pattern_mismatch":
        char = _FORBIDDEN.search(str(error["input"]))
        code = f"U+{ord(char.group()):04X}" if char else ""
        return f"含有不可见的控制字符 {code}", "不含控制字符的文本（多为复制粘贴带入，请删除该字符）", None
    if kind.startswith("date"):
        return _with_reason("不是有效日期", error), _date_expected(field), None
    if kind.startswith("time"):
        return _with_reason("不是有效时间", error), "HH:MM 或 HH:MM:SS 格式的时间（如 09:30）", None
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _bound(kind, ctx)
    if kind == "json_invalid":
        return f"不是有效的 JSON：{ctx.get('error', '')}", "符合 JSON 语法的案卷", None
    if kind in _EXPECTED_BY_KIND:
        what, expected = _EXPECTED_BY_KIND[kind]
        if not loc:
            return "案卷应为一个 JSON 对象", "以 { 开始、以 } 结束的对象", None
        return what, expected, None
    return "格式不符", str(error["msg"]), None


def _with_reason(what: str, error: Any) -> str:
    ctx = error.get("ctx") or {}
    reason = str(ctx.get("error") or str(error["msg"]).partition(", ")[2])
    return f"{what}（{_REASONS[reason]}）" if reason in _REASONS else what


def _date_expected(field: FieldInfo | None) -> str:
    if field is not None and str in _members(field.annotation):  # a date known only to the month may be written
        return f"{_DATE}，只知月份的写 YYYY-MM"
    return _DATE


def _bound(kind: str, ctx: dict[str, Any]) -> tuple[str, str, str | None]:
    limit = {key: f"{value:g}" if isinstance(value, float) else str(value) for key, value in ctx.items()}
    limits = {
        "greater_than_equal": ("数值过小", f"不小于 {limit.get('ge')} 的数"),
        "greater_than": ("数值过小", f"大于 {limit.get('gt')} 的数"),
        "less_than_equal": ("数值过大", f"不大于 {limit.get('le')} 的数"),
        "less_than": ("数值过大", f"小于 {limit.get('lt')} 的数"),
    }
    what, expected = limits[kind]
    return what, expected, None


def _choices(values: list[str]) -> str:
    quoted = [f"“{value}”" for value in values]
    return quoted[0] if len(quoted) == 1 else "、".join(quoted[:-1]) + " 或 " + quoted[-1]


def _did_you_mean(name: str, owner: type[BaseModel] | None) -> str | None:
    """A field of the same object whose name is close, or whose Chinese title starts with the name."""
    if owner is None:
        return None
    fields = owner.model_fields
    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.8)
    if not close and not name.isascii():
        close = [field for field, info in fields.items() if info.title and info.title.startswith(name)][:1]
    if not close:
        return None
    title = fields[close[0]].title
    return f"是否应为 {close[0]}" + (f"（{title}）" if title else "") + "？"


# ---------------------------------------------------------------------------------------------
# The model behind a path


def _field_at(root: type[BaseModel] | None, loc: Path) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last part of loc, and that part's field (None when not a field)."""
    annotation: Any = root
    owner: type[BaseModel] | None = None
    field: FieldInfo | None = None
    for part in loc:
        model = _model_in(annotation)
        if model is not None and isinstance(part, str):
            owner, field = model, model.model_fields.get(part)
            if field is None:
                return owner, None
            annotation = field.annotation
            continue
        container = [a for a in _members(annotation) if typing.get_origin(a) in (list, dict)]
        if not container:
            return owner, None
        annotation, owner, field = typing.get_args(container[0])[-1], None, None
    return owner, field


def _members(annotation: Any) -> list[Any]:
    """The types an annotation allows, Annotated and None taken off."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) if arg is not type(None) for m in _members(arg)]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _expected_value(annotation: Any) -> str:
    """What a value of this type is written as, for the message of a missing field."""
    members = _members(annotation)
    first = members[0]
    if typing.get_origin(first) is typing.Literal:
        return _choices([str(value) for value in typing.get_args(first)])
    if dt.date in members:
        return _DATE
    if _model_in(annotation) is not None or typing.get_origin(first) is dict:
        return "对象 { … }"
    if typing.get_origin(first) is list:
        return "列表 [ … ]"
    names = {bool: "true 或 false", int: "整数", float: "数字", str: "非空文本", dt.time: "HH:MM 格式的时间"}
    return names.get(first, "必填字段")
