"""Score one case's findings: deductions capped per category (扣完为止，不计负分), veto → 不合格卷.

Items the file leaves undecided (无法判定) make the score a range: its top is the score of the
findings alone, its bottom the score if every undecided item were a finding. The grade is definite
when both ends give it; 暂定 when the range crosses a grade line; 待核实 when an undecided veto item
could make the file 不合格卷.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DEFINITE, PROVISIONAL, TO_VERIFY = "确定", "暂定", "待核实"


@dataclass(frozen=True)
class Score:
    total: float
    score: float  # the findings' score: the top of the range
    grade: str
    vetoed: bool
    deductions: dict[str, float]  # category -> points actually deducted (after the cap)
    low: float  # the bottom of the range: every undecided item a finding
    low_grade: str
    status: str  # DEFINITE, PROVISIONAL or TO_VERIFY


class Weighted(Protocol):
    """What scoring reads of a rule or a reviewer's judgement item."""

    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def points(self) -> float: ...


# A rule or judgement item on an item of a published score sheet -> (that item, its points): the item's
# deductions are capped at its points before the category's cap (engine.sheets.model.Sheet.caps).
Caps = Mapping[str, tuple[str, float]]


def _raw(rules: Iterable[Weighted], raw: dict[str, float], caps: Caps, taken: dict[str, float]) -> bool:
    """Add the rules' points to the raw deductions by category, each sheet item's share up to its cap
    (`taken`: what each item has deducted so far); whether one of them is a veto item."""
    vetoed = False
    for rule in rules:
        if rule.severity == "veto":
            vetoed = True
            continue
        cap = caps.get(rule.id)
        if cap is None:
            raw[rule.category] += rule.points
        else:
            item, limit = cap
            before = taken.get(item, 0.0)
            taken[item] = min(before + rule.points, limit)
            raw[rule.category] += taken[item] - before
    return vetoed


def _grade(raw: dict[str, float], vetoed: bool, scoring: dict[str, Any]) -> tuple[float, str, dict[str, float]]:
    deductions = {category: min(points, scoring["categories"][category]) for category, points in raw.items()}
    if vetoed:
        return float(scoring["veto_score"]), scoring["veto_grade"], deductions
    value = max(float(scoring["total"]) - sum(deductions.values()), 0.0)
    return value, next(g["name"] for g in scoring["grades"] if value >= g["min"]), deductions


def score(
    failed: Sequence[Weighted], scoring: dict[str, Any], undecided: Sequence[Weighted] = (), caps: Caps | None = None
) -> Score:
    raw: dict[str, float] = dict.fromkeys(scoring["categories"], 0.0)
    taken: dict[str, float] = {}
    caps = caps or {}
    vetoed = _raw(failed, raw, caps, taken)
    value, grade, deductions = _grade(raw, vetoed, scoring)
    total = float(scoring["total"])
    if not any(rule.points or rule.severity == "veto" for rule in undecided):  # nothing they could take away
        return Score(total, value, grade, vetoed, deductions, value, grade, DEFINITE)
    low_vetoed = _raw(undecided, raw, caps, taken) or vetoed
    low, low_grade, _ = _grade(raw, low_vetoed, scoring)
    if low_vetoed and not vetoed:
        status = TO_VERIFY
    else:
        status = DEFINITE if low_grade == grade else PROVISIONAL
    return Score(total, value, grade, vetoed, deductions, low, low_grade, status)
