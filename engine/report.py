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
import io
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from . import crossfile
from .errors import StageError
from .resultlines import line_problem, parse_line
from .rulebook import Rulebook, RulebookCache, load_rulebook
from .scoring import DEFINITE, PROVISIONAL, TO_VERIFY
from .xlsxbytes import workbook_bytes

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
KEPT = ("case_id", "as_of", "rulebook", "score", "findings")  # of a batch result, for the report


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
    case_ids: tuple[str, ...]  # every case, where `cases` shows the first EXAMPLES_PER_ROW
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


@dataclass
class ConsistencyGroup:
    item_code: str
    violation: str
    level: str
    party_kind: str
    threshold: float
    low: float
    high: float
    cases: list[dict[str, Any]]

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
    files: list[FileRow]
    errors: list[dict[str, Any]]
    grades: dict[str, int]
    vetoed: int
    provisional: int
    unsure: dict[str, int]  # grade status (暂定, 待核实) -> files
    histogram: list[tuple[str, int]]
    families: list[tuple[str, int]]
    rules: list[RuleCount]
    agencies: list[AgencyRow]
    ledger: list[LedgerRow]
    consistency: list[ConsistencyGroup]
    thresholds: dict[str, float] = field(default_factory=dict)
    # checks across files (engine.crossfile), when the results hold inspection files
    crossfile: crossfile.CrossResult | None = None

    @property
    def scored(self) -> int:
        return len(self.files)

    @property
    def average(self) -> float:
        return sum(f.score for f in self.files) / len(self.files) if self.files else 0.0

    @property
    def findings(self) -> int:
        return sum(len(f.findings) for f in self.files)


class _Shared:
    """One object for each text and list of texts that repeats from line to line — a rule's title and
    basis, an agency's name, the rulebook, the evidence paths — instead of one per line: a year's batch
    is tens of thousands of lines saying the same few thousand things (this keeps the records in 40% of
    the memory)."""

    UNIQUE = frozenset({"message", "case_id", "file", "reasoning", "discretion_reasons"})  # per line: not kept

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def __call__(self, value: Any, key: str | None = None) -> Any:
        kind = type(value)
        if kind is str:
            return value if key in self.UNIQUE else self._seen.setdefault(value, value)
        if kind is dict:
            seen = self._seen
            return {seen.setdefault(k, k): self(v, k) for k, v in value.items()}
        if kind is list:
            items = [self(v) for v in value]
            if items and all(type(v) is str for v in items):
                return self._seen.setdefault(tuple(items), items)
            return items
        return value


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


