"""Rule tests as data, beside the rules: `<name>.tests.yaml` next to `<name>.rules.yaml`.

Each case starts from a base case file, edits it with `set` / `delete` (JSON paths such as
`$.events[3].date`), and states the outcome of one rule: fire (with the exact message and, if
given, the evidence paths), pass, undetermined (optionally the exact reason) or not-applicable.
A case with `todo` is a known gap or unclear law: it is reported as TODO and not counted as a failure.

A case marked `boundary: true` sits on a rule's edge: the day a period ends or the day after, a value
at a threshold or one unit past it. Boundary cases are marked, not derived: only the writer knows which
edit moves a date or an amount onto an edge. Coverage counts them apart from fire/pass, per rule and
per side, so that a rule tested only far from its edges shows.

A tests file's `scores` table (`rule-id: major 3`, `veto`) states each rule's severity and points as the
profile scores it, apart from the rule file: a severity or points changed by mistake in the rulebook
then fails a test. Each entry is an outcome of its own (PASS or FAIL, at its line); coverage counts
the rules whose score is stated so.

Coverage is an observer of the runs, never a branch in the evaluator: after a case is evaluated,
its result is read to record which rule the case asserted and which table rows it went through.

How inherited rules are covered: a profile's own tests run against that profile (the national tests
against national, the emergency tests against emergency, since their expected messages carry the
profile's numbers). A rule or table row counts as covered in a profile when a passing case of any
profile that shares it asserts it: a profile it extends, or a profile beside it that extends it.
`rules test emergency` runs the national, emergency and liaoning tests, each against its own
profile, and reports coverage of emergency's rules. Coverage measures whether each rule as written
is exercised; a child profile that changes an inherited rule's numbers should add its own cases.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .casefile import CaseFile, InspectionCaseFile, PenaltyCaseFile, parse_case_file
from .errors import CaseFileError, RulebookError
from .evaluate import CaseResult, evaluate_case
from .rulebook import Rule, Rulebook, display_path, load_rulebook, resolve_profile, schema_problems
from .tables import Band, DiscretionTable, Tables
from .workcal import WorkCalendar
from .yamlsrc import Located, line_of, load_yaml

OUTCOMES = ("fire", "pass", "undetermined", "not-applicable")
STATUSES = ("PASS", "FAIL", "TODO", "ERROR")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class CaseOutcome:
    """One rule-test case: what it expected of its rule, what happened, and what it showed."""

    file: str
    line: int
    name: str
    rule: str
    status: str  # PASS | FAIL | TODO | ERROR
    expected: str
    actual: str
    detail: str = ""
    profile: str = ""
    # every rule's outcome on this case (rule id -> fire/pass/undetermined/not-applicable)
    observed: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    rows: tuple[str, ...] = ()  # the table rows (see row ids below) the case went through
    # the case shows the rule on data the file does not give: it gave 无法判定, or says so (`unknown: true`)
    unknown: bool = False
    boundary: bool = False  # marked `boundary: true`: the case sits on an edge of the rule
    checks_score: bool = False  # an entry of a `scores` table: the rule's severity and points
    error: RulebookError | None = field(default=None, compare=False, repr=False)  # why an ERROR case could not run

    def header(self) -> str:
        return f"{self.status} {self.file}:{self.line} {self.rule}: {self.name}"


def _steps(path: str, display: str, line: int) -> list[str | int]:
    if not path.startswith("$"):
        raise RulebookError(display, line, "bad-path", f"路径 `{path}` 须以 $ 开头，如 $.decision.fine")
    steps: list[str | int] = []
    rest = path[1:]
    for match in _STEP.finditer(rest):
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    if "".join(m.group(0) for m in _STEP.finditer(rest)) != rest or not steps:
        raise RulebookError(display, line, "bad-path", f"无法解析路径 `{path}`")
    return steps


def _walk(document: Any, steps: list[str | int], display: str, line: int, path: str) -> Any:
    node = document
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise RulebookError(display, line, "bad-path", f"基础案卷中没有 `{path}` 的上级节点") from None
    return node


def apply_edits(document: Any, spec: Located, display: str) -> Any:
    """The base case file with the case's `set` and `delete` edits applied (the base is not changed)."""
    edited = copy.deepcopy(document)
    line = spec.line
    for path, value in (spec.get("set") or {}).items():
        steps = _steps(path, display, line)
        parent = _walk(edited, steps, display, line, path)
        last = steps[-1]
        if isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(value)
        else:
            try:
                parent[last] = value
            except (IndexError, TypeError):
                raise RulebookError(display, line, "bad-path", f"无法设置 `{path}`") from None
    for path in spec.get("delete") or []:
        steps = _steps(path, display, line)
        parent = _walk(edited, steps, display, line, path)
        try:
            del parent[steps[-1]]
        except (KeyError, IndexError, TypeError):
            raise RulebookError(display, line, "bad-path", f"基础案卷中没有 `{path}`") from None
    return edited


