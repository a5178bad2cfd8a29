"""Review reports from batch results: HTML (self-contained, inline SVG charts), XLSX (整改台账, scores,
per-agency summary), CSV and a Markdown summary for a 通报; and the 同案不同罚 consistency check.

Everything is computed once into a `Report` and rendered from it. Every list is sorted and no
clock is read (the report date defaults to the results' as-of date), so the same results give
byte-identical files.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import heapq
import io
import itertools
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from . import crossfile
from .casefile import CASE_TYPES
from .draws import DRAW_COLUMNS, DRAW_NOTE, DrawRow, DrawTally
from .errors import StageError
from .resultlines import line_problem, parse_line
from .rulebook import Rulebook, RulebookCache, load_rulebook
from .scoring import DEFINITE, PROVISIONAL, TO_VERIFY
from .xlsxbytes import workbook_chunks

GRADES = ("优秀", "良好", "合格", "不合格")
SEVERITY_LABEL = {"veto": "否决", "major": "严重", "minor": "一般"}
SEVERITY_ORDER = {"veto": 0, "major": 1, "minor": 2}
LEDGER_COLUMNS = ("序号", "执法问题", "执法案例", "整改措施", "整改时限", "责任部门", "责任领导", "备注")
SPREAD_PARAMETER = "consistency_fine_spread"
# the score sheet's and the CSV's first columns: a file's score, the lowest its undecided items allow, its grade
SCORE_COLUMNS = (
    "序号",
    "案卷编号",
    "执法机关",
    "执法领域",
    "得分",
    "最低分",
    "等次",
    "等次状态",
    "否决",
    "问题数",
    "问题",
)
EXAMPLES_PER_ROW = 5
# What a unit does about a defect whose rule has no `remedy:` of its own, by rule family: general enough
# to fit every rule of the family (a rule's own remedy says what to do about its problem).
MEASURES = {
    "时限": "建立执法时限台账和到期预警，逐案倒排工期；超期原因逐案说明，确需延期的依法报批",
    "三项制度": "落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，明确公示时限和审核目录，补正卷内记录",
    "裁量基准": "严格执行行政裁量权基准，在告知书、决定书中载明基准适用情况并说明裁量理由，开展同类案件罚款比对",
    "评查标准": "对照案卷评查标准逐项整改该问题，规范执法程序和文书制作，组织执法人员培训",
    "四张清单": "严格按四张清单和行政处罚法规定的条件办理，适用或者不适用清单事项的，均在卷内载明事实、证据和理由",
    "主体与人员": "执法人员持证上岗、两人以上执法，法制审核人员具备法律职业资格，清理过期执法证件",
}
DEFAULT_MEASURE = "对照评查意见逐案整改，举一反三完善制度"
DEADLINE_PARAMETER = "rectification_days_{severity}"  # 整改台账's proposed 整改时限, profile data
# of a batch result, for the report (and the panel's judgements, engine.judgements, for the score sheets)
KEPT = ("case_id", "as_of", "rulebook", "score", "findings", "judgements", "machine_score")
# what the report shows of an error record (not its problems one by one: the message sums them up)
ERROR_SHOWN = ("index", "file", "line", "message", "json_path")


class ReportError(StageError):
    stage = "report"


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class FileRow:
    index: int
    file: str
    case_id: str
    agency: str
    domain: str
    score: float
    grade: str
    vetoed: bool
    provisional: bool  # it has 无法判定 items: its score is a range
    low: float  # the bottom of that range
    status: str  # how sure its grade is: 确定, 暂定, 待核实
    findings: list[dict[str, Any]]
    undetermined: list[dict[str, Any]]  # rule_id, title, reason
    case: dict[str, Any]
    rulebook: dict[str, str]

    @property
    def verdict(self) -> str:
        return "不合格卷" if self.vetoed else self.grade


@dataclass
class RuleCount:
    rule_id: str
    title: str
    family: str
    severity: str
    basis: list[str]
    files: int
    share: float = 0.0  # of all findings
    cumulative: float = 0.0  # Pareto


@dataclass
class AgencyRow:
    name: str
    level: str  # 省级, 设区的市级, 县级 … as the case files say
    domain: str
    files: int
    average: float
    grades: dict[str, int]
    vetoed: int
    findings: int
    top: list[tuple[str, int]]
    rank: int = 0  # 排名 by average score (highest first; equal averages share a rank)
    veto_rank: int = 0  # 排名 by veto rate (lowest first)

    @property
    def veto_rate(self) -> float:
        return self.vetoed / self.files


@dataclass
class CaseTypeRow:
    """One kind of case file (行政处罚, 行政检查, 行政强制执行, 行政许可) across the files scored."""

    name: str
    files: int
    average: float
    grades: dict[str, int]
    vetoed: int
    findings: int
    undecided: int  # files with 无法判定 items

    def cells(self) -> list[Any]:
        return [self.name, self.files, round(self.average, 1), *(self.grades[g] for g in GRADES), self.vetoed]


@dataclass
class LedgerRow:
    number: int
    problem: str
    cases: str
    measure: str
    deadline: str
    department: str
    leader: str
    note: str
    rule: str  # the rule id, or the cross-file check's code: with department and case_ids, the ledger's keys
    # every case, where `cases` shows the first EXAMPLES_PER_ROW (only those when built without every case)
    case_ids: tuple[str, ...]
    severity: str

    def cells(self) -> list[Any]:
        return [
            self.number,
            self.problem,
            self.cases,
            self.measure,
            self.deadline,
            self.department,
            self.leader,
            self.note,
        ]


class Ledger:
    """The 整改台账's rows: one per agency and rule, held; then one per cross-file finding, made from the
    findings each time the rows are read (a batch can have those by the hundred thousand)."""

    def __init__(
        self, rows: list[LedgerRow], crossed: crossfile.CrossResult | None, deadline: Callable[[str], str]
    ) -> None:
        self.rows = rows
        self._findings = crossed.findings if crossed else None
        self._deadline = deadline  # an agency's deadline for a cross-file problem (a major one)

    def __iter__(self) -> Iterator[LedgerRow]:
        yield from self.rows
        for number, cross in enumerate(self._findings or (), len(self.rows) + 1):
            yield LedgerRow(
                number=number,
                problem=cross.title,
                cases="、".join(cross.cases),
                measure=f"{CROSSFILE_MEASURES[cross.code]}。",
                deadline=self._deadline(cross.agency),
                department=cross.agency,
                leader="",
                note=f"跨卷检查：{plain(cross.message)}；依据：{'；'.join(cross.basis)}",
                rule=cross.code,
                case_ids=cross.cases,
                severity="major",
            )


class GroupCases:
    """The cases of one 同案不同罚 group in the order shown (fine, case id, input), kept in a scratch
    database on disk: a group can hold most of a year's files."""

    def __init__(self, database: sqlite3.Connection, group: int, count: int) -> None:
        self.database, self.group, self.count = database, group, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        query = "SELECT case_id, agency, file, fine, band, reasons FROM cases WHERE grp = ? ORDER BY fine, case_id, idx"
        for case_id, agency, file, fine, band, reasons in self.database.execute(query, (self.group,)):
            yield {"case_id": case_id, "agency": agency, "file": file, "fine": fine, "band": band, "reasons": reasons}


