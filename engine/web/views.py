"""What the result and review pages show, in officials' words: the engine's own sentences (render, explain,
review.render) with fact names, JSON paths and parameter names left out (report.plain), rule ids never shown."""

from __future__ import annotations

from typing import Any

from ..evaluate import CaseResult
from ..expr import format_value
from ..render import SEVERITY_LABEL, grade_text, score_text
from ..report import plain
from ..review.model import Item, Review
from ..review.render import band_line, candidate_line, fit_line, opinion_reasons, period_line

STATES = {"unknown": "未知（卷内未载明）", "absent": "无（卷内已知没有）"}


def _fact_line(fact: dict[str, Any]) -> str:
    value = STATES.get(fact["state"]) or format_value(fact["value"])
    return f"{fact['title']}：{value}"


def _titles(rule: dict[str, Any]) -> dict[str, str]:
    read = [*rule.get("facts", []), *rule.get("derived", []), *rule.get("parameters", [])]
    return {item["name"]: item["title"] for item in read if item.get("title")}


def check_view(result: CaseResult, explained: dict[str, Any]) -> dict[str, Any]:
    """The result page: findings by family with their basis and the facts they read, 无法判定 items with what
    would decide them, the score (a range while items are undecided) and the grade."""
    rules = {rule["rule_id"]: rule for rule in explained["rules"]}
    families: dict[str, list[dict[str, Any]]] = {}
    for finding in result.findings:
        rule = finding.rule
        read = rules.get(rule.id, {}).get("facts", [])
        families.setdefault(rule.family, []).append(
            {
                "title": rule.title,
                "severity": SEVERITY_LABEL[rule.severity],
                "veto": rule.severity == "veto",
                "points": "否决项"
                if rule.severity == "veto"
                else f"扣 {format_value(rule.points)} 分（{rule.category}）",
                "message": plain(finding.message),
                "basis": [citation.text() for citation in finding.basis],
                "facts": [_fact_line(fact) for fact in read if fact["name"] != "as_of"],
            }
        )
    undetermined = []
    for item in result.undetermined:
        rule = rules.get(item.rule.id, {})
        titles = _titles(rule)
        needed = [titles.get(name, "") for name in rule.get("unknown", [])]
        undetermined.append(
            {
                "title": item.rule.title,
                "severity": SEVERITY_LABEL[item.rule.severity],
                "reason": plain(item.reason),
                "needed": [title for title in needed if title],
                "basis": rule.get("basis", []),
            }
        )
    score = result.score
    return {
        "case_id": result.case_id,
        "source": result.source,
        "as_of": result.as_of.isoformat(),
        "rulebook": f"{result.rulebook.title}（{result.rulebook.version}）",
        "score": score_text(score),
        "total": format_value(score.total),
        "grade": grade_text(score),
        "vetoed": score.vetoed,
        "deductions": [f"{c}扣 {format_value(p)} 分" for c, p in score.deductions.items() if p],
        "families": families,
        "finding_count": len(result.findings),
        "undetermined": undetermined,
        "passed": len(result.passed),
        "not_applicable": result.not_applicable,
        "notices": [plain(notice) for notice in result.notices],
    }


def _item(item: Item) -> dict[str, Any]:
    return {
        "title": item.rule.title,
        "severity": SEVERITY_LABEL[item.rule.severity] if item.decided else "须核实",
        "text": plain(item.text) if item.decided else f"无法判定：{plain(item.text)}",
        "basis": list(item.basis),
    }


def review_view(review: Review, rulebook_title: str) -> dict[str, Any]:
    """The draft-review page: opinion and reasons, blocking items, running periods and those the decision
    starts, the discretion band advice, the items of the decision itself, the checks after the decision."""
    advice = review.advice
    return {
        "case_id": review.case_id,
        "source": review.source,
        "matter": review.matter,
        "party": review.party,
        "agency": review.agency,
        "rulebook": f"{rulebook_title}（{review.rulebook['version']}）",
        "as_of": review.as_of.isoformat(),
        "decision_date": review.decision_date.isoformat(),
        "decision_date_from": review.decision_date_from,
        "opinion": review.opinion,
        "reasons": [plain(reason) for reason in opinion_reasons(review)],
        "blocking": [_item(item) for item in review.blocking],
        "contents": [_item(item) for item in review.contents],
        "periods": [_period(p) for p in review.periods],
        "next_periods": [_period(p) for p in review.next_steps],
        "later": [rule.title for rule in review.later_checks],
        "table": advice.table,
        "statutory": (
            f"{format_value(float(advice.statutory[0]))}—{format_value(float(advice.statutory[1]))} 元"
            if advice.statutory
            else None
        ),
        "bands": [{"text": band_line(band), "selected": band == advice.selected} for band in advice.bands],
        "selection": f"应适用：{band_line(advice.selected)}" if advice.selected else plain(advice.selection_note),
        "fit": fit_line(advice),
        "fits": advice.fits is not False and advice.level_fits is not False,
        "candidates": [candidate_line(c) for c in advice.candidates],
        "reasoning": list(advice.reasoning),
        "notices": [plain(notice) for notice in review.notices],
    }


def _period(period: Any) -> dict[str, Any]:
    overdue = period.days_left is not None and period.days_left < 0 and period.done_on is None
    return {"text": period_line(period), "note": period.note, "basis": period.basis, "overdue": overdue}
