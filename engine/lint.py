"""`pingcha rules lint`: what can be known about a rulebook before it meets a real case file.

Four passes over each profile chain, every problem reported with file:line:
1. load — the loader itself in collecting mode: YAML, the JSON Schemas (legal basis included), unique
   ids, every expression and message placeholder compiled against the fact model (did-you-mean);
2. text — things the loader accepts but an author did not mean: unbalanced `{` `}` in messages, rule
   tests files that do not validate or sit beside no rules file;
3. tables — discretion bands that overlap (one case, two bands, the first silently wins), fraction
   levels that overlap, and gaps in tables declared `complete: true`; bands outside the statutory range;
4. use and behaviour (only once there are no errors) — parameters and derived classifications nothing
   reads, and rules that never fire or always fire on the example case files and the rule tests.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import math
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from . import resources
from .casefile import CaseFile, load_case_file, parse_case_file
from .errors import CaseFileError, InputFileError, RulebookError
from .evaluate import evaluate_case
from .expr import format_value
from .judgements.items import JudgementItem
from .laws import ANY_FIELD, CASES_FROM, LawVersion, in_force
from .rulebook import (
    PHASED_CASE_TYPE,
    PLACEHOLDER,
    Rule,
    Rulebook,
    display_path,
    load_rulebook,
    resolve_profile,
    schema_problems,
)
from .ruletest import ProfileRun, RuleTestRunner, chain_folders, descendant_folders, observe
from .workcal import WorkCalendar
from .yamlsrc import Located, load_yaml

ERROR, WARNING = "error", "warning"
LEVEL_ORDER = ("减轻", "从轻", "一般", "从重")
_MAX_GAPS_SHOWN = 3


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One lint problem: where, how bad, a stable code, a message for the rule author, a hint."""

    file: str
    line: int
    severity: str  # error | warning
    code: str
    message: str
    help: str | None = None
    profiles: tuple[str, ...] = ()  # the profiles whose view found it (checks of use and behaviour)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self) -> str:
        """The message, naming the profiles when the finding depends on the profile."""
        return self.message + (f"（规则集 {'、'.join(self.profiles)}）" if self.profiles else "")

    def headline(self) -> str:
        return f"{self.location()}: {self.severity}[{self.code}]: {self.text().splitlines()[0]}"

    def render(self) -> str:
        lines = [self.headline(), *self.text().splitlines()[1:]]
        if self.help:
            lines.append(f"  help: {self.help}")
        return "\n".join(lines)


@dataclass
class LintReport:
    profiles: list[str]
    files: list[str]
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for d in self.diagnostics)

    def summary(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} "
            f"({plural(len(self.profiles), 'profile')}: {', '.join(self.profiles)}; {plural(len(self.files), 'file')})"
        )


def _from_error(error: RulebookError) -> Diagnostic:
    return Diagnostic(error.file, error.line or 0, ERROR, _refine(error), error.message, error.help)


def _placeholder(d: Diagnostic, messages: set[tuple[str, int]]) -> Diagnostic:
    """An expression error on a rule's `message` line is in one of its {placeholders}."""
    if (d.file, d.line) in messages and d.code in ("expression", "unknown-fact", "unknown-function", "unknown-value"):
        return replace(d, code="bad-placeholder", message=f"message 占位符：{d.message}")
    return d


def _refine(error: RulebookError) -> str:
    """A more precise code than the loader's for the commonest problems (the loader keeps its codes)."""
    message = error.message
    if error.code == "expression":
        if message.startswith("未知事实"):
            return "unknown-fact"
        if message.startswith("未知函数"):
            return "unknown-function"
        if "不是该事实的取值之一" in message.splitlines()[0]:
            return "unknown-value"
    if error.code == "schema" and (
        "'basis' is a required property" in message or (".basis" in message and "should be non-empty" in message)
    ):
        return "no-basis"
    return error.code


# --- the raw YAML of a chain, for what the loaded rulebook does not keep (lines, declarations) --------


@dataclass
class _Raw:
    """The YAML files of one profile chain, as loaded (files that do not parse are left out)."""

    profiles: list[tuple[Path, Any]] = field(default_factory=list)  # (folder, profile.yaml data)
    rules: list[tuple[str, Any]] = field(default_factory=list)  # (display, data)
    tables: list[tuple[str, Any]] = field(default_factory=list)
    tests: list[tuple[Path, str]] = field(default_factory=list)  # (path, display)
    files: list[str] = field(default_factory=list)


def _load_raw(folders: Iterable[Path]) -> _Raw:
    raw = _Raw()
    for folder in folders:
        for path in [
            folder / "profile.yaml",
            *sorted(folder.glob("*.rules.yaml")),
            *sorted(folder.glob("*.tables.yaml")),
        ]:
            display = display_path(path)
            raw.files.append(display)
            try:
                data = load_yaml(path, display)
            except RulebookError:
                continue  # reported by the loader
            if not isinstance(data, Located):
                continue
            if path.name == "profile.yaml":
                raw.profiles.append((folder, data))
            elif path.name.endswith(".rules.yaml"):
                raw.rules.append((display, data))
            else:
                raw.tables.append((display, data))
        for path in sorted(folder.glob("*.tests.yaml")):
            raw.tests.append((path, display_path(path)))
            raw.files.append(display_path(path))
    return raw


