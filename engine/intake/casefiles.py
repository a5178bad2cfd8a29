"""Between the workbook and case-file JSON: imported cases written as files, case files read for export."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..batch import InputReader
from ..casefile import CASE_TYPES, CaseFile, parse_case_file, read_case_bytes
from ..errors import OutputError, PingchaError
from ..outputs import write_atomic
from .reader import Imported, ImportedCase, WorkbookProblem, read_workbook

# Characters Windows refuses in a file name (and / everywhere), and the names it reserves.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?")


def case_json(case: CaseFile) -> str:
    """A case file's JSON as pingcha writes it: the fields given, in the model's order, amounts without “.0”."""
    document = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    document = {"schema_version": case.schema_version, **document}  # a default it must still state
    return json.dumps(_whole_numbers(document), ensure_ascii=False, indent=2) + "\n"


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def file_name(case_id: str) -> str:
    """The file name of a case: its 案卷编号, with what a file name cannot hold replaced by “_”."""
    name = _UNSAFE.sub("_", case_id).strip().rstrip(".")
    if not name or _RESERVED.fullmatch(name):
        name = f"_{name}"
    return f"{name}.json"


def write_case_files(imported: Imported, folder: Path) -> list[tuple[ImportedCase, Path]]:
    """Write every imported case that has no problem to `folder`, one JSON file each; two cases whose file
    names would be the same are a problem of the second (nothing is overwritten)."""
    written: list[tuple[ImportedCase, Path]] = []
    names: dict[str, ImportedCase] = {}
    for item in imported.cases:
        if item.case is None:
            continue
        name = file_name(item.case_id)
        if name.lower() in names:
            first = names[name.lower()]
            item.problems.append(
                WorkbookProblem(
                    f"案卷!A{item.row}",
                    "same-file-name",
                    f"文件名与第 {first.row} 行的案卷 {first.case_id} 相同（{name}），未写出",
                    '案卷编号去掉 \\ / : * ? " < > | 后互不相同',
                    item.case_id,
                )
            )
            item.case = None
            continue
        names[name.lower()] = item
        path = folder / name
        write_atomic(path, case_json(item.case).encode("utf-8"))
        written.append((item, path))
    return written


def import_workbook(workbook: Path, folder: Path) -> tuple[Imported, list[tuple[ImportedCase, Path]]]:
    """Read a workbook and write its cases that have no problem to `folder`."""
    imported = read_workbook(read_case_bytes(str(workbook)), str(workbook))
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: 是文件，不是文件夹；-o 应为写出案卷的文件夹")
    return imported, write_case_files(imported, folder)


def import_summary(workbook: Path, imported: Imported, written: list[tuple[ImportedCase, Path]]) -> str:
    lines = [f"{workbook}：案卷 {len(imported.cases)} 份，写出 {len(written)} 份"]
    lines += [f"  案卷!A{item.row}  {item.case_id} → {path}" for item, path in written]
    return "\n".join(lines)


def export_summary(output: Path, cases: list[tuple[str, CaseFile]], problems: list[Any], unreadable: int) -> str:
    left_out = {problem.source for problem in problems}
    counts: Counter[str] = Counter(case.case_type for source, case in cases if source not in left_out)
    by_type = "、".join(f"{case_type} {counts[case_type]}" for case_type in CASE_TYPES if counts[case_type])
    text = f"已写出 {output}：案卷 {sum(counts.values())} 份" + (f"（{by_type}）" if by_type else "")
    if unreadable or left_out:
        text += f"；{unreadable + len(left_out)} 份未写入（见下）"
    return text


def read_case_files(specs: Iterable[str]) -> tuple[list[tuple[str, CaseFile]], list[str]]:
    """The case files the specs name (files, folders, globs, JSONL, as pingcha batch reads them), and a
    message for each that cannot be read."""
    cases: list[tuple[str, CaseFile]] = []
    problems: list[str] = []
    for item in InputReader().read(specs):
        if item.error is not None:
            problems.append(f"{item.source}: {item.error[1]}")
            continue
        try:
            data = item.data if item.data is not None else read_case_bytes(item.path or item.file)
            cases.append((item.source, parse_case_file(data, item.source)))
        except PingchaError as exc:
            problems.append(str(exc))
    return cases, problems
