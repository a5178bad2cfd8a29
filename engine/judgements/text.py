"""The panel's part of a case's text report: each item's verdict, reason and reviewer, and what each
side deducted (机器评查 / 人工评查)."""

from __future__ import annotations

from typing import Any

from ..expr import format_value
from .items import MACHINE, PANEL
from .merge import NOT_JUDGED


def panel_lines(document: dict[str, Any]) -> list[str]:
    """The 人工评查 section of a merged result document."""
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
    lines.append(f"{MACHINE}：{_side(document, by_panel=False)}；{PANEL}：{_side(document, by_panel=True)}")
    return lines


def _side(document: dict[str, Any], by_panel: bool) -> str:
    findings = [f for f in document["findings"] if (f.get("by") == PANEL) == by_panel]
    if any(f["severity"] == "veto" for f in findings):
        return "有否决项"
    points = sum(f["points"] for f in findings)
    return f"扣 {format_value(points)} 分" if findings else "未发现问题"
