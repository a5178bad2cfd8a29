"""Checks across case files (跨卷检查): what no single file can show.

Four checks, over every file of a batch:

- 检查 → 立案 (link). An inspection that found a violation names the penalty case it led to
  (`penalty_case_id`). The linked case must concern the inspected enterprise. When the batch is
  declared complete (`--complete`: the inputs are the whole population of the period, not a sample),
  a linked case missing from it is a finding; in a sample a missing case only means it was not
  drawn, so it is counted as unchecked, never reported.
- 检查频次 (frequency). The same agency inspecting the same enterprise for the same matter more often
  in a calendar year than the profile's cap (`inspection_yearly_cap`) is a finding for the agency.
  A sample can only undercount, so this holds in any batch. Follow-up checks (跟踪复查) are not
  counted (应急〔2025〕11号: 发现问题后的跟踪复查除外); nor are checks on a complaint, a referral or an
  accident (举报投诉核查, 上级交办, 事故调查): whether 国办发〔2024〕54号 exempts them from the cap was not
  confirmed, and not counting them is the reading that favours the agency.
- 零立案、零处罚 (zero filing). An agency whose inspections in a year found a violation with a
  penalty provision or a 重大事故隐患, while not one penalty case of that agency was opened in that
  year, is listed (seed 000: 加大对“零立案、零处罚”单位的问责力度，纠正以检查代替执法、以整改代替处罚).
  A sample may simply have missed the agency's cases, so without `--complete` the listing is marked
  as not conclusive.
- 一事不再罚 (double fine). The same party fined in two case files for the same violation: the same
  裁量基准 item, committed on the same day (行政处罚法 第29条; 第24条 before 2021-07-15). A file that
  does not give the item code or the day of the act is not compared: "the same act" cannot be told from
  a description. The later decision is the defect, so the finding goes to its agency. One act that
  breaks several provisions (第29条 second sentence: the higher fine applies) has several item codes
  and is not found here.

Everything here is a pure function of small per-case summaries (`summarize`), which `pingcha batch`
stores in each result line (`case.crossfile`), and `pingcha report` recomputes the same findings from
the JSONL. `CrossCheck` keeps only these summaries' few fields, not the results, and keeps them in a
private temporary SQLite file, not in Python memory: a batch of millions of cases would otherwise hold
them all (≈ 0.27 KB a case) and outgrow the batch's memory bound; on disk, memory stays at SQLite's
page cache whatever the batch's size. The findings go there too, as they are found, and are read back
in order: a batch can have them by the hundred thousand.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, groupby, islice
from typing import Any

from .casefile import DRAFT, CaseFile, PenaltyCaseFile

PENALTY, INSPECTION, EXECUTION = "行政处罚", "行政检查", "行政强制执行"
MAJOR_HAZARD = "重大事故隐患"
# Inspections counted against the yearly cap: planned and special checks. See the module docstring.
COUNTED_KINDS = frozenset({"计划检查", "专项检查", "双随机抽查"})
CAP_PARAMETER = "inspection_yearly_cap"
SUMMARY_SHOWN = 50  # findings listed in `pingcha batch`'s summary; all of them go to --crossfile

# A cap lookup: (domain, inspection date) -> (cap, where the figure comes from), or None when unset.
CapLookup = Callable[[str, dt.date], tuple[int, str] | None]


@dataclass(frozen=True)
class CrossFinding:
    """A finding for an agency (not for one file): what, where, which files."""

    code: str
    title: str
    agency: str
    year: int | None
    message: str
    basis: tuple[str, ...]
    cases: tuple[str, ...]  # case ids, in date order
    sources: tuple[str, ...]  # the files (or JSONL lines) they came from
    conclusive: bool = True  # False: the batch was not declared complete and the finding rests on absence

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "message": self.message,
            "basis": list(self.basis),
            "cases": list(self.cases),
            "sources": list(self.sources),
            "conclusive": self.conclusive,
        }

    def line(self) -> str:
        """One line of the JSONL `pingcha batch --crossfile` writes (sorted keys)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_line(cls, line: str) -> CrossFinding:
        data = json.loads(line)
        for field in ("basis", "cases", "sources"):
            data[field] = tuple(data[field])
        return cls(**data)