def read_results(
    paths: Sequence[Path], keep: tuple[str, ...] = KEPT
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The result and error records of batch JSONL files, each result holding the fields `keep` names. A
    line the report cannot use (not JSON, not UTF-8, a field missing or of the wrong kind, a second record
    of the same input) is named with file:line and what is wrong, and no report is made."""
    share = _Shared()
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    bad = _BadLines()
    seen: dict[tuple[str, int | None], str] = {}  # an input -> where its record is
    _refuse_a_file_twice(paths)
    for path in paths:
        for number, record, problem in _lines(path):
            where = f"{path}:{number}"
            problem = problem or line_problem(record)
            if problem is None and (first := seen.setdefault(_input_of(record), where)) != where:
                file, line = _input_of(record)
                name = file if line is None else f"{file}:{line}"
                problem = f"与 {first} 重复：输入 {name} 的记录出现两次（同一案卷不能计两次，请删去其中一行）"
            if problem is not None:
                bad.add(where, problem)
            elif record["status"] == "ok":  # keep what the report shows, not every passed rule id
                result = record["result"]
                record["result"] = {key: result[key] for key in keep if key in result}
                record["result"]["undetermined"] = result.get("undetermined") or []
                results.append(share(record))
            else:
                errors.append(record)
    if bad.count:
        raise bad.error()
    if not results and not errors:
        names = "、".join(str(path) for path in paths)
        raise ReportError(f"{names}: 没有任何评查结果（文件为空）：请确认给的是 pingcha batch 写出的结果文件")
    return results, errors


def _histogram(scores: list[float]) -> list[tuple[str, int]]:
    bins = Counter(min(int(s) // 10, 9) for s in scores)
    return [(f"{10 * b}–{10 * b + 9 if b < 9 else 100}", bins.get(b, 0)) for b in range(10)]


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


def consistency_groups(files: list[FileRow], profile: str, thresholds: dict[str, float]) -> list[ConsistencyGroup]:
    """同案不同罚: same baseline item, same discretion level, same kind of party; fines spread beyond
    the profile's threshold ((highest − lowest) / lowest)."""
    groups: dict[tuple[str, str, str, str], list[FileRow]] = defaultdict(list)
    for row in files:
        case = row.case
        if case.get("item_code") and case.get("discretion_level") and case.get("fine"):
            key = (row.rulebook["name"], case["item_code"], case["discretion_level"], case["party_kind"])
            groups[key].append(row)
    found = []
    for (book, item, level, kind), rows in sorted(groups.items()):
        if len(rows) < 2:
            continue
        fines = [float(r.case["fine"]) for r in rows]
        low, high = min(fines), max(fines)
        threshold = _threshold(book, profile, thresholds)
        if (high - low) / low <= threshold:
            continue
        cases = [
            {
                "case_id": r.case_id,
                "agency": r.agency,
                "file": r.file,
                "fine": float(r.case["fine"]),
                "band": r.case.get("discretion_band") or "",
                "reasons": r.case.get("discretion_reasons") or r.case.get("reasoning") or "（未说明理由）",
            }
            for r in sorted(rows, key=lambda r: (float(r.case["fine"]), r.case_id, r.index))
        ]
        found.append(
            ConsistencyGroup(item, rows[0].case.get("violation") or "", level, kind, threshold, low, high, cases)
        )
    return found


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


def _agency_rulebook(by_agency: dict[str, list[FileRow]], agency: str) -> str:
    """The rulebook an agency's files were scored with (national if none of its files was scored)."""
    rows = by_agency.get(agency)
    return rows[0].rulebook["name"] if rows else RulebookCache.FALLBACK


def build(
    results: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    title: str = "行政执法案卷评查报告",
    date: dt.date | None = None,
    profile: str = RulebookCache.AUTO,
    complete: bool = False,
) -> Report:
    """Everything the renderers show, computed once from batch records. `complete`: the records are the
    whole population of the period (see engine.crossfile)."""
    files = []
    for record in sorted(results, key=lambda r: r["index"]):
        result, case = record["result"], record["case"]
        score = result["score"]
        files.append(
            FileRow(
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
        )
    errors = sorted(errors, key=lambda r: r["index"])
    as_of = sorted({r["result"]["as_of"] for r in results})
    date = _report_date(date, as_of)
    rulebooks = sorted({json.dumps(f.rulebook, sort_keys=True) for f in files})

    grades = Counter(f.grade for f in files)
    rule_files: dict[str, RuleCount] = {}
    families: Counter[str] = Counter()
    for row in files:
        for finding in row.findings:
            families[finding["family"]] += 1
            count = rule_files.get(finding["rule_id"])
            if count is None:
                count = rule_files[finding["rule_id"]] = RuleCount(
                    finding["rule_id"], finding["title"], finding["family"], finding["severity"], finding["basis"], 0
                )
            count.files += 1
    total_findings = sum(c.files for c in rule_files.values())
    rules = sorted(rule_files.values(), key=lambda c: (-c.files, SEVERITY_ORDER[c.severity], c.rule_id))
    running = 0
    for count in rules:
        running += count.files
        count.share = count.files / total_findings
        count.cumulative = running / total_findings

    agencies = []
    by_agency: dict[str, list[FileRow]] = defaultdict(list)
    for row in files:
        by_agency[row.agency].append(row)
    for name, rows in sorted(by_agency.items()):
        top = Counter(f["title"] for r in rows for f in r.findings)
        agencies.append(
            AgencyRow(
                name=name,
                level=rows[0].case["agency"].get("level") or "",
                domain=rows[0].domain,
                files=len(rows),
                average=sum(r.score for r in rows) / len(rows),
                grades={g: sum(1 for r in rows if r.grade == g) for g in GRADES},
                vetoed=sum(1 for r in rows if r.vetoed),
                findings=sum(len(r.findings) for r in rows),
                top=sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))[:3],
            )
        )
    agencies = ranked(agencies)

    ledger: list[LedgerRow] = []
    for name, rows in sorted(by_agency.items()):
        cases_by_rule: dict[str, list[FileRow]] = defaultdict(list)
        for row in rows:
            for finding in row.findings:
                cases_by_rule[finding["rule_id"]].append(row)
        ordered = sorted(
            cases_by_rule, key=lambda rid: (SEVERITY_ORDER[rule_files[rid].severity], -len(cases_by_rule[rid]), rid)
        )
        for rule_id in ordered:
            count = rule_files[rule_id]
            examples = cases_by_rule[rule_id]
            shown = "、".join(r.case_id for r in examples[:EXAMPLES_PER_ROW])
            if len(examples) > EXAMPLES_PER_ROW:
                shown += f"等 {len(examples)} 件"
            ledger.append(
                LedgerRow(
                    number=len(ledger) + 1,
                    problem=count.title,
                    cases=shown,
                    measure=f"{_remedy(rows[0].rulebook['name'], profile, rule_id, count.family)}。",
                    deadline=_deadline(date, rows[0].rulebook["name"], profile, count.severity),
                    department=name,
                    leader="",
                    note=f"{SEVERITY_LABEL[count.severity]}问题，涉及 {len(examples)} 件；依据：{'；'.join(count.basis)}",
                    rule=rule_id,
                    case_ids=tuple(r.case_id for r in examples),
                    severity=count.severity,
                )
            )

    crossed = _crossfile(results, profile, complete)
    for cross in crossed.findings if crossed else []:  # agency-level problems go to the ledger as well
        ledger.append(
            LedgerRow(
                number=len(ledger) + 1,
                problem=cross.title,
                cases="、".join(cross.cases),
                measure=f"{CROSSFILE_MEASURES[cross.code]}。",
                deadline=_deadline(date, _agency_rulebook(by_agency, cross.agency), profile, "major"),
                department=cross.agency,
                leader="",
                note=f"跨卷检查：{plain(cross.message)}；依据：{'；'.join(cross.basis)}",
                rule=cross.code,
                case_ids=cross.cases,
                severity="major",
            )
        )

    thresholds: dict[str, float] = {}
    consistency = consistency_groups(files, profile, thresholds)
    return Report(
        title=title,
        date=date,
        as_of=as_of,
        rulebooks=sorted(
            (json.loads(b) for b in rulebooks), key=lambda b: (b["name"], b["version"], b["content_hash"])
        ),
        inputs=len(files) + len(errors),
        files=files,
        errors=errors,
        grades={g: grades.get(g, 0) for g in GRADES},
        vetoed=sum(1 for f in files if f.vetoed),
        provisional=sum(1 for f in files if f.provisional),
        unsure={status: sum(1 for f in files if f.status == status) for status in (PROVISIONAL, TO_VERIFY)},
        histogram=_histogram([f.score for f in files]),
        families=sorted(families.items(), key=lambda kv: (-kv[1], kv[0])),
        rules=rules,
        agencies=agencies,
        ledger=ledger,
        consistency=consistency,
        thresholds=thresholds,
        crossfile=crossed,
    )


