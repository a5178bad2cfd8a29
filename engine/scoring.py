"""Score one case's findings: deductions capped per category (扣完为止，不计负分), veto → 不合格卷."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.rulebook import Rule


@dataclass(frozen=True)
class Score:
    total: float
    score: float
    grade: str
    vetoed: bool
    deductions: dict[str, float]  # category -> points actually deducted (after the cap)


def score(failed: Iterable[Rule], scoring: dict[str, Any]) -> Score:
    raw: dict[str, float] = dict.fromkeys(scoring["categories"], 0.0)
    vetoed = False
    for rule in failed:
        if rule.severity == "veto":
            vetoed = True
        else:
            raw[rule.category] += rule.points
    deductions = {category: min(points, scoring["categories"][category]) for category, points in raw.items()}
    total = float(scoring["total"])
    if vetoed:
        return Score(total, float(scoring["veto_score"]), scoring["veto_grade"], True, deductions)
    value = max(total - sum(deductions.values()), 0.0)
    grade = next(g["name"] for g in scoring["grades"] if value >= g["min"])
    return Score(total, value, grade, False, deductions)