class Findings:
    """The findings of one `CrossCheck`, in their order (agency, check, year, cases), read from its
    scratch database each time they are iterated: a batch of millions of cases can have findings by
    the hundred thousand, which are written, never held, by `pingcha batch`."""

    def __init__(self, database: sqlite3.Connection) -> None:
        self._database = database
        self._count: int = database.execute("SELECT count(*) FROM finding").fetchone()[0]
        weakref.finalize(self, database.close)  # the temporary file goes with the last reader

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[CrossFinding]:
        return map(CrossFinding.from_line, self.lines())

    def lines(self) -> Iterator[str]:
        """Each finding as its JSONL line, in order."""
        for (line,) in self._database.execute(_FINDINGS):
            yield line


@dataclass
class CrossResult:
    complete: bool
    counts: dict[str, int]
    findings: Findings


TITLES = {
    "linked-case-missing": "检查记录所称立案查处的处罚案卷不在本批案卷中",
    "linked-case-other-party": "检查记录所称立案查处的处罚案卷的当事人不是被检查单位",
    "inspection-over-cap": "同一机关对同一企业同一事项的年度检查次数超过频次上限",
    "zero-filing": "检查发现违法行为而全年零立案、零处罚",
    "double-fine": "对当事人的同一个违法行为给予两次以上罚款",
}
ORDER = {code: n for n, code in enumerate(TITLES)}
BASIS = {
    "linked-case-missing": ("《行政处罚法》第54条第2款", "《安全生产法》第65条第1款第2项"),
    "linked-case-other-party": ("《行政处罚法》第54条第2款",),
    "inspection-over-cap": (
        "国办发〔2024〕54号（公布同一企业年度检查频次上限；同一企业同一事项避免重复检查）",
        "应急〔2025〕11号（发现问题后的跟踪复查除外）",
    ),
    "zero-filing": ("《行政处罚法》第54条第2款", "《行政处罚法》第76条第2款", "《安全生产法》第90条第1款第4项"),
    "double-fine": ("《行政处罚法》第29条（2021年7月15日前作出的决定：修订前第24条）",),
}


# --- per-case summaries --------------------------------------------------------------------------------


def _party(case: CaseFile) -> dict[str, str]:
    party = case.party
    return {"key": party.credit_code or party.name, "name": party.name}


def summarize(case: CaseFile) -> dict[str, Any]:
    """The few fields of one case file the cross-file checks read (JSON-ready, a few hundred bytes)."""
    base: dict[str, Any] = {
        "type": case.case_type,
        "case_id": case.case_id,
        "agency": case.agency.name,
        "domain": case.agency.domain,
        "party": _party(case),
    }
    if case.case_type == "行政检查":
        when = case.onsite.date if case.onsite else None
        if when is None and case.plan is not None:
            when = case.plan.approved_on or case.plan.drawn_on
        found = [h for h in case.hazards if h.grade == MAJOR_HAZARD or h.penalty_provision]
        base.update(
            {
                "date": when.isoformat() if when else None,
                "kind": case.kind,
                "selection": case.target_selection(),  # issue 19: the 双随机 share (engine.report)
                "matter": case.matter,
                "plan_id": case.plan.id if case.plan else None,
                "violations": len(found),
                "penalty_case_id": case.penalty_case_id,
                "no_penalty_ground": case.no_penalty.ground if case.no_penalty else None,
            }
        )
    elif case.case_type == "行政强制执行":
        base["executed_case_id"] = case.executed_decision.case_id
    elif case.case_type == "行政处罚":  # a 行政许可 file takes part in no check across files
        opened = None
        for event in case.events:
            if event.type == "立案" and isinstance(event.date, dt.date) and (opened is None or event.date < opened):
                opened = event.date
        opened = opened or (case.decision.date if case.decision else None)
        base["opened_on"] = opened.isoformat() if opened else None
        fined = _fined(case)
        if fined is not None:
            base["fined"] = fined
    return base


