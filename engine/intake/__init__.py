"""Case files from and to an Excel/WPS workbook: the blank template, import, export (issue 16).

The layout is derived from the case-file model (`layout`); cells are read and written by `cells`; a
workbook is read by `reader` and written by `writer`; its 说明 sheet and docs/case-file-fields.md come
from `guide`; `casefiles` turns imported cases into JSON files and case files into a workbook.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..casefile import read_case_bytes
from ..errors import InputFileError

BatchInput = tuple[int | None, tuple[str, str] | None, tuple[dict[str, Any], ...], bytes | None]


def workbook_inputs(path: str) -> Iterator[BatchInput]:
    """What pingcha batch scores of a workbook: (line, error, problems, case JSON) per case, the line being
    the case's row on the 案卷 sheet; the workbook's own problems (rows that name no case, unknown sheets)
    as one error without a line; an unreadable workbook as one error."""
    from .casefiles import case_json
    from .reader import WorkbookError, read_workbook

    try:
        imported = read_workbook(read_case_bytes(path), path)
    except InputFileError as exc:
        yield None, ("unreadable", exc.reason), (), None
        return
    except WorkbookError as exc:
        yield None, ("workbook", exc.reason), (), None
        return
    if imported.problems:
        first = imported.problems[0].render()
        message = f"工作簿有 {len(imported.problems)} 处不属于任何案卷的问题：{first}"
        yield None, ("workbook", message), tuple(p.to_dict() for p in imported.problems), None
    for case in imported.cases:
        if case.case is not None:
            yield case.row, None, (), case_json(case.case).encode("utf-8")
        else:
            message = f"案卷 {case.case_id} 有 {len(case.problems)} 处问题：{case.problems[0].render()}"
            yield case.row, ("workbook", message), tuple(p.to_dict() for p in case.problems), None
