"""A review as Chinese text for the terminal and as a stable JSON document; the Word 法制审核意见书 reads the
same sentences (opinion_reasons, period_line…), so that the three forms never say different things."""

from __future__ import annotations

from typing import Any

from ..expr import format_value
from ..render import SEVERITY_LABEL
from .model import Advice, Band, Item, ListCandidate, Period, Review

UNIT_TEXT = {"日": "日（日历日）", "工作日": "个工作日"}


def period_line(period: Period) -> str:
    """办案期限：自立案日期 2026-09-01 起 90 日（日历日），届满日 2026-11-30，剩余 12 日"""
    length = "（期限未载明）" if period.length is None else f"{period.length} {UNIT_TEXT[period.unit]}"
    start = format_value(period.start)
    text = f"{period.title}：自{period.start_label} {start} 起 {length}，届满日 {format_value(period.end)}"
    if period.done_on is not None:
        text += f"；已于 {period.done_on.isoformat()} {period.done_label}"
    elif period.days_left is not None:
        text += f"，剩余 {period.days_left} 日" if period.days_left >= 0 else f"，已逾期 {-period.days_left} 日"
    return text


def band_line(band: Band) -> str:
    fine = "（该当事人类型无幅度）" if band.fine is None else f"{_yuan(band.fine[0])}—{_yuan(band.fine[1])} 元"
    name = "" if band.name == band.level else f"“{band.name}”"
    when = f"（{band.conditions}）" if band.conditions else ""
    return f"{band.level}{name}：{fine}{when}"


def candidate_line(candidate: ListCandidate) -> str:
    parts = [f"{candidate.name}（{candidate.effect}；{candidate.basis}）：{candidate.status}"]
    for label, values in (("已证明", candidate.met), ("不符合", candidate.unmet), ("须查明", candidate.open)):
        if values:
            parts.append(f"{label}：{'、'.join(values)}")
    return "；".join(parts)


def fit_line(advice: Advice) -> str:
    """草案：一般，罚款 80000 元；不在所适用档次的幅度内"""
    level = advice.proposed_level or "未载明阶次"
    fine = "未罚款" if advice.proposed_fine is None else f"罚款 {_yuan(advice.proposed_fine)} 元"
    verdicts = []
    if advice.level_fits is not None:
        verdicts.append(
            "阶次与情节相符"
            if advice.level_fits
            else f"阶次与情节不符（应为{advice.selected and advice.selected.level}）"
        )
    if advice.fits is not None:
        verdicts.append("罚款在该档幅度内" if advice.fits else "罚款不在该档幅度内")
    return f"草案：{level}，{fine}" + (f"；{'，'.join(verdicts)}" if verdicts else "")


def opinion_reasons(review: Review) -> list[str]:
    """The reasons of the opinion, each with its basis: findings first, then what must be verified."""
    reasons = []
    for item in (*review.blocking, *review.contents):
        what = item.text if item.decided else f"须核实：{item.text}"
        reasons.append(f"{item.rule.title}。{what}（依据：{'；'.join(item.basis)}）")
    advice = review.advice
    if advice.fits is False or advice.level_fits is False:
        reasons.append(f"裁量：{fit_line(advice)}（依据：{advice.table or '法定罚款幅度'}）")
    return reasons


def _yuan(value: float) -> str:
    return format_value(float(value))


def _items_text(items: tuple[Item, ...], empty: str) -> list[str]:
    if not items:
        return [f"  {empty}"]
    lines = []
    for number, item in enumerate(items, 1):
        label = SEVERITY_LABEL[item.rule.severity] if item.decided else "须核实"
        lines.append(f"  {number}. [{label}] {item.rule.title}  <{item.rule.id}>")
        lines.append(f"     {item.text if item.decided else '无法判定：' + item.text}")
        lines.append(f"     依据：{'；'.join(item.basis)}")
    return lines


def _advice_text(advice: Advice) -> list[str]:
    lines = [f"  裁量基准：{advice.table or '无'}（事项编码 {advice.item_code or '未载明'}）"]
    if advice.statutory is not None:
        lines.append(f"  法定罚款幅度：{_yuan(advice.statutory[0])}—{_yuan(advice.statutory[1])} 元")
    for band in advice.bands:
        mark = "→ " if band == advice.selected else "  "
        lines.append(f"  {mark}{band_line(band)}")
    lines.append(f"  {'应适用：' + band_line(advice.selected) if advice.selected else advice.selection_note}")
    lines.append(f"  {fit_line(advice)}")
    if advice.candidates:
        lines.append("  不予处罚、从轻减轻处罚的情形：")
        lines += [f"    - {candidate_line(c)}" for c in advice.candidates]
    if advice.reasoning:
        lines.append("  决定书的说理应包含：")
        lines += [f"    - {line}" for line in advice.reasoning]
    return lines