def _fined(case: PenaltyCaseFile) -> dict[str, Any] | None:
    """What a fine was for: the item and the day of the act (compared across files), when the file gives both."""
    decision, violation = case.decision, case.violation
    if decision is None or decision.status == DRAFT or not decision.fine or "罚款" not in (decision.kinds or ()):
        return None
    if violation.item_code is None or not isinstance(violation.occurred_on, dt.date) or decision.date is None:
        return None
    return {
        "item": violation.item_code,
        "act_on": violation.occurred_on.isoformat(),
        "decided_on": decision.date.isoformat(),
        "fine": decision.fine,
    }


# --- the checks ---------------------------------------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# The per-case state of a batch, in a private temporary database: it grows with the number of cases
# (millions), so it lives on disk and only SQLite's page cache is in memory. Dates are stored as ISO
# text, which sorts as the dates do; text sorts by SQLite's BINARY collation (UTF-8 bytes), which is
# code point order, as Python compares strings. No column has a key or index while the rows go in:
# the one index the queries need is built once, at the end.
_SCHEMA = """
CREATE TABLE penalty (case_id TEXT, party_key TEXT, party_name TEXT);
CREATE TABLE link (case_id TEXT, source TEXT, agency TEXT, party_key TEXT, party_name TEXT, date TEXT,
                   penalty_case_id TEXT);
CREATE TABLE visit (agency TEXT, party_key TEXT, matter TEXT, year INTEGER, date TEXT, case_id TEXT,
                    source TEXT, party_name TEXT);
CREATE TABLE violation (agency TEXT, year INTEGER, date TEXT, case_id TEXT, source TEXT, grounded INTEGER);
CREATE TABLE fine (party_key TEXT, item TEXT, act_on TEXT, decided_on TEXT, case_id TEXT, source TEXT,
                   agency TEXT, party_name TEXT, amount REAL);
CREATE TABLE finding (agency TEXT, rank INTEGER, year INTEGER, cases BLOB, line TEXT);
"""
_INSERT = {
    "penalty": "INSERT INTO penalty VALUES (?, ?, ?)",
    "link": "INSERT INTO link VALUES (?, ?, ?, ?, ?, ?, ?)",
    "visit": "INSERT INTO visit VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "violation": "INSERT INTO violation VALUES (?, ?, ?, ?, ?, ?)",
    "fine": "INSERT INTO fine VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "finding": "INSERT INTO finding VALUES (?, ?, ?, ?, ?)",
}
_BUFFERED_ROWS = 4096  # rows of one table held before one executemany: ~1 MB (findings, with their line: a few MB)
_CACHE_KIB = 16000  # SQLite's page cache (and sorter memory), the bound on what the database holds in memory

# Each inspection naming a penalty case, in the order added, with the party of that case as added
# last (a case id given twice is the later one), or NULLs when the batch does not hold it.
_LINKS = """
SELECT link.case_id, link.source, link.agency, link.party_key, link.party_name, link.date,
       link.penalty_case_id, penalty.rowid IS NOT NULL, penalty.party_key, penalty.party_name
FROM link LEFT JOIN penalty
  ON penalty.rowid = (SELECT max(rowid) FROM penalty WHERE penalty.case_id = link.penalty_case_id)
ORDER BY link.rowid
"""
_VISITS = """
SELECT agency, party_key, matter, year, date, case_id, source, party_name FROM visit
ORDER BY agency, party_key, matter, year, date, case_id, source, party_name
"""
_VIOLATIONS = """
SELECT agency, year, date, case_id, source, grounded FROM violation
ORDER BY agency, year, date, case_id, source, grounded
"""
# The findings' order, as Python would sort (agency, check, year or 0, cases) and keep ties in the order
# found: the index ends with the rowid (the order inserted), and `cases` is stored as `_tuple_bytes`.
_FINDINGS = "SELECT line FROM finding ORDER BY agency, rank, year, cases, rowid"
_FINES = """
SELECT party_key, item, act_on, decided_on, case_id, source, agency, party_name, amount FROM fine
ORDER BY party_key, item, act_on, decided_on, case_id, source, agency, party_name, amount
"""


