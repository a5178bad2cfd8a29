"""What a review of a draft decision (法制审核) says: the items the rules found, the periods that run, the
steps that follow the decision, the discretion advice, and the opinion they add up to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..rulebook import Rule

AGREE, AGREE_AFTER_CHANGES, DISAGREE = "同意", "修改后同意", "不同意"


@dataclass(frozen=True)
class Item:
    """One rule's answer on the intended decision: a finding, or 无法判定 (须核实) with its reason."""

    rule: Rule
    text: str  # the finding's message, or why the file cannot decide it
    basis: tuple[str, ...]
    decided: bool  # False: 无法判定


@dataclass(frozen=True)
class Period:
    """A statutory period: from when, how long, in which days, when it ends, and where it stands on the review date."""

    title: str
    start: dt.date | None
    start_label: str  # what the start is: 立案日期, 告知日期, 拟作出决定日期…
    length: int | None
    unit: str  # 日 (calendar days, the last day moved past a rest day) | 工作日
    end: dt.date | None
    basis: str
    done_on: dt.date | None = None  # the act that closes the period, when the file shows it
    done_label: str = ""
    days_left: int | None = None  # calendar days from the review date to the end (negative: overdue)
    note: str = ""  # an approved extension, or why the end cannot be computed


@dataclass(frozen=True)
class Band:
    level: str
    name: str
    fine: tuple[float, float] | None  # for the party's kind
    conditions: str  # the facts that select it, as the table states them


@dataclass(frozen=True)
class ListCandidate:
    """A ground for not penalising or for a lighter penalty that could apply: the law's or a list entry's."""

    name: str  # 首违不罚, 轻微不罚, 不予处罚清单 …
    effect: str  # 应当不予处罚, 可以从轻处罚 …
    basis: str
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    open: tuple[str, ...]  # facts still needed

    @property
    def status(self) -> str:
        if self.unmet:
            return "不符合"
        return "待查明" if self.open else "符合"


@dataclass(frozen=True)
class Advice:
    """The discretion the draft exercises against the profile's baseline table and the four lists."""

    item_code: str | None
    table: str | None  # the baseline entry's title and basis
    model: str | None  # fact-pattern | fraction
    statutory: tuple[float, float] | None
    bands: tuple[Band, ...]
    selected: Band | None  # the band the stated facts select (fact-pattern), or the level claimed (fraction)
    selection_note: str  # why none is selected
    proposed_fine: float | None
    proposed_level: str | None
    fits: bool | None  # the proposed fine within the selected band's range (None: cannot tell)
    level_fits: bool | None
    candidates: tuple[ListCandidate, ...]
    reasoning: tuple[str, ...]  # what the decision's 说理 must contain


@dataclass(frozen=True)
class Review:
    source: str
    case_id: str
    matter: str  # 案由: the violation as described
    party: str
    agency: str
    proposal: str  # the decision as drafted: 给予行政处罚：罚款，罚款 80000 元（裁量阶次：一般）
    as_of: dt.date
    decision_date: dt.date
    decision_date_from: str  # where the intended date came from
    rulebook: dict[str, str]
    items: tuple[Item, ...]  # every finding and 无法判定 of the rules evaluated (none of them after-decision)
    periods: tuple[Period, ...]  # running on the review date
    next_steps: tuple[Period, ...]  # starting on the intended decision date
    later_checks: tuple[Rule, ...]  # after-decision rules that will apply to the decision made
    advice: Advice
    notices: tuple[str, ...]

    @property
    def blocking(self) -> tuple[Item, ...]:
        """不得作出决定的障碍: what the law requires before the decision."""
        return tuple(item for item in self.items if item.rule.phase == "before-decision")

    @property
    def contents(self) -> tuple[Item, ...]:
        """What the decision itself must state, and its discretion."""
        return tuple(item for item in self.items if item.rule.phase == "decision")

    @property
    def opinion(self) -> str:
        """不同意: a step the law requires before the decision is missing, or the decision would be void
        (a veto item); 修改后同意: the draft must change, or something must be verified first; else 同意."""
        if any(i.decided for i in self.blocking) or any(i.decided and i.rule.severity == "veto" for i in self.contents):
            return DISAGREE
        if any(True for _ in (*self.blocking, *self.contents)):
            return AGREE_AFTER_CHANGES
        return AGREE
