"""Fill a profile's score sheet for one result: each item with its points, what was deducted and why
(机器评查 or 人工评查), what could not be decided, the stage subtotals, the total and the grade."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..expr import format_value
from ..judgements.items import MACHINE, PANEL
from ..judgements.text import sides
from ..render import grade_text, score_from_dict, score_text
from ..report import plain
from .model import Sheet

UNDECIDED = "无法判定"


@dataclass(frozen=True)
class Line:
    number: str
    title: str
    points: float | None  # None: a veto item
    deducted: float
    vetoed: bool
    notes: tuple[str, ...]  # each deduction, judgement and undecided item, saying whose it is
    unconfirmed: str | None


@dataclass(frozen=True)
class Part:
    name: str
    points: float | None  # None: the veto part
    lines: tuple[Line, ...]

    @property
    def subtotal(self) -> float | None:
        if self.points is None:
            return None
        return max(self.points - sum(line.deducted for line in self.lines), 0.0)


@dataclass(frozen=True)
class Filled:
    case_id: str
    agency: str
    violation: str | None
    as_of: str
    standard: str
    standard_source: str
    standard_notes: str | None
    parts: tuple[Part, ...]
    score: str  # 88, or the range 85—89
    grade: str
    sides: str  # what the machine and the panel deducted
    pending: tuple[str, ...]  # judgement items not judged or judged 无法判定


def fill(record: dict[str, Any], sheet: Sheet) -> Filled:
    """The sheet of one batch record (its result merged with the panel's judgements, or not)."""
    result, case = record["result"], record["case"]
    notes: dict[str, list[str]] = defaultdict(list)
    deducted: dict[str, float] = defaultdict(float)
    vetoed: set[str] = set()
    for finding in result["findings"]:
        key = sheet.placed.get(finding["rule_id"], "")
        by_panel = finding.get("by") == PANEL
        head = f"【{PANEL if by_panel else MACHINE}】{finding['title'].removesuffix(f'（{PANEL}）')}"
        weight = "否决项" if finding["severity"] == "veto" else f"扣 {format_value(finding['points'])} 分"
        notes[key].append(f"{head}（{weight}）：{plain(finding['message'])}")
        if finding["severity"] == "veto":
            vetoed.add(key)
        else:
            deducted[key] += finding["points"]
    for entry in (result.get("judgements") or {}).get("items", []):
        if entry["verdict"] == "符合":
            notes[sheet.placed.get(entry["id"], "")].append(
                f"【{PANEL}】{entry['name']}：符合（{entry.get('reviewer') or '评查人未载明'}，{entry.get('date') or '日期未载明'}）"
            )
    for item in result["undetermined"]:
        title = item["title"].removesuffix(f"（{PANEL}）")
        side = PANEL if item.get("by") == PANEL else MACHINE
        notes[sheet.placed.get(item["rule_id"], "")].append(f"【{side}·{UNDECIDED}】{title}：{plain(item['reason'])}")
    parts = tuple(
        Part(
            stage.name,
            stage.points if stage.category else None,
            tuple(
                Line(
                    item.number,
                    item.title,
                    item.points,
                    min(deducted[item.key(stage)], item.points or 0),
                    item.key(stage) in vetoed,
                    tuple(notes[item.key(stage)]),
                    item.unconfirmed,
                )
                for item in stage.items
            ),
        )
        for stage in sheet.stages
    )
    score = result["score"]
    judged = result.get("judgements")
    return Filled(
        case_id=result["case_id"],
        agency=case["agency"]["name"],
        violation=case.get("violation"),
        as_of=result["as_of"],
        standard=sheet.standard,
        standard_source=sheet.source,
        standard_notes=sheet.notes,
        parts=parts,
        score=score_text(score_from_dict(score)),
        grade=grade_text(score_from_dict(score)),
        sides=sides(result),
        pending=tuple(judged["pending"]) if judged else (),
    )
