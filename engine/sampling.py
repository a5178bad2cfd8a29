"""Reproducible stratified sampling of case files for an annual review (案卷抽查), and quota checks.

The quotas come from the seed documents (赣应急字〔2020〕168号): a supervision body samples at least
30% of cases (20% of inspection plans), a province at least 40 files a year, a city at least 30.
They are flags (`--ratio 30% --min 40`) or the profile's `sampling_*` parameters. A population that
holds 行政检查 files draws 检查方案 (one per inspection file) and 案卷 (every other file) in one run, each
with its own ratio (`--of both`, the default when there is an inspection file): the kind is then the
first stratum, and the minimum applies to the 案卷 (the 40/30 floors of 168号 are 案卷 counts).

The draw:
- the population is every readable case in the inputs (a directory, JSONL, globs) or the rows of
  an index (CSV or JSONL with case_id, agency, case_type, domain, decision_date); each unit has a
  key that does not depend on where the folder lies (its path inside the folder, `name.jsonl:N`,
  or the index's case_id) and the population's content hash covers every key and every byte;
- allocation: every stratum gets ceil(ratio × its size) (so each stratum meets the ratio by
  itself and none with a case is left out), then, if the total is below the minimum, the rest is
  shared by largest remainder of the proportional share; a population smaller than the minimum is
  taken whole and the record says the minimum cannot be met;
- selection: within a stratum, the units with the smallest sha256(seed, key) — anyone holding the
  population and the record can redraw the identical sample, with any tool, in any order.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import hashlib
import io
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import __version__
from .batch import DEFAULT_MAX_BYTES, Input, InputReader
from .errors import RulebookError, StageError, shorten
from .rulebook import RulebookCache, load_rulebook

RECORD_FORMAT = "pingcha-sampling-record/1"
STRATA_FIELDS = {
    "agency": "执法机关",
    "case_type": "案件类型",
    "domain": "执法领域",
    "level": "机关层级",
    "kind": "抽查对象",
}
LEVEL_PARAMETERS = {"province": "sampling_min_province", "city": "sampling_min_city"}
KIND_PARAMETERS = {"cases": "sampling_case_ratio", "plans": "sampling_plan_ratio"}
KIND_LABELS = {"plans": "检查方案", "cases": "案卷"}
INSPECTION = "行政检查"  # an inspection file is sampled as the 检查方案 it carries out
SELECTION = "sha256-rank: 各层内取 sha256(种子 + 单元标识) 最小的若干个"
ALLOCATION = "各层 ceil(比例 × 层规模)；不足下限时按比例分配的最大余数补足"


class SamplingError(StageError):
    stage = "sampling"


@dataclass(frozen=True)
class Unit:
    key: str  # identity inside the population, independent of where it lies
    source: str  # where to read it (a path, path.jsonl:N, or the index's file column)
    case_id: str
    agency: str
    case_type: str
    domain: str
    level: str
    decision_date: str
    digest: str  # sha256 of the bytes (or of the index row)

    def stratum(self, by: tuple[str, ...]) -> str:
        return " / ".join(getattr(self, name) or "（未载明）" for name in by)

    def rank(self, seed: int) -> str:
        return hashlib.sha256(f"{seed}\x1f{self.key}".encode()).hexdigest()

    @property
    def kind(self) -> str:
        """What the unit is sampled as: 检查方案 (an inspection file) or 案卷 (any other file)."""
        return KIND_LABELS["plans"] if self.case_type == INSPECTION else KIND_LABELS["cases"]


@dataclass
class Population:
    inputs: list[str]
    units: list[Unit]
    excluded: list[dict[str, Any]] = field(default_factory=list)

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for unit in self.units:
            digest.update(f"{unit.key}\x1f{unit.digest}\n".encode())
        return digest.hexdigest()

    def domains(self) -> list[str]:
        return sorted({u.domain for u in self.units if u.domain})


@dataclass(frozen=True)
class Quota:
    ratio: Fraction
    minimum: int
    source: str  # where the numbers came from, in words
    # (kind label, ratio) when 检查方案 and 案卷 are drawn in one run; the minimum is then the 案卷's
    ratios: tuple[tuple[str, Fraction], ...] = ()

    def ratio_text(self) -> str:
        if self.ratios:
            return "、".join(f"{kind} {_percent(ratio)}" for kind, ratio in self.ratios)
        return _percent(self.ratio)

    def required(self, size: int, kind: str | None = None) -> int:
        """Files a stratum (or the whole population) of this size needs for the ratio (of its kind)."""
        ratio = dict(self.ratios).get(kind, self.ratio) if kind is not None else self.ratio
        return math.ceil(ratio * size)

    def floor_applies(self, kind: str | None) -> bool:
        """Whether the minimum counts files of this kind (all files, unless kinds have their own ratios)."""
        return not self.ratios or kind == KIND_LABELS["cases"]


def _percent(ratio: Fraction) -> str:
    percent = ratio * 100
    return f"{percent.numerator / percent.denominator:g}%"


# ---------------------------------------------------------------------------------------------
# Population


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _unit_from_case(key: str, source: str, data: bytes) -> Unit | str:
    """A unit from a case file's JSON, read leniently (a file that fails validation is still a case to
    review); or why it cannot be one."""
    try:
        document = json.loads(data)
    except ValueError as exc:
        return f"不是 JSON：{exc}"
    if not isinstance(document, dict):
        return "不是 JSON 对象"
    agency = document.get("agency")
    if isinstance(agency, dict):
        decision = document.get("decision") or document.get("licence_decision")  # a 行政许可 file's decision
        decision = decision if isinstance(decision, dict) else {}
        name = agency.get("name")
        if not isinstance(name, str) or not name:
            return "缺少执法机关名称（$.agency.name）"
        return Unit(
            key=key,
            source=source,
            case_id=_text(document.get("case_id")) or key,
            agency=name,
            case_type=_text(document.get("case_type")),
            domain=_text(agency.get("domain")),
            level=_text(agency.get("level")),
            decision_date=_text(decision.get("date")),
            digest=hashlib.sha256(data).hexdigest(),
        )
    if isinstance(agency, str) and agency:  # a row of an index
        return _unit_from_row(key, document, data)
    return "缺少执法机关（$.agency）"


def _unit_from_row(key: str, row: dict[str, Any], raw: bytes) -> Unit | str:
    case_id = _text(row.get("case_id")).strip()
    agency = _text(row.get("agency")).strip()
    if not case_id or not agency:
        return "索引行缺少 case_id 或 agency"
    return Unit(
        key=case_id,
        source=_text(row.get("file")).strip() or case_id,
        case_id=case_id,
        agency=agency,
        case_type=_text(row.get("case_type")).strip(),
        domain=_text(row.get("domain")).strip(),
        level=_text(row.get("level")).strip(),
        decision_date=_text(row.get("decision_date")).strip(),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def _key(item: Input, spec_roots: list[tuple[str, str]]) -> str:
    """The unit's key: its path relative to the folder given, or the file name; `:N` for JSONL lines."""
    path = item.file
    key = os.path.basename(path)
    for root, prefix in spec_roots:
        if path.startswith(root):
            key = prefix + os.path.relpath(path, root.rstrip(os.sep) or os.sep).replace(os.sep, "/")
            break
    return f"{key}:{item.line}" if item.line is not None else key


