"""Errors are data with a location: one shape per stage, rendered as a line, a block or JSON."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One problem in a case file: where (JSON path, and the line when known), what is wrong, what was
    expected there and what was found (as JSON text), in Chinese; `code` is a stable machine name."""

    json_path: str
    code: str
    what: str
    expected: str
    found: str | None
    line: int | None = None
    help: str | None = None

    def where(self) -> str:
        return self.json_path if self.line is None else f"{self.json_path}（第 {self.line} 行）"

    def message(self) -> str:
        found = "" if self.found is None else f"，实为 {self.found}"
        hint = "" if self.help is None else f"。{self.help}"
        return f"{self.what}；应为 {self.expected}{found}{hint}"

    def render(self) -> str:
        return f"{self.where()}：{self.message()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "json_path": self.json_path,
            "line": self.line,
            "code": self.code,
            "expected": self.expected,
            "found": self.found,
            "help": self.help,
            "message": self.message(),
        }


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


class OutputError(StageError):
    """An output file that cannot be written (checked before the work starts, or failed while writing)."""

    stage = "output"


class InputFileError(StageError):
    """An input that is not a readable regular file: missing, a folder, a device or pipe, no permission."""

    stage = "input"

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DraftError(StageError):
    """A draft decision (decision.status 拟作出) given to check or batch: it is reviewed, never scored."""

    stage = "draft"
    json_path = "$.decision.status"

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(
            f"{source}: {self.json_path} 为“拟作出”：这是尚未作出的决定草案，不作为已作出的决定评查；"
            f"请用 pingcha review {source} --as-of 审核日 审核"
        )


class ReviewError(StageError):
    """A file or rulebook `pingcha review` cannot review: not a penalty case, no draft decision, an intended
    decision date before the review date, a rule without its phase."""

    stage = "review"


# The reasons an operating system gives, as a user reads them (strerror is English, whatever the locale).
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在文件系统只读",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EISDIR: "是文件夹",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环（链接指向自身或互相指向）",
    errno.EFBIG: "文件过大",
    errno.EIO: "读写设备出错",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese (the English strerror when the code is unusual)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or str(exc)


class CaseFileError(PingchaError):
    """A case file that cannot be scored: every problem with its JSON path."""

    code = "casefile"

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def headline(self) -> str:
        return f"案卷不符合格式（{len(self.problems)} 处问题）"

    def render(self) -> str:
        return "\n".join([f"{self.source}: {self.headline()}", *(f"  {p.render()}" for p in self.problems)])

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.code, "file": self.source, "problems": [p.to_dict() for p in self.problems]}


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
