"""The JSON text of a case file, read strictly: UTF-8 (a BOM is accepted), no duplicate keys, no
NaN/Infinity, no number too large to be a real amount. Every refusal is a Problem with its JSON path and
line, in Chinese.

The common case costs one pass of the standard library's C decoder whose hooks only detect; the text is
walked again, in Python and with positions, only to say where a refused file went wrong."""

from __future__ import annotations

import bisect
import codecs
import json
import re
from collections.abc import Callable
from typing import Any

from .errors import Problem

# A larger number is no amount, count or ratio a case file can hold (10^15 yuan is 1000 万亿元; doubles
# stop counting whole units exactly a little above it).
MAX_MAGNITUDE = 10**15
# No sane number is written with more characters (int() of 5,000 digits would refuse anyway).
MAX_NUMBER_CHARS = 40
MAX_DEPTH = 64  # a case file nests 5 levels deep; the limit keeps the walk (and the decoder) off the stack's end
_SHOWN_CHARS = 60

# Characters no text field may hold: C0 controls but tab, line feed and carriage return; DEL and the C1
# controls; the bidirectional marks, embeddings, overrides and isolates (they reorder what a terminal or a
# spreadsheet shows). The pattern is also the case-file model's constraint on text (engine.casefile).
FORBIDDEN_CHARS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}]")
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null")
_NON_FINITE = ("NaN", "Infinity", "-Infinity")

_ENCODING_NAMES = {"utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32-le": "UTF-32", "utf-32-be": "UTF-32"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32（带 BOM）"),
    (codecs.BOM_UTF32_BE, "UTF-32（带 BOM）"),
    (codecs.BOM_UTF16_LE, "UTF-16（带 BOM）"),
    (codecs.BOM_UTF16_BE, "UTF-16（带 BOM）"),
)
_SAVE_AS_UTF8 = "UTF-8 编码（可在记事本、WPS 中“另存为”，编码选 UTF-8）"

# The standard library's syntax messages, in Chinese (the position is added from the exception).
_SYNTAX = {
    "Expecting value": "此处应为一个值（对象、数组、文本、数字、true、false 或 null）",
    "Expecting ',' delimiter": "此处缺少逗号“,”",
    "Expecting ':' delimiter": "此处缺少冒号“:”",
    "Expecting property name enclosed in double quotes": "此处应为用英文双引号括起的字段名",
    "Unterminated string starting at": "文本缺少结束的英文双引号",
    "Invalid control character at": "文本中有未转义的控制字符",
    "Invalid \\escape": "无效的转义序列",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "JSON 已经结束，其后还有多余内容",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
}


Path = tuple[int | str, ...]


class _Refused(Exception):
    """Raised by a decoder hook: the text has something to refuse; the walk says what and where."""


def shown(value: Any) -> str:
    """A value as JSON text for a message: control characters escaped, long values cut."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if len(text) > _SHOWN_CHARS:
        return f"{text[:_SHOWN_CHARS]}…（共 {len(text)} 个字符）"
    return text


def line_at(text: str, position: int) -> int | None:
    """The line of a position; None in a text of one line (a JSONL line, a document made by a tool):
    there the line says nothing."""
    if "\n" not in text.strip():
        return None
    return text.count("\n", 0, position) + 1


def line_finder(text: str) -> Callable[[Path], int | None]:
    """The line of a path in a JSON text the strict reading accepted (of its nearest parent in the text);
    None in a text of one line. Each path is looked up on its own, the values beside it skipped by the C
    decoder: a file's few problems do not pay for a walk of the whole text."""
    if "\n" not in text.strip():
        return lambda path: None
    return lambda path: text.count("\n", 0, _position(text, path)) + 1


def _position(text: str, path: Path) -> int:
    """Where the value at `path` starts, or the value of its longest prefix in the text."""
    position = _skip(text, 0)
    for part in path:
        try:
            found = _member(text, position, part)
        except (ValueError, IndexError):  # not a text the strict reading accepted: its problem says where
            break
        if found is None:
            break
        position = found
    return position