@dataclass
class ConsistencyGroup:
    item_code: str
    violation: str
    level: str
    party_kind: str
    threshold: float
    low: float
    high: float
    cases: GroupCases

    @property
    def spread(self) -> float:
        return (self.high - self.low) / self.low


@dataclass
class Report:
    title: str
    date: dt.date | None  # None: neither --date nor a scored file's as-of date gives one
    as_of: list[str]
    rulebooks: list[dict[str, str]]
    inputs: int
    files: FileRows  # read again from the results on every pass
    errors: list[dict[str, Any]]
    grades: dict[str, int]
    vetoed: int
    provisional: int
    unsure: dict[str, int]  # grade status (暂定, 待核实) -> files
    histogram: list[tuple[str, int]]
    families: list[tuple[str, int]]
    rules: list[RuleCount]
    agencies: list[AgencyRow]
    case_types: list[CaseTypeRow]
    ledger: Ledger
    consistency: list[ConsistencyGroup]
    thresholds: dict[str, float] = field(default_factory=dict)
    draws: list[DrawRow] = field(default_factory=list)  # inspections by agency: how many drawn by 双随机
    # checks across files (engine.crossfile), when the results hold inspection files
    crossfile: crossfile.CrossResult | None = None
    total_score: float = 0.0  # over the scored files, added in index order
    total_findings: int = 0
    undetermined: int = 0  # 无法判定 items over the scored files

    @property
    def scored(self) -> int:
        return len(self.files)

    @property
    def average(self) -> float:
        return self.total_score / self.scored if self.scored else 0.0

    @property
    def findings(self) -> int:
        return self.total_findings


