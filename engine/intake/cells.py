"""Cell values and case-file values, each way, for every kind of column (engine.intake.layout.Shape.kind).

Reading accepts what Excel and WPS make of what a person types: a date cell or 2025-03-10, 2025/3/10,
2025年3月10日; a month cell (a date shown without its day) or 2019-05 where a date may be known only to
the month; 是/否 or a TRUE/FALSE cell; a number typed as text. Anything else is refused with what was
expected, never guessed. Writing gives each value the cell it reads back from unchanged.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .layout import Column

YES, NO = "是", "否"
NONE_STATED = "无"  # in a list cell: the file states that there is none (an empty cell: not stated)
LINE_BREAK = "\n"
CHOICE_SEPARATORS = re.compile(r"[\r\n、，,；;]+")
MAPPING_SEPARATOR = "="
MAX_CELL_CHARS = 32767  # Excel's limit; longer text is cut by Excel and WPS
EXACT_DIGITS = 10**15  # a spreadsheet keeps 15 significant digits: a longer number typed is already wrong
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
TEXT_FORMAT = "@"
EARLIEST_DATE_CELL = dt.date(1900, 3, 1)  # before it Excel's and LibreOffice's day numbers disagree: written as text
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_TIME_TEXT = re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_INTEGER_TEXT = re.compile(r"[+-]?\d+")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE_EXPECTED = "日期（日期格式的单元格，或写作 2025-03-10）"
_MONTH_EXPECTED = "日期（日期格式的单元格，或写作 2025-03-10）；只知月份的写作 2019-05"
_EXPECTED = {
    "text": "文本",
    "bool": f"“{YES}”或“{NO}”",
    "int": "整数（如 30）",
    "number": "数字，不带单位（如 20000 或 0.12）",
    "date": _DATE_EXPECTED,
    "day_or_month": _MONTH_EXPECTED,
    "time": "时间（如 09:30）",
    "mapping": f"每行一项，写作 名称{MAPPING_SEPARATOR}数值（如 未如实记录人数占比{MAPPING_SEPARATOR}0.12）",
    "texts": f"每行一项（单元格内换行：Excel 按 Alt+Enter，WPS 同）；卷内载明没有的写“{NONE_STATED}”",
}


class CellError(Exception):
    """A cell that does not hold what its column takes: what is wrong and what was expected."""

    def __init__(self, what: str, expected: str) -> None:
        self.what = what
        self.expected = expected
        super().__init__(what)


class Unwritable(Exception):
    """A case-file value no cell can hold so that it reads back the same."""


def expected(column: Column) -> str:
    """What a column takes, in words (for messages and the 说明 sheet)."""
    if column.kind in ("choice", "choices"):
        listed = "、".join(f"“{c}”" for c in column.choices)
        many = f"；可填多项，每行一项或以“、”分隔；卷内载明没有的写“{NONE_STATED}”" if column.kind == "choices" else ""
        return f"{listed}之一{many}" if column.kind == "choice" else f"{listed}中的一项或多项{many}"
    return _EXPECTED[column.kind]


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell's value as a message quotes it."""
    if is_empty(value):
        return "空"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        text = value if len(value) <= 60 else f"{value[:60]}…（共 {len(value)} 个字符）"
        return f"“{text}”"
    return str(value)


# --- reading ---------------------------------------------------------------------------------------


def read(column: Column, value: Any, number_format: str = "General") -> Any:
    """The case-file value of a non-empty cell, or CellError."""
    return _READERS[column.kind](column, value, number_format)


def _text(column: Column, value: Any, number_format: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError("应为文本，单元格被识别成了日期、时间或是否值", "文本（可将单元格格式设为“文本”后重新输入）")
    if abs(value) >= EXACT_DIGITS:
        raise CellError(
            "数字超过 15 位，表格软件已丢失末尾的数字",
            "文本（将单元格格式设为“文本”后重新输入，或在开头加英文单引号 '）",
        )
    return str(int(value)) if float(value).is_integer() else repr(value)


def _choice(column: Column, value: Any, number_format: str) -> str:
    text = _text(column, value, number_format).strip()
    if text not in column.choices:
        raise CellError("取值不在可选范围内" + _did_you_mean(text, column.choices), expected(column))
    return text


def _did_you_mean(text: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
    return f"（是否应为“{close[0]}”？）" if close else ""


def _bool(column: Column, value: Any, number_format: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in (YES, NO):
        return value.strip() == YES
    raise CellError("不是“是”或“否”", expected(column))


def _int(column: Column, value: Any, number_format: str) -> int:
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise CellError("不是整数", expected(column))


def _number(column: Column, value: Any, number_format: str) -> float | int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if _NUMBER_TEXT.fullmatch(text):
            return float(text)
    raise CellError("不是数字（金额以元为单位，不写“元”“万元”）", expected(column))


def _date(column: Column, value: Any, number_format: str) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError("日期带有时刻", expected(column))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (match := _DATE_TEXT.fullmatch(value.strip())):
        return _calendar_date(match, column)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError("是数字而不是日期（单元格格式可能被设成了“常规”或“数值”）", expected(column))
    raise CellError("不是日期", expected(column))


def _calendar_date(match: re.Match[str], column: Column) -> dt.date:
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            "不是有效日期（" + ("月份应为 1 至 12" if not 1 <= month <= 12 else "该月没有这一天") + "）",
            expected(column),
        ) from None


def _day_or_month(column: Column, value: Any, number_format: str) -> dt.date | str:
    if isinstance(value, dt.datetime) and "d" not in number_format.lower():  # a date cell shown as a month
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str) and (match := _MONTH_TEXT.fullmatch(value.strip())):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise CellError("不是有效月份（月份应为 1 至 12）", expected(column))
        return f"{year:04d}-{month:02d}"
    return _date(column, value, number_format)


def _time(column: Column, value: Any, number_format: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.datetime) and value.date() in (
        dt.date(1899, 12, 30),
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
    ):
        return value.time()  # a time cell as some readers give it: on the spreadsheet's day zero
    if isinstance(value, str) and (match := _TIME_TEXT.fullmatch(value.strip())):
        hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute, second)
    raise CellError("不是有效时间", expected(column))