def to_text(review: Review) -> str:
    lines = [
        f"决定草案 {review.case_id}  ({review.source})",
        (
            f"规则集 {review.rulebook['name']} {review.rulebook['version']}  审核日 {review.as_of.isoformat()}  "
            f"拟作出决定日期 {review.decision_date.isoformat()}（{review.decision_date_from}）"
        ),
        f"案由 {review.matter}；当事人 {review.party}；承办机构 {review.agency}",
        "",
        f"审核意见：{review.opinion}",
        "",
        f"一、不得作出决定的障碍（{len(review.blocking)} 项）",
        *_items_text(review.blocking, "未发现"),
        "",
        f"二、期限（按审核日 {review.as_of.isoformat()} 计）",
        *[
            f"  {period_line(p)}" + (f"（{p.note}）" if p.note else "") + f"\n     依据：{p.basis}"
            for p in review.periods
        ],
        f"  作出决定后开始的期限（自拟作出决定日期 {review.decision_date.isoformat()} 起）：",
        *[
            f"    {period_line(p)}" + (f"（{p.note}）" if p.note else "") + f"\n       依据：{p.basis}"
            for p in review.next_steps
        ],
        "",
        "三、裁量",
        *_advice_text(review.advice),
        "",
        f"四、决定书应载明事项与决定本身（{len(review.contents)} 项）",
        *_items_text(review.contents, "未发现"),
        "",
        "五、下一步：作出决定后将评查的事项（审核时不判定）",
        *[f"  - {rule.title}  <{rule.id}>" for rule in review.later_checks],
    ]
    if not review.later_checks:
        lines.append("  无")
    lines += [f"注：{notice}" for notice in review.notices]
    return "\n".join(lines)


def _item_dict(item: Item) -> dict[str, Any]:
    return {
        "rule_id": item.rule.id,
        "title": item.rule.title,
        "severity": item.rule.severity,
        "decided": item.decided,
        "message" if item.decided else "reason": item.text,
        "basis": list(item.basis),
    }


def _period_dict(period: Period) -> dict[str, Any]:
    return {
        "title": period.title,
        "start": format_value(period.start) if period.start else None,
        "start_label": period.start_label,
        "length": period.length,
        "unit": period.unit,
        "end": period.end.isoformat() if period.end else None,
        "done_on": period.done_on.isoformat() if period.done_on else None,
        "days_left": period.days_left,
        "basis": period.basis,
        "note": period.note,
        "text": period_line(period),
    }


def _band_dict(band: Band | None) -> dict[str, Any] | None:
    if band is None:
        return None
    return {
        "level": band.level,
        "name": band.name,
        "fine": list(band.fine) if band.fine else None,
        "when": band.conditions,
    }


def review_to_dict(review: Review) -> dict[str, Any]:
    advice = review.advice
    return {
        "source": review.source,
        "case_id": review.case_id,
        "matter": review.matter,
        "party": review.party,
        "agency": review.agency,
        "as_of": review.as_of.isoformat(),
        "decision_date": review.decision_date.isoformat(),
        "decision_date_from": review.decision_date_from,
        "rulebook": review.rulebook,
        "opinion": review.opinion,
        "opinion_reasons": opinion_reasons(review),
        "blocking": [_item_dict(i) for i in review.blocking],
        "decision": [_item_dict(i) for i in review.contents],
        "periods": [_period_dict(p) for p in review.periods],
        "after_decision_periods": [_period_dict(p) for p in review.next_steps],
        "after_decision_checks": [{"rule_id": r.id, "title": r.title} for r in review.later_checks],
        "discretion": {
            "item_code": advice.item_code,
            "table": advice.table,
            "model": advice.model,
            "statutory": list(advice.statutory) if advice.statutory else None,
            "bands": [_band_dict(b) for b in advice.bands],
            "selected": _band_dict(advice.selected),
            "selection_note": advice.selection_note,
            "proposed_level": advice.proposed_level,
            "proposed_fine": advice.proposed_fine,
            "fine_fits": advice.fits,
            "level_fits": advice.level_fits,
            "candidates": [
                {
                    "name": c.name,
                    "effect": c.effect,
                    "basis": c.basis,
                    "status": c.status,
                    "met": list(c.met),
                    "unmet": list(c.unmet),
                    "to_establish": list(c.open),
                }
                for c in advice.candidates
            ],
            "reasoning": list(advice.reasoning),
        },
        "notices": list(review.notices),
    }
