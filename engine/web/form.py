"""The case-file form, generated from the case-file JSON Schema (engine.casefile + engine.casedocs): one field
per property with its Chinese title and description, enumerations as drop-downs, dates as date inputs,
repeatable parts (events, documents, officers…) as rows. A field's name is its JSON path without `$.`, so the
case-file checks' problems (`$.events[1].date`) land beside the field they concern.

An empty field is left out of the case file: unknown, never "no" (the open world of design.md). A value that
cannot be converted (a fine of "五千") is kept as typed, so the same check as the command line rejects it with
the same message."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

YES, NO = "是", "否"
Segment = str | int


@dataclass(frozen=True)
class Field:
    """One input. kind: text, choice, choices (several of a list), yesno, integer, number, date, time, lines
    (one value a line), pairs (名称=数值 a line), fixed (a constant such as the case type)."""

    name: str
    title: str
    help: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fixed: Any = None
    month_ok: bool = False  # a date known only to its month (YYYY-MM) is allowed


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    help: str
    required: bool
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Repeat:
    name: str
    title: str
    help: str
    item_title: str
    rows: tuple[Section, ...]


Node = Field | Section | Repeat


@dataclass
class Filled:
    """A form as the user left it: the case-file document it makes, and the rows each repeat shows."""

    document: dict[str, Any]
    rows: dict[str, int] = field(default_factory=dict)


def case_types(schema: Mapping[str, Any]) -> list[str]:
    """The case types the schema knows (its discriminator): a new one appears in the form by itself."""
    return list(schema["discriminator"]["mapping"])


def build(schema: Mapping[str, Any], case_type: str, rows: Mapping[str, int]) -> Section:
    """The form of one case type, each repeat with rows[name] rows (none when not given)."""
    reference = schema["discriminator"]["mapping"].get(case_type)
    if reference is None:
        raise KeyError(case_type)
    model = _resolve(schema, {"$ref": reference})
    return _Builder(schema, rows).section(model, "", str(model.get("title", case_type)), "", True)


class _Builder:
    def __init__(self, schema: Mapping[str, Any], rows: Mapping[str, int]) -> None:
        self.schema = schema
        self.rows = rows

    def section(self, model: Mapping[str, Any], name: str, title: str, help: str, required: bool) -> Section:
        needed = set(model.get("required", ()))
        children = tuple(
            self.node(spec, f"{name}.{key}" if name else key, key in needed)
            for key, spec in model.get("properties", {}).items()
        )
        return Section(name, title, help, required, children)

    def node(self, spec: Mapping[str, Any], name: str, required: bool) -> Node:
        title, help = str(spec.get("title", name)), str(spec.get("description", ""))
        branches = [b for b in spec.get("anyOf", [spec]) if b.get("type") != "null"]
        first = branches[0]
        if "$ref" in first:
            return self.section(_resolve(self.schema, first), name, title, help, required)
        if first.get("type") == "array" and "$ref" in first["items"]:
            item = _resolve(self.schema, first["items"])
            count = self.rows.get(name, 0)
            rows = tuple(self.section(item, f"{name}[{i}]", f"第 {i + 1} 项", "", True) for i in range(count))
            return Repeat(name, title, help, str(item.get("title", "")), rows)
        kind, choices, fixed, month_ok = _kind(branches)
        return Field(name, title, help, kind, required, choices, fixed, month_ok)


def _kind(branches: list[Mapping[str, Any]]) -> tuple[str, tuple[str, ...], Any, bool]:
    """(kind, choices, fixed value, month_ok) of a scalar or list property."""
    first = branches[0]
    kind_of = first.get("type")
    formats = {b.get("format") for b in branches}
    if "const" in first:
        return "fixed", (), first["const"], False
    if "enum" in first:
        return "choice", tuple(first["enum"]), None, False
    if kind_of == "array":
        items = first["items"]
        return ("choices", tuple(items["enum"]), None, False) if "enum" in items else ("lines", (), None, False)
    if kind_of == "boolean":
        return "yesno", (YES, NO), None, False
    if kind_of in ("integer", "number", "object"):
        return ("pairs" if kind_of == "object" else str(kind_of)), (), None, False
    if "date" in formats:
        return "date", (), None, len(branches) > 1
    return ("time" if "time" in formats else "text"), (), None, False


def _resolve(schema: Mapping[str, Any], spec: Mapping[str, Any]) -> Mapping[str, Any]:
    name = str(spec["$ref"]).rsplit("/", 1)[-1]
    return dict(schema["$defs"][name])


# --- form values → case-file document ------------------------------------------------------------------


def read(root: Section, values: Mapping[str, list[str]]) -> dict[str, Any]:
    """The case-file document a submitted form makes: empty fields and empty rows left out."""
    return _read_section(root, values) or {}


def _read_section(section: Section, values: Mapping[str, list[str]]) -> dict[str, Any] | None:
    document: dict[str, Any] = {}
    filled = False
    for child in section.children:
        key = _last_key(child.name)
        value = _read_node(child, values)
        if value is None:
            continue
        document[key] = value
        filled = filled or not (isinstance(child, Field) and child.kind == "fixed")
    if not filled and not section.required:
        return None
    return document


def _read_node(node: Node, values: Mapping[str, list[str]]) -> Any:
    if isinstance(node, Section):
        return _read_section(node, values)
    if isinstance(node, Repeat):
        rows = [row for row in (_read_section(_optional(r), values) for r in node.rows) if row]
        return rows or None
    return _read_field(node, values.get(node.name, []))


def _optional(section: Section) -> Section:
    return Section(section.name, section.title, section.help, False, section.children)


def _read_field(item: Field, given: list[str]) -> Any:
    if item.kind == "fixed":
        return item.fixed
    if item.kind == "choices":
        return [value for value in given if value] or None
    text = given[0].strip() if given else ""
    if not text:
        return None
    if item.kind == "yesno":
        return {YES: True, NO: False}.get(text, text)
    if item.kind in ("integer", "number"):
        return _number(text, item.kind == "integer")
    if item.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()] or None
    if item.kind == "pairs":
        return _pairs(text)
    return text


def _number(text: str, whole: bool) -> Any:
    """The number typed (thousands separators allowed), or the text itself for the check to reject."""
    cleaned = text.replace(",", "").replace("，", "")
    try:
        number = float(cleaned)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return text if whole else number


def _pairs(text: str) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for line in text.splitlines():
        name, _, value = line.partition("=")
        if name.strip():
            pairs[name.strip()] = _number(value.strip(), False)
    return pairs


_KEY = re.compile(r"([^.\[\]]+)(?:\[\d+\])?$")


def _last_key(name: str) -> str:
    found = _KEY.search(name)
    assert found is not None
    return found.group(1)


# --- case-file document → form values --------------------------------------------------------------------


def rows_of(document: Any, prefix: str = "") -> dict[str, int]:
    """How many rows each list of objects in a document has (the form shows them all)."""
    rows: dict[str, int] = {}
    if isinstance(document, dict):
        for key, value in document.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                rows[name] = len(value)
                for index, row in enumerate(value):
                    rows.update(rows_of(row, f"{name}[{index}]"))
            else:
                rows.update(rows_of(value, name))
    return rows


def shown(item: Field, document: Any) -> str | list[str]:
    """A field's value in a document, as the input shows it ("" when the document does not have it)."""
    value = _at(document, item.name)
    if item.kind == "choices":
        return [str(v) for v in value] if isinstance(value, list) else []
    if value is None:
        return ""
    if item.kind == "yesno" and isinstance(value, bool):
        return YES if value else NO
    if item.kind == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if item.kind == "pairs" and isinstance(value, dict):
        return "\n".join(f"{k}={_plain_number(v)}" for k, v in value.items())
    return _plain_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _plain_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def segments(name: str) -> list[Segment]:
    """`events[1].date` → ["events", 1, "date"]."""
    return [key if key else int(index) for key, index in _SEGMENT.findall(name)]


def _at(document: Any, name: str) -> Any:
    for segment in segments(name):
        if isinstance(segment, int):
            if not isinstance(document, list) or segment >= len(document):
                return None
        elif not isinstance(document, dict):
            return None
        document = document[segment] if isinstance(segment, int) else document.get(segment)
    return document


def filled(section: Section, document: Any) -> bool:
    """Whether a document has this part (the form opens it)."""
    return _at(document, section.name) is not None


def names(node: Node) -> list[str]:
    """Every field and section name in a form (where a problem can be shown)."""
    if isinstance(node, Field):
        return [node.name]
    children = node.rows if isinstance(node, Repeat) else node.children
    return [node.name, *(name for child in children for name in names(child))]
