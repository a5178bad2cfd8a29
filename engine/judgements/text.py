"""The panel's part of a case's text report: each item's verdict, reason and reviewer, and what each
side deducted (机器评查 / 人工评查)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..expr import format_value
from .items import MACHINE, PANEL, JudgementItem
from .merge import NOT_JUDGED


def unjudged_lines(items: Sequence[JudgementItem], case_type: str) -> list[str]:
    """Said of a file checked without the panel's judgements, where the profile has items for its case type:
    the grade is the machine's alone, the substantive items are not judged."""
    names = "、".join(item.name for item in items if case_type in item.case_types)
    if not names:
        return []
    return [
        "",
        f"{PANEL}：未进行（{names}须由评查组评定，用 --judgements 给出评查记录）；以下得分、等次仅为{MACHINE}结果",
    ]


def panel_lines(document: dict[str, Any]) -> list[str]:
    """The 人工评查 section of a merged result document (none for a file with nothing to judge)."""
    if "judgements" not in document:
        return []
    judged = document["judgements"]
    source = f"（{judged['file']}）" if judged["file"] else "（本案卷没有人工评查记录）"
    lines = ["", f"{PANEL}{source}："]
    for entry in judged["items"]:
        head = f"  {entry['name']}：{entry['verdict']}"
        if entry["verdict"] == NOT_JUDGED:
            lines.append(head)
            continue
        if entry["veto"]:
            head += "  否决项"
        elif entry["points"]:
            head += f"  扣 {format_value(entry['points'])} 分"
        lines.append(f"{head}  —— {entry['reviewer']}，{entry['date']}")
        if entry["reason"]:
            lines.append(f"     {entry['reason']}")
    if judged["pending"]:
        lines.append(f"人工评查未完成（{'、'.join(judged['pending'])} 未评定或无法判定）：等次尚未确定")
    lines.append(sides(document))
    return lines


def sides(document: dict[str, Any]) -> str:
    """What each side found: 机器评查：扣 3 分；人工评查：有否决项 (人工评查：未进行 without judgements)."""
    texts = []
    for side in (MACHINE, PANEL):
        if side == PANEL and "judgements" not in document:
            texts.append(f"{PANEL}：未进行")
            continue
        found = [f for f in document["findings"] if (f.get("by") == PANEL) == (side == PANEL)]
        if any(f["severity"] == "veto" for f in found):
            texts.append(f"{side}：有否决项")
        elif found:
            texts.append(f"{side}：扣 {format_value(sum(f['points'] for f in found))} 分")
        else:
            texts.append(f"{side}：未发现问题")
    return "；".join(texts)
