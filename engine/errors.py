"""Errors are data with a location: one shape per stage, rendered as a line, a block or JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One problem in a case file: where (JSON path), what kind, what was expected, what was found."""

    json_path: str
    code: str
    expected: str
    found: str | None

    def line(self) -> str:
        found = "" if self.found is None else f"; found {self.found}"
        return f"{self.json_path}: {self.code}: expected {self.expected}{found}"


class PingchaError(Exception):
    """Base of every error the CLI reports without a traceback."""

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError


class StageError(PingchaError):
    """A stage that cannot go on as asked (no file location applies): the message says why."""

    stage = ""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.stage, "message": self.message}


class CaseFileError(PingchaError):
    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        head = f"{self.source}: 案卷不符合格式 (case file rejected, {len(self.problems)} problem(s))"
        return "\n".join([head, *(f"  {p.line()}" for p in self.problems)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "casefile",
            "file": self.source,
            "problems": [
                {"json_path": p.json_path, "code": p.code, "expected": p.expected, "found": p.found}
                for p in self.problems
            ],
        }


class RulebookError(PingchaError):
    """A rulebook problem at file:line, with the offending source line and a hint."""

    def __init__(self, file: str, line: int | None, code: str, message: str, help: str | None = None) -> None:
        self.file = file
        self.line = line
        self.code = code
        self.message = message
        self.help = help
        super().__init__(self.render())

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self) -> str:
        text = f"{self.location()}: {self.code}: {self.message}"
        return f"{text}\n  help: {self.help}" if self.help else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "rulebook",
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "help": self.help,
        }


class Undecidable(Exception):
    """A value a rule needs cannot be worked out for this case: the rule's outcome becomes 无法判定,
    with this exception's text as the reason."""


class CalendarGap(Undecidable):
    """The working-day calendar does not know a year."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"工作日历缺少 {year} 年的法定节假日数据（可用 --calendar 提供）")


class OutOfRange(Undecidable):
    """Arithmetic with no answer: a date before 0001-01-01 or after 9999-12-31, a division by zero."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in `text` written as an escape (`\\ud800`), or None. A YAML or
    Python escape can make one; no file, terminal or spreadsheet can hold it."""
    found = _LONE_SURROGATE.search(text)
    return None if found is None else f"\\u{ord(found.group()):04x}"


def shorten(text: str, limit: int = 200) -> str:
    """A value quoted in a message, cut to `limit` characters (a rulebook value may be megabytes long)."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text)} 个字符）"
