"""`pingcha review`: the 法制审核 of a draft penalty decision (decision.status 拟作出) on a review date, for a
decision intended on a given date. The profile's rules are evaluated on the case as it would stand on that
date and sorted by their phase: before-decision findings block the decision, decision findings are what
the draft must change, after-decision rules are never evaluated (nothing after the decision has happened)
but listed as what comes next, with the periods the decision starts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ..casefile import DRAFT, CaseFile, PenaltyCaseFile
from ..errors import ReviewError
from ..evaluate import Outcomes, apply_rules, build_context
from ..explain import explain_case
from ..expr import Context, format_value
from ..rulebook import PHASED_CASE_TYPE, Rule, Rulebook
from ..workcal import WorkCalendar
from .advice import discretion_advice
from .model import Item, Review
from .periods import periods_after_decision, running_periods

AFTER = "after-decision"


def _reviewed(rulebook: Rulebook) -> Rulebook:
    """The rules a review evaluates: all but the after-decision ones (nothing after the decision has happened)."""
    return replace(rulebook, rules=[rule for rule in rulebook.rules if rule.phase != AFTER])


def explain_review(
    review: Review, case: CaseFile, rulebook: Rulebook, calendar: WorkCalendar, rule_id: str
) -> dict[str, Any]:
    """`--explain` on a review: the rule (or every evaluated one, `all`) as the review saw it, on the review
    date with the intended decision date; an after-decision rule is named as such, not explained."""
    after = {rule.id for rule in rulebook.rules if rule.phase == AFTER}
    if rule_id in after:
        raise ReviewError(
            f"规则 {rule_id} 是作出决定后的事项（phase: after-decision），审核决定草案时不评查，列在“下一步”中"
        )
    return explain_case(
        case,
        _reviewed(rulebook),
        review.as_of,
        calendar,
        rule_id,
        decided_on=review.decision_date,
        source=review.source,
    )


def review_draft(
    case: CaseFile,
    rulebook: Rulebook,
    as_of: dt.date,
    decision_date: dt.date | None,
    calendar: WorkCalendar,
    source: str,
) -> Review:
    """Review one draft decision; ReviewError when the file or the rulebook cannot be reviewed."""
    draft = _draft(case, source)
    rules = rulebook.rules_for(PHASED_CASE_TYPE)
    unphased = [rule.id for rule in rules if rule.phase is None]
    if unphased:
        raise ReviewError(
            f"规则集 {rulebook.name} 中有 {len(unphased)} 条规则未标明 phase，不能用于审核决定草案："
            f"{'、'.join(unphased)}（pingcha rules lint 逐条指出）"
        )
    assert draft.decision is not None
    day, day_from = _intended_date(draft, decision_date, as_of, source)
    intended = draft.model_copy(update={"decision": draft.decision.model_copy(update={"date": day})})
    ctx, origin = build_context(intended, rulebook, as_of, calendar)
    items = tuple(_items(apply_rules(_reviewed(rulebook), PHASED_CASE_TYPE, ctx, origin), day))
    return Review(
        source=source,
        case_id=draft.case_id,
        matter=draft.violation.description,
        party=draft.party.name,
        agency=draft.agency.name,
        proposal=_proposal(draft),
        as_of=as_of,
        decision_date=day,
        decision_date_from=day_from,
        rulebook=rulebook.identity(),
        items=items,
        periods=running_periods(intended, rulebook, ctx),
        next_steps=periods_after_decision(rulebook, ctx),
        later_checks=tuple(rule for rule in rules if rule.phase == AFTER and _may_apply(rule, ctx)),
        advice=discretion_advice(intended, rulebook.tables, ctx),
        notices=rulebook.unconfirmed_for(PHASED_CASE_TYPE),
    )


def _draft(case: CaseFile, source: str) -> PenaltyCaseFile:
    if not isinstance(case, PenaltyCaseFile):
        raise ReviewError(
            f"{source}: $.case_type 为“{case.case_type}”：pingcha review 审核的是行政处罚决定草案（case_type 应为“行政处罚”）"
        )
    if case.decision is None:
        raise ReviewError(f'{source}: 没有 $.decision：决定草案须写明拟作出的决定，并注明 "status": "拟作出"')
    if case.decision.status != DRAFT:
        raise ReviewError(
            f"{source}: $.decision.status 为“{case.decision.status}”：已作出的决定请用 pingcha check 评查；"
            '审核的决定草案应注明 "status": "拟作出"'
        )
    return case


def _intended_date(case: PenaltyCaseFile, given: dt.date | None, as_of: dt.date, source: str) -> tuple[dt.date, str]:
    """The date the decision is to be made: --decision-date, else the draft's own date, else the review date."""
    assert case.decision is not None
    if given is not None:
        day, origin = given, "--decision-date"
    elif case.decision.date is not None:
        day, origin = case.decision.date, "草案载明（$.decision.date）"
    else:
        day, origin = as_of, "审核日（未另行指定）"
    if day < as_of:
        raise ReviewError(
            f"{source}: 拟作出决定日期 {day.isoformat()}（{origin}）早于审核日 {as_of.isoformat()}："
            "审核的是尚未作出的决定，拟作出日期应不早于审核日（--decision-date）"
        )
    return day, origin


def _proposal(case: PenaltyCaseFile) -> str:
    decision = case.decision
    assert decision is not None
    parts: list[str] = [decision.outcome]
    if decision.kinds:
        parts.append(f"：{'、'.join(decision.kinds)}")
    if decision.fine is not None and "罚款" in (decision.kinds or ()):
        parts.append(f"，罚款 {format_value(float(decision.fine))} 元")
    if decision.discretion is not None and decision.discretion.level:
        parts.append(f"（裁量阶次：{decision.discretion.level}）")
    return "".join(parts)


def _items(outcomes: Outcomes, day: dt.date) -> list[Item]:
    """Findings first (most severe first, as evaluated), then what the file cannot decide."""
    items = [Item(f.rule, f.message, tuple(c.text() for c in f.basis), True) for f in outcomes.findings]
    items += [
        Item(u.rule, u.reason, tuple(c.text() for c in u.rule.basis_on(day)), False) for u in outcomes.undetermined
    ]
    return items


def _may_apply(rule: Rule, ctx: Context) -> bool:
    """Whether an after-decision rule will apply to the decision as drafted (unless its condition is known false)."""
    if rule.when is None:
        return True
    try:
        return rule.when.run(ctx) is not False
    except Exception:  # noqa: BLE001 - an Undecidable condition may apply
        return True