def observe(result: CaseResult) -> dict[str, str]:
    """Every rule's outcome on one case: fire, pass, undetermined or not-applicable."""
    observed = dict.fromkeys((rule.id for rule in result.rulebook.rules), "not-applicable")
    observed.update(dict.fromkeys(result.passed, "pass"))
    observed.update({item.rule.id: "undetermined" for item in result.undetermined})
    observed.update({finding.rule.id: "fire" for finding in result.findings})
    return observed


def _actual(result: CaseResult, rule_id: str) -> tuple[str, Any]:
    for finding in result.findings:
        if finding.rule.id == rule_id:
            return "fire", finding
    for item in result.undetermined:
        if item.rule.id == rule_id:
            return "undetermined", item
    if rule_id in result.passed:
        return "pass", None
    return "not-applicable", None


# --- table rows: discretion bands, fraction levels, list entries ---------------------------------


def band_row(table_id: str, band: Band) -> str:
    return f"{table_id}/{band.name}"


def fraction_row(table_id: str, level: str) -> str:
    return f"{table_id}/{level}"


def table_fractions(table: DiscretionTable, tables: Tables) -> dict[str, tuple[float, float]]:
    """The level shares of a fraction table: inline, or those of the scheme it names."""
    if table.fractions or table.scheme is None or table.scheme not in tables.schemes:
        return table.fractions
    return tables.schemes[table.scheme].fractions


KEY_ITEM_FACTS = frozenset({"plan.key_items", "plan.key_items_listed", "plan.missing_key_items"})


def key_items_row(row_id: str) -> str:
    return f"key-items:{row_id}"


RANDOM_CHECK_FACTS = frozenset({"selection.listed"})


def random_checks_row(row_id: str) -> str:
    return f"random-checks:{row_id}"


def rows_touched(case: CaseFile, tables: Tables) -> tuple[str, ...]:
    """The table rows one case goes through: the band its facts select and the band it claims (or the
    claimed level of a fraction table), and the list entries of its violation item; for an inspection,
    the key-item row of the inspected party's industry and the 随机抽查事项清单 row of its matter."""
    if isinstance(case, InspectionCaseFile):
        touched = []
        if case.party.industry and case.party.industry in tables.key_items:
            touched.append(key_items_row(tables.key_items[case.party.industry].id))
        if case.matter in tables.random_checks:
            touched.append(random_checks_row(tables.random_checks[case.matter].id))
        return tuple(touched)
    if not isinstance(case, PenaltyCaseFile):
        return ()
    code = case.violation.item_code
    if code is None:
        return ()
    rows: list[str] = []
    table = tables.discretion.get(code)
    claim = case.decision.discretion if case.decision else None
    if table is not None and table.model == "fraction":
        if claim is not None and claim.level in table_fractions(table, tables):
            rows.append(fraction_row(table.id, claim.level))
    elif table is not None:
        expected = table.expected_band(case.violation.facts)
        if isinstance(expected, Band):
            rows.append(band_row(table.id, expected))
        if claim is not None:
            claimed = [b for b in table.bands if b.level == claim.level and claim.band in (None, b.name)]
            if len(claimed) == 1:
                rows.append(band_row(table.id, claimed[0]))
    for (_, item_code), entries in sorted(tables.lists.items()):
        if item_code == code:
            rows += [entry.id for entry in entries]
    return tuple(dict.fromkeys(rows))


