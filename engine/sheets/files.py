"""Write one score sheet per result (一卷一表), XLSX and DOCX, each as its result is read."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import StageError
from ..outputs import write_atomic
from ..rulebook import Rulebook
from .documents import to_docx, to_xlsx
from .rows import fill

SHEET_CASE_TYPE = "行政处罚"
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')  # not in a file name on Windows or Linux


class SheetError(StageError):
    stage = "sheets"


def write_sheets(
    records: Iterable[dict[str, Any]], folder: Path, books: Callable[[str], Rulebook]
) -> tuple[list[Path], list[str]]:
    """Each penalty record's sheet as `<case id>.xlsx` and `.docx` in `folder` (a second record of the same
    case id gets `-2`, …); `books` gives the rulebook a result names. Returns the files written and the case
    ids of the records left out: a published 评查标准 scores 行政处罚 files, not inspections or executions."""
    folder.mkdir(parents=True, exist_ok=True)
    loaded: dict[str, Rulebook] = {}
    taken: dict[str, int] = {}
    written, skipped = [], []
    for record in records:
        result = record["result"]
        if (record["case"].get("case_type") or SHEET_CASE_TYPE) != SHEET_CASE_TYPE:
            skipped.append(result["case_id"])
            continue
        name = result["rulebook"]["name"]
        book = loaded[name] if name in loaded else loaded.setdefault(name, books(name))
        if book.sheet is None:
            raise SheetError(f"规则集 {name} 没有评查表（profile.yaml 的 sheet:），不能写出一卷一表")
        filled = fill(record, book.sheet)
        stem = UNSAFE.sub("_", result["case_id"]) or "案卷"
        taken[stem] = taken.get(stem, 0) + 1
        if taken[stem] > 1:
            stem = f"{stem}-{taken[stem]}"
        for suffix, render in ((".xlsx", to_xlsx), (".docx", to_docx)):
            path = folder / f"{stem}{suffix}"
            write_atomic(path, render(filled))
            written.append(path)
    return written, skipped