def _scratch_database() -> sqlite3.Connection:
    # An empty file name: a private temporary file, deleted when the connection closes (with SQLite's
    # default TEMP_STORE; a build that forces temporary storage into memory would keep it in RAM).
    # Any thread may use it, one at a time, as with the Python object it replaces.
    connection = sqlite3.connect("", check_same_thread=False)
    for pragma in (f"cache_size = -{_CACHE_KIB}", "temp_store = FILE", "journal_mode = OFF", "synchronous = OFF"):
        connection.execute(f"PRAGMA {pragma}")  # scratch: nothing to recover after a crash
    connection.executescript(_SCHEMA)
    return connection


class CrossCheck:
    """Collects summaries one at a time (in any order) and gives the findings at the end.

    It keeps, per penalty case, its id and party; per inspection that names a penalty case, the
    link; per counted inspection, its visit; per inspection that found a violation, that inspection;
    all in a temporary SQLite database, so that memory does not grow with the batch. In memory stay
    only what grows with the agencies: the (agency, year) pairs with a penalty case opened, the
    agencies' domains, the counts. Nothing else of a case is kept.

    `result()` hands the database to the result, which reads the findings from it: call it once,
    after the last `add`."""

    def __init__(self, caps: CapLookup, complete: bool = False) -> None:
        self.caps = caps
        self.complete = complete
        self.counts: dict[str, int] = dict.fromkeys((PENALTY, INSPECTION, EXECUTION), 0)
        self._opened: set[tuple[str, int]] = set()  # (agency, year) with a penalty case opened
        self._domains: dict[str, str] = {}  # agency -> domain
        self._database = _scratch_database()
        self._buffered: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERT}

    def add(self, summary: Mapping[str, Any] | None, source: str) -> None:
        """One case's summary (None for an input that could not be scored: nothing to add)."""
        if not summary:
            return
        kind = summary["type"]
        self.counts[kind] = self.counts.get(kind, 0) + 1
        agency = summary["agency"]
        party = summary["party"]
        if kind == PENALTY:
            self._keep("penalty", (summary["case_id"], party["key"], party["name"]))
            opened = _date(summary.get("opened_on"))
            if opened is not None:
                self._opened.add((agency, opened.year))
            fined = summary.get("fined")
            if fined:
                act = (fined["item"], fined["act_on"], fined["decided_on"], summary["case_id"], source)
                self._keep("fine", (party["key"], *act, agency, party["name"], fined["fine"]))
            return
        if kind != INSPECTION:
            return
        when = _date(summary.get("date"))
        day = when.isoformat() if when else None  # the canonical form, whatever ISO form the summary used
        self._domains.setdefault(agency, summary.get("domain") or "")
        if summary.get("penalty_case_id"):
            link = (summary["case_id"], source, agency, party["key"], party["name"], day, summary["penalty_case_id"])
            self._keep("link", link)
        if when is None:
            self.counts["检查日期未载明"] = self.counts.get("检查日期未载明", 0) + 1
            return
        if summary.get("kind") in COUNTED_KINDS:
            group = (agency, party["key"], summary.get("matter") or "", when.year)
            self._keep("visit", (*group, day, summary["case_id"], source, party["name"]))
        if summary.get("violations"):
            grounded = summary.get("no_penalty_ground") is not None
            self._keep("violation", (agency, when.year, day, summary["case_id"], source, grounded))

    def add_record(self, record: Mapping[str, Any]) -> None:
        """One line of `pingcha batch` output (an error record adds nothing)."""
        if record.get("status") != "ok":
            return
        line = record.get("line")
        source = f"{record['file']}:{line}" if line is not None else record["file"]
        self.add(record.get("case", {}).get("crossfile"), source)

    def result(self) -> CrossResult:
        """The findings, written into the database as they are found; the result reads them from it and
        owns it from now on (no `add` after this)."""
        try:
            self._flush()
            found = chain(
                self._link_findings(), self._frequency_findings(), self._zero_findings(), self._double_fines()
            )
            for f in found:
                self._keep("finding", (f.agency, ORDER[f.code], f.year or 0, _tuple_bytes(f.cases), f.line()))
            self._flush()
            self._database.execute("CREATE INDEX finding_order ON finding (agency, rank, year, cases)")
            findings = Findings(self._database)
        except BaseException:
            self._database.close()
            raise
        return CrossResult(self.complete, dict(self.counts), findings)

    def _keep(self, table: str, row: tuple[Any, ...]) -> None:
        rows = self._buffered[table]
        rows.append(row)
        if len(rows) >= _BUFFERED_ROWS:
            self._flush()

    def _flush(self) -> None:
        for table, rows in self._buffered.items():
            if rows:
                self._database.executemany(_INSERT[table], rows)
                rows.clear()

    def _link_findings(self) -> Iterator[CrossFinding]:
        linked = missing = 0
        if self._database.execute("SELECT EXISTS (SELECT 1 FROM link)").fetchone()[0]:
            self._database.execute("CREATE INDEX penalty_by_case ON penalty (case_id)")
        for row in self._database.execute(_LINKS):
            case_id, source, agency, party_key, party_name, day, penalty_case_id = row[:7]
            in_batch, penalty_key, penalty_name = row[7:]
            year = dt.date.fromisoformat(day).year if day else None
            if not in_batch:
                missing += 1
                if self.complete:
                    yield (
                        _finding(
                            "linked-case-missing",
                            agency,
                            year,
                            f"检查记录 {case_id}（{party_name}）载明已立案查处，处罚案卷 {penalty_case_id} "
                            "不在本批案卷中（本批声明为全量）",
                            [(case_id, source)],
                        )
                    )
                continue
            linked += 1
            if penalty_key != party_key:
                yield (
                    _finding(
                        "linked-case-other-party",
                        agency,
                        year,
                        f"检查记录 {case_id} 的被检查单位为“{party_name}”，所称处罚案卷 "
                        f"{penalty_case_id} 的当事人为“{penalty_name}”",
                        [(case_id, source)],
                    )
                )
        self.counts["关联处罚案卷在本批中"] = linked
        self.counts["关联处罚案卷不在本批中"] = missing

    def _frequency_findings(self) -> Iterator[CrossFinding]:
        rows = self._database.execute(_VISITS)
        for (agency, _, matter, year), group in groupby(rows, key=lambda row: row[:4]):
            visits = [row[4:] for row in group]  # (date, case id, source, party name), in date order
            cap = self.caps(self._domains.get(agency, ""), dt.date.fromisoformat(visits[0][0]))
            if cap is None or len(visits) <= cap[0]:
                continue
            limit, origin = cap
            dates = "、".join(v[0] for v in visits)
            yield (
                _finding(
                    "inspection-over-cap",
                    agency,
                    year,
                    f"{year}年对“{visits[0][3]}”的“{matter}”检查 {len(visits)} 次（{dates}），"
                    f"超过年度频次上限 {limit} 次（{origin}）",
                    [(v[1], v[2]) for v in visits],
                )
            )

    def _zero_findings(self) -> Iterator[CrossFinding]:
        rows = self._database.execute(_VIOLATIONS)
        for (agency, year), group in groupby(rows, key=lambda row: row[:2]):
            if (agency, year) in self._opened:
                continue
            inspections = [row[2:] for row in group]  # (date, case id, source, grounded), in date order
            grounded = sum(1 for i in inspections if i[3])
            note = f"，其中载明不予处罚理由的 {grounded} 次" if grounded else ""
            scope = "" if self.complete else "（本批案卷未声明为全量，仅据本批案卷，须核实）"
            yield (
                _finding(
                    "zero-filing",
                    agency,
                    year,
                    f"{year}年检查发现违法行为或重大事故隐患 {len(inspections)} 次{note}，"
                    f"该机关当年立案查处的处罚案卷 0 件{scope}",
                    [(i[1], i[2]) for i in inspections],
                    conclusive=self.complete,
                )
            )

    def _double_fines(self) -> Iterator[CrossFinding]:
        rows = self._database.execute(_FINES)
        for (_, item, act_on), group in groupby(rows, key=lambda row: row[:3]):
            fines = list({row[4]: row for row in group}.values())  # one per case id (a file given twice is one)
            if len(fines) < 2:
                continue
            later = fines[-1]  # in decision date order: the later fine is the one the law forbids
            listed = "、".join(f"{f[4]}（{f[6]}，{f[3]}，罚款 {_yuan(f[8])} 元）" for f in fines)
            yield (
                _finding(
                    "double-fine",
                    later[6],
                    dt.date.fromisoformat(later[3]).year,
                    f"对“{later[7]}”{act_on} 的同一违法行为（事项 {item}）罚款 {len(fines)} 次：{listed}",
                    [(f[4], f[5]) for f in fines],
                )
            )