def run_case(
    spec: Located, base: Any, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar, display: str
) -> CaseOutcome:
    rule_id = spec["rule"]
    name = spec["name"]
    expected = spec["expect"]
    profile = rulebook.name

    if rule_id not in {r.id for r in rulebook.rules}:
        raise RulebookError(
            display, spec.key_lines["rule"], "unknown-rule", f"规则 `{rule_id}` 不在规则集 {rulebook.name} 中"
        )
    document = apply_edits(base, spec, display)
    try:
        case = parse_case_file(json.dumps(document, ensure_ascii=False, default=str), f"{display}:{spec.line}")
    except CaseFileError as exc:
        raise RulebookError(display, spec.line, "bad-case", exc.render()) from None
    result = evaluate_case(case, rulebook, as_of, calendar, f"{display}:{spec.line}")
    actual, item = _actual(result, rule_id)
    problems = []
    if actual != expected:
        problems.append(f"expected {expected}, got {actual}")
        if item is not None:
            problems.append(f"  actual: {getattr(item, 'message', None) or getattr(item, 'reason', '')}")
    elif actual == "fire":
        if "message" in spec and item.message != spec["message"]:
            problems.append(f"message differs\n  - expected: {spec['message']}\n  + actual:   {item.message}")
        if "evidence" in spec and list(item.evidence) != list(spec["evidence"]):
            problems.append(
                f"evidence differs\n  - expected: {list(spec['evidence'])}\n  + actual:   {list(item.evidence)}"
            )
        basis = [c.text() for c in item.basis]
        if "basis" in spec and basis != list(spec["basis"]):
            problems.append(f"basis differs\n  - expected: {list(spec['basis'])}\n  + actual:   {basis}")
    elif actual == "undetermined" and "reason" in spec and item.reason != spec["reason"]:
        problems.append(f"reason differs\n  - expected: {spec['reason']}\n  + actual:   {item.reason}")
    status = "TODO" if "todo" in spec else "FAIL" if problems else "PASS"
    detail = "\n".join(problems)
    if "todo" in spec:  # like a strict xfail: say so when a known gap has been closed
        detail = spec["todo"] + ("" if problems else "\n(now meets its expectation: remove `todo`)")
    return CaseOutcome(
        display,
        spec.line,
        name,
        rule_id,
        status,
        expected,
        actual,
        detail,
        profile,
        observe(result),
        rows_touched(case, rulebook.tables),
        actual == "undetermined" or spec.get("unknown") is True,
        spec.get("boundary") is True,
    )


SCORE_DIFFERS = "severity and points differ\n  - expected: {}\n  + actual:   {}"


def rule_score(rule: Rule) -> str:
    """A rule's severity and points as a `scores` table writes them: `major 3`, `minor 0.5`, `veto`."""
    return "veto" if rule.severity == "veto" else f"{rule.severity} {rule.points:g}"


def score_outcomes(scores: Located, rulebook: Rulebook, display: str) -> list[CaseOutcome]:
    """One outcome per entry of a tests file's `scores` table: the rule's score in the profile as stated."""
    rules = {rule.id: rule for rule in rulebook.rules}
    outcomes = []
    for rule_id, expected in scores.items():
        line = scores.key_lines[rule_id]
        rule = rules.get(rule_id)
        if rule is None:
            error = RulebookError(display, line, "unknown-rule", f"规则 `{rule_id}` 不在规则集 {rulebook.name} 中")
            outcomes.append(_error_outcome(display, scores, error, rulebook.name, (line, "扣分", rule_id, expected)))
            continue
        actual = rule_score(rule)
        status, detail = ("PASS", "") if actual == expected else ("FAIL", SCORE_DIFFERS.format(expected, actual))
        outcomes.append(
            CaseOutcome(
                display, line, "扣分", rule_id, status, expected, actual, detail, rulebook.name, checks_score=True
            )
        )
    return outcomes


def _error_outcome(
    display: str, spec: Any, error: RulebookError, profile: str, what: tuple[int, str, str, str] | None = None
) -> CaseOutcome:
    """An ERROR outcome at the case's line (as for PASS and FAIL), or at `what` (line, name, rule, expected)."""
    line: int = getattr(spec, "line", 0) or error.line or 0
    name = spec.get("name", "?") if isinstance(spec, dict) else "?"
    rule = spec.get("rule", "?") if isinstance(spec, dict) else "?"
    expected = spec.get("expect", "?") if isinstance(spec, dict) else "?"
    if what is not None:
        line, name, rule, expected = what
    return CaseOutcome(
        display, line, str(name), str(rule), "ERROR", str(expected), "", error.render(), profile, error=error
    )


