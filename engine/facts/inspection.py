"""The facts of a 行政检查 case file: plan, on-site inspection, hazards, order, recheck, no-penalty ground."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import (
    InspectionCaseFile,
)
from ..tables import Tables
from .common import certificate_valid, common_facts, listed
from .model import ALL_UNKNOWN, MAJOR_HAZARD
from .supervision import selection_facts, system_facts

_INSPECTION_ORIGINS = {
    "inspection.kind": "$.kind",
    "inspection.matter": "$.matter",
    "plan.exists": "$.plan",
    "plan.approved": "$.plan.approved_on",
    "plan.in_annual_plan": "$.plan.in_annual_plan",
    "date.检查方案制定": "$.plan.drawn_on",
    "date.检查方案批准": "$.plan.approved_on",
    "plan.items": "$.plan.items",
    "plan.missing_key_items": "$.plan.items",
    "party.industry": "$.party.industry",
    "onsite.exists": "$.onsite",
    "date.现场检查": "$.onsite.date",
    "onsite.officers": "$.onsite.actors",
    "onsite.uncertified": "$.onsite.actors",
    "onsite.certificates_shown": "$.onsite.certificates_shown",
    "onsite.signed": "$.onsite.signed_by_party",
    "onsite.recorded": "$.onsite.document",
    "hazards.count": "$.hazards",
    "hazards.major": "$.hazards",
    "hazards.open": "$.hazards",
    "hazards.unordered": "$.hazards",
    "hazards.requiring_case": "$.hazards",
    "date.责令整改": "$.order.issued_on",
    "date.整改期限": "$.order.deadline",
    "date.整改完成报告": "$.order.completion_reported_on",
    "date.复查": "$.recheck.date",
    "recheck.result": "$.recheck.result",
    "recheck.officers": "$.recheck.actors",
    "inspection.penalty_case_id": "$.penalty_case_id",
    "inspection.no_penalty_ground": "$.no_penalty.ground",
    "inspection.no_penalty_documented": "$.no_penalty.document",
}


def _acting(case: InspectionCaseFile, actors: list[str], on: dt.date, closed: bool) -> tuple[int, tuple[str, ...]]:
    """How many distinct officers acted, and those of them with no valid certificate on that day (an actor
    the file's officer list does not name counts as uncertified: the file cannot show a certificate;
    where the officer list is not complete, the list of the uncertified is open)."""
    officers = {o.id: o for o in case.officers}
    acting = list(dict.fromkeys(actors))
    uncertified = []
    for actor in acting:
        officer = officers.get(actor)
        if officer is None:
            uncertified.append(actor)
        elif not certificate_valid(officer, on):
            uncertified.append(officer.name)
    return len(acting), listed(uncertified, closed)


def inspection_facts(
    case: InspectionCaseFile, as_of: dt.date, tables: Tables, complete: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    facts = ALL_UNKNOWN.copy()
    origin = dict(_INSPECTION_ORIGINS)
    common_facts(case, as_of, facts, complete)
    facts["inspection.kind"] = case.kind
    facts["inspection.matter"] = case.matter
    documents = {d.id: d for d in case.documents}

    plan = case.plan
    if plan is not None or "plan" in complete:
        facts["plan.exists"] = plan is not None
    row = tables.key_items.get(case.party.industry) if case.party.industry else None
    facts["plan.key_items_listed"] = row is not None
    if row is not None:
        facts["plan.key_items"] = row.items
    if plan is not None:
        if plan.approved_on is not None or "plan" in complete:
            facts["plan.approved"] = plan.approved_on is not None
        facts["plan.in_annual_plan"] = plan.in_annual_plan
        facts["date.检查方案制定"] = plan.drawn_on
        facts["date.检查方案批准"] = plan.approved_on
        closed_plan = "plan" in complete
        facts["plan.items"] = listed(plan.items, closed_plan)
        if row is not None:
            facts["plan.missing_key_items"] = listed(
                (item for item in row.items if item not in plan.items and closed_plan), closed_plan
            )

    onsite = case.onsite
    if onsite is not None or "onsite" in complete:
        facts["onsite.exists"] = onsite is not None
    if onsite is not None:
        facts["date.现场检查"] = onsite.date
        if onsite.actors is not None or "onsite" in complete:
            facts["onsite.officers"], facts["onsite.uncertified"] = _acting(
                case, onsite.actors or [], onsite.date, "officers" in complete
            )
        facts["onsite.certificates_shown"] = onsite.certificates_shown
        if onsite.signed_by_party is True or onsite.refusal_noted is True:
            facts["onsite.signed"] = True
        elif onsite.signed_by_party is False and (onsite.refusal_noted is False or "onsite" in complete):
            facts["onsite.signed"] = False
        document = documents.get(onsite.document) if onsite.document else None
        recorded = document is not None and document.type == "现场检查笔录"
        if recorded or "documents" in complete:
            facts["onsite.recorded"] = recorded

    hazards = case.hazards
    order = case.order
    closed_hazards = "hazards" in complete
    open_ = [h for h in hazards if h.corrected_on_site is not True]
    if hazards or closed_hazards:
        facts["hazards.count"] = len(hazards)
        facts["hazards.major"] = sum(1 for h in hazards if h.grade == MAJOR_HAZARD)
        facts["hazards.open"] = len(open_)
    covered = set(order.hazards) if order is not None and order.hazards else None
    if order is not None or "order" in complete:
        facts["hazards.unordered"] = listed(
            (h.description for h in open_ if order is None or (covered is not None and h.id not in covered)),
            closed_hazards,
        )
    facts["hazards.requiring_case"] = listed(
        (h.description for h in hazards if h.grade == MAJOR_HAZARD or h.penalty_provision), closed_hazards
    )
    if order is not None:
        facts["date.责令整改"] = order.issued_on
        facts["date.整改期限"] = order.deadline
        facts["date.整改完成报告"] = order.completion_reported_on
    recheck = case.recheck
    if recheck is not None:
        facts["date.复查"] = recheck.date
        facts["recheck.result"] = recheck.result
        facts["recheck.officers"] = len(set(recheck.actors))

    facts["inspection.penalty_case_id"] = case.penalty_case_id
    if "no_penalty" in complete:
        facts["inspection.no_penalty_documented"] = False  # no ground recorded: certainly no document of one
    if case.no_penalty is not None:
        facts["inspection.no_penalty_ground"] = case.no_penalty.ground
        document = documents.get(case.no_penalty.document) if case.no_penalty.document else None
        if document is not None or "documents" in complete:
            facts["inspection.no_penalty_documented"] = document is not None
    selection_facts(case, tables, facts, origin)
    system_facts(case.systems, facts, origin)
    return facts, origin
