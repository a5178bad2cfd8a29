"""Rulebook data that is not a rule: parameters, discretion baselines (裁量基准) and the four lists.

Tables are indexed by baseline item code when the rulebook loads, so a lookup costs one dict access
whatever the table size. How a claimed 裁量阶次 maps onto a fine range is data too: a table is either
`fact-pattern` (each 阶次 has its own facts and range) or `fraction` (each 阶次 is a share of the
statutory range, taken from a named scheme such as the 30% bands or 中档以下, or given inline).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from .articles import LawStructure, Provision, load_structures, provision
from .errors import RulebookError
from .yamlsrc import parse_date

Range = tuple[float, float]

_OPERATORS = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}

# 减轻处罚 means below the statutory minimum (行政处罚法 第30—32条; facts §1.2 J), whatever the model.
MITIGATED = "减轻"


@dataclass(frozen=True)
class ParameterVersion:
    since: dt.date | None
    until: dt.date | None
    value: Any  # a number, or {个人: n, 单位: n}
    basis: str


@dataclass(frozen=True)
class Parameter:
    """A number that varies by province, department or date (a threshold, a period, a cap)."""

    name: str
    title: str
    versions: tuple[ParameterVersion, ...]
    on: str | None  # fact naming the date that selects the version
    unconfirmed: str | None = None  # why the figure is not confirmed, if it is not

    def resolve(self, party_kind: str, on_date: dt.date | None) -> Any:
        version = self.version_on(on_date)
        if version is None:
            return None
        value = version.value
        return value.get(party_kind) if isinstance(value, dict) else value

    def version_on(self, on_date: dt.date | None) -> ParameterVersion | None:
        """The version in force on the date (None: none is, or the date that selects it is unknown)."""
        for version in self.versions:
            if version.since is not None or version.until is not None:
                if on_date is None:
                    return None
                if version.since is not None and on_date < version.since:
                    continue
                if version.until is not None and on_date > version.until:
                    continue
            return version
        return None


@dataclass(frozen=True)
class Band:
    """One 裁量阶次 of a fact-pattern table: the facts that select it and its fine range."""

    level: str
    name: str
    ranges: dict[str, Range]
    when: tuple[tuple[str, str, float], ...] = ()

    def matches(self, facts: dict[str, float]) -> bool | None:
        for key, op, bound in self.when:
            if key not in facts:
                return None
            if not _OPERATORS[op](facts[key], bound):
                return False
        return True


@dataclass(frozen=True)
class FractionScheme:
    """A discretion model that places each 阶次 at a share of the statutory range (0 = minimum, 1 = maximum)."""

    id: str
    title: str
    basis: str
    fractions: dict[str, Range]
    file: str = ""
    line: int = 0


def fraction_range(statutory: Range, share: Range) -> Range:
    low, high = statutory
    span = high - low
    return (low + share[0] * span, low + share[1] * span)


@dataclass(frozen=True)
class DiscretionTable:
    """A 裁量基准 entry: statutory range, the discretion model the issuing body adopted, its bands."""

    id: str
    title: str
    item_code: str
    basis: str
    model: str  # "fact-pattern" or "fraction"
    statutory: dict[str, Range]
    fractions: dict[str, Range] = field(default_factory=dict)
    scheme: str | None = None  # a FractionScheme id, when the fractions are not inline
    bands: tuple[Band, ...] = ()
    in_force_from: dt.date | None = None  # the provisions the table rests on, by the date of the violation
    in_force_until: dt.date | None = None
    # 定性 (issue 19): the provisions the item violates and the 罚则 that punishes it, where the source gives them
    provision_violated: tuple[Provision, ...] = ()
    penalty_provision: tuple[Provision, ...] = ()
    file: str = ""
    line: int = 0

    def claimed_range(
        self, party_kind: str, level: str, band_name: str | None, schemes: dict[str, FractionScheme]
    ) -> Range | None:
        """The fine range of the level (and band) the case file claims."""
        statutory = self.statutory.get(party_kind)
        if self.model == "fraction":
            if statutory is None:
                return None
            fractions = self.fractions or (schemes[self.scheme].fractions if self.scheme else {})
            share = fractions.get(level)
            if share is None:
                return (0.0, statutory[0]) if level == MITIGATED else None
            return fraction_range(statutory, share)
        candidates = [b for b in self.bands if b.level == level and (band_name is None or b.name == band_name)]
        if len(candidates) != 1:
            if level == MITIGATED and not candidates and statutory is not None:
                return (0.0, statutory[0])
            return None
        return candidates[0].ranges.get(party_kind)

    def expected_band(self, facts: dict[str, float]) -> Band | None | bool:
        """The band the facts select; None when a needed fact is missing; False when none matches."""
        unknown = False
        for band in self.bands:
            matched = band.matches(facts)
            if matched:
                return band
            if matched is None:
                unknown = True
        return None if unknown else False

    def in_force(self, violation_date: dt.date | None) -> bool | None:
        """Whether the provisions behind the table applied when the violation happened (None: date unknown)."""
        if self.in_force_from is None and self.in_force_until is None:
            return True
        if violation_date is None:
            return None
        if self.in_force_from is not None and violation_date < self.in_force_from:
            return False
        return not (self.in_force_until is not None and violation_date > self.in_force_until)


@dataclass(frozen=True)
class ListEntry:
    """An entry of one of the four lists (四张清单)."""

    id: str
    list: str  # 不予处罚 | 从轻处罚 | 减轻处罚 | 不予实施行政强制措施
    title: str
    item_codes: tuple[str, ...]
    basis: str
    effect: str  # 应当 | 可以
    conditions: tuple[str, ...]  # circumstance flags that must be shown true
    exclusions: tuple[str, ...]  # party flags that must be shown false
    regions: tuple[str, ...] = ()  # where the issuing body's list is in force; empty = the whole profile
    file: str = ""
    line: int = 0

    def applies_in(self, place: str) -> bool:
        """Whether the list is in force for an agency whose province, region and name read `place`."""
        return not self.regions or any(region in place for region in self.regions)


@dataclass(frozen=True)
class KeyItems:
    """The items an inspection plan for an industry must list (重点检查事项): a plan that leaves one
    out avoids the hard part (避重就轻, 赣应急字〔2020〕168号 第（六）项)."""

    id: str
    title: str
    industries: tuple[str, ...]  # matched against the inspected party's industry, exactly
    items: tuple[str, ...]
    basis: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class RandomCheckItems:
    """A department's 随机抽查事项清单 (国办发〔2015〕58号 二（一）, 国发〔2019〕5号): the matters it inspects by
    drawing targets and officers at random; a routine inspection of a listed matter is drawn (issue 19)."""

    id: str
    title: str
    matters: tuple[str, ...]  # matched against the inspection's matter, exactly
    basis: str
    file: str = ""
    line: int = 0


@dataclass
class Tables:
    discretion: dict[str, DiscretionTable] = field(default_factory=dict)
    # industry -> the key items an inspection plan for it must list
    key_items: dict[str, KeyItems] = field(default_factory=dict)
    # matter -> the 随机抽查事项清单 row listing it; empty: the profile has no 清单 (rules reading it: 无法判定)
    random_checks: dict[str, RandomCheckItems] = field(default_factory=dict)
    # (list, item_code) -> entries; entries of different regions may share an item code
    lists: dict[tuple[str, str], list[ListEntry]] = field(default_factory=dict)
    schemes: dict[str, FractionScheme] = field(default_factory=dict)
    # the scheme a profile applies to items it has no table for, when the case file states the statutory range
    default_scheme: str | None = None
    default_scheme_origin: tuple[str, int] = ("", 0)
    # 说理 (issue 19): the structure of the laws a 决定书 cites, each version of a law its own row
    articles: list[LawStructure] = field(default_factory=list)

    # the two lookups below are made once the rulebook is loaded (the tables no longer change then)
    @functools.cached_property
    def full_names(self) -> dict[str, str]:
        """Every name a law of the structure table is cited by (full or abbreviated) → its full name."""
        names = {row.law: row.law for row in self.articles}
        names.update((short, row.law) for row in self.articles for short in row.abbreviations)
        return names

    @functools.cached_property
    def law_rows(self) -> dict[str, tuple[LawStructure, ...]]:
        """Every name a law of the structure table is cited by → the rows it names, in the table's order."""
        rows: dict[str, list[LawStructure]] = {}
        for row in self.articles:
            for name in dict.fromkeys((row.law, *row.abbreviations)):
                rows.setdefault(name, []).append(row)
        return {name: tuple(found) for name, found in rows.items()}

    def list_entry(self, list_name: str, item_code: str | None, place: str) -> ListEntry | None:
        if item_code is None:
            return None
        for entry in self.lists.get((list_name, item_code), ()):
            if entry.applies_in(place):
                return entry
        return None