def run_file(path: Path, display: str, rulebook: Rulebook, calendar: WorkCalendar) -> list[CaseOutcome]:
    """Run one tests file against a rulebook. A problem in the file as a whole (YAML, schema, base case
    file) raises RulebookError; a case that cannot run (bad path, unknown rule, invalid case file) is
    an ERROR outcome and the other cases still run."""
    data = load_yaml(path, display)
    problems = schema_problems(data, "ruletests.schema.json", display)
    if problems:
        raise problems[0]
    base_path = (path.parent / data["base"]).resolve()
    try:
        base = json.loads(base_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulebookError(
            display, data.key_lines["base"], "bad-base", f"无法读取基础案卷 {data['base']}: {exc}"
        ) from None
    as_of = dt.date.fromisoformat(data["as_of"])
    bases: dict[str, Any] = {data["base"]: base}
    outcomes = score_outcomes(data["scores"], rulebook, display) if "scores" in data else []
    for spec in data["cases"]:
        try:
            case_base = base
            if "base" in spec:
                key = spec["base"]
                if key not in bases:
                    try:
                        bases[key] = json.loads((path.parent / key).read_text(encoding="utf-8"))
                    except (OSError, ValueError) as exc:
                        raise RulebookError(
                            display, spec.key_lines["base"], "bad-base", f"无法读取基础案卷 {key}: {exc}"
                        ) from None
                case_base = bases[key]
            outcomes.append(run_case(spec, case_base, rulebook, as_of, calendar, display))
        except RulebookError as exc:
            outcomes.append(_error_outcome(display, spec, exc, rulebook.name))
    return outcomes


# --- running the tests of profile chains -------------------------------------------------------


@dataclass
class ProfileRun:
    """One profile's own tests files, run against that profile."""

    profile: str
    folder: Path
    rulebook: Rulebook | None
    outcomes: list[CaseOutcome] = field(default_factory=list)
    errors: list[RulebookError] = field(default_factory=list)  # files that could not run at all
    files: list[str] = field(default_factory=list)


def chain_folders(name_or_path: str, rulebook: Rulebook) -> list[Path]:
    """The folders of a loaded profile's chain, root first (profiles extend sibling folders)."""
    leaf = resolve_profile(name_or_path).resolve()
    return [leaf.parent / name for name in rulebook.chain]


def _ancestors(folder: Path) -> list[str]:
    """The names up a profile's extends chain, read without loading it (stops at the first problem)."""
    names: list[str] = []
    while True:
        try:
            data = load_yaml(folder / "profile.yaml", display_path(folder / "profile.yaml"))
        except RulebookError:
            return names
        parent = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(parent, str) or parent in names:
            return names
        names.append(parent)
        folder = folder.parent / parent


def descendant_folders(profile: Path) -> list[Path]:
    """The profiles beside `profile` that extend it, directly or not, in name order."""
    profile = profile.resolve()
    return [
        candidate.parent
        for candidate in sorted(profile.parent.glob("*/profile.yaml"))
        if candidate.parent != profile and profile.name in _ancestors(candidate.parent)
    ]


class RuleTestRunner:
    """Runs each profile's tests once, however many chains share the profile."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._runs: dict[Path, ProfileRun] = {}

    def run_chain(self, name_or_path: str) -> tuple[Rulebook, list[ProfileRun]]:
        """Load a profile and run the tests of every profile that shares its rules: its chain (root
        first), then the profiles beside it that extend it. Each profile's tests run against itself."""
        rulebook = load_rulebook(name_or_path)
        runs = [self.run_folder(folder) for folder in chain_folders(name_or_path, rulebook)]
        for folder in descendant_folders(resolve_profile(name_or_path)):
            run = self.run_folder(folder)
            if run.rulebook is not None:  # a child that does not load is reported when it is tested itself
                runs.append(run)
        return rulebook, runs

    def run_folder(self, folder: Path) -> ProfileRun:
        folder = folder.resolve()
        if folder in self._runs:
            return self._runs[folder]
        try:
            rulebook = load_rulebook(str(folder))
        except RulebookError as exc:
            run = ProfileRun(folder.name, folder, None, errors=[exc])
            self._runs[folder] = run
            return run
        run = ProfileRun(rulebook.name, folder, rulebook)
        for path in sorted(folder.glob("*.tests.yaml")):
            display = display_path(path)
            run.files.append(display)
            try:
                run.outcomes += run_file(path, display, rulebook, self.calendar)
            except RulebookError as exc:
                run.errors.append(exc)
        self._runs[folder] = run
        return run


# --- coverage ----------------------------------------------------------------------------------

FIRE, NO_FIRE = "fire", "no-fire"


@dataclass(frozen=True)
class CoverageItem:
    """A rule or a table row, and the passing cases that showed it firing and not firing."""

    kind: str  # rule | band | fraction | list
    id: str
    title: str
    file: str
    line: int
    fired: tuple[str, ...]  # file:line of the cases
    not_fired: tuple[str, ...]
    unknown: tuple[str, ...] = ()  # rules: the cases on data the file does not give (table rows: not asked)
    # rules: the boundary cases (`boundary: true`) on each side, and the `scores` entries that state its score;
    # counted apart from coverage, which they do not change
    boundary_fired: tuple[str, ...] = ()
    boundary_not_fired: tuple[str, ...] = ()
    score_checked: tuple[str, ...] = ()

    @property
    def both_sides_of_a_boundary(self) -> bool:
        return bool(self.boundary_fired and self.boundary_not_fired)

    @property
    def covered(self) -> bool:
        return bool(self.fired and self.not_fired and (self.unknown or self.kind != "rule"))

    def missing(self) -> str:
        asked = [("触发用例", self.fired), ("不触发用例", self.not_fired)]
        if self.kind == "rule":
            asked.append(("数据未知用例", self.unknown))
        return "、".join(what for what, cases in asked if not cases)


@dataclass(frozen=True)
class Coverage:
    profile: str
    version: str
    items: tuple[CoverageItem, ...]

    def count(self, rules: bool) -> tuple[int, int]:
        chosen = [i for i in self.items if (i.kind == "rule") == rules]
        return sum(i.covered for i in chosen), len(chosen)

    @property
    def percent(self) -> float:
        if not self.items:
            return 100.0
        return 100.0 * sum(i.covered for i in self.items) / len(self.items)

    def summary(self) -> str:
        rules_covered, rules = self.count(True)
        rows_covered, rows = self.count(False)
        covered = rules_covered + rows_covered
        return (
            f"coverage {self.profile} {self.version}: rules {rules_covered}/{rules}, "
            f"table rows {rows_covered}/{rows}, total {covered}/{rules + rows} ({self.percent:.1f}%)"
        )

    def edges(self) -> tuple[int, int, int, int]:
        """Rules with boundary cases on both sides, boundary cases, rules whose score a `scores` table states, rules."""
        rules = [i for i in self.items if i.kind == "rule"]
        both = sum(i.both_sides_of_a_boundary for i in rules)
        cases = sum(len(i.boundary_fired) + len(i.boundary_not_fired) for i in rules)
        return both, cases, sum(bool(i.score_checked) for i in rules), len(rules)

    def edges_summary(self) -> str:
        both, cases, checked, rules = self.edges()
        return (
            f"boundaries {self.profile}: rules {both}/{rules} on both sides ({cases} boundary cases), "
            f"scores stated {checked}/{rules}"
        )

    def to_dict(self) -> dict[str, Any]:
        rules_covered, rules = self.count(True)
        rows_covered, rows = self.count(False)
        return {
            "profile": self.profile,
            "version": self.version,
            "rules": {"covered": rules_covered, "total": rules},
            "table_rows": {"covered": rows_covered, "total": rows},
            "percent": round(self.percent, 1),
            "boundaries": dict(zip(("rules_both_sides", "cases", "scores_stated", "rules"), self.edges())),
            "items": [
                {
                    "kind": i.kind,
                    "id": i.id,
                    "title": i.title,
                    "file": i.file,
                    "line": i.line,
                    "fired": list(i.fired),
                    "not_fired": list(i.not_fired),
                    "covered": i.covered,
                    **(
                        {
                            "boundary_fired": list(i.boundary_fired),
                            "boundary_not_fired": list(i.boundary_not_fired),
                            "score_checked": list(i.score_checked),
                        }
                        if i.kind == "rule"
                        else {}
                    ),
                }
                for i in self.items
            ],
        }


def rule_reads(rule: Rule, rulebook: Rulebook) -> set[str]:
    """Every fact a rule reads, through the derived classifications it names."""
    derived = {f"derived.{d.name}": d.expr.names for d in rulebook.derived}
    compiled = [rule.when, rule.require, rule.effective_on, *rule.message.parts]
    pending = [name for c in compiled if c is not None for name in c.names]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending += derived.get(name, ())
    return seen


def _kind_of_outcome(rule: Rule, outcome: str) -> str | None:
    """Whether an outcome shows the rule firing or not. A rule with no `require` only ever gives
    无法判定 where it applies: for it, undetermined is its firing and not-applicable its non-firing."""
    if rule.require is None:
        return {"undetermined": FIRE, "not-applicable": NO_FIRE}.get(outcome)
    return {"fire": FIRE, "pass": NO_FIRE}.get(outcome)


def table_row_lines(rulebook: Rulebook) -> dict[str, tuple[str, str, str, int]]:
    """Row id -> (kind, title, file, line) for every row of the rulebook's tables."""
    rows: dict[str, tuple[str, str, str, int]] = {}
    sources: dict[str, Any] = {}

    def source(display: str) -> Any:
        if display not in sources:
            sources[display] = load_yaml(Path(display), display)
        return sources[display]

    tables = {t.id: t for t in rulebook.tables.discretion.values()}.values()
    for table in sorted(tables, key=lambda t: (t.file, t.line)):
        specs = [s for s in source(table.file).get("discretion", []) if s.get("id") == table.id]
        spec = specs[0] if specs else {}
        if table.model == "fraction":
            for level in table_fractions(table, rulebook.tables):
                line = line_of(spec, ["fractions", level]) or table.line
                rows[fraction_row(table.id, level)] = ("fraction", f"{table.title}：{level}", table.file, line)
        for index, band in enumerate(table.bands):
            line = line_of(spec, ["bands", index]) or table.line
            rows[band_row(table.id, band)] = ("band", f"{table.title}：{band.level} {band.name}", table.file, line)
    entries = {e.id: e for group in rulebook.tables.lists.values() for e in group}
    for entry in sorted(entries.values(), key=lambda e: (e.file, e.line)):
        rows[entry.id] = ("list", f"{entry.list}：{entry.title}", entry.file, entry.line)
    key_rows = {r.id: r for r in rulebook.tables.key_items.values()}
    for key_row in sorted(key_rows.values(), key=lambda r: (r.file, r.line)):
        rows[key_items_row(key_row.id)] = ("table", f"重点检查事项：{key_row.title}", key_row.file, key_row.line)
    random_rows = {r.id: r for r in rulebook.tables.random_checks.values()}
    for random_row in sorted(random_rows.values(), key=lambda r: (r.file, r.line)):
        rows[random_checks_row(random_row.id)] = (
            "table",
            f"随机抽查事项清单：{random_row.title}",
            random_row.file,
            random_row.line,
        )
    return rows


def _rows_shown(outcome: CaseOutcome, names: set[str]) -> list[str]:
    """The table rows whose firing or not a case shows: those it goes through, of the tables its rule reads."""
    reads_bands = any(n.startswith("baseline.") for n in names)
    reads_lists = any(n.startswith("exemption.") for n in names)
    reads_key_items = any(n in KEY_ITEM_FACTS for n in names)
    reads_random_checks = any(n in RANDOM_CHECK_FACTS for n in names)
    shown = []
    for row in outcome.rows:
        if row.startswith("key-items:"):
            reads = reads_key_items
        elif row.startswith("random-checks:"):
            reads = reads_random_checks
        else:
            reads = reads_lists if "/" not in row else reads_bands
        if reads:
            shown.append(row)
    return shown


def coverage(rulebook: Rulebook, runs: Iterable[ProfileRun]) -> Coverage:
    """Which rules and table rows of `rulebook` have a passing case that fires and one that does not,
    and, for a rule, one on data the file does not give (无法判定, or a case marked `unknown: true`).

    A case covers the rule it asserts. It covers a table row when the rule it asserts reads that
    table (`baseline.*` for discretion bands, `exemption.*` for list entries) and the case goes
    through the row: the rule's firing or not is then the row's. Boundary cases and stated scores
    are gathered per rule beside coverage, which they do not change."""
    rules = {rule.id: rule for rule in rulebook.rules}
    cases: dict[str, list[str]] = {}  # (what, rule id or "\0" + row) -> file:line of the passing cases

    def add(what: str, key: str, where: str) -> None:
        cases.setdefault(f"{what}\0{key}", []).append(where)

    reads = {rule.id: rule_reads(rule, rulebook) for rule in rulebook.rules}
    for run in runs:
        for outcome in run.outcomes:
            rule = rules.get(outcome.rule)
            if outcome.status != "PASS" or rule is None:
                continue
            where = f"{outcome.file}:{outcome.line}"
            if outcome.checks_score and outcome.expected == rule_score(rule):  # a parent's, if the profile agrees
                add("score", rule.id, where)
            if outcome.unknown:
                add("unknown", rule.id, where)
            kind = _kind_of_outcome(rule, outcome.actual)
            if outcome.boundary:  # an edge of `when` or of the period in force is one too: any other outcome
                add("boundary-" + (FIRE if kind == FIRE else NO_FIRE), rule.id, where)
            if kind is None:
                continue
            add(kind, rule.id, where)
            for row in _rows_shown(outcome, reads[rule.id]):
                add(kind, "\0" + row, where)

    def found(what: str, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(cases.get(f"{what}\0{key}", [])))

    items = [
        CoverageItem(
            "rule",
            rule.id,
            rule.title,
            rule.file,
            rule.line,
            found(FIRE, rule.id),
            found(NO_FIRE, rule.id),
            found("unknown", rule.id),
            found("boundary-" + FIRE, rule.id),
            found("boundary-" + NO_FIRE, rule.id),
            found("score", rule.id),
        )
        for rule in rulebook.rules
    ]
    for row, (kind, title, file, line) in table_row_lines(rulebook).items():
        key = "\0" + row
        items.append(CoverageItem(kind, row, title, file, line, found(FIRE, key), found(NO_FIRE, key)))
    return Coverage(rulebook.name, rulebook.version, tuple(items))


# --- reports -----------------------------------------------------------------------------------


@dataclass
class RuleTestReport:
    """Everything `pingcha rules test` found: the cases, the files that could not run, coverage."""

    runs: list[ProfileRun]
    coverages: list[Coverage]
    load_errors: list[RulebookError] = field(default_factory=list)  # named profiles that did not load
    min_coverage: float | None = None

    @property
    def outcomes(self) -> list[CaseOutcome]:
        return [o for run in self.runs for o in run.outcomes]

    @property
    def errors(self) -> list[RulebookError]:
        return self.load_errors + [e for run in self.runs for e in run.errors]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        counts["ERROR"] += len(self.errors)
        return counts

    def below_minimum(self) -> list[Coverage]:
        if self.min_coverage is None:
            return []
        return [c for c in self.coverages if round(c.percent, 1) < self.min_coverage]

    def summary(self) -> str:
        counts = self.counts()
        line = f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['TODO']} todo"
        errors = counts["ERROR"]
        return line + (f", {errors} error{'' if errors == 1 else 's'}" if errors else "")


