"""What the workbench and the API ask of the engine, through the engine's own entry points: read a case file
(JSON, the intake workbook, a 决定书 through extract), check a decided case, review a draft. The rulebooks
are compiled once per process, when the server starts."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import explain
from ..casefile import CaseFile, casefile_json_schema, is_draft, parse_case_file
from ..errors import InputFileError, PingchaError, RulebookError
from ..evaluate import CaseResult, evaluate_case
from ..resources import bundled_profiles
from ..review import review_draft
from ..review.model import Review
from ..rulebook import Rulebook, RulebookCache
from ..workcal import WorkCalendar

CASE_SUFFIXES = (".json",)
WORKBOOK_SUFFIXES = (".xlsx",)
DECISION_SUFFIXES = (".docx", ".pdf", ".txt")


@dataclass
class Upload:
    """An uploaded file as case files: each (source, JSON) to check — an uploaded file's own bytes, so that
    its encoding is judged as the command line judges it —, the problems of a workbook (sheet!cell), and
    what extraction from a 决定书 could not find (JSON path → what)."""

    cases: list[tuple[str, str | bytes]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)
    extracted: bool = False


class Engine:
    """The rulebooks (compiled once), the calendar and the case-file schema of one server process."""

    def __init__(self, rulebook: str = RulebookCache.AUTO, calendar: Path | None = None) -> None:
        self.rulebooks = RulebookCache(rulebook)
        self.profiles = [folder.name for folder in bundled_profiles()]
        for name in self.profiles if rulebook == RulebookCache.AUTO else [rulebook]:
            self.rulebooks.get(name)
        self.calendar = WorkCalendar.from_file(calendar) if calendar else WorkCalendar()
        self.schema = casefile_json_schema()

    def check_profile(self, name: str) -> None:
        """A rulebook a request names must be a bundled profile: never a path on the server's disk."""
        if name not in self.profiles:
            known = "、".join(self.profiles)
            raise RulebookError(name, None, "no-profile", f"没有名为 {name} 的内置规则集", f"可用：{known}")

    def rulebook_for(self, case: CaseFile, name: str | None) -> Rulebook:
        """The rulebook the server was started with (or `auto` by domain), or one bundled profile by name."""
        if not name:
            return self.rulebooks.for_domain(case.agency.domain)
        self.check_profile(name)
        return self.rulebooks.get(name)

    def listing(self) -> list[dict[str, Any]]:
        """The bundled rulebooks: name, title, version, content hash, the domains the profile declares."""
        books = [self.rulebooks.get(name) for name in self.profiles]
        return [{**book.identity(), "title": book.title, "domains": list(book.domains)} for book in books]

    def parse(self, text: str | bytes, source: str, as_of: dt.date) -> CaseFile:
        """A case file, checked as `pingcha check` / `pingcha review` check it (CaseFileError otherwise)."""
        return parse_case_file(text, source, as_of)

    def check(self, case: CaseFile, as_of: dt.date, source: str, name: str | None = None) -> CaseResult:
        return evaluate_case(case, self.rulebook_for(case, name), as_of, self.calendar, source)

    def explained(self, case: CaseFile, as_of: dt.date, source: str, name: str | None = None) -> dict[str, Any]:
        """The `--explain all` document: every applicable rule with the facts it read."""
        return explain.explain_case(
            case, self.rulebook_for(case, name), as_of, self.calendar, explain.ALL, source=source
        )

    def review(
        self, case: CaseFile, as_of: dt.date, decision_date: dt.date | None, source: str, name: str | None = None
    ) -> Review:
        return review_draft(case, self.rulebook_for(case, name), as_of, decision_date, self.calendar, source)


def read_upload(filename: str, data: bytes) -> Upload:
    """An uploaded case file, workbook or 决定书 as case-file JSON texts (InputFileError when the kind is
    not one of them); a decision document is written to a temporary folder that is removed at once."""
    name = Path(filename).name or "上传的文件"
    suffix = Path(name).suffix.lower()
    if suffix in CASE_SUFFIXES:
        return Upload(cases=[(name, data)])
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook(name, data)
    if suffix in DECISION_SUFFIXES:
        return _decision(name, suffix, data)
    kinds = "、".join(CASE_SUFFIXES + WORKBOOK_SUFFIXES + DECISION_SUFFIXES)
    raise InputFileError(name, f"不能识别的文件类型；应为 {kinds}")


def _workbook(name: str, data: bytes) -> Upload:
    from ..intake.casefiles import case_json
    from ..intake.reader import read_workbook

    imported = read_workbook(data, name)
    upload = Upload(problems=[problem.render() for problem in imported.all_problems()])
    for item in imported.cases:
        if item.case is not None:
            upload.cases.append((f"{name} 案卷!A{item.row}", case_json(item.case)))
    return upload


def _decision(name: str, suffix: str, data: bytes) -> Upload:
    from .. import extract

    with tempfile.TemporaryDirectory(prefix="pingcha-web-") as folder:
        path = Path(folder) / f"decision{suffix}"
        path.write_bytes(data)
        try:
            extraction = extract.extract(path)
        except InputFileError as exc:
            raise InputFileError(name, exc.reason) from None
    text = json.dumps(extraction.case, ensure_ascii=False, indent=2)
    return Upload(cases=[(name, text)], missing=extraction.missing, extracted=True)


def document_of(text: str | bytes) -> dict[str, Any] | None:
    """A case file's JSON as a document the form can show, or None when it is not a JSON object."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


__all__ = ["Engine", "PingchaError", "Upload", "document_of", "is_draft", "read_upload"]