# --- loading (called by engine.rulebook for every *.tables.yaml of the profile chain) -------------------


def _ranges(spec: dict[str, list[float]], display: str, line: int) -> dict[str, Range]:
    result = {}
    for kind, (low, high) in spec.items():
        if low > high:
            raise RulebookError(display, line, "bad-range", f"{kind} 幅度 [{low}, {high}] 下限大于上限")
        result[kind] = (float(low), float(high))
    return result


def _shares(spec: dict[str, list[float]], display: str, line: int) -> dict[str, Range]:
    shares = _ranges(spec, display, line)
    for level, (low, high) in shares.items():
        if high > 1:
            raise RulebookError(display, line, "bad-range", f"{level} 比例区间 [{low}, {high}] 超出 0—1")
    return shares


def _put(index: dict[Any, Any], key: Any, value: Any, display: str, line: int, what: str) -> None:
    """Later profiles replace an inherited row with the same key; one profile may not repeat it."""
    previous = index.get(key)
    if previous is not None and previous.file == display:
        raise RulebookError(display, line, "duplicate-row", f"{what} `{key}` 重复（已在第 {previous.line} 行定义）")
    index[key] = value


def load_tables(data: Any, display: str, tables: Tables) -> None:
    """Add one validated *.tables.yaml document to the profile's tables."""
    for spec in data.get("schemes", []):
        scheme = FractionScheme(
            id=spec["id"],
            title=spec["title"],
            basis=spec["basis"],
            fractions=_shares(spec["fractions"], display, spec.line),
            file=display,
            line=spec.line,
        )
        _put(tables.schemes, scheme.id, scheme, display, spec.line, "裁量模式")
    if "default_scheme" in data:
        tables.default_scheme = data["default_scheme"]
        tables.default_scheme_origin = (display, data.key_lines["default_scheme"])
    for spec in data.get("discretion", []):
        model = spec["model"]
        fraction_given = "fractions" in spec or "scheme" in spec
        if (
            (model == "fraction") != fraction_given
            or (model == "fact-pattern") != ("bands" in spec)
            or ("fractions" in spec and "scheme" in spec)
        ):
            raise RulebookError(
                display,
                spec.line,
                "table-model",
                "fraction 模式须有 fractions 或 scheme（二选一），fact-pattern 模式须有 bands",
            )
        bands = tuple(
            Band(
                level=b["level"],
                name=b["name"],
                ranges=_ranges(b["fine"], display, b.line),
                when=tuple(
                    (key, op, float(bound)) for key, ops in (b.get("when") or {}).items() for op, bound in ops.items()
                ),
            )
            for b in spec.get("bands", [])
        )
        in_force = spec.get("in_force") or {}
        table = DiscretionTable(
            id=spec["id"],
            title=spec["title"],
            item_code=spec["item_code"],
            basis=spec["basis"],
            model=model,
            statutory=_ranges(spec["statutory"], display, spec.line),
            fractions=_shares(spec.get("fractions") or {}, display, spec.line),
            scheme=spec.get("scheme"),
            bands=bands,
            in_force_from=parse_date(in_force.get("from"), display, spec.line),
            in_force_until=parse_date(in_force.get("until"), display, spec.line),
            provision_violated=tuple(provision(p) for p in spec.get("provision_violated", [])),
            penalty_provision=tuple(provision(p) for p in spec.get("penalty_provision", [])),
            file=display,
            line=spec.line,
        )
        _put(tables.discretion, table.item_code, table, display, spec.line, "裁量基准事项")
    for spec in data.get("lists", []):
        entry = ListEntry(
            id=spec["id"],
            list=spec["list"],
            title=spec["title"],
            item_codes=tuple(spec["item_codes"]),
            basis=spec["basis"],
            effect=spec["effect"],
            conditions=tuple(spec["conditions"]),
            exclusions=tuple(spec.get("exclusions", [])),
            regions=tuple(spec.get("regions", [])),
            file=display,
            line=spec.line,
        )
        for code in entry.item_codes:
            entries = tables.lists.setdefault((entry.list, code), [])
            for index, other in enumerate(entries):
                if other.regions == entry.regions:
                    if other.file == display:
                        raise RulebookError(
                            display,
                            spec.line,
                            "duplicate-row",
                            f"{entry.list}清单事项 `{code}` 重复（已在第 {other.line} 行定义）",
                        )
                    entries[index] = entry  # a later profile replaces the inherited entry
                    break
            else:
                entries.append(entry)
    _load_key_items(data, display, tables)
    _load_random_checks(data, display, tables)
    tables.articles.extend(load_structures(data, display))