def run_tests(names: Sequence[str], calendar: WorkCalendar, min_coverage: float | None = None) -> RuleTestReport:
    """Run the tests of every named profile's chain (each profile's tests once) and measure coverage."""
    runner = RuleTestRunner(calendar)
    runs: dict[Path, ProfileRun] = {}
    coverages = []
    load_errors = []
    for name in names:
        try:
            rulebook, chain_runs = runner.run_chain(name)
        except RulebookError as exc:
            load_errors.append(exc)
            continue
        for run in chain_runs:
            runs.setdefault(run.folder, run)
        coverages.append(coverage(rulebook, chain_runs))
    return RuleTestReport(list(runs.values()), coverages, load_errors, min_coverage)


def _unshown(lines: Iterable[str], shown: set[str]) -> tuple[list[str], int]:
    """The lines not yet shown for another profile, and how many were (inherited rules are listed once)."""
    new = [line for line in dict.fromkeys(lines) if line not in shown]
    repeated = len(dict.fromkeys(lines)) - len(new)
    shown.update(new)
    return new, repeated


def one_sided_boundary(item: CoverageItem) -> str | None:
    """What a rule with boundary cases on one side only lacks."""
    if item.boundary_fired and not item.boundary_not_fired:
        return "界值用例只有触发一侧，缺少界值另一侧不触发的用例"
    if item.boundary_not_fired and not item.boundary_fired:
        return "界值用例只有不触发一侧，缺少越过界值而触发的用例"
    return None