CROSSFILE_MEASURES = {
    "linked-case-missing": "核对检查记录所称的处罚案卷，补齐立案查处材料或更正检查记录",
    "linked-case-other-party": "核对检查记录与处罚案卷的当事人，更正关联或补办立案",
    "inspection-over-cap": "按年度检查计划和频次上限统筹检查，同一企业同一事项合并检查、避免重复检查",
    "zero-filing": "对检查发现的违法行为和重大事故隐患逐件核查是否应当立案，纠正以检查代替执法、以整改代替处罚",
    "double-fine": "核对同一当事人同一违法行为的各处罚决定，对重复罚款的决定依法撤销或者变更，处罚前查询当事人的处罚记录",
}


def _crossfile(results: list[dict[str, Any]], profile: str, complete: bool) -> crossfile.CrossResult | None:
    """The checks across files, when the results hold an inspection file or a fine found twice (else there
    is nothing to say)."""
    summaries = [r.get("case", {}).get("crossfile") or {} for r in results]
    inspected = any(summary.get("type") == crossfile.INSPECTION for summary in summaries)
    if not inspected and sum(1 for summary in summaries if summary.get("fined")) < 2:
        return None
    collector = crossfile.CrossCheck(crossfile.caps_from(RulebookCache(profile).for_domain), complete)
    for record in sorted(results, key=lambda r: r["index"]):
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
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{head}:{head}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top, sheet.page_margins.bottom, sheet.page_margins.footer = 0.6, 0.8, 0.3
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _sheet(
    workbook: Any,
    title: str,
    header: list[str],
    rows: list[list[Any]],
    caption: list[str] | None = None,
    widths: Sequence[int] | None = None,
) -> Any:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    offset = 0
    for line in caption or []:
        offset += 1
        cell = _put(sheet.cell(row=offset, column=1), line)
        sheet.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=len(header))
        if offset == 1:
            cell.font = Font(name=XLSX_FONT, bold=True, size=16)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            sheet.row_dimensions[1].height = 30
        else:
            cell.font = Font(name=XLSX_FONT, size=11)
    head = offset + 1
    for column, name in enumerate(header, 1):
        cell = _put(sheet.cell(row=head, column=column), name)
        cell.font = Font(name=XLSX_FONT, bold=True, size=11)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    if rows:
        template = sheet.cell(row=head + 1, column=1)
        template.font = Font(name=XLSX_FONT, size=11)
        template.alignment = Alignment(vertical="top", wrap_text=True)
        template.border = border
        # Assigning style objects hashes them against the workbook's style table on every cell (20 s
        # for 20,000 rows); copying the first cell's style indices is the same style at no cost.
        style = template._style
    for r, values in enumerate(rows, head + 1):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=r, column=column)
            cell._style = copy.copy(style)
            _put(cell, value)
    if widths is None:
        widths = [
            min(max([_width(name)] + [_width(v[c]) for v in rows if v[c] is not None]) + 2, 40)
            for c, name in enumerate(header)
        ]
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 6)
    for r, values in enumerate([header, *rows], head):
        lines = max(_lines_needed(v, max(w, 6)) for v, w in zip(values, widths, strict=True))
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * lines + 3
    sheet.freeze_panes = sheet.cell(row=head + 1, column=1)
    if rows:
        sheet.auto_filter.ref = f"A{head}:{get_column_letter(len(header))}{head + len(rows)}"
    _page_setup(sheet, head)
    return sheet


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    _sheet(
        workbook,
        "整改台账",
        list(LEDGER_COLUMNS),
        [row.cells() for row in report.ledger],
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
        [
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
        ],
    )
    _sheet(
        workbook,
        "机关汇总",
        list(AGENCY_COLUMNS),
        [
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
        ],
    )
    _sheet(
        workbook,
        "无法判定事项",
        ["序号", "案卷编号", "执法机关", "无法判定的事项", "原因"],
        [
            [n, f.case_id, f.agency, u["title"], plain(u["reason"])]
            for n, (f, u) in enumerate(((f, u) for f in report.files for u in f.undetermined), 1)
        ],
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
        [
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
        ],
    )
    _sheet(workbook, "技术附录", list(APPENDIX_COLUMNS), technical_rows(report), widths=(12, 22, 36, 30, 60))
    return workbook_bytes(workbook, dt.datetime.combine(report.date or ZIP_FIRST, dt.time()))