def _lines(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """Each non-blank line of a results file: its number, and its JSON value or why it has none."""
    try:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, 1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield number, None, f"不是 UTF-8 编码的文本（此行第 {exc.start + 1} 个字节起），结果文件应为 UTF-8"
                    continue
                if number == 1:
                    text = text.removeprefix("\ufeff")  # an editor that saves with a BOM
                if text.strip():
                    yield number, *parse_line(text)
    except OSError as exc:
        raise ReportError(f"{path}: 无法读取批量评查结果：{exc.strerror or exc}") from None


class _BadLines:
    """The lines a report cannot use: each named (the first MAX_SHOWN of them), all counted."""

    MAX_SHOWN = 50

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.count = 0

    def add(self, where: str, problem: str) -> None:
        self.count += 1
        if self.count <= self.MAX_SHOWN:
            self.shown.append(f"{where}: {problem}")

    def error(self) -> ReportError:
        more = [f"……另有 {self.count - len(self.shown)} 行有误"] if self.count > len(self.shown) else []
        last = f"批量评查结果中有 {self.count} 行无法使用，未生成报告：请改正或删去这些行，或重新运行 pingcha batch"
        return ReportError("\n".join([*self.shown, *more, last]))


def _input_of(record: dict[str, Any]) -> tuple[str, int | None]:
    """The input a record is about: its file (`./a.json` is `a.json`) and, for a JSONL input, its line."""
    return os.path.normpath(record["file"]), record.get("line")


def _refuse_a_file_twice(paths: Sequence[Path]) -> None:
    given: dict[Path, Path] = {}
    for path in paths:
        if (resolved := path.resolve()) in given:
            raise ReportError(f"{path}: 与 {given[resolved]} 是同一个结果文件，不能计两次")
        given[resolved] = path


class Results:
    """The result records of batch JSONL files, in index order, read from the files again on every pass:
    a report of a million results holds its aggregates, never the records (only the error records,
    which it lists). Each record holds the result fields `keep` names."""

    def __init__(self, paths: Sequence[Path], keep: tuple[str, ...]) -> None:
        self.paths = list(paths)
        self.keep = keep
        self.count = 0
        self._held: list[dict[str, Any]] | None = None  # a file out of index order: sorted in memory
        self._transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._held is not None:
            return iter(self._held)
        return heapq.merge(*(self._records(path) for path in self.paths), key=_index)

    def _records(self, path: Path) -> Iterator[dict[str, Any]]:
        transform = self._transform
        for _, record, _ in _lines(path):
            if record["status"] == "ok":
                yield self.trimmed(record) if transform is None else transform(self.trimmed(record))

    def transformed(self, transform: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Apply `transform` to every record as it is read from now on (the panel's judgements merged in)."""
        self._transform = transform
        if self._held is not None:
            self._held = [transform(record) for record in self._held]

    def trimmed(self, record: dict[str, Any]) -> dict[str, Any]:
        """What the report shows of an ok record, not every passed rule id."""
        result = record["result"]
        record["result"] = {key: result[key] for key in self.keep if key in result}
        record["result"]["undetermined"] = result.get("undetermined") or []
        return record

    def hold_sorted(self) -> None:
        self._held = sorted(itertools.chain(*(self._records(path) for path in self.paths)), key=_index)


def _index(record: dict[str, Any]) -> int:
    return int(record["index"])


class _Inputs:
    """The inputs seen so far, to refuse a second record of one: a hash each (8 bytes, not the file
    name), and on a repeated hash the files read again for the first record of that input."""

    MAX_CONFIRMED = _BadLines.MAX_SHOWN  # a run with more repeats is refused anyway; beyond, a repeated hash counts

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = paths
        self.hashes: set[int] = set()
        self.confirmed = 0

    def first(self, record: dict[str, Any], where: str) -> str | None:
        """Where the first record of this record's input is, if it is not this one."""
        key = _input_of(record)
        digest = hash(key)
        if digest not in self.hashes:
            self.hashes.add(digest)
            return None
        if self.confirmed >= self.MAX_CONFIRMED:
            return "前文"
        self.confirmed += 1
        for path in self.paths:
            for number, other, problem in _lines(path):
                here = f"{path}:{number}"
                if here == where:
                    return None  # two inputs with one hash: no repeat
                if problem is None and line_problem(other) is None and _input_of(other) == key:
                    return here
        return None


def read_results(paths: Sequence[Path], keep: tuple[str, ...] = KEPT) -> tuple[Results, list[dict[str, Any]]]:
    """The result records (read again from the files on every pass) and the error records of batch JSONL
    files. A line the report cannot use (not JSON, not UTF-8, a field missing or of the wrong kind, a
    second record of the same input) is named with file:line and what is wrong, and no report is made."""
    results = Results(paths, keep)
    errors: list[dict[str, Any]] = []
    bad = _BadLines()
    _refuse_a_file_twice(paths)
    inputs = _Inputs(paths)
    in_order = True
    for path in paths:
        last = None
        for number, record, problem in _lines(path):
            where = f"{path}:{number}"
            problem = problem or line_problem(record)
            if problem is None and (first := inputs.first(record, where)) is not None:
                file, line = _input_of(record)
                name = file if line is None else f"{file}:{line}"
                problem = f"与 {first} 重复：输入 {name} 的记录出现两次（同一案卷不能计两次，请删去其中一行）"
            if problem is not None:
                bad.add(where, problem)
            elif record["status"] == "ok":
                results.count += 1
                in_order = in_order and (last is None or last <= record["index"])
                last = record["index"]
            else:
                errors.append({key: record.get(key) for key in ERROR_SHOWN})
    if bad.count:
        raise bad.error()
    if not results.count and not errors:
        names = "、".join(str(path) for path in paths)
        raise ReportError(f"{names}: 没有任何评查结果（文件为空）：请确认给的是 pingcha batch 写出的结果文件")
    if not in_order:  # batch writes its lines in input order; a file edited by hand may not be
        results.hold_sorted()
    return results, errors


@functools.cache
def _rulebook(name: str) -> Rulebook:
    return load_rulebook(name)


def _profile_number(book_name: str, profile: str, parameter: str, purpose: str) -> float:
    """A number from the parameters of the profile a case was scored with (or of --rulebook)."""
    book = _rulebook(profile if profile != RulebookCache.AUTO else book_name)
    spec = book.parameters.get(parameter)
    value = spec.resolve("单位", None) if spec else None
    if value is None:
        raise ReportError(f"规则集 {book.name} 没有参数 {parameter}（{purpose}）")
    return float(value)


def _threshold(name: str, profile: str, cache: dict[str, float]) -> float:
    if name not in cache:
        cache[name] = _profile_number(name, profile, SPREAD_PARAMETER, "同案不同罚阈值")
    return cache[name]


def consistency_groups(
    files: Iterable[FileRow],
    fines: dict[tuple[str, str, str, str], list[Any]],
    profile: str,
    thresholds: dict[str, float],
) -> list[ConsistencyGroup]:
    """同案不同罚: same baseline item, same discretion level, same kind of party; fines spread beyond
    the profile's threshold ((highest − lowest) / lowest). `fines`: per group its lowest and highest fine,
    count and violation (from the pass that added up the report); the files are read again only for the
    groups found, their cases kept on disk (GroupCases)."""
    found: dict[tuple[str, str, str, str], int] = {}
    groups: list[ConsistencyGroup] = []
    database = sqlite3.connect("")  # a private temporary database on disk, gone when closed
    for key, (low, high, count, violation) in sorted(fines.items()):
        if count < 2:
            continue
        threshold = _threshold(key[0], profile, thresholds)
        if (high - low) / low > threshold:
            found[key] = len(groups)
            cases = GroupCases(database, len(groups), count)
            groups.append(ConsistencyGroup(key[1], violation, key[2], key[3], threshold, low, high, cases))
    if not groups:
        return []
    database.execute("CREATE TABLE cases (grp, fine REAL, case_id TEXT, idx, agency, file, band, reasons)")
    database.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _group_rows(files, found))
    database.execute("CREATE INDEX shown ON cases (grp, fine, case_id, idx)")
    return groups


def _group_rows(files: Iterable[FileRow], found: dict[tuple[str, str, str, str], int]) -> Iterator[tuple[Any, ...]]:
    for r in files:
        key = _consistency_key(r)
        if key is not None and key in found:
            reasons = r.case.get("discretion_reasons") or r.case.get("reasoning") or "（未说明理由）"
            band = r.case.get("discretion_band") or ""
            yield found[key], float(r.case["fine"]), r.case_id, r.index, r.agency, r.file, band, reasons


@functools.cache
def _remedies(name: str) -> dict[str, str]:
    return {rule.id: rule.remedy for rule in _rulebook(name).rules if rule.remedy}


def _remedy(book_name: str, profile: str, rule_id: str, family: str) -> str:
    """The rule's own 整改措施 in the rulebook the case was scored with, else its family's."""
    own = _remedies(profile if profile != RulebookCache.AUTO else book_name).get(rule_id)
    return own or MEASURES.get(family, DEFAULT_MEASURE)


def _ranks(values: list[float]) -> list[int]:
    """Each value's rank, smallest first; equal values share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(values)
    return [ordered.index(value) + 1 for value in values]


def ranked(agencies: list[AgencyRow]) -> list[AgencyRow]:
    """Agencies in 排名 order — highest average score first (to the tenth shown), then lowest veto rate,
    then name — each with its rank by average and by veto rate."""
    by_average = _ranks([-round(a.average, 1) for a in agencies])
    by_veto = _ranks([a.veto_rate for a in agencies])
    for agency, rank, veto_rank in zip(agencies, by_average, by_veto, strict=True):
        agency.rank, agency.veto_rank = rank, veto_rank
    return sorted(agencies, key=lambda a: (a.rank, a.veto_rank, a.name))


# The technical parts of a message or reason — a fact's name (`（derived.case_deadline_days）`), a rulebook
# parameter (`（规则集 emergency 参数 inspection_yearly_cap）`) — which official tables and documents leave
# out (they stay in the technical appendix).
TECHNICAL = re.compile(r"（(?:规则集 [\w.-]+ 参数 \w+|[A-Za-z_$][\w$\[\]]*(?:\.[\w$\[\]]+)+)）")


def plain(text: str) -> str:
    """A message or reason as officials read it: without fact names, JSON paths and parameter names."""
    return TECHNICAL.sub("", text)


def headline(message: str) -> str:
    """An error record's message without the problems' JSON paths: what is wrong with the file, in short
    (`案卷不符合格式（4 处问题）`); the whole message goes to the technical appendix."""
    return message.split("：", 1)[0]


def _deadline(date: dt.date | None, book_name: str, profile: str, severity: str) -> str:
    if date is None:  # 整改时限 runs from the report date
        return ""
    parameter = DEADLINE_PARAMETER.format(severity=severity)
    days = _profile_number(book_name, profile, parameter, "整改台账建议整改时限")
    return (date + dt.timedelta(days=days)).isoformat() + "前"


# the dates a ZIP entry (so an XLSX) can carry
ZIP_FIRST, ZIP_LAST = dt.date(1980, 1, 1), dt.date(2107, 12, 31)


def _report_date(given: dt.date | None, as_of: list[str]) -> dt.date | None:
    """--date, else the latest as-of date of the scored files, else none (every line an error record)."""
    date = given or (dt.date.fromisoformat(as_of[-1]) if as_of else None)
    if date is not None and not ZIP_FIRST <= date <= ZIP_LAST:
        raise ReportError(
            f"报告日期 {date.isoformat()} 超出可用范围（{ZIP_FIRST.isoformat()} 至 {ZIP_LAST.isoformat()}）："
            "请用 --date 指定报告日期"
        )
    return date


class FileRows:
    """The scored files of a report in index order, made from the records on every pass over them."""

    def __init__(self, records: Results | list[dict[str, Any]]) -> None:
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[FileRow]:
        return map(_file_row, self.records)


def _file_row(record: dict[str, Any]) -> FileRow:
    result, case = record["result"], record["case"]
    score = result["score"]
    return FileRow(
        index=record["index"],
        file=record["file"] + (f":{record['line']}" if record.get("line") is not None else ""),
        case_id=result["case_id"],
        agency=case["agency"]["name"],
        domain=case["agency"]["domain"],
        score=float(score["score"]),
        grade=score["grade"],
        vetoed=bool(score["vetoed"]),
        provisional=bool(score["provisional"]),
        low=float(score.get("low", score["score"])),
        status=score.get("grade_status", DEFINITE),
        findings=result["findings"],
        undetermined=result["undetermined"],
        case=case,
        rulebook=result["rulebook"],
    )


@dataclass
class _AgencyTally:
    """What an agency's rows add up to, as they are read (the first row gives level, domain, rulebook)."""

    first: FileRow
    files: int = 0
    total: float = 0
    vetoed: int = 0
    findings: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    # rule id -> the cases, in index order (the first EXAMPLES_PER_ROW unless every case is kept), and how many
    cases_by_rule: dict[str, list[str]] = field(default_factory=dict)
    count_by_rule: Counter[str] = field(default_factory=Counter)
    every_case: bool = True

    def add(self, row: FileRow) -> None:
        self.files += 1
        self.total += row.score
        self.vetoed += row.vetoed
        self.findings += len(row.findings)
        self.grades[row.grade] += 1
        for finding in row.findings:
            self.titles[finding["title"]] += 1
            rule_id = finding["rule_id"]
            self.count_by_rule[rule_id] += 1
            cases = self.cases_by_rule.setdefault(rule_id, [])
            if self.every_case or len(cases) < EXAMPLES_PER_ROW:
                cases.append(row.case_id)

    def row(self, name: str) -> AgencyRow:
        return AgencyRow(
            name=name,
            level=self.first.case["agency"].get("level") or "",
            domain=self.first.domain,
            files=self.files,
            average=self.total / self.files,
            grades={g: self.grades[g] for g in GRADES},
            vetoed=self.vetoed,
            findings=self.findings,
            top=sorted(self.titles.items(), key=lambda kv: (-kv[1], kv[0]))[:3],
        )


@dataclass
class _CaseTypeTally:
    """What the files of one case type add up to, as they are read."""

    files: int = 0
    total: float = 0
    vetoed: int = 0
    findings: int = 0
    undecided: int = 0
    grades: Counter[str] = field(default_factory=Counter)

    def add(self, row: FileRow) -> None:
        self.files += 1
        self.total += row.score
        self.vetoed += row.vetoed
        self.findings += len(row.findings)
        self.undecided += bool(row.undetermined)
        self.grades[row.grade] += 1

    def row(self, name: str) -> CaseTypeRow:
        grades = {g: self.grades[g] for g in GRADES}
        return CaseTypeRow(
            name, self.files, self.total / self.files, grades, self.vetoed, self.findings, self.undecided
        )


@dataclass
class _Tally:
    """Everything the report shows that adds up over the files: one pass, memory by agency and rule."""

    files: int = 0
    total: float = 0
    findings: int = 0
    undetermined: int = 0
    vetoed: int = 0
    provisional: int = 0
    inspections: bool = False
    fined: int = 0  # penalty files with a fine (two may be one act fined twice: engine.crossfile)
    grades: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    bins: Counter[int] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    as_of: set[str] = field(default_factory=set)
    rulebooks: set[str] = field(default_factory=set)
    rules: dict[str, RuleCount] = field(default_factory=dict)
    agencies: dict[str, _AgencyTally] = field(default_factory=dict)
    case_types: dict[str, _CaseTypeTally] = field(default_factory=dict)  # a record without its type: 行政处罚
    fines: dict[tuple[str, str, str, str], list[Any]] = field(default_factory=dict)  # low, high, count, violation
    draws: DrawTally = field(default_factory=DrawTally)  # inspections drawn by 双随机, by agency
    every_case: bool = True  # the ledger's rows keep every case, not only the examples shown

    def add(self, row: FileRow, record: dict[str, Any]) -> None:
        self.files += 1
        self.total += row.score
        self.findings += len(row.findings)
        self.undetermined += len(row.undetermined)
        self.vetoed += row.vetoed
        self.provisional += row.provisional
        self.grades[row.grade] += 1
        self.statuses[row.status] += 1
        self.bins[min(int(row.score) // 10, 9)] += 1
        self.as_of.add(record["result"]["as_of"])
        self.rulebooks.add(json.dumps(row.rulebook, sort_keys=True))
        summary = row.case.get("crossfile") or {}
        self.inspections = self.inspections or summary.get("type") == crossfile.INSPECTION
        self.fined += bool(summary.get("fined"))
        for finding in row.findings:
            self.families[finding["family"]] += 1
            count = self.rules.get(finding["rule_id"])
            if count is None:
                count = self.rules[finding["rule_id"]] = RuleCount(
                    finding["rule_id"], finding["title"], finding["family"], finding["severity"], finding["basis"], 0
                )
            count.files += 1
        agency = self.agencies.get(row.agency)
        if agency is None:
            agency = self.agencies[row.agency] = _AgencyTally(row, every_case=self.every_case)
        agency.add(row)
        self.case_types.setdefault(row.case.get("case_type") or CASE_TYPES[0], _CaseTypeTally()).add(row)
        self.draws.add(summary)
        key = _consistency_key(row)
        if key is not None:
            fine = float(row.case["fine"])
            spread = self.fines.get(key)
            if spread is None:
                self.fines[key] = [fine, fine, 1, row.case.get("violation") or ""]
            else:
                spread[0], spread[1], spread[2] = min(spread[0], fine), max(spread[1], fine), spread[2] + 1


def _consistency_key(row: FileRow) -> tuple[str, str, str, str] | None:
    case = row.case
    if case.get("item_code") and case.get("discretion_level") and case.get("fine"):
        return row.rulebook["name"], case["item_code"], case["discretion_level"], case["party_kind"]
    return None


def build(
    results: Results | list[dict[str, Any]],
    errors: list[dict[str, Any]],
    title: str = "行政执法案卷评查报告",
    date: dt.date | None = None,
    profile: str = RulebookCache.AUTO,
    complete: bool = False,
    every_case: bool = True,
) -> Report:
    """Everything the renderers show, computed from batch records in one pass (the files themselves are
    read again by each renderer that lists them). `complete`: the records are the whole population of
    the period (see engine.crossfile). Without `every_case`, a ledger row keeps only the cases it shows:
    a report needs no more, and the case ids of a million results are most of what it would hold."""
    records = results if isinstance(results, Results) else sorted(results, key=_index)
    files = FileRows(records)
    tally = _Tally(every_case=every_case)
    for record in records:
        tally.add(_file_row(record), record)
    errors = sorted(errors, key=lambda r: r["index"])
    as_of = sorted(tally.as_of)
    date = _report_date(date, as_of)

    total_findings = sum(c.files for c in tally.rules.values())
    rules = sorted(tally.rules.values(), key=lambda c: (-c.files, SEVERITY_ORDER[c.severity], c.rule_id))
    running = 0
    for count in rules:
        running += count.files
        count.share = count.files / total_findings
        count.cumulative = running / total_findings
    agencies = ranked([tally.agencies[name].row(name) for name in sorted(tally.agencies)])
    case_types = [tally.case_types[name].row(name) for name in CASE_TYPES if name in tally.case_types]

    ledger: list[LedgerRow] = []
    for name, agency in sorted(tally.agencies.items()):
        book = agency.first.rulebook["name"]
        counts = agency.count_by_rule
        ordered = sorted(counts, key=lambda rid: (SEVERITY_ORDER[tally.rules[rid].severity], -counts[rid], rid))
        for rule_id in ordered:
            count = tally.rules[rule_id]
            examples = agency.cases_by_rule[rule_id]
            shown = "、".join(examples[:EXAMPLES_PER_ROW])
            if counts[rule_id] > EXAMPLES_PER_ROW:
                shown += f"等 {counts[rule_id]} 件"
            ledger.append(
                LedgerRow(
                    number=len(ledger) + 1,
                    problem=count.title,
                    cases=shown,
                    measure=f"{_remedy(book, profile, rule_id, count.family)}。",
                    deadline=_deadline(date, book, profile, count.severity),
                    department=name,
                    leader="",
                    note=f"{SEVERITY_LABEL[count.severity]}问题，涉及 {counts[rule_id]} 件；依据：{'；'.join(count.basis)}",
                    rule=rule_id,
                    case_ids=tuple(examples),
                    severity=count.severity,
                )
            )

    crossed = (
        _crossfile(records, profile, complete, tally.inspections) if tally.inspections or tally.fined > 1 else None
    )
    # agency-level problems go to the ledger as well, after the rules' rows (engine.report.Ledger)
    books = {name: agency.first.rulebook["name"] for name, agency in tally.agencies.items()}

    def cross_deadline(agency: str) -> str:
        return _deadline(date, books.get(agency, RulebookCache.FALLBACK), profile, "major")

    thresholds: dict[str, float] = {}
    consistency = consistency_groups(files, tally.fines, profile, thresholds)
    return Report(
        title=title,
        date=date,
        as_of=as_of,
        rulebooks=sorted(
            (json.loads(b) for b in tally.rulebooks), key=lambda b: (b["name"], b["version"], b["content_hash"])
        ),
        inputs=tally.files + len(errors),
        files=files,
        errors=errors,
        grades={g: tally.grades.get(g, 0) for g in GRADES},
        vetoed=tally.vetoed,
        provisional=tally.provisional,
        unsure={status: tally.statuses[status] for status in (PROVISIONAL, TO_VERIFY)},
        histogram=[(f"{10 * b}–{10 * b + 9 if b < 9 else 100}", tally.bins.get(b, 0)) for b in range(10)],
        families=sorted(tally.families.items(), key=lambda kv: (-kv[1], kv[0])),
        rules=rules,
        agencies=agencies,
        case_types=case_types,
        ledger=Ledger(ledger, crossed, cross_deadline),
        consistency=consistency,
        thresholds=thresholds,
        draws=tally.draws.rows(),
        crossfile=crossed,
        total_score=tally.total,
        total_findings=tally.findings,
        undetermined=tally.undetermined,
    )


CROSSFILE_MEASURES = {
    "linked-case-missing": "核对检查记录所称的处罚案卷，补齐立案查处材料或更正检查记录",
    "linked-case-other-party": "核对检查记录与处罚案卷的当事人，更正关联或补办立案",
    "inspection-over-cap": "按年度检查计划和频次上限统筹检查，同一企业同一事项合并检查、避免重复检查",
    "zero-filing": "对检查发现的违法行为和重大事故隐患逐件核查是否应当立案，纠正以检查代替执法、以整改代替处罚",
    "double-fine": "核对同一当事人同一违法行为的各处罚决定，对重复罚款的决定依法撤销或者变更，处罚前查询当事人的处罚记录",
}


def _crossfile(
    records: Iterable[dict[str, Any]], profile: str, complete: bool, inspected: bool
) -> crossfile.CrossResult | None:
    """The checks across files: said when the results hold an inspection file, or else when they find something
    (a fine imposed twice)."""
    collector = crossfile.CrossCheck(crossfile.caps_from(RulebookCache(profile).for_domain), complete)
    for record in records:
        collector.add_record(record)
    crossed = collector.result()
    return crossed if inspected or crossed.findings else None


# ---------------------------------------------------------------------------------------------
# SVG charts (inline, no script, no external font)

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','SimHei',sans-serif"
PALETTE = {"优秀": "#2e7d32", "良好": "#558b2f", "合格": "#f9a825", "不合格": "#c62828"}
BAR = "#3f6fb5"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(items: list[tuple[str, int]], label: str, colors: dict[str, str] | None = None) -> str:
    """Vertical bars with their counts; the labels under the bars."""
    width, height, left, bottom, top = 640, 260, 40, 40, 20
    peak = max([n for _, n in items] + [1])
    step = (width - left - 10) / max(len(items), 1)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}" class="chart" font-family="{FONT}" font-size="12">'
        ),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
    ]
    for i, (name, count) in enumerate(items):
        h = (height - bottom - top) * count / peak
        x = left + i * step + step * 0.15
        y = height - bottom - h
        color = (colors or {}).get(name, BAR)
        parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(step * 0.7)}" height="{_fmt(h)}" fill="{color}">')
        parts.append(f"<title>{escape(name)}：{count}</title></rect>")
        cx = _fmt(x + step * 0.35)
        parts.append(f'<text x="{cx}" y="{_fmt(y - 4)}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{cx}" y="{height - bottom + 16}" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(items: list[tuple[str, int]], label: str) -> str:
    """Horizontal bars, for long Chinese labels."""
    row, left, width = 26, 150, 640
    height = row * len(items) + 20
    peak = max([n for _, n in items] + [1])
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}" class="chart" font-family="{FONT}" font-size="12">'
        )
    ]
    for i, (name, count) in enumerate(items):
        y = 10 + i * row
        w = (width - left - 60) * count / peak
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{_fmt(w)}" height="{row - 8}" fill="{BAR}"/>')
        parts.append(f'<text x="{_fmt(left + w + 6)}" y="{y + 16}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def wrapped(text: str, width: int, lines: int) -> list[str]:
    """A label cut into lines of `width` characters, at most `lines` of them (the last ends in … if cut)."""
    parts = [text[i : i + width] for i in range(0, len(text), width)] or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][:-1] + "…"
    return parts