def _tuple_bytes(texts: tuple[str, ...]) -> bytes:
    """Bytes that sort as the tuple of texts does: each text's UTF-8 (code point order), its NULs
    escaped, ended by a NUL (so that a text sorts before any longer one it begins)."""
    return b"".join(text.encode().replace(b"\x00", b"\x00\xff") + b"\x00" for text in texts)


def _yuan(amount: float) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def _finding(
    code: str,
    agency: str,
    year: int | None,
    message: str,
    cases: list[tuple[str, str]],
    conclusive: bool = True,
) -> CrossFinding:
    """`cases`: (case id, source) pairs, in date order."""
    return CrossFinding(
        code,
        TITLES[code],
        agency,
        year,
        message,
        BASIS[code],
        tuple(c[0] for c in cases),
        tuple(c[1] for c in cases),
        conclusive,
    )


def check(summaries: Iterable[tuple[Mapping[str, Any] | None, str]], caps: CapLookup, complete: bool) -> CrossResult:
    """All four checks over (summary, source) pairs."""
    collector = CrossCheck(caps, complete)
    for summary, source in summaries:
        collector.add(summary, source)
    return collector.result()


def caps_from(rulebook_for_domain: Callable[[str], Any]) -> CapLookup:
    """The cap lookup from the rulebooks a batch uses: the `inspection_yearly_cap` parameter of the
    profile chosen for the inspecting agency's domain, by the inspection's date."""

    def lookup(domain: str, on: dt.date) -> tuple[int, str] | None:
        book = rulebook_for_domain(domain)
        parameter = book.parameters.get(CAP_PARAMETER)
        if parameter is None:
            return None
        value = parameter.resolve("单位", on)
        if value is None:
            return None
        return int(value), f"规则集 {book.name} 参数 {CAP_PARAMETER}"

    return lookup