AGENCY_COLUMNS = (
    "排名", "执法机关", "层级", "执法领域", "案卷数", "平均分", *GRADES, "其中否决", "否决率", "否决率排名", "问题数", "主要问题",
)  # fmt: skip
APPENDIX_COLUMNS = ("条目", "案卷编号", "问题或事项", "规则编号", "证据字段（JSON 路径）或原因原文")


def technical_rows(report: Report) -> list[list[Any]]:
    """What official tables leave out: the 整改台账 rows' rule ids, each finding's evidence paths, each
    无法判定 item's reason as the engine gave it, each unreadable file's JSON path."""
    rows: list[list[Any]] = [[f"台账第 {row.number} 行", "", row.problem, row.rule, ""] for row in report.ledger]
    for f in report.files:
        rows += [["问题", f.case_id, x["title"], x["rule_id"], " ".join(x.get("evidence") or [])] for x in f.findings]
        rows += [["无法判定", f.case_id, u["title"], u["rule_id"], u["reason"]] for u in f.undetermined]
    rows += [["无法评分", e["file"], "", "", e.get("json_path") or ""] for e in report.errors]
    return rows


def to_csv(report: Report) -> bytes:
    """One row per scored file (UTF-8 with BOM, so Excel and WPS open it as Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
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
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
        lines += ["", "## 跨卷检查", "", crossfile.text(report.crossfile).splitlines()[0], ""]
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
