"""Rulebook data that is not a rule: parameters, discretion baselines (裁量基准) and the four lists.

Tables are indexed by baseline item code when the rulebook loads, so a lookup costs one dict access
whatever the table size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Range = tuple[float, float]

_OPERATORS = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


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
        for version in self.versions:
            if version.since is not None or version.until is not None:
                if on_date is None:
                    return None
                if version.since is not None and on_date < version.since:
                    continue
                if version.until is not None and on_date > version.until:
                    continue
            value = version.value
            return value.get(party_kind) if isinstance(value, dict) else value
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
class DiscretionTable:
    """A 裁量基准 entry: statutory range, the discretion model the issuing body adopted, its bands."""

    id: str
    title: str
    item_code: str
    basis: str
    model: str  # "fact-pattern" or "fraction"
    statutory: dict[str, Range]
    fractions: dict[str, Range] = field(default_factory=dict)
    bands: tuple[Band, ...] = ()
    file: str = ""
    line: int = 0

    def claimed_range(self, party_kind: str, level: str, band_name: str | None) -> Range | None:
        """The fine range of the level (and band) the case file claims."""
        if self.model == "fraction":
            statutory = self.statutory.get(party_kind)
            share = self.fractions.get(level)
            if statutory is None or share is None:
                return None
            low, high = statutory
            span = high - low
            return (low + share[0] * span, low + share[1] * span)
        candidates = [b for b in self.bands if b.level == level and (band_name is None or b.name == band_name)]
        if len(candidates) != 1:
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
    file: str = ""
    line: int = 0


@dataclass
class Tables:
    discretion: dict[str, DiscretionTable] = field(default_factory=dict)
    lists: dict[tuple[str, str], ListEntry] = field(default_factory=dict)  # (list, item_code) -> entry