# --- output -----------------------------------------------------------------------------------------------


def header(result: CrossResult) -> str:
    """The cross-file checks' first line: what was checked and how the linked cases stand."""
    counts = result.counts
    scope = "声明为全量（--complete）" if result.complete else "未声明为全量：关联案卷缺失不作为问题，零立案须核实"
    return (
        f"跨卷检查（{scope}）：行政检查 {counts.get(INSPECTION, 0)} 件，行政处罚 {counts.get(PENALTY, 0)} 件，"
        f"行政强制执行 {counts.get(EXECUTION, 0)} 件；检查所称处罚案卷在本批中 {counts.get('关联处罚案卷在本批中', 0)} 件、"
        f"不在本批中 {counts.get('关联处罚案卷不在本批中', 0)} 件"
    )


def text(result: CrossResult, shown: int | None = None, elsewhere: str = "") -> str:
    """The cross-file section of `pingcha batch`'s summary: the header, the first `shown` findings (all with
    None), then how many more there are and `elsewhere`, where to read them."""
    lines = [header(result)]
    if not result.findings:
        lines.append("未发现跨卷问题。")
        return "\n".join(lines)
    lines.append(f"跨卷问题 {len(result.findings)} 项：")
    listed = 0
    for listed, finding in enumerate(islice(result.findings, shown), 1):
        lines.append(f"{listed:>3}. [{finding.agency}] {finding.title}  <{finding.code}>")
        lines.append(f"     {finding.message}")
        lines.append(f"     案卷：{'、'.join(finding.cases)}")
    if listed < len(result.findings):
        lines.append(f"……另有 {len(result.findings) - listed} 项未在此列出{elsewhere}")
    return "\n".join(lines)