def _member(text: str, position: int, part: int | str) -> int | None:
    """Where the member `part` (a key of an object, an index of an array) of the value at `position`
    starts; None if that value has no such member."""
    close = {"{": "}", "[": "]"}.get(text[position])
    if close is None or (close == "}") != isinstance(part, str):
        return None
    position = _skip(text, position + 1)
    index = 0
    key: int | str
    while text[position] != close:
        if close == "}":
            key, position = _scanstring(text, position + 1, False)
            position = _skip(text, _skip(text, position) + 1)  # the colon
        else:
            key, index = index, index + 1
        if key == part:
            return position
        position = _skip(text, _PLAIN.raw_decode(text, position)[1])
        if text[position] == ",":
            position = _skip(text, position + 1)
    return None


def decode(data: bytes | str) -> str | Problem:
    """The text of a case file: UTF-8, a leading BOM dropped; or the problem naming the encoding found."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Problem("$", "encoding", "文件编码不是 UTF-8", _SAVE_AS_UTF8, name)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return _encoding_problem(data, exc)


def _encoding_problem(data: bytes, exc: UnicodeDecodeError) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    guessed = json.detect_encoding(data)
    if guessed in _ENCODING_NAMES:
        found = f"{_ENCODING_NAMES[guessed]}（无 BOM）"
    else:
        try:
            data.decode("gb18030")
            found = "GBK/GB18030（中文 Windows 的默认编码）"
        except UnicodeDecodeError:
            found = f"第 {line} 行有不是 UTF-8 的字节 {data[exc.start : exc.start + 4].hex(' ')}"
    return Problem("$", "encoding", "文件编码不是 UTF-8", _SAVE_AS_UTF8, found, line)


def _number_refused(literal: str) -> bool:
    if len(literal) > MAX_NUMBER_CHARS:
        return True
    value = float(literal)
    return not abs(value) <= MAX_MAGNITUDE  # also true of inf and nan


def _checked_float(literal: str) -> float:
    if _number_refused(literal):
        raise _Refused
    return float(literal)


def _checked_int(literal: str) -> int:
    if _number_refused(literal):
        raise _Refused
    return int(literal)


def _refused_constant(literal: str) -> Any:
    raise _Refused


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Refused
    return mapping


_PLAIN = json.JSONDecoder()
_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys,
    parse_float=_checked_float,
    parse_int=_checked_int,
    parse_constant=_refused_constant,
)


def load(text: str) -> tuple[Any, list[Problem]]:
    """The document of a JSON text and no problems; or None and every problem, each with its line."""
    try:
        return _DECODER.decode(text), []
    except (_Refused, RecursionError):
        return None, Walk(text).problems
    except json.JSONDecodeError as exc:
        return None, [syntax_problem(text, exc)]


def syntax_problem(text: str, exc: json.JSONDecodeError) -> Problem:
    expected = "符合 JSON 语法的案卷（字段名和文本用英文双引号，逗号、冒号为英文标点）"
    line = line_at(text, exc.pos)
    if not text.strip():
        return Problem("$", "invalid-json", "文件是空的", "一个 JSON 对象 { … }", None, None)
    if not text[exc.pos :].strip():
        return Problem(
            "$", "invalid-json", "不是有效的 JSON：文件没有写完（缺少结尾的 }、] 或引号）", expected, None, line
        )
    what = f"不是有效的 JSON，第 {exc.colno} 列：{_SYNTAX.get(exc.msg, exc.msg)}"
    found = f"该行内容 {shown(text.split(chr(10))[exc.lineno - 1].strip())}"
    return Problem("$", "invalid-json", what, expected, found, line)


# ---------------------------------------------------------------------------------------------
# The walk with positions: only for texts to refuse, or to give a validation problem its line


def json_path(path: Path) -> str:
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier() or part.replace("-", "_").isidentifier():
            text += f".{part}"
        else:
            text += f"[{shown(part)}]"
    return text


class Walk:
    """What the strict reading refuses in a JSON text, as problems with their lines. Stops at the first
    syntax error (reported as the decoder words it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        multiline = "\n" in text.strip()
        self._newlines = [m.start() for m in re.finditer("\n", text)] if multiline else None
        self.problems: list[Problem] = []
        try:
            end = self._value(_skip(text, 0), (), 0)
            if _skip(text, end) != len(text):
                raise ValueError("extra data")
        except _Stop:
            pass
        except (ValueError, IndexError, RecursionError):
            self._syntax()

    def _line(self, position: int) -> int | None:
        return None if self._newlines is None else bisect.bisect_left(self._newlines, position) + 1

    def _syntax(self) -> None:
        try:
            json.loads(self.text, strict=False)
        except json.JSONDecodeError as exc:
            self.problems.append(syntax_problem(self.text, exc))
        except RecursionError:
            self.problems.append(self._too_deep(0))

    def _too_deep(self, position: int) -> Problem:
        return Problem(
            "$", "too-deep", "嵌套层数过多", f"不超过 {MAX_DEPTH} 层的对象和数组", None, self._line(position)
        )

    def _value(self, position: int, path: Path, depth: int) -> int:
        char = self.text[position]
        if char in "{[" and depth >= MAX_DEPTH:
            self.problems.append(self._too_deep(position))
            raise _Stop
        if char == "{":
            return self._object(position, path, depth)
        if char == "[":
            return self._array(position, path, depth)
        if char == '"':
            return _scanstring(self.text, position + 1, False)[1]
        return self._scalar(position, path)

    def _object(self, position: int, path: Path, depth: int) -> int:
        first_lines: dict[str, int | None] = {}
        position = _skip(self.text, position + 1)
        if self.text[position] == "}":
            return position + 1
        while True:
            if self.text[position] != '"':
                raise ValueError("key")
            key, position = _scanstring(self.text, position + 1, False)
            line = self._line(position)
            if key in first_lines:
                self._duplicate(path + (key,), key, line, first_lines[key])
            else:
                first_lines[key] = line
            position = _skip(self.text, position)
            if self.text[position] != ":":
                raise ValueError("colon")
            position = self._value(_skip(self.text, position + 1), path + (key,), depth + 1)
            position = _skip(self.text, position)
            if self.text[position] == "}":
                return position + 1
            if self.text[position] != ",":
                raise ValueError("comma")
            position = _skip(self.text, position + 1)

    def _array(self, position: int, path: Path, depth: int) -> int:
        position = _skip(self.text, position + 1)
        if self.text[position] == "]":
            return position + 1
        index = 0
        while True:
            position = _skip(self.text, self._value(position, path + (index,), depth + 1))
            if self.text[position] == "]":
                return position + 1
            if self.text[position] != ",":
                raise ValueError("comma")
            position = _skip(self.text, position + 1)
            index += 1

    def _scalar(self, position: int, path: Path) -> int:
        for literal in _LITERALS + _NON_FINITE:
            if self.text.startswith(literal, position):
                if literal in _NON_FINITE:
                    self._number(path, literal, position)
                return position + len(literal)
        match = _NUMBER.match(self.text, position)
        if match is None:
            raise ValueError("value")
        if _number_refused(match.group()):
            self._number(path, match.group(), position)
        return match.end()

    def _number(self, path: Path, literal: str, position: int) -> None:
        found = literal if len(literal) <= _SHOWN_CHARS else f"{literal[:20]}…（共 {len(literal)} 位）"
        self.problems.append(
            Problem(
                json_path(path),
                "number-out-of-range",
                "数值无效或过大",
                "有限的数，绝对值不超过 10^15（1000 万亿）",
                found,
                self._line(position),
            )
        )

    def _duplicate(self, path: Path, key: str, line: int | None, first_line: int | None) -> None:
        self.problems.append(
            Problem(
                json_path(path),
                "duplicate-key",
                f"字段 {shown(key)} 重复出现" + (f"（首次在第 {first_line} 行）" if line else ""),
                "同一对象中每个字段只写一次（重复时只有最后一个生效，评查结果会不可靠）",
                None,
                line,
            )
        )


class _Stop(ValueError):
    """The walk cannot go deeper: the problem is recorded, no syntax message is added."""


def _skip(text: str, position: int) -> int:
    end = _WHITESPACE.match(text, position)
    return end.end() if end else position