def _items(data: Any, key: str) -> list[Located]:
    value = data.get(key) if isinstance(data, dict) else None
    return [item for item in value or [] if isinstance(item, Located)]


# --- pass 2: text --------------------------------------------------------------------------------


def _check_messages(raw: _Raw) -> list[Diagnostic]:
    found = []
    for display, data in raw.rules:
        for spec in _items(data, "rules"):
            message = spec.get("message")
            if not isinstance(message, str):
                continue
            rest = PLACEHOLDER.sub("", message)
            if "{" in rest or "}" in rest:
                found.append(
                    Diagnostic(
                        display,
                        spec.key_lines.get("message", spec.line),
                        ERROR,
                        "bad-placeholder",
                        f"规则 `{spec.get('id')}` 的 message 中有不成对或空的花括号：{message}",
                        "a placeholder is {expression}, e.g. {decision.fine}; braces cannot be nested or empty",
                    )
                )
    return found


def _check_tests_files(raw: _Raw) -> list[Diagnostic]:
    found = []
    for path, display in raw.tests:
        try:
            data = load_yaml(path, display)
        except RulebookError as exc:
            found.append(_from_error(exc))
            continue
        found += [_from_error(p) for p in schema_problems(data, "ruletests.schema.json", display)]
        stem = path.name.removesuffix(".tests.yaml")
        # profile.tests.yaml tests the numbers a profile sets without rules of its own (overrides, parameters)
        tested = (".rules.yaml", ".tables.yaml", ".yaml") if stem == "profile" else (".rules.yaml", ".tables.yaml")
        if not any((path.parent / f"{stem}{suffix}").is_file() for suffix in tested):
            found.append(
                Diagnostic(
                    display,
                    1,
                    WARNING,
                    "orphan-tests",
                    f"规则测试文件旁没有 {stem}.rules.yaml 或 {stem}.tables.yaml",
                    "name a tests file after the rules (or tables) file it tests, in the same folder",
                )
            )
    return found


# --- pass 3: tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A set of numbers between two bounds, each open or closed (±inf for none)."""

    lo: float = -math.inf
    lo_closed: bool = False
    hi: float = math.inf
    hi_closed: bool = False

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def __and__(self, other: Interval) -> Interval:
        if self.lo != other.lo:
            lo, lo_closed = max((self.lo, self.lo_closed), (other.lo, other.lo_closed), key=lambda b: b[0])
        else:
            lo, lo_closed = self.lo, self.lo_closed and other.lo_closed
        if self.hi != other.hi:
            hi, hi_closed = min((self.hi, self.hi_closed), (other.hi, other.hi_closed), key=lambda b: b[0])
        else:
            hi, hi_closed = self.hi, self.hi_closed and other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed)

    def contains(self, x: float) -> bool:
        above = x > self.lo or (x == self.lo and self.lo_closed)
        below = x < self.hi or (x == self.hi and self.hi_closed)
        return above and below

    def text(self, name: str) -> str:
        lo, hi = format_value(float(self.lo)), format_value(float(self.hi))
        if self.lo == -math.inf and self.hi == math.inf:
            return f"{name} 任意"
        if self.lo == self.hi:
            return f"{name} = {lo}"
        if self.lo == -math.inf:
            return f"{name} {'≤' if self.hi_closed else '<'} {hi}"
        if self.hi == math.inf:
            return f"{name} {'≥' if self.lo_closed else '>'} {lo}"
        return f"{name} ∈ {'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"


_OPS = {
    "lt": lambda v: Interval(hi=v),
    "lte": lambda v: Interval(hi=v, hi_closed=True),
    "gt": lambda v: Interval(lo=v),
    "gte": lambda v: Interval(lo=v, lo_closed=True),
}

Box = dict[str, Interval]


def _box(when: Any) -> Box:
    box: Box = {}
    for key, ops in (when or {}).items():
        interval = Interval()
        for op, value in ops.items():
            interval = interval & _OPS[op](float(value))
        box[key] = interval
    return box


def _meet(a: Box, b: Box) -> Box | None:
    """The facts both boxes match, or None when no case matches both."""
    common = {}
    for key in sorted(set(a) | set(b)):
        both = a.get(key, Interval()) & b.get(key, Interval())
        if both.empty:
            return None
        common[key] = both
    return common


def _box_text(box: Box) -> str:
    return "，".join(interval.text(key) for key, interval in box.items()) or "任何情节"