def pareto_chart(rules: list[RuleCount], label: str, limit: int = 15) -> str:
    """Horizontal bars by rule (most frequent first), each with its whole title beside it (wrapped), and
    the cumulative share as a line read on its own axis along the top (0–100%), with the 80% mark."""
    shown = rules[:limit]
    width, row, left, right, top, bottom = 760, 40, 310, 40, 46, 44
    plot_w, plot_h = width - left - right, row * len(shown)
    height = top + plot_h + bottom
    peak = max([c.files for c in shown] + [1])
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}" class="chart" font-family="{FONT}" font-size="12">'
        ),
        f'<text x="{left}" y="12" fill="#ef6c00">累计占比（折线，上方坐标）</text>',
        f'<line x1="{left}" y1="{top}" x2="{left + plot_w}" y2="{top}" stroke="#ef6c00"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
    ]
    for percent in range(0, 101, 20):
        x = _fmt(left + plot_w * percent / 100)
        parts.append(f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{top}" stroke="#ef6c00"/>')
        parts.append(f'<text x="{x}" y="{top - 8}" text-anchor="middle" fill="#ef6c00">{percent}%</text>')
    x80 = _fmt(left + plot_w * 0.8)
    parts.append(
        f'<line x1="{x80}" y1="{top}" x2="{x80}" y2="{top + plot_h}" stroke="#c62828" stroke-dasharray="4 3"/>'
    )
    for tick in sorted({0, peak // 2, peak}):
        x = _fmt(left + plot_w * tick / peak)
        parts.append(f'<text x="{x}" y="{top + plot_h + 16}" text-anchor="middle">{tick}</text>')
    parts.append(
        f'<text x="{left + plot_w / 2:g}" y="{top + plot_h + 34}" text-anchor="middle">问题数（件，条形）</text>'
    )
    points = []
    for i, count in enumerate(shown):
        y = top + i * row
        for n, line in enumerate(wrapped(count.title, 24, 2)):
            parts.append(f'<text x="{left - 8}" y="{y + 17 + 15 * n}" text-anchor="end">{escape(line)}</text>')
        w = plot_w * count.files / peak
        parts.append(
            f'<rect x="{left}" y="{y + 8}" width="{_fmt(w)}" height="{row - 16}" fill="{BAR}">'
            f"<title>{escape(count.title)}：{count.files}</title></rect>"
        )
        parts.append(f'<text x="{_fmt(left + w + 4)}" y="{y + 25}">{count.files}</text>')
        points.append(f"{_fmt(left + plot_w * count.cumulative)},{_fmt(y + row / 2)}")
    if points:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#ef6c00" stroke-width="2"/>')
        for point in points:
            px, py = point.split(",")
            parts.append(f'<circle cx="{px}" cy="{py}" r="3" fill="#ef6c00"/>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Renderers


def _environment() -> Any:
    import jinja2  # imported here: `pingcha check` does not need it

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = lambda v: _fmt(float(v))
    env.filters["pct"] = lambda v: f"{100 * float(v):.1f}%"
    env.filters["spread"] = lambda group: spread_text(group.spread, group.threshold)
    env.filters["plain"] = plain
    env.filters["headline"] = headline
    return env


def to_html(report: Report) -> str:
    return "".join(html_chunks(report))


def html_chunks(report: Report) -> Iterator[str]:
    """The HTML report piece by piece, as the template renders it: a report of tens of thousands of
    files is written out without holding the whole page in memory."""
    import markupsafe

    charts = {
        "grades": bar_chart(list(report.grades.items()), "等次分布", PALETTE),
        "histogram": bar_chart(report.histogram, "得分分布"),
        "families": hbar_chart(report.families, "问题按规则类别"),
        "pareto": pareto_chart(report.rules, "问题按规则（帕累托）"),
    }
    template = _environment().get_template("report.html.j2")
    yield from template.generate(
        report=report,
        charts={k: markupsafe.Markup(v) for k, v in charts.items()},
        severity=SEVERITY_LABEL,
        grades=GRADES,
        draw_columns=DRAW_COLUMNS,
        draw_note=DRAW_NOTE,
    )


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV Injection): a case id
# `=1+2` or an agency `=HYPERLINK(…)` would run when the workbook is opened.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def _looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEAD)


def _put(cell: Any, value: Any) -> Any:
    """Give a cell its value; a text is stored as text, never as a formula, and one that looks like a
    formula keeps Excel's quote prefix (editing it does not turn it into one either)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if _looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading ' before a text it would read as a formula (the
    csv module quotes separators and quotes, so no cell can start in the middle of a text)."""
    return "'" + value if _looks_like_formula(value) else value


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


XLSX_FONT = "宋体"  # in every copy of Excel and WPS in China
LINE_HEIGHT = 14.25  # points per line of 11-point 宋体: Excel's and WPS's own row height for it
# the 整改台账's column widths (characters): on A4 landscape, one page wide at about 90%
LEDGER_WIDTHS = (6, 24, 22, 40, 13, 18, 10, 30)


def _lines_needed(value: Any, width: float) -> int:
    """How many lines a wrapped cell of `width` characters takes (Excel and WPS do not size rows to wrapped
    text written by a program: the heights are set here)."""
    if value is None:
        return 1
    room = max(width - 2, 1)  # a cell's padding, and a character that does not quite fit
    return sum(max(1, -(-_width(part) // int(room))) for part in str(value).split("\n"))


def _page_setup(sheet: Any, head: int) -> None:
    """A4 landscape, fit to one page wide (as many pages down as it takes), the header row repeated on every page."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{head}:{head}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top, sheet.page_margins.bottom, sheet.page_margins.footer = 0.6, 0.8, 0.3
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


Rows = Callable[[], Iterable[Sequence[Any]]]  # a sheet's rows, read afresh on each call (a pass over the results)


def _sheet(
    workbook: Any,
    title: str,
    header: list[str],
    rows: Rows,
    caption: list[str] | None = None,
    widths: Sequence[int] | None = None,
) -> None:
    """One sheet of a write-only workbook, its rows written as they come: widths (when not given, from one
    pass over the rows), styles, heights and print setup all set before a row is written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    last = get_column_letter(len(header))
    if widths is None:
        widths = _widths(header, rows())
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 6)
    head = len(caption or []) + 1
    # what a write-only sheet writes before its first row: sheet properties, views, columns
    sheet.freeze_panes = f"A{head + 1}"
    _page_setup(sheet, head)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for offset, line in enumerate(caption or [], 1):
        cell: Any = _put(WriteOnlyCell(sheet), line)
        if offset == 1:
            cell.font = Font(name=XLSX_FONT, bold=True, size=16)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            sheet.row_dimensions[1].height = 30
        else:
            cell.font = Font(name=XLSX_FONT, size=11)
        sheet.merged_cells.add(f"A{offset}:{last}{offset}")
        sheet.append([cell])
    header_cells = []
    for name in header:
        cell = _put(WriteOnlyCell(sheet), name)
        cell.font = Font(name=XLSX_FONT, bold=True, size=11)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        header_cells.append(cell)
    _height(sheet, head, header, widths)
    sheet.append(header_cells)
    template: Any = WriteOnlyCell(sheet)
    template.font = Font(name=XLSX_FONT, size=11)
    template.alignment = Alignment(vertical="top", wrap_text=True)
    template.border = border
    # Assigning style objects hashes them against the workbook's style table on every cell (20 s for
    # 20,000 rows); copying the first cell's style indices is the same style at no cost.
    style = template._style
    row = head
    for values in rows():
        row += 1
        _height(sheet, row, values, widths)
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet)
            cell._style = copy.copy(style)
            cells.append(_put(cell, value))
        sheet.append(cells)
        # the row is written with its height; kept, every row's would stay in memory to the end
        sheet.row_dimensions.pop(row, None)
    if row > head:
        sheet.auto_filter.ref = f"A{head}:{last}{row}"


def _widths(header: list[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    """Each column as wide as its widest text (at most 40 characters, with 2 of padding)."""
    widest = [_width(name) for name in header]
    for values in rows:
        for column, value in enumerate(values):
            if value is not None:
                widest[column] = max(widest[column], _width(value))
    return [min(width + 2, 40) for width in widest]


def _height(sheet: Any, row: int, values: Sequence[Any], widths: Sequence[int]) -> None:
    lines = max(_lines_needed(v, max(w, 6)) for v, w in zip(values, widths, strict=True))
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def to_xlsx(report: Report) -> Iterator[bytes]:
    """The workbook, written sheet by sheet in openpyxl's write-only mode and given out in chunks: the
    per-file sheets are read from the results as they are written, never held."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        "整改台账",
        list(LEDGER_COLUMNS),
        lambda: (row.cells() for row in report.ledger),
        [
            "行政执法突出问题整改台账",
            f"填报单位：          填报人：          电话：          填报时间：{report.date or ''}",
        ],
        LEDGER_WIDTHS,
    )
    _sheet(
        workbook,
        "案卷得分",
        [*SCORE_COLUMNS, "无法判定项", "文件"],
        lambda: (
            [
                n,
                f.case_id,
                f.agency,
                f.domain,
                f.score,
                f.low,
                f.verdict,
                f.status,
                "是" if f.vetoed else "否",
                len(f.findings),
                "；".join(x["title"] for x in f.findings),
                len(f.undetermined),
                f.file,
            ]
            for n, f in enumerate(report.files, 1)
        ),
    )
    _sheet(
        workbook,
        "机关汇总",
        list(AGENCY_COLUMNS),
        lambda: (
            [
                a.rank,
                a.name,
                a.level,
                a.domain,
                a.files,
                round(a.average, 1),
                *(a.grades[g] for g in GRADES),
                a.vetoed,
                f"{100 * a.veto_rate:.1f}%",
                a.veto_rank,
                a.findings,
                "；".join(f"{t}（{n}）" for t, n in a.top),
            ]
            for a in report.agencies
        ),
    )
    _sheet(
        workbook,
        "案件类型汇总",
        list(CASE_TYPE_COLUMNS),
        lambda: ([*t.cells(), t.findings, t.undecided] for t in report.case_types),
    )
    if report.draws:
        _sheet(
            workbook, "双随机抽查", list(DRAW_COLUMNS), lambda: (d.cells() for d in report.draws), caption=[DRAW_NOTE]
        )
    _sheet(
        workbook,
        "无法判定事项",
        ["序号", "案卷编号", "执法机关", "无法判定的事项", "原因"],
        lambda: (
            [n, f.case_id, f.agency, u["title"], plain(u["reason"])]
            for n, (f, u) in enumerate(((f, u) for f in report.files for u in f.undetermined), 1)
        ),
        widths=(6, 22, 24, 36, 60),
    )
    _sheet(
        workbook,
        "同案不同罚",
        [
            "组",
            "裁量基准事项",
            "违法行为",
            "裁量阶次",
            "当事人",
            "案卷编号",
            "执法机关",
            "罚款（元）",
            "适用情形",
            "裁量理由",
        ],
        lambda: (
            [
                g,
                group.item_code,
                group.violation,
                group.level,
                group.party_kind,
                c["case_id"],
                c["agency"],
                c["fine"],
                c["band"],
                c["reasons"],
            ]
            for g, group in enumerate(report.consistency, 1)
            for c in group.cases
        ),
    )
    _sheet(workbook, "技术附录", list(APPENDIX_COLUMNS), lambda: technical_rows(report), widths=(12, 22, 36, 30, 60))
    return workbook_chunks(workbook, dt.datetime.combine(report.date or ZIP_FIRST, dt.time()))


CASE_TYPE_COLUMNS = ("案件类型", "案卷数", "平均分", *GRADES, "其中否决", "问题数", "有无法判定项的案卷")
AGENCY_COLUMNS = (
    "排名", "执法机关", "层级", "执法领域", "案卷数", "平均分", *GRADES, "其中否决", "否决率", "否决率排名", "问题数", "主要问题",
)  # fmt: skip
APPENDIX_COLUMNS = ("条目", "案卷编号", "问题或事项", "规则编号", "证据字段（JSON 路径）或原因原文")


def technical_rows(report: Report) -> Iterator[list[Any]]:
    """What official tables leave out: the 整改台账 rows' rule ids, each finding's evidence paths, each
    无法判定 item's reason as the engine gave it, each unreadable file's JSON path."""
    for row in report.ledger:
        yield [f"台账第 {row.number} 行", "", row.problem, row.rule, ""]
    for f in report.files:
        for x in f.findings:
            yield ["问题", f.case_id, x["title"], x["rule_id"], " ".join(x.get("evidence") or [])]
        for u in f.undetermined:
            yield ["无法判定", f.case_id, u["title"], u["rule_id"], u["reason"]]
    for e in report.errors:
        yield ["无法评分", e["file"], "", "", e.get("json_path") or ""]


def to_csv(report: Report) -> Iterator[bytes]:
    """One row per scored file (UTF-8 with BOM, so Excel and WPS open it as Chinese), given out in chunks
    of rows as the results are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([*SCORE_COLUMNS, "依据", "文件"])
    for n, f in enumerate(report.files, 1):
        row = [
            n,
            f.case_id,
            f.agency,
            f.domain,
            _fmt(f.score),
            _fmt(f.low),
            f.verdict,
            f.status,
            "是" if f.vetoed else "否",
            len(f.findings),
            "；".join(x["title"] for x in f.findings),
            "；".join(dict.fromkeys(b for x in f.findings for b in x["basis"])),
            f.file,
        ]
        writer.writerow([csv_cell(value) for value in row])
        if buffer.tell() > _CSV_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


_CSV_CHUNK = 1 << 20


def to_markdown(report: Report) -> str:
    """A summary to paste into a 通报."""
    g = report.grades
    lines = [
        f"# {report.title}",
        "",
        (
            f"评查基准日 {'、'.join(report.as_of) or '—'}，报告日期 {report.date or '—'}。"
            f"规则集：{'；'.join(b['name'] + ' ' + b['version'] for b in report.rulebooks) or '—'}。"
        ),
        "",
        "## 总体情况",
        "",
        (
            f"共评查案卷 {report.inputs} 件，其中评分 {report.scored} 件、无法评分 {len(report.errors)} 件。"
            f"评分案卷平均 {_fmt(report.average)} 分：优秀 {g['优秀']} 件、良好 {g['良好']} 件、合格 {g['合格']} 件、"
            f"不合格 {g['不合格']} 件（其中存在否决项的不合格卷 {report.vetoed} 件）；"
            f"有无法判定项、得分为区间的 {report.provisional} 件，其中等次暂定 {report.unsure[PROVISIONAL]} 件、"
            f"待核实（无法判定项中有否决项）{report.unsure[TO_VERIFY]} 件。"
        ),
        "",
        "## 主要问题",
        "",
        "| 序号 | 问题 | 类别 | 严重程度 | 案卷数 | 累计占比 |",
        "|---:|---|---|---|---:|---:|",
    ]
    for n, rule in enumerate(report.rules[:10], 1):
        lines.append(
            f"| {n} | {rule.title} | {rule.family} | {SEVERITY_LABEL[rule.severity]} | {rule.files} | {100 * rule.cumulative:.1f}% |"
        )
    lines += [
        "",
        "## 各单位情况",
        "",
        "| 执法机关 | 案卷数 | 平均分 | 优秀 | 良好 | 合格 | 不合格 | 主要问题 |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for a in report.agencies:
        top = "；".join(f"{t}（{n}）" for t, n in a.top) or "—"
        grades = " | ".join(str(a.grades[x]) for x in GRADES)
        lines.append(f"| {a.name} | {a.files} | {_fmt(a.average)} | {grades} | {top} |")
    lines += [
        "",
        "## 各案件类型",
        "",
        "| 案件类型 | 案卷数 | 平均分 | 优秀 | 良好 | 合格 | 不合格 | 其中否决 | 问题数 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in report.case_types:
        grades = " | ".join(str(t.grades[x]) for x in GRADES)
        lines.append(f"| {t.name} | {t.files} | {_fmt(t.average)} | {grades} | {t.vetoed} | {t.findings} |")
    if report.draws:
        lines += ["", "## 行政检查的双随机抽查占比", "", DRAW_NOTE, ""]
        lines += ["| " + " | ".join(DRAW_COLUMNS) + " |", "|---|" + "---:|" * (len(DRAW_COLUMNS) - 1)]
        lines += ["| " + " | ".join(str(cell) for cell in d.cells()) + " |" for d in report.draws]
    lines += ["", "## 同案不同罚", ""]
    if report.consistency:
        for group in report.consistency:
            lines.append(
                f"- {group.item_code} {group.violation}（{group.level}，{group.party_kind}）：{len(group.cases)} 件，"
                f"罚款 {_fmt(group.low)}—{_fmt(group.high)} 元，最高额高出最低额 {spread_text(group.spread, group.threshold)}"
                f"（阈值 {100 * group.threshold:g}%）"
            )
    else:
        lines.append("未发现同一裁量基准事项、同一裁量阶次罚款差异超过阈值的案件。")
    if report.crossfile is not None:
        lines += ["", "## 跨卷检查", "", crossfile.header(report.crossfile), ""]
        for finding in report.crossfile.findings:
            lines.append(f"- {finding.agency}：{finding.title}。{finding.message}（{'、'.join(finding.cases)}）")
        if not report.crossfile.findings:
            lines.append("未发现跨卷问题。")
    if report.errors:
        lines += ["", "## 无法评分的案卷", ""]
        for error in report.errors[:20]:
            where = error["file"] + (f":{error['line']}" if error.get("line") is not None else "")
            lines.append(f"- {where}：{error['message']}")
        if len(report.errors) > 20:
            lines.append(f"- ……另 {len(report.errors) - 20} 件，见 HTML 报告")
    return "\n".join(lines) + "\n"


def spread_text(spread: float, threshold: float) -> str:
    """A fine spread as a percentage with the decimals it takes to read above its threshold (50.01%, not 50%)."""
    for places in (0, 1, 2):
        text = f"{100 * spread:.{places}f}"
        if float(text) > 100 * threshold:
            return f"{text}%"
    return f"{100 * spread:.2f}%"