def load_population(specs: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Population:
    """Read every input once; units sorted by key; unreadable inputs listed as excluded."""
    units: list[Unit] = []
    excluded: list[dict[str, Any]] = []
    roots = [(os.path.join(s, ""), "") for s in specs if os.path.isdir(s)]
    case_specs = []
    for spec in specs:
        if spec.lower().endswith(".csv") and os.path.isfile(spec):
            _read_csv(spec, units, excluded)
        else:
            case_specs.append(spec)
    for item in InputReader(max_bytes).read(case_specs):
        key = _key(item, roots)
        if item.error is not None:
            excluded.append({"file": item.source, "reason": item.error[1]})
            continue
        data = item.data
        if data is None:
            assert item.path is not None
            with open(item.path, "rb") as stream:
                data = stream.read()
        unit = _unit_from_case(key, item.source, data)
        if isinstance(unit, str):
            excluded.append({"file": item.source, "reason": unit})
        else:
            units.append(unit)
    if not units:  # say so here: the quota would complain about a rulebook parameter instead
        reasons = "；".join(f"{e['file']}：{e['reason']}" for e in excluded[:5]) or "没有找到 *.json 案卷"
        raise SamplingError(f"总体中没有可以抽取的案卷（{reasons}）；请检查输入的路径")
    units.sort(key=lambda u: u.key)
    duplicates = [k for k, n in Counter(u.key for u in units).items() if n > 1]
    if duplicates:
        raise SamplingError(
            f"总体中有重复的单元标识：{'、'.join(duplicates[:5])}；请把同名文件放在同一目录下给出，或使用索引"
        )
    return Population(list(specs), units, excluded)


def _read_csv(path: str, units: list[Unit], excluded: list[dict[str, Any]]) -> None:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        for number, row in enumerate(reader, 2):
            raw = "\x1f".join(f"{k}={row[k]}" for k in sorted(row) if k).encode()
            unit = _unit_from_row("", row, raw)
            if isinstance(unit, str):
                excluded.append({"file": f"{path}:{number}", "reason": unit})
            else:
                units.append(unit)


# ---------------------------------------------------------------------------------------------
# Quotas


def parse_ratio(text: str) -> Fraction:
    """`30%`, `0.3` or `3/10` as an exact fraction (so ceil(30% × 10) is 3, not 4)."""
    value = text.strip()
    try:
        ratio = Fraction(value[:-1]) / 100 if value.endswith("%") else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise SamplingError(f"抽样比例 `{text}` 无法识别：写作 30%、0.3 或 3/10") from None
    if not 0 <= ratio <= 1:
        raise SamplingError(f"抽样比例 `{text}` 应在 0 与 100% 之间")
    return ratio


def resolve_quota(
    population: Population,
    ratio: str | None,
    minimum: int | None,
    profile: str,
    level: str | None,
    kind: str = "cases",
) -> tuple[Quota, list[dict[str, str]]]:
    """The quota from flags, else from the profile's sampling_* parameters; and the rulebooks used.

    `kind`: cases or plans (one ratio for every unit), both (检查方案 and 案卷 each with the profile's
    ratio), or auto (both when the population holds an inspection file, else cases)."""
    if kind == "auto":
        kind = "both" if any(u.case_type == INSPECTION for u in population.units) else "cases"
    if kind == "both" and ratio is not None:
        raise SamplingError(
            "检查方案与案卷同时抽取时各用规则集的比例（sampling_plan_ratio、sampling_case_ratio），不能用 --ratio；"
            "要用一个比例，请给出 --of cases 或 --of plans"
        )
    rulebooks = _rulebooks(population, profile)
    ratios: list[tuple[str, Fraction]] = []
    sources: list[str] = []
    value_ratio: Fraction | None = parse_ratio(ratio) if ratio is not None else None
    value_min = minimum
    if value_ratio is not None:
        sources.append(f"比例 {ratio}（命令行）")
    if value_min is not None:
        sources.append(f"下限 {value_min} 件（命令行）")
    needs_profile = value_ratio is None or (value_min is None and level is not None)
    if needs_profile:
        if len(rulebooks) != 1:
            names = "、".join(b["name"] for b in rulebooks) or "无"
            raise SamplingError(
                f"总体涉及多个规则集（{names}），无法确定抽查比例：用 --rulebook 指定规则集，或用 --ratio/--min 给出"
            )
        book = load_rulebook(rulebooks[0]["name"] if profile == RulebookCache.AUTO else profile)
        where = f"规则集 {book.name} {book.version}"
        for each in ("plans", "cases") if kind == "both" else (kind,) if value_ratio is None else ():
            name = KIND_PARAMETERS[each]
            value = _parameter(book, name)
            if value is None:
                raise SamplingError(f"{where} 没有参数 {name}：用 --ratio 给出抽查比例")
            value_ratio = Fraction(str(value))
            ratios.append((KIND_LABELS[each], value_ratio))
            sources.append(f"{where} 参数 {name}（{value:g}）")
        if value_min is None and level is not None:
            name = LEVEL_PARAMETERS[level]
            value = _parameter(book, name)
            if value is None:
                raise SamplingError(f"{where} 没有参数 {name}：用 --min 给出抽查数量下限")
            value_min = int(value)
            sources.append(f"{where} 参数 {name}（{value_min} 件）")
    assert value_ratio is not None
    return Quota(value_ratio, value_min or 0, "；".join(sources), tuple(ratios) if kind == "both" else ()), rulebooks


def _parameter(book: Any, name: str) -> float | None:
    parameter = book.parameters.get(name)
    if parameter is None:
        return None
    value = parameter.resolve("单位", None)
    return None if value is None else float(value)


def _rulebooks(population: Population, profile: str) -> list[dict[str, str]]:
    cache = RulebookCache(profile)
    books = {}
    for domain in population.domains() or [""]:
        book = cache.for_domain(domain)
        books[book.name] = book.identity()
    return [books[name] for name in sorted(books)]


# ---------------------------------------------------------------------------------------------
# Allocation and selection


def allocate(
    sizes: dict[str, int], quota: Quota, kinds: dict[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Sample size per stratum, and plain statements of what the quota could not get. `kinds`: the
    kind of each stratum, when 检查方案 and 案卷 have their own ratios (the minimum is the 案卷's)."""
    kinds = kinds or {}
    allocation = {name: min(size, quota.required(size, kinds.get(name))) for name, size in sizes.items()}
    floored = [name for name in sizes if quota.floor_applies(kinds.get(name))]
    total = sum(sizes[name] for name in floored)
    notes: list[str] = []
    drawn = sum(allocation[name] for name in floored)
    target = max(drawn, min(quota.minimum, total))
    extra = target - drawn
    fair = {name: Fraction(target * sizes[name], total) for name in floored} if total else {}
    while extra > 0:
        # One file at a time: a stratum still without a file first, then the one furthest below its
        # proportional share; ties by name. `extra` is at most the minimum (tens of files).
        open_ = [name for name in floored if allocation[name] < sizes[name]]
        if not open_:
            break
        name = min(open_, key=lambda n: (allocation[n] > 0, allocation[n] - fair[n], n))
        allocation[name] += 1
        extra -= 1
    if quota.minimum and total < quota.minimum:
        notes.append(
            f"总体只有 {total} 件，少于抽查数量下限 {quota.minimum} 件：已全部入样，仍达不到下限（差 {quota.minimum - total} 件）"
        )
    empty = [name for name, n in allocation.items() if n == 0 and sizes[name]]
    if empty:
        notes.append(f"样本量少于层数，{len(empty)} 个层没有样本：{'、'.join(sorted(empty))}")
    return allocation, notes


def draw(population: Population, by: tuple[str, ...], seed: int, quota: Quota) -> tuple[list[Unit], dict[str, Any]]:
    """The sample (sorted by stratum, then key) and the per-stratum table."""
    strata: dict[str, list[Unit]] = {}
    for unit in population.units:
        strata.setdefault(unit.stratum(by), []).append(unit)
    sizes = {name: len(units) for name, units in sorted(strata.items())}
    kinds = {name: units[0].kind for name, units in strata.items()} if quota.ratios else None
    allocation, notes = allocate(sizes, quota, kinds)
    sample: list[Unit] = []
    for name in sorted(strata):
        ranked = sorted(strata[name], key=lambda u: (u.rank(seed), u.key))
        sample.extend(sorted(ranked[: allocation[name]], key=lambda u: u.key))
    table = {
        "strata": [{"stratum": name, "population": sizes[name], "sample": allocation[name]} for name in sorted(sizes)],
        "notes": notes,
    }
    return sample, table


def make_record(
    population: Population,
    by: tuple[str, ...],
    seed: int,
    quota: Quota,
    rulebooks: list[dict[str, str]],
    drawn_on: dt.date,
) -> dict[str, Any]:
    sample, table = draw(population, by, seed, quota)
    required, met, by_kind = _required(population.units, sample, quota)
    return {
        "format": RECORD_FORMAT,
        "tool": {"name": "pingcha", "version": __version__},
        "rulebooks": rulebooks,
        "drawn_on": drawn_on.isoformat(),
        "population": {
            "inputs": population.inputs,
            "size": len(population.units),
            "content_hash": population.content_hash(),
            "excluded": population.excluded,
        },
        "method": {"design": "stratified", "by": list(by), "allocation": ALLOCATION, "selection": SELECTION},
        "seed": seed,
        "quota": {
            "ratio": f"{quota.ratio.numerator}/{quota.ratio.denominator}",
            "ratio_text": quota.ratio_text(),
            "minimum": quota.minimum,
            "source": quota.source,
            "required": required,
            "met": met,
            **(
                {"ratios": {k: f"{r.numerator}/{r.denominator}" for k, r in quota.ratios}, "required_by_kind": by_kind}
                if quota.ratios
                else {}
            ),
        },
        "strata": table["strata"],
        "notes": table["notes"],
        "sample_size": len(sample),
        "sample": [{"key": u.key, "case_id": u.case_id, "stratum": u.stratum(by), "source": u.source} for u in sample],
    }


def _required(units: list[Unit], sample: list[Unit], quota: Quota) -> tuple[int, bool, dict[str, int]]:
    """Files the whole population needs, whether the sample has them, and (when kinds have their own
    ratios) what each kind needs: its ratio, and for 案卷 the minimum."""
    if not quota.ratios:
        total = len(units)
        met = len(sample) >= max(quota.required(total), quota.minimum)
        return max(quota.required(total), min(quota.minimum, total)), met, {}
    required, met, by_kind = 0, True, {}
    sizes, drawn = Counter(u.kind for u in units), Counter(u.kind for u in sample)
    for kind, _ in quota.ratios:
        need = quota.required(sizes[kind], kind)
        floor = quota.minimum if quota.floor_applies(kind) else 0
        required += max(need, min(floor, sizes[kind]))
        by_kind[kind] = max(need, floor)
        met = met and drawn[kind] >= by_kind[kind]
    return required, met, by_kind


def record_json(record: dict[str, Any], path: Path | None = None) -> str:
    """The record as written to `path`: its relative inputs are then relative to the record's folder,
    so that a replay finds them from anywhere (see locate_inputs)."""
    if path is not None:
        inputs = record["population"]["inputs"]
        record = {**record, "population": {**record["population"], "inputs": [_beside(i, path) for i in inputs]}}
    return json.dumps(record, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _beside(spec: str, record_path: Path) -> str:
    if spec == "-" or os.path.isabs(spec):
        return spec
    try:
        return os.path.relpath(os.path.abspath(spec), os.path.abspath(record_path.parent)).replace(os.sep, "/")
    except ValueError:  # another drive (Windows): no relative path leads there
        return os.path.abspath(spec)


def read_record(path: Path) -> dict[str, Any]:
    try:
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SamplingError(f"{path}: 无法读取抽样记录：{exc}") from None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise SamplingError(f"{path}: 不是 pingcha 抽样记录（format 应为 {RECORD_FORMAT}）")
    return record


def locate_inputs(record_path: Path, inputs: list[str]) -> list[str]:
    """The record's inputs as paths from here: a relative one lies relative to the record's folder (in a
    record written before that rule, relative to the folder it was drawn in: tried next)."""
    located = []
    for spec in inputs:
        if spec == "-":
            located.append(spec)
            continue
        beside = os.path.normpath(os.path.join(record_path.parent, spec))
        found = next(
            (place for place in (beside, spec) if os.path.exists(place) or glob.glob(place, recursive=True)), None
        )
        if found is None:
            raise SamplingError(
                f"{record_path}: 找不到抽样记录中的总体 `{spec}`（按记录所在的目录应为 {beside}）："
                "请在命令行给出总体所在的目录或文件，如 pingcha sample --replay 记录.json 案卷目录/"
            )
        located.append(found)
    return located


@dataclass(frozen=True)
class _Drawn:
    """What a record says its draw was made with, each value checked (a record may be edited by hand)."""

    by: tuple[str, ...]
    seed: int
    quota: Quota
    drawn_on: dt.date
    inputs: list[str]
    rulebooks: list[dict[str, Any]]


_ABSENT = object()


def _field(record: dict[str, Any], path: Path, name: str, expected: str, valid: Any) -> Any:
    """The record's value at `name` (dotted), if `valid(value)` accepts it; else an error naming the field."""
    value: Any = record
    for part in name.split("."):
        value = value.get(part, _ABSENT) if isinstance(value, dict) else _ABSENT
    try:
        if value is not _ABSENT and valid(value):
            return value
    except (ValueError, TypeError, ZeroDivisionError):
        pass
    found = "（缺少）" if value is _ABSENT else shorten(json.dumps(value, ensure_ascii=False), 80)
    raise SamplingError(f"{path}: 抽样记录的 {name} 应为{expected}，实际为 {found}")


def _is_int(value: Any, least: int | None = None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (least is None or value >= least)


def _is_ratio(value: Any) -> bool:
    return isinstance(value, str) and 0 <= Fraction(value) <= 1


def _is_list(value: Any, item: Any) -> bool:
    return isinstance(value, list) and all(item(v) for v in value)


def _drawn(record: dict[str, Any], path: Path) -> _Drawn:
    def get(name: str, expected: str, valid: Any) -> Any:
        return _field(record, path, name, expected, valid)

    get("population.size", "整数", _is_int)
    get("population.content_hash", "文字", lambda v: isinstance(v, str))
    get(
        "population.excluded",
        "列表（每项有 reason）",
        lambda v: _is_list(v, lambda e: isinstance(e, dict) and "reason" in e),
    )
    get(
        "sample",
        "列表（每项有 key）",
        lambda v: _is_list(v, lambda e: isinstance(e, dict) and isinstance(e.get("key"), str)),
    )
    get(
        "strata",
        "列表（每项有 stratum）",
        lambda v: _is_list(v, lambda e: isinstance(e, dict) and isinstance(e.get("stratum"), str)),
    )
    kinds = list(KIND_LABELS.values())  # 检查方案, then 案卷: the order the quota was resolved in
    ratios = (
        get(
            "quota.ratios",
            f"比例表（{'、'.join(kinds)} 各一个介于 0 与 1 之间的分数）",
            lambda v: isinstance(v, dict) and set(v) <= set(kinds) and all(map(_is_ratio, v.values())),
        )
        if "ratios" in get("quota", "对象", lambda v: isinstance(v, dict))
        else {}
    )
    quota = Quota(
        Fraction(get("quota.ratio", "介于 0 与 1 之间的分数（如 3/10）", _is_ratio)),
        get("quota.minimum", "不小于 0 的整数", lambda v: _is_int(v, 0)),
        get("quota.source", "文字", lambda v: isinstance(v, str)),
        tuple((kind, Fraction(ratios[kind])) for kind in kinds if kind in ratios),
    )
    books = get(
        "rulebooks",
        "规则集列表（每项有 name）",
        lambda v: _is_list(v, lambda e: isinstance(e, dict) and isinstance(e.get("name"), str)),
    )
    return _Drawn(
        by=tuple(
            get(
                "method.by",
                f"分层字段列表（{', '.join(STRATA_FIELDS)}）",
                lambda v: v and _is_list(v, STRATA_FIELDS.__contains__),
            )
        ),
        seed=get("seed", "整数", _is_int),
        quota=quota,
        drawn_on=dt.date.fromisoformat(get("drawn_on", "形如 2026-11-21 的日期", dt.date.fromisoformat)),
        inputs=get("population.inputs", "路径列表", lambda v: _is_list(v, lambda i: isinstance(i, str))),
        rulebooks=books,
    )


@dataclass
class Replay:
    record: dict[str, Any]
    redrawn: dict[str, Any]
    problems: list[str]

    @property
    def identical(self) -> bool:
        return not self.problems


def replay(path: Path, inputs: list[str], profile: str = RulebookCache.AUTO) -> Replay:
    """Redraw with the record's seed, strata and quota from the population (`inputs`, else the
    record's), and compare the whole record with the redrawn one: each difference named."""
    record = read_record(path)
    drawn = _drawn(record, path)
    population = load_population(inputs or locate_inputs(path, drawn.inputs))
    rulebooks, problems = _current_rulebooks(drawn.rulebooks, profile)
    redrawn = make_record(population, drawn.by, drawn.seed, drawn.quota, rulebooks, drawn.drawn_on)
    recorded = record["population"]
    if len(population.units) != recorded["size"] or population.content_hash() != recorded["content_hash"]:
        problems.insert(
            0,
            f"总体与记录不一致：记录 {recorded['size']} 件、内容哈希 {recorded['content_hash'][:12]}，"
            f"现在 {len(population.units)} 件、内容哈希 {population.content_hash()[:12]}",
        )
    before = [s["key"] for s in record["sample"]]
    after = [s["key"] for s in redrawn["sample"]]
    if before != after:
        missing = sorted(set(before) - set(after))
        added = sorted(set(after) - set(before))
        problems.append(
            f"样本与记录不一致：记录中有而重抽没有 {len(missing)} 件{_few(missing)}，重抽新增 {len(added)} 件{_few(added)}"
        )
    differences = _minimum_problems(record["quota"]) + _differences(_comparable(record), _comparable(redrawn))
    problems += differences[:_MAX_DIFFERENCES]
    if len(differences) > _MAX_DIFFERENCES:
        problems.append(f"另有 {len(differences) - _MAX_DIFFERENCES} 处不同")
    return Replay(record, redrawn, problems)


def _current_rulebooks(recorded: list[dict[str, Any]], profile: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The identity (version, content hash) each rulebook of the record has now; those that cannot be
    loaded are said so. A rulebook given by path (--rulebook) stands for the one of its name."""
    given = load_rulebook(profile) if profile != RulebookCache.AUTO else None
    current: list[dict[str, Any]] = []
    problems: list[str] = []
    for entry in recorded:
        name = entry["name"]
        try:
            book = given if given is not None and given.name == name else load_rulebook(name)
            current.append(book.identity())
        except RulebookError as exc:
            problems.append(
                f"记录中的规则集 {name} 现在无法载入（{exc.message}）：如是自定义规则集，请用 --rulebook 给出其目录"
            )
            current.append(entry)  # said above, not again as a difference of each field
    return current, problems


# The minimum as resolve_quota names its source: from the command line, or a profile's parameter.
_STATED_MINIMUM = re.compile(r"下限 (\d+) 件（命令行）|参数 sampling_min_\w+（(\d+) 件）")


def _minimum_problems(quota: dict[str, Any]) -> list[str]:
    """The minimum against the source the record names for it: an edited minimum may change nothing
    drawn (the ratio asks for more), so only its source tells it."""
    stated = _STATED_MINIMUM.search(quota["source"])
    minimum = int(next(g for g in stated.groups() if g is not None)) if stated else 0
    if minimum == quota["minimum"]:
        return []
    return [
        f"配额 quota.minimum：记录为 {quota['minimum']}，而记录的配额来源是 {minimum} 件（{shorten(quota['source'], 120)}）"
    ]


_MAX_DIFFERENCES = 20
# Where the record's parts are named in a difference, by the start of their path.
_LABELS = {
    "format": "记录格式",
    "tool": "工具",
    "rulebooks": "规则集",
    "drawn_on": "抽样日期",
    "population": "总体",
    "method": "抽样方法",
    "seed": "种子",
    "quota": "配额",
    "strata": "各层",
    "notes": "注意事项",
    "sample_size": "样本量",
    "sample": "样本",
}


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The record less where its files lie (the inputs as given, each file's path), with strata and
    sample entries by name and key: what a redraw of the same population must reproduce."""
    population = {k: v for k, v in record["population"].items() if k not in ("inputs", "size", "content_hash")}
    population["excluded"] = sorted(str(e["reason"]) for e in record["population"]["excluded"])
    return {
        **record,
        "population": population,
        "strata": {s["stratum"]: {k: v for k, v in s.items() if k != "stratum"} for s in record["strata"]},
        "sample": {s["key"]: {k: v for k, v in s.items() if k not in ("key", "source")} for s in record["sample"]},
    }


def _differences(recorded: Any, redrawn: Any, where: str = "") -> list[str]:
    """Each value that differs, as `配额 quota.met：记录为 true，重抽为 false` (the sample's keys
    that differ are summed up by replay itself)."""
    if isinstance(recorded, dict) and isinstance(redrawn, dict):
        keys = (
            sorted(set(recorded) & set(redrawn)) if where == "sample" else sorted(set(recorded) | set(redrawn), key=str)
        )
        return [
            difference
            for key in keys
            for difference in _differences(recorded.get(key, _ABSENT), redrawn.get(key, _ABSENT), _path(where, key))
        ]
    if isinstance(recorded, list) and isinstance(redrawn, list) and len(recorded) == len(redrawn):
        return [
            d
            for n, (a, b) in enumerate(zip(recorded, redrawn, strict=True))
            for d in _differences(a, b, f"{where}[{n}]")
        ]
    if recorded == redrawn and type(recorded) is type(redrawn):
        return []
    label = _LABELS.get(where.split(".", 1)[0].split("[", 1)[0], "")
    return [f"{label} {where}：记录为 {_shown(recorded)}，重抽为 {_shown(redrawn)}".lstrip()]


def _path(where: str, key: Any) -> str:
    if where in ("sample", "strata"):  # keyed by a file's key or a stratum's name, which may hold dots
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def _shown(value: Any) -> str:
    return "（无）" if value is _ABSENT else shorten(json.dumps(value, ensure_ascii=False), 80)


def _few(keys: list[str]) -> str:
    return f"（{'、'.join(keys[:5])}{'…' if len(keys) > 5 else ''}）" if keys else ""


# ---------------------------------------------------------------------------------------------
# Checking a hand-drawn sample


@dataclass
class CheckRow:
    stratum: str
    population: int
    required: int
    sampled: int

    @property
    def ok(self) -> bool:
        return self.sampled >= self.required


@dataclass
class Check:
    rows: list[CheckRow]
    total_population: int
    total_required: int
    total_sampled: int
    unmatched: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rows) and self.total_sampled >= self.total_required and not self.notes


def read_sample_list(path: Path) -> list[str]:
    """Case ids or keys of a hand-drawn sample: a text file (one per line), a CSV with a case_id
    column, or a folder of case files."""
    if path.is_dir():
        population = load_population([str(path)])
        return [u.case_id for u in population.units]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SamplingError(f"{path}: 无法读取样本清单：{exc.strerror or exc}") from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        if rows and "case_id" not in rows[0]:
            raise SamplingError(f"{path}: CSV 样本清单需要 case_id 列")
        return [r["case_id"].strip() for r in rows if r.get("case_id", "").strip()]
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_sample(population: Population, entries: Iterable[str], by: tuple[str, ...], quota: Quota) -> Check:
    by_key = {u.key: u for u in population.units}
    by_case: dict[str, Unit] = {}
    for unit in population.units:
        by_case.setdefault(unit.case_id, unit)
    chosen: dict[str, Unit] = {}
    unmatched: list[str] = []
    for entry in entries:
        match = by_key.get(entry) or by_case.get(entry) or by_key.get(os.path.basename(entry))
        if match is None:
            unmatched.append(entry)
        else:
            chosen[match.key] = match
    sizes = Counter(u.stratum(by) for u in population.units)
    sampled = Counter(u.stratum(by) for u in chosen.values())
    kinds = {u.stratum(by): u.kind for u in population.units} if quota.ratios else {}
    rows = [
        CheckRow(name, sizes[name], quota.required(sizes[name], kinds.get(name)), sampled[name])
        for name in sorted(sizes)
    ]
    total = len(population.units)
    floored = sum(1 for u in population.units if quota.floor_applies(u.kind if quota.ratios else None))
    notes = []
    if quota.minimum and floored < quota.minimum:
        notes.append(f"总体只有 {floored} 件，少于抽查数量下限 {quota.minimum} 件：无论怎样抽样都达不到下限")
    return Check(
        rows=rows,
        total_population=total,
        total_required=_required(population.units, list(chosen.values()), quota)[0],
        total_sampled=len(chosen),
        unmatched=unmatched,
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------
# Text for the terminal


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def record_text(record: dict[str, Any]) -> str:
    population = record["population"]
    quota = record["quota"]
    by = "、".join(STRATA_FIELDS.get(b, b) for b in record["method"]["by"])
    lines = [
        f"总体 {population['size']} 件，内容哈希 {population['content_hash'][:16]}"
        + (f"；{len(population['excluded'])} 件无法识别，未入总体" if population["excluded"] else ""),
        f"分层抽样（按{by}），种子 {record['seed']}；比例 {quota['ratio_text']}，下限 {quota['minimum']} 件"
        + ("（案卷）" if quota.get("ratios") else ""),
        f"配额来源：{quota['source']}",
        "",
    ]
    width = max([_width(s["stratum"]) for s in record["strata"]] + [4]) + 2
    lines.append(f"{_pad('层', width)}{'总体':>6}{'样本':>6}")
    for row in record["strata"]:
        lines.append(f"{_pad(row['stratum'], width)}{row['population']:>8}{row['sample']:>8}")
    lines.append(f"{_pad('合计', width)}{population['size']:>8}{record['sample_size']:>8}")
    lines.append("")
    verdict = "满足" if quota["met"] else "不满足"
    needed = f"{max(quota['required'], quota['minimum'])} 件"
    if quota.get("required_by_kind"):
        drawn = Counter(s["stratum"].split(" / ", 1)[0] for s in record["sample"])
        needed = "、".join(f"{kind} {n} 件（已抽 {drawn[kind]} 件）" for kind, n in quota["required_by_kind"].items())
    lines.append(f"样本 {record['sample_size']} 件，{verdict}配额（应抽不少于 {needed}）")
    lines.extend(f"注意：{note}" for note in record["notes"])
    return "\n".join(lines)


def check_text(check: Check, quota: Quota) -> str:
    width = max([_width(r.stratum) for r in check.rows] + [4]) + 2
    lines = [f"按比例 {quota.ratio_text()}、下限 {quota.minimum} 件核对样本（{quota.source}）", ""]
    lines.append(f"{_pad('层', width)}{'总体':>6}{'应抽':>6}{'已抽':>6}")
    for row in check.rows:
        mark = "✓" if row.ok else f"✗ 差 {row.required - row.sampled} 件"
        lines.append(f"{_pad(row.stratum, width)}{row.population:>8}{row.required:>8}{row.sampled:>8}  {mark}")
    mark = (
        "✓" if check.total_sampled >= check.total_required else f"✗ 差 {check.total_required - check.total_sampled} 件"
    )
    lines.append(
        f"{_pad('合计', width)}{check.total_population:>8}{check.total_required:>8}{check.total_sampled:>8}  {mark}"
    )
    if check.unmatched:
        lines.append("")
        lines.append(f"样本中 {len(check.unmatched)} 项在总体中找不到：{'、'.join(check.unmatched[:10])}")
    lines.extend(f"注意：{note}" for note in check.notes)
    lines.append("")
    lines.append("结论：样本满足配额" if check.ok else "结论：样本不满足配额")
    return "\n".join(lines)