def _pieces(intervals: Iterable[Interval]) -> list[Interval]:
    """The elementary pieces of the number line cut at every bound: (-inf, b1), [b1], (b1, b2), …"""
    bounds = sorted({b for i in intervals for b in (i.lo, i.hi) if math.isfinite(b)})
    if not bounds:
        return [Interval()]
    pieces = [Interval(hi=bounds[0])]
    for low, high in itertools.pairwise(bounds):
        pieces += [Interval(low, True, low, True), Interval(lo=low, hi=high)]
    pieces += [Interval(bounds[-1], True, bounds[-1], True), Interval(lo=bounds[-1])]
    return pieces


def _sample(piece: Interval) -> float:
    if piece.lo == piece.hi:
        return piece.lo
    if piece.lo == -math.inf:
        return piece.hi - 1
    if piece.hi == math.inf:
        return piece.lo + 1
    return (piece.lo + piece.hi) / 2


def _gaps(boxes: list[Box]) -> list[Box]:
    """The regions of fact space no box covers (adjacent regions merged when there is one fact)."""
    keys = sorted({k for box in boxes for k in box})
    if not keys:
        return [] if boxes else [{}]
    axes = [_pieces(box[k] for box in boxes if k in box) for k in keys]
    uncovered: list[Box] = []
    for pieces in itertools.product(*axes):
        point = {k: _sample(piece) for k, piece in zip(keys, pieces, strict=True)}
        if not any(all(box.get(k, Interval()).contains(point[k]) for k in keys) for box in boxes):
            uncovered.append(dict(zip(keys, pieces, strict=True)))
    merged: list[Box] = []  # neighbouring cells that differ only in the last fact become one region
    last_key = keys[-1]
    for cell in uncovered:
        if merged:
            previous = merged[-1]
            before, piece = previous[last_key], cell[last_key]
            same_rest = all(previous[k] == cell[k] for k in keys[:-1])
            if same_rest and before.hi == piece.lo and (before.hi_closed or piece.lo_closed):
                merged[-1] = {**previous, last_key: Interval(before.lo, before.lo_closed, piece.hi, piece.hi_closed)}
                continue
        merged.append(cell)
    return merged


def _gap_message(what: str, gaps: list[Box]) -> str:
    shown = "；".join(_box_text(g) for g in gaps[:_MAX_GAPS_SHOWN])
    more = f"（另有 {len(gaps) - _MAX_GAPS_SHOWN} 处）" if len(gaps) > _MAX_GAPS_SHOWN else ""
    return f"{what}：{shown}{more}"


def _range_text(low: float, high: float) -> str:
    return f"{format_value(float(low))}—{format_value(float(high))}"


def _check_fractions(display: str, owner: Located, what: str) -> list[Diagnostic]:
    """The level shares of a fraction table or scheme: each within 0—1, no two overlapping, in order."""
    found = []
    fractions = owner.get("fractions") or {}
    lines = fractions.key_lines if isinstance(fractions, Located) else {}
    levels = sorted(fractions, key=lambda lv: LEVEL_ORDER.index(lv) if lv in LEVEL_ORDER else 99)
    for level in levels:
        low, high = fractions[level]
        if not 0 <= low <= high <= 1:
            found.append(
                Diagnostic(
                    display,
                    lines.get(level, owner.line),
                    ERROR,
                    "bad-fraction",
                    f"{what} 阶次“{level}”的比例区间 [{low}, {high}] 须满足 0 ≤ 下限 ≤ 上限 ≤ 1",
                )
            )
    for first, second in itertools.combinations(levels, 2):
        (a_low, a_high), (b_low, b_high) = fractions[first], fractions[second]
        low, high = max(a_low, b_low), min(a_high, b_high)
        if low < high:
            found.append(
                Diagnostic(
                    display,
                    lines.get(second, owner.line),
                    ERROR,
                    "band-overlap",
                    f"{what} 阶次“{second}”与“{first}”（第 {lines.get(first, owner.line)} 行）的比例区间重叠："
                    f"{_range_text(low, high)}",
                    "fraction levels may share an end point but not a stretch of the statutory range",
                )
            )
        elif first != "减轻" and b_high < a_low:
            found.append(
                Diagnostic(
                    display,
                    lines.get(second, owner.line),
                    WARNING,
                    "level-order",
                    f"{what} 阶次“{second}”的比例区间低于“{first}”",
                    f"levels run {' < '.join(LEVEL_ORDER)}",
                )
            )
    return found


def _fraction_gaps(display: str, table: Located, fractions: dict[str, Any], what: str) -> list[Diagnostic]:
    """For a table declared complete: 从轻、一般、从重 (减轻 lies below the range) must cover 0—1."""
    ordered = sorted((tuple(r) for lv, r in fractions.items() if lv != "减轻"), key=lambda r: (r[0], r[1]))
    reach, holes = 0.0, []
    for low, high in ordered:
        if low > reach:
            holes.append((reach, low))
        reach = max(reach, high)
    if reach < 1:
        holes.append((reach, 1.0))
    if not holes:
        return []
    return [
        Diagnostic(
            display,
            table.key_lines.get("complete", table.line),
            ERROR,
            "band-gap",
            f"{what} 声明 complete，但法定幅度的以下比例没有对应阶次："
            + "、".join(_range_text(a, b) for a, b in holes),
            "从轻、一般、从重 together must cover the statutory range from 0 to 1",
        )
    ]