def coverage_lines(cov: Coverage, shown: set[str]) -> list[str]:
    """A profile's coverage line and what it lacks, then its boundary line and the one-sided boundaries."""
    missing = [f"  {i.file}:{i.line}: {i.kind} {i.id}: 缺少{i.missing()}" for i in cov.items if not i.covered]
    lines, repeated = _unshown(missing, shown)
    if repeated:
        lines.append(f"  （另有 {repeated} 项继承的规则或表格行未覆盖，已在上文列出）")
    one_sided = [
        f"  {i.file}:{i.line}: rule {i.id}: {lack}" for i in cov.items if (lack := one_sided_boundary(i)) is not None
    ]
    edges, _ = _unshown(one_sided, shown)
    return [cov.summary(), *lines, cov.edges_summary(), *edges]


def render_text(report: RuleTestReport) -> str:
    lines = []
    for run in report.runs:
        for outcome in run.outcomes:
            lines.append(outcome.header())
            if outcome.detail:
                lines.append("    " + outcome.detail.replace("\n", "\n    "))
    for error in report.errors:
        lines.append("ERROR " + error.render().replace("\n", "\n    "))
    shown: set[str] = set()
    for cov in report.coverages:
        lines += coverage_lines(cov, shown)
    for cov in report.below_minimum():
        lines.append(f"coverage {cov.percent:.1f}% of {cov.profile} is below --min-coverage {report.min_coverage:g}%")
    lines.append(report.summary())
    return "\n".join(lines)