def _texts(column: Column, value: Any, number_format: str) -> list[str]:
    items = [line.strip() for line in _text(column, value, number_format).splitlines()]
    items = [item for item in items if item]
    return [] if items == [NONE_STATED] else items


def _choices(column: Column, value: Any, number_format: str) -> list[str]:
    text = _text(column, value, number_format).strip()
    if text == NONE_STATED:
        return []
    items = [item.strip() for item in CHOICE_SEPARATORS.split(text) if item.strip()]
    wrong = [item for item in items if item not in column.choices]
    if wrong:
        raise CellError(f"“{wrong[0]}”不在可选范围内" + _did_you_mean(wrong[0], column.choices), expected(column))
    return items


def _mapping(column: Column, value: Any, number_format: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for line in _text(column, value, number_format).splitlines():
        if not line.strip():
            continue
        name, separator, number = line.rpartition(MAPPING_SEPARATOR)
        text = number.strip().replace(",", "")
        if not separator or not name.strip() or not _NUMBER_TEXT.fullmatch(text):
            raise CellError(f"这一行写法不对：“{line.strip()}”", expected(column))
        if name.strip() in found:
            raise CellError(f"“{name.strip()}”出现了两次", expected(column))
        found[name.strip()] = float(text)
    return found


_READERS = {
    "text": _text,
    "choice": _choice,
    "bool": _bool,
    "int": _int,
    "number": _number,
    "date": _date,
    "day_or_month": _day_or_month,
    "time": _time,
    "texts": _texts,
    "choices": _choices,
    "mapping": _mapping,
}


# --- writing ---------------------------------------------------------------------------------------


def write(column: Column, value: Any) -> Any:
    """The cell value of a case-file value (None for an empty cell), or Unwritable."""
    if value is None:
        return None
    kind = column.kind
    if kind == "bool":
        return YES if value else NO
    if kind == "number":
        return int(value) if float(value).is_integer() and abs(value) < EXACT_DIGITS else value
    if kind in ("date", "day_or_month") and isinstance(value, dt.date) and value < EARLIEST_DATE_CELL:
        return value.isoformat()
    if kind in ("texts", "choices"):
        return _list_cell(column, value)
    if kind == "mapping":
        return _mapping_cell(value)
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise Unwritable(f"文本长 {len(value)} 个字符，超过单元格上限 {MAX_CELL_CHARS}")
    return value


def _list_cell(column: Column, items: list[str]) -> str | None:
    if not items:
        return NONE_STATED if column.nullable else None
    for item in items:
        if LINE_BREAK in item or "\r" in item or item != item.strip() or not item:
            raise Unwritable(f"列表中的一项 {shown(item)} 含换行或首尾空白，单元格中无法与其他项区分")
    if items == [NONE_STATED]:
        raise Unwritable(f"列表只有一项“{NONE_STATED}”，单元格中与“卷内载明没有”无法区分")
    return LINE_BREAK.join(items)


def _mapping_cell(mapping: dict[str, float]) -> str | None:
    lines = []
    for name, number in mapping.items():
        if LINE_BREAK in name or "\r" in name or name != name.strip() or not name:
            raise Unwritable(f"裁量情节名称 {shown(name)} 含换行或首尾空白")
        lines.append(f"{name}{MAPPING_SEPARATOR}{int(number) if float(number).is_integer() else repr(number)}")
    return LINE_BREAK.join(lines) or None


def number_format(column: Column, value: Any = None) -> str:
    """The cell format of a column (of a value written there), so that what a person types there is read as
    the column needs: a date column takes dates; a column that may hold a month only (2019-05) is text, lest
    the spreadsheet turn the month into its first day; numbers are numbers; anything else is text, so that
    a long number (a certificate number) keeps its digits."""
    if column.kind == "date" or (column.kind == "day_or_month" and isinstance(value, dt.date)):
        return DATE_FORMAT
    if column.kind == "time":
        return TIME_FORMAT
    return "General" if column.kind in ("int", "number") else TEXT_FORMAT