def _check_band_table(display: str, spec: Located) -> list[Diagnostic]:
    found = []
    table = spec.get("id")
    bands = [b for b in spec.get("bands") or [] if isinstance(b, Located)]
    statutory = spec.get("statutory") or {}
    boxes = [_box(b.get("when")) for b in bands]
    names: dict[str, int] = {}
    for band in bands:
        name = str(band.get("name"))
        if name in names:
            found.append(
                Diagnostic(
                    display,
                    band.line,
                    ERROR,
                    "duplicate-band",
                    f"裁量基准 `{table}` 的情形“{name}”重复（已在第 {names[name]} 行定义）",
                )
            )
        names.setdefault(name, band.line)
        for kind, (low, high) in (band.get("fine") or {}).items():
            if kind not in statutory:
                found.append(
                    Diagnostic(
                        display,
                        band.line,
                        ERROR,
                        "band-outside-statutory",
                        f"裁量基准 `{table}` 的情形“{name}”有{kind}的罚款幅度，但 statutory 中没有{kind}的法定幅度",
                    )
                )
                continue
            s_low, s_high = statutory[kind]
            if high > s_high or (low < s_low and band.get("level") != "减轻"):
                found.append(
                    Diagnostic(
                        display,
                        band.line,
                        ERROR,
                        "band-outside-statutory",
                        f"裁量基准 `{table}` 情形“{name}”的{kind}罚款幅度 {_range_text(low, high)} 元"
                        f"超出法定幅度 {_range_text(s_low, s_high)} 元",
                        "only a 减轻 band may go below the statutory minimum, and none above the maximum",
                    )
                )
    for (i, first), (j, second) in itertools.combinations(enumerate(bands), 2):
        kinds = [k for k in ("个人", "单位") if k in (first.get("fine") or {}) and k in (second.get("fine") or {})]
        common = _meet(boxes[i], boxes[j]) if kinds else None
        if common is not None:
            found.append(
                Diagnostic(
                    display,
                    second.line,
                    ERROR,
                    "band-overlap",
                    f"裁量基准 `{table}` 的情形“{second.get('name')}”与“{first.get('name')}”（第 {first.line} 行）"
                    f"对{'、'.join(kinds)}适用于相同的情节：{_box_text(common)}",
                    "a case with these facts gets the first band that matches; make the conditions exclusive "
                    "(e.g. lt: 0.1 in one band, gte: 0.1 in the next)",
                )
            )
    if spec.get("complete"):
        for kind in ("个人", "单位"):
            if kind not in statutory:
                continue
            own = [boxes[i] for i, band in enumerate(bands) if kind in (band.get("fine") or {})]
            gaps = _gaps(own)
            if gaps:
                found.append(
                    Diagnostic(
                        display,
                        spec.key_lines.get("complete", spec.line),
                        ERROR,
                        "band-gap",
                        _gap_message(f"裁量基准 `{table}` 声明 complete，但{kind}的以下情节没有对应情形", gaps),
                        "add a band for these facts, or drop `complete: true` if the baseline really leaves them open",
                    )
                )
    return found


def _check_tables(raw: _Raw) -> list[Diagnostic]:
    found = []
    valid = [(d, data) for d, data in raw.tables if not schema_problems(data, "tables.schema.json", d)]
    # (files with schema problems are reported by the loader; their rows may not have the shape used here)
    schemes: dict[str, Located] = {}
    for display, data in valid:
        for spec in _items(data, "schemes"):
            schemes[spec["id"]] = spec
            found += _check_fractions(display, spec, f"裁量模式 `{spec['id']}`")
    seen: dict[str, tuple[str, int, Any]] = {}  # table or list-entry id -> where, what it covers
    for display, data in valid:
        for spec in _items(data, "discretion"):
            what = f"裁量基准 `{spec['id']}`"
            if spec["model"] == "fact-pattern":
                found += _check_band_table(display, spec)
            elif "fractions" in spec:
                found += _check_fractions(display, spec, what)
            if spec["model"] == "fraction" and spec.get("complete"):
                scheme = schemes.get(spec.get("scheme", ""))
                fractions = spec.get("fractions") or (scheme.get("fractions") if scheme else None)
                if fractions is not None:
                    found += _fraction_gaps(display, spec, fractions, what)
        for spec in [*_items(data, "discretion"), *_items(data, "lists")]:
            covers = spec.get("item_code") or sorted(spec.get("item_codes") or [])
            where = seen.get(spec["id"])
            same_folder = where is not None and Path(where[0]).parent == Path(display).parent
            if where is not None and (same_folder or where[2] != covers):
                found.append(
                    Diagnostic(
                        display,
                        spec.line,
                        ERROR,
                        "duplicate-id",
                        f"表格编号 `{spec['id']}` 重复（已在 {where[0]}:{where[1]} 定义）",
                        "a child profile may reuse an id only to replace the same item",
                    )
                )
            seen[spec["id"]] = (display, spec.line, covers)
    return found