def report_to_dict(report: RuleTestReport) -> dict[str, Any]:
    counts = report.counts()
    return {
        "summary": {
            "passed": counts["PASS"],
            "failed": counts["FAIL"],
            "todo": counts["TODO"],
            "errors": counts["ERROR"],
        },
        "cases": [
            {
                "profile": o.profile,
                "file": o.file,
                "line": o.line,
                "name": o.name,
                "rule": o.rule,
                "status": o.status,
                "expected": o.expected,
                "actual": o.actual,
                "detail": o.detail,
                "boundary": o.boundary,
            }
            for o in report.outcomes
        ],
        "errors": [e.to_dict() for e in report.errors],
        "coverage": [c.to_dict() for c in report.coverages],
        "min_coverage": report.min_coverage,
        "below_min_coverage": [c.profile for c in report.below_minimum()],
    }


def to_junit(report: RuleTestReport) -> str:
    """JUnit XML for CI systems: a testsuite per tests file, TODO as skipped, coverage as its own suite."""
    suites = ET.Element("testsuites", name="pingcha rules test")
    by_file: dict[str, list[CaseOutcome]] = {}
    for outcome in report.outcomes:
        by_file.setdefault(outcome.file, []).append(outcome)
    total = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)

    def suite(name: str, cases: int, failures: int, errors: int, skipped: int) -> ET.Element:
        for key, value in (("tests", cases), ("failures", failures), ("errors", errors), ("skipped", skipped)):
            total[key] += value
        return ET.SubElement(
            suites,
            "testsuite",
            name=name,
            tests=str(cases),
            failures=str(failures),
            errors=str(errors),
            skipped=str(skipped),
        )

    for file, outcomes in by_file.items():
        statuses = [o.status for o in outcomes]
        element = suite(file, len(outcomes), statuses.count("FAIL"), statuses.count("ERROR"), statuses.count("TODO"))
        for o in outcomes:
            case = ET.SubElement(
                element,
                "testcase",
                classname=f"{o.profile}.{Path(o.file).name.removesuffix('.tests.yaml')}",
                name=f"{o.rule}: {o.name}",
                file=o.file,
                line=str(o.line),
            )
            if o.status == "FAIL":
                ET.SubElement(
                    case, "failure", message=o.detail.splitlines()[0] if o.detail else "failed"
                ).text = o.detail
            elif o.status == "ERROR":
                ET.SubElement(case, "error", message=o.detail.splitlines()[0]).text = o.detail
            elif o.status == "TODO":
                ET.SubElement(case, "skipped", message=f"todo: {o.detail.splitlines()[0]}").text = o.detail
    if report.errors:
        element = suite("rulebook", len(report.errors), 0, len(report.errors), 0)
        for error in report.errors:
            case = ET.SubElement(element, "testcase", classname="rulebook", name=error.location(), file=error.file)
            ET.SubElement(case, "error", message=f"{error.code}: {error.message.splitlines()[0]}").text = error.render()
    if report.coverages:
        below = {c.profile for c in report.below_minimum()}
        element = suite("coverage", len(report.coverages), len(below), 0, 0)
        for cov in report.coverages:
            case = ET.SubElement(element, "testcase", classname="coverage", name=cov.profile)
            ET.SubElement(case, "system-out").text = cov.summary()
            if cov.profile in below:
                ET.SubElement(
                    case, "failure", message=f"coverage {cov.percent:.1f}% is below {report.min_coverage:g}%"
                ).text = "\n".join(
                    f"{i.file}:{i.line}: {i.kind} {i.id}: 缺少{i.missing()}" for i in cov.items if not i.covered
                )
    for key, value in total.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
