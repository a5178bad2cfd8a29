"""Facts of discretion: the 裁量基准 table's ranges for the item, and the 不予处罚 and 从轻/减轻 lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import (
    PenaltyCaseFile,
)
from ..tables import MITIGATED, ListEntry, Tables, fraction_range
from .common import exact_day, listed
from .model import CIRCUMSTANCE_TITLES, EXCLUSION_LABELS


def baseline_facts(case: PenaltyCaseFile, as_of: dt.date, tables: Tables, facts: dict[str, Any]) -> None:
    """The statutory range and the claimed 阶次's range: from the profile's 裁量基准 table for the item,
    or else from the range the case file states, placed by the profile's default scheme."""
    violation = case.violation
    code = violation.item_code
    table = tables.discretion.get(code) if code else None
    kind = case.party.kind
    decision = case.decision
    claim = decision.discretion if decision else None
    facts["baseline.found"] = table is not None
    if table is not None:
        facts["baseline.title"] = table.title
        facts["baseline.model"] = table.model
        facts["baseline.in_force_from"] = table.in_force_from
        facts["baseline.in_force_until"] = table.in_force_until
        if table.scheme is not None:
            facts["baseline.scheme"] = tables.schemes[table.scheme].title
        # 行政处罚法第37条：违法行为发生时的规定；作出决定时规定已修改且新规定较轻的适用新规定。
        # A table whose provisions were not in force at either date cannot be applied without the other text.
        at_violation = table.in_force(exact_day(violation.occurred_on))
        at_decision = table.in_force(decision.date if decision else as_of)
        if at_violation is None:
            return
        facts["baseline.superseded"] = not (at_violation and at_decision)
        if facts["baseline.superseded"]:
            return
        facts["baseline.source"] = "裁量基准表"
        statutory = table.statutory.get(kind)
        if statutory is not None:
            facts["baseline.statutory_min"], facts["baseline.statutory_max"] = statutory
        if claim is not None and claim.level is not None:
            claimed = table.claimed_range(kind, claim.level, claim.band, tables.schemes)
            if claimed is not None:
                facts["baseline.claimed_min"], facts["baseline.claimed_max"] = claimed
        if table.model == "fact-pattern":
            expected = table.expected_band(violation.facts)
            if expected:
                assert not isinstance(expected, bool)
                facts["baseline.expected_level"] = expected.level
                facts["baseline.expected_band"] = expected.name
    elif violation.statutory_fine is not None:
        stated = (violation.statutory_fine.min, violation.statutory_fine.max)
        facts["baseline.source"] = "案卷载明的罚则"
        facts["baseline.statutory_min"], facts["baseline.statutory_max"] = stated
        if tables.default_scheme is not None:
            scheme = tables.schemes[tables.default_scheme]
            facts["baseline.model"] = "fraction"
            facts["baseline.scheme"] = scheme.title
            if claim is not None and claim.level is not None:
                share = scheme.fractions.get(claim.level)
                if share is not None:
                    facts["baseline.claimed_min"], facts["baseline.claimed_max"] = fraction_range(stated, share)
                elif claim.level == MITIGATED:
                    facts["baseline.claimed_min"], facts["baseline.claimed_max"] = (0.0, stated[0])
    maximum = facts["baseline.statutory_max"]
    if decision is not None and maximum is not None and "罚款" in (decision.kinds or ()) and decision.fine is not None:
        facts["decision.at_max"] = decision.fine > 0 and decision.fine >= maximum


def _place(case: PenaltyCaseFile) -> str:
    agency = case.agency
    return f"{agency.province or ''}{agency.region or ''}{agency.name}"


def _conditions(case: PenaltyCaseFile, entry: ListEntry, closed: bool) -> tuple[tuple[str, ...], bool | None]:
    """The list entry's conditions not shown met, and whether all are met (None: some unknown, none failed).
    Where the file's violation and party are not complete, a condition it does not mention is not known
    unmet: the list of the unmet is then open."""
    circumstances = case.violation.circumstances
    shown = [(CIRCUMSTANCE_TITLES[c], getattr(circumstances, c)) for c in entry.conditions]
    shown += [(EXCLUSION_LABELS[x], None if (v := getattr(case.party, x)) is None else not v) for x in entry.exclusions]
    unmet = [title for title, met in shown if met is False or (closed and met is None)]
    met = False if any(m is False for _, m in shown) else None if any(m is None for _, m in shown) else True
    return listed(unmet, closed), met


def exemption_facts(case: PenaltyCaseFile, tables: Tables, facts: dict[str, Any], closed: bool) -> None:
    entry = tables.list_entry("不予处罚", case.violation.item_code, _place(case))
    facts["exemption.listed"] = entry is not None
    if entry is None:
        return
    facts["exemption.entry"] = entry.title
    facts["exemption.effect"] = entry.effect
    facts["exemption.regions"] = entry.regions
    facts["exemption.unmet"], facts["exemption.conditions_met"] = _conditions(case, entry, closed)


def mitigation_facts(case: PenaltyCaseFile, tables: Tables, facts: dict[str, Any], closed: bool) -> None:
    place = _place(case)
    code = case.violation.item_code
    entry = tables.list_entry("减轻处罚", code, place) or tables.list_entry("从轻处罚", code, place)
    facts["mitigation.listed"] = entry is not None
    if entry is None:
        return
    facts["mitigation.list"] = entry.list
    facts["mitigation.entry"] = entry.title
    facts["mitigation.effect"] = entry.effect
    _, facts["mitigation.conditions_met"] = _conditions(case, entry, closed)