# --- pass 4: use and behaviour -------------------------------------------------------------------


def _check_use(rulebook: Rulebook, raw: _Raw) -> list[Diagnostic]:
    used: set[str] = set()
    for rule in rulebook.rules:
        for compiled in (rule.when, rule.require, rule.effective_on, *rule.message.parts):
            if compiled is not None:
                used.update(compiled.names)
    for derived in rulebook.derived:
        used.update(derived.expr.names)
    where: dict[tuple[str, str], tuple[str, int, Any]] = {}
    own = display_path(raw.profiles[-1][0] / "profile.yaml") if raw.profiles else ""
    for folder, data in raw.profiles:  # root first: the last definition is the one in force
        display = display_path(folder / "profile.yaml")
        for section in ("parameters", "derived"):
            block = data.get(section)
            if not isinstance(block, Located):
                continue
            for name, spec in block.items():
                where[(section, name)] = (display, block.key_lines.get(name, block.line), spec)
    found = []
    for (section, name), (display, line, spec) in sorted(where.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        fact = f"{'param' if section == 'parameters' else 'derived'}.{name}"
        if fact in used or (isinstance(spec, dict) and spec.get("used_by")):
            continue
        if display != own:
            continue  # an ancestor's definition (checked with the ancestor), unused where a descendant replaced its reader
        if section == "parameters":
            found.append(
                Diagnostic(
                    display,
                    line,
                    WARNING,
                    "unused-parameter",
                    f"参数 `{name}` 没有被任何规则或派生分类使用",
                    "use it as param." + name + " in a rule, delete it, or — if an engine feature such as "
                    "sampling or the report reads it — declare `used_by: <feature>`",
                    (rulebook.name,),
                )
            )
        else:
            found.append(
                Diagnostic(
                    display,
                    line,
                    WARNING,
                    "unused-derived",
                    f"派生分类 `{name}` 没有被任何规则或其他派生分类使用",
                    f"use it as derived.{name} in a rule's when or require, or delete it",
                    (rulebook.name,),
                )
            )
    return found


def example_files(folder: Path | None = None) -> list[Path]:
    """The example case files lint evaluates (the bundled ones unless a folder is given)."""
    folder = folder or resources.casefiles_dir() / "examples"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _check_behaviour(
    rulebook: Rulebook, runs: list[ProfileRun], examples: Sequence[Path], as_of: dt.date, calendar: WorkCalendar
) -> list[Diagnostic]:
    fires: dict[str, int] = {rule.id: 0 for rule in rulebook.rules}
    passes: dict[str, int] = dict(fires)
    scored = 0
    for observed in _example_outcomes(rulebook, examples, as_of, calendar):
        scored += 1
        for rule_id, seen in observed.items():
            fires[rule_id] += seen == "fire"
            passes[rule_id] += seen == "pass"
    found = _check_remedies(rulebook, {rule_id for rule_id, n in fires.items() if n}, scored)
    cases = 0
    for run in runs:
        for case_outcome in run.outcomes:
            if not case_outcome.observed:
                continue
            cases += 1
            for rule_id, seen in case_outcome.observed.items():
                if rule_id in fires:
                    fires[rule_id] += seen == "fire"
                    passes[rule_id] += seen == "pass"
    corpus = f" {scored} 份示例案卷和 {cases} 个规则测试用例"
    for rule in rulebook.rules:
        if rule.require is None:
            continue  # a rule that only ever says 无法判定 (law not yet encoded)
        if fires[rule.id] == 0:
            found.append(
                Diagnostic(
                    rule.file,
                    rule.line,
                    WARNING,
                    "never-fires",
                    f"规则 `{rule.id}` 在{corpus}中从未产生问题",
                    "add a rule test with `expect: fire`; if none can be written, the rule cannot fire in this profile (check when and require, or list it under disable)",
                    (rulebook.name,),
                )
            )
        elif passes[rule.id] == 0:
            found.append(
                Diagnostic(
                    rule.file,
                    rule.line,
                    WARNING,
                    "always-fires",
                    f"规则 `{rule.id}` 在{corpus}中只要适用就产生问题，从未通过",
                    "add a rule test with `expect: pass`; if none can be written, the requirement can never be met",
                    (rulebook.name,),
                )
            )
    return found


def _example_outcomes(
    rulebook: Rulebook, examples: Sequence[Path], as_of: dt.date, calendar: WorkCalendar
) -> Iterator[dict[str, str]]:
    """Every rule's outcome on each example case file (the deliberately malformed ones are skipped)."""
    for path in examples:
        try:
            case = load_case_file(path)
        except (CaseFileError, InputFileError):
            continue
        yield observe(evaluate_case(case, rulebook, as_of, calendar, str(path)))


def _check_remedies(rulebook: Rulebook, fired: set[str], scored: int) -> list[Diagnostic]:
    """A rule that fires on an example case file gets into a 整改台账: it should say what to do about its
    own problem (`remedy:`), not leave the ledger to its family's general text."""
    return [
        Diagnostic(
            rule.file,
            rule.line,
            WARNING,
            "remedy-missing",
            f"规则 `{rule.id}` 在 {scored} 份示例案卷中产生了问题，但没有整改措施（remedy），整改台账只能用规则族的通用措施",
            "add `remedy:` (Chinese: what the agency does to correct this problem and prevent it), right after `points:`",
            (rulebook.name,),
        )
        for rule in rulebook.rules
        if rule.id in fired and not rule.remedy
    ]


def _check_basis(rulebook: Rulebook) -> list[Diagnostic]:
    """Every citation of a rule or judgement item against the laws table: the law and version exist, the
    article is in that version, a rule's period of force lies within the versions it cites, and the law
    binds the profile's agencies (a standard of another place or field may be cited only as `reference: true`)."""
    found = []
    names = sorted({name for name in rulebook.laws.laws})

    def problem(rule: Rule | JudgementItem, code: str, message: str, help: str) -> None:
        kind = "规则" if isinstance(rule, Rule) else "人工评查项"
        found.append(
            Diagnostic(rule.file, rule.line, ERROR, code, f"{kind} `{rule.id}`：{message}", help, (rulebook.name,))
        )

    cites: list[Rule | JudgementItem] = [*rulebook.rules, *rulebook.judgements]  # an item cites as a rule does
    for rule in cites:
        cited: dict[str, list[LawVersion]] = {}
        for citation in rule.basis:
            law = rulebook.laws.get(citation.law)
            if law is None:
                close = difflib.get_close_matches(citation.law, names, n=1, cutoff=0.5)
                problem(
                    rule,
                    "basis-unknown-law",
                    f"所引《{citation.law}》不在法律文件表中",
                    f"did you mean `{close[0]}`?"
                    if close
                    else "add it to rules/laws.yaml with its versions and periods",
                )
                continue
            version = law.version(citation.version)
            if version is None:
                labels = "、".join(v.label for v in law.versions)
                problem(
                    rule, "basis-unknown-version", f"《{law.name}》没有版本 `{citation.version}`", f"versions: {labels}"
                )
                continue
            if not citation.reference:  # the reviewing unit's own standard applies whenever it chooses
                cited.setdefault(law.name, []).append(version)
            if citation.article and version.articles and citation.article > version.articles:
                problem(
                    rule,
                    "basis-no-article",
                    f"《{law.name}》（{version.label}）只有{version.articles}条，所引为第{citation.article}条",
                    "check the article number, or cite the version it belongs to (version:)",
                )
            if not citation.reference and not law.binds(rulebook.region, rulebook.domains):
                where = f"{law.region}{'' if law.domain == ANY_FIELD else law.domain}"
                problem(
                    rule,
                    "basis-not-binding",
                    f"《{law.name}》只约束{where}的执法机关，规则集 {rulebook.name} 的执法机关不受其约束",
                    "cite a basis that binds them, or mark it `reference: true` (a standard the reviewing unit applies)",
                )
        if cited and isinstance(rule, Rule) and not _within(rule, cited):
            periods = "、".join(f"《{n}》（{v.label}）{v.period()}" for n, vs in cited.items() for v in vs)
            problem(
                rule,
                "basis-out-of-period",
                f"施行期间有的日子没有一项所引规定在施行（所引：{periods}）",
                "narrow effective: from/until, or cite the version(s) in force over the whole period (version:)",
            )
    return found


def _check_phases(rulebook: Rulebook) -> list[Diagnostic]:
    """Every penalty-case rule says its phase: `pingcha review` sorts a draft's findings by it, and a rule
    without one could neither block a decision nor be left to after it."""
    return [
        Diagnostic(
            rule.file,
            rule.line,
            ERROR,
            "phase-missing",
            f"规则 `{rule.id}` 适用于行政处罚案卷，未标明 phase（审核决定草案时无法归类）",
            "add phase: before-decision | decision | after-decision (see rules/schemas/rules.schema.json)",
            (rulebook.name,),
        )
        for rule in rulebook.rules
        if PHASED_CASE_TYPE in rule.case_types and rule.phase is None
    ]


def _within(rule: Rule, cited: dict[str, list[LawVersion]]) -> bool:
    """Whether on every day of the rule's period of force (an open start: from the first cases the law
    table covers) some version it cites was in force."""
    spans = sorted((v.since or dt.date.min, v.until or dt.date.max) for versions in cited.values() for v in versions)
    day, end = max(rule.effective_from or CASES_FROM, CASES_FROM), rule.effective_until or dt.date.max
    for since, until in spans:
        if since > day:
            return False
        if until >= day:
            if until >= end:
                return True
            day = until + dt.timedelta(days=1)
    return False


def _without_parts(case: CaseFile) -> Iterator[tuple[str, CaseFile]]:
    """The case as a source that declares nothing complete, then with each of its values left out in
    turn (a block, a list item's field, a flag); variants the model rejects (a required value) are skipped."""
    summary = {"kind": "评查摘要"}
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {"source": summary}
    yield "", parse_case_file(json.dumps(data, ensure_ascii=False), "")
    for path in _paths(data):
        if path[0] in ("source", "schema_version", "case_id", "case_type"):
            continue
        try:
            yield ".".join(map(str, path)), parse_case_file(json.dumps(_without(data, path), ensure_ascii=False), "")
        except CaseFileError:
            continue


def _without(data: Any, path: tuple[Any, ...]) -> Any:
    """`data` less the member at `path`, copying only the containers on the way to it."""
    if len(path) == 1:
        return {key: value for key, value in data.items() if key != path[0]}
    copied = list(data) if isinstance(data, list) else dict(data)
    copied[path[0]] = _without(data[path[0]], path[1:])
    return copied


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The JSON paths of every object member below `data`. List items are reached, not removed, and of
    items of one kind (events of one type, documents of one type) only the first: the others read alike."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        kinds: set[Any] = set()
        for index, value in enumerate(data):
            kind = value.get("type", value.get("kind")) if isinstance(value, dict) else value
            if kind not in kinds:
                kinds.add(kind)
                yield from _paths(value, (*prefix, index))


def _check_unknowns(
    rulebook: Rulebook, examples: Sequence[Path], as_of: dt.date, calendar: WorkCalendar
) -> list[Diagnostic]:
    """Rules that fire on unknown data: an example case file read as a summary that declares no part
    complete, then with one of its parts left out — a finding that appears only without the part rests
    on data the file does not give."""
    culprits: dict[str, str] = {}  # rule id -> where it was seen
    for path in examples:
        try:
            case = load_case_file(path)
        except (CaseFileError, InputFileError):
            continue
        variants = iter(_without_parts(case))
        _, whole = next(variants)
        fired = {f.rule.id for f in evaluate_case(whole, rulebook, as_of, calendar).findings}
        for part, variant in variants:
            for finding in evaluate_case(variant, rulebook, as_of, calendar).findings:
                if finding.rule.id not in fired:
                    culprits.setdefault(finding.rule.id, f"{path.name} 去掉 $.{part}")
    return [
        Diagnostic(
            rule.file,
            rule.line,
            WARNING,
            "fires-on-unknown",
            f"规则 `{rule.id}` 在案卷未载明的数据上产生问题（{culprits[rule.id]}，来源未声明完整）：未载明的不应视为未做",
            "a fact the file does not give must leave the rule 无法判定: read it with exists()/coalesce(), which tell "
            "a part declared complete from one that is not (docs/maintaining-a-rulebook.md, 未知与未载明)",
            (rulebook.name,),
        )
        for rule in rulebook.rules
        if rule.id in culprits
    ]


# --- driver --------------------------------------------------------------------------------------


def _lint_profile(
    name: str,
    runner: RuleTestRunner,
    examples: Sequence[Path],
    as_of: dt.date,
    calendar: WorkCalendar,
) -> tuple[str, list[str], list[Diagnostic]]:
    try:
        resolve_profile(name)
    except RulebookError as exc:
        return name, [], [_from_error(exc)]
    problems: list[RulebookError] = []
    try:
        rulebook = load_rulebook(name, problems)
    except RulebookError as exc:  # the chain of profile.yaml files itself is broken
        return name, [], [_from_error(p) for p in [*problems, exc]]
    raw = _load_raw(chain_folders(name, rulebook))
    messages = {
        (display, spec.key_lines["message"])
        for display, data in raw.rules
        for spec in _items(data, "rules")
        if "message" in spec
    }
    found = [_placeholder(_from_error(p), messages) for p in problems]
    found += _check_messages(raw) + _check_tests_files(raw) + _check_tables(raw)
    runs = [runner.run_folder(folder) for folder in chain_folders(name, rulebook)]
    for run in runs:
        if run.rulebook is not None:  # (a profile that does not load is reported by the loader above)
            found += [_from_error(e) for e in run.errors]
        found += [_from_error(o.error) for o in run.outcomes if o.error is not None]
    found += _check_basis(rulebook) + _check_phases(rulebook)
    if not any(d.severity == ERROR for d in found):
        found += _check_use(rulebook, raw)
        # the rule tests of the profiles that extend this one exercise its rules too (see engine.ruletest)
        descendants = [runner.run_folder(folder) for folder in descendant_folders(resolve_profile(name))]
        runs += [run for run in descendants if run.rulebook is not None]
        found += _check_behaviour(rulebook, runs, examples, as_of, calendar)
        found += _check_unknowns(rulebook, examples, as_of, calendar)
    return rulebook.name, raw.files, found


def lint(
    names: Sequence[str],
    examples: Sequence[Path] | None = None,
    as_of: dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> LintReport:
    """Lint each named profile with its chain; a problem in a shared file is reported once."""
    calendar = calendar or WorkCalendar()
    runner = RuleTestRunner(calendar)
    examples = example_files() if examples is None else examples
    profiles: list[str] = []
    files: list[str] = []
    merged: dict[Diagnostic, tuple[str, ...]] = {}  # the same problem seen from two profiles is one problem
    for name in names:
        profile, profile_files, found = _lint_profile(name, runner, examples, as_of or dt.date.today(), calendar)
        profiles.append(profile)
        files += [f for f in profile_files if f not in files]
        for d in found:
            key = replace(d, profiles=())
            merged[key] = tuple(dict.fromkeys([*merged.get(key, ()), *d.profiles]))
    diagnostics = [replace(d, profiles=seen) for d, seen in merged.items()]
    return LintReport(profiles, files, sorted(diagnostics, key=_order))


def _order(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.file, d.line, d.severity != ERROR, d.code, d.message)


def render_text(report: LintReport) -> str:
    return "\n".join([*(d.render() for d in report.diagnostics), report.summary()])


def render_json(report: LintReport) -> str:
    document = {
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "profiles": report.profiles,
            "files": len(report.files),
        },
        "diagnostics": [asdict(d) for d in report.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fact_model(rulebook: Rulebook) -> list[dict[str, Any]]:
    """What a rule of this profile may name: every fact, parameter and derived classification."""
    return [
        {"name": name, "type": spec.type, "title": spec.title, "values": sorted(spec.values) if spec.values else None}
        for name, spec in rulebook.facts.items()
    ]


def facts_document(rulebook: Rulebook) -> dict[str, Any]:
    """`rules facts --format json`: the fact model, and each rule's period of force with what it cites."""
    answers = {True: "无法判定", False: "不适用"}
    rules = []
    for rule in rulebook.rules:
        dated = rule.effective_on is not None
        rules.append(
            {
                "id": rule.id,
                "from": rule.effective_from.isoformat() if rule.effective_from else None,
                "until": rule.effective_until.isoformat() if rule.effective_until else None,
                "dated_by": rule.dated_by(rulebook.facts) if dated else None,
                "before": answers[rule.undetermined_before] if rule.effective_from else None,
                "after": answers[rule.undetermined_after] if rule.effective_until else None,
                "basis": [{"text": c.text(), "in_force": in_force(c.since, c.until)} for c in rule.basis],
            }
        )
    return {"facts": fact_model(rulebook), "rules": rules}


def render_facts(rulebook: Rulebook) -> str:
    """The fact model as an aligned table: name, type, title, and the values an enumerated fact takes;
    then each rule's period of force and the versions of the law it cites."""
    rows = fact_model(rulebook)
    width = max(_width(row["name"]) for row in rows)
    lines = [f"规则集 {rulebook.name} {rulebook.version} 的事实（{len(rows)} 项），规则中按名称引用："]
    for row in rows:
        pad = " " * (width - _width(row["name"]))
        values = f"  取值：{'、'.join(row['values'])}" if row["values"] else ""
        lines.append(f"  {row['name']}{pad}  {row['type']:<6}  {row['title']}{values}")
    lines += ["", f"规则的施行期间和所引版本（{len(rulebook.rules)} 条）："]
    lines += [f"  {rule.id}  {_period(rule, rulebook)}；依据：{_cited(rule, rulebook)}" for rule in rulebook.rules]
    return "\n".join(lines)


def _period(rule: Rule, rulebook: Rulebook) -> str:
    if rule.effective_on is None:
        return "未限定施行期间"
    answers = {True: "无法判定", False: "不适用"}
    if not (rule.effective_from and rule.effective_until) or rule.undetermined_before == rule.undetermined_after:
        beyond = "期间外" + answers[rule.undetermined_before if rule.effective_from else rule.undetermined_after]
    else:
        beyond = f"期间前{answers[rule.undetermined_before]}、期间后{answers[rule.undetermined_after]}"
    span = in_force(rule.effective_from, rule.effective_until)
    return f"{span}（按{rule.dated_by(rulebook.facts)}；{beyond}）"


def _cited(rule: Rule, rulebook: Rulebook) -> str:
    texts = []
    for citation in rule.basis:
        law = rulebook.laws.get(citation.law)
        version = law.version(citation.version) if law is not None else None
        period = f"（{version.period()}）" if version is not None and not citation.reference else ""
        texts.append(citation.text() + period)
    return "；".join(texts)


def render_github(report: LintReport) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for d in report.diagnostics:
        body = d.text() + (f"\nhelp: {d.help}" if d.help else "")
        where = f"file={_escape(d.file, True)}" + (f",line={d.line}" if d.line else "")
        lines.append(f"::{d.severity} {where},title={_escape(d.code, True)}::{_escape(body)}")
    lines.append(report.summary())
    return "\n".join(lines)