def _load_key_items(data: Any, display: str, tables: Tables) -> None:
    for spec in data.get("key_items", []):
        industries = tuple(spec["industries"])
        row = KeyItems(spec["id"], spec["title"], industries, tuple(spec["items"]), spec["basis"], display, spec.line)
        _put_each(tables.key_items, industries, row, "重点检查事项的行业")


def _load_random_checks(data: Any, display: str, tables: Tables) -> None:
    for spec in data.get("random_checks", []):
        matters = tuple(spec["matters"])
        row = RandomCheckItems(spec["id"], spec["title"], matters, spec["basis"], display, spec.line)
        _put_each(tables.random_checks, matters, row, "随机抽查事项")


def _put_each(index: dict[str, Any], keys: tuple[str, ...], row: KeyItems | RandomCheckItems, what: str) -> None:
    """A row of a list, under each industry or matter it names."""
    for key in keys:
        _put(index, key, row, row.file, row.line, what)


def check_tables(tables: Tables) -> None:
    """Cross-file checks once the whole profile chain is loaded: every named scheme exists."""
    for table in tables.discretion.values():
        if table.scheme is not None and table.scheme not in tables.schemes:
            raise RulebookError(
                table.file,
                table.line,
                "unknown-scheme",
                f"裁量模式 `{table.scheme}` 未定义",
                f"defined: {'、'.join(sorted(tables.schemes)) or '无'}",
            )
    if tables.default_scheme is not None and tables.default_scheme not in tables.schemes:
        file, line = tables.default_scheme_origin
        raise RulebookError(file, line, "unknown-scheme", f"默认裁量模式 `{tables.default_scheme}` 未定义")
