"""The facts of a 行政许可 case file: the item, the application, 补正, 受理, 核查, 利害关系人, 听证, the periods
not counted, the extension, the decision and the licence, fees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import LicensingCaseFile, SpecialPeriod
from ..errors import Undecidable
from ..workcal import WorkCalendar
from .common import closed_flag, common_facts, listed
from .model import ACCEPTANCE_VOUCHER_ITEMS, ALL_UNKNOWN, REFUSAL_ITEMS

_AGENCY_HEAD = ("本机关负责人", "负责人集体讨论")
_ORIGINS = {
    "item.name": "$.licence_item.name",
    "item.listed": "$.licence_item.listed",
    "item.hearing_required": "$.licence_item.hearing_required",
    "item.special_deadline": "$.licence_item.special_deadline",
    "item.deadline_workdays": "$.licence_item.deadline_workdays",
    "application.kind": "$.application.kind",
    "date.申请": "$.application.received_on",
    "application.renewal_expires_on": "$.application.renewal_of_expiry",
    "correction.count": "$.corrections",
    "date.补正告知": "$.corrections[0].notified_on",
    "acceptance.outcome": "$.acceptance.outcome",
    "date.受理": "$.acceptance.decided_on",
    "acceptance.voucher_missing": "$.acceptance",
    "acceptance.reasons": "$.acceptance.reasons",
    "verification.exists": "$.verification",
    "date.现场核查": "$.verification.date",
    "verification.officers": "$.verification.actors",
    "interested.major_interest": "$.interested_parties.major_interest",
    "date.告知利害关系人": "$.interested_parties.notified_on",
    "date.告知许可听证权利": "$.interested_parties.hearing_right_notified_on",
    "date.许可听证公告": "$.licence_hearing.announced_on",
    "date.许可听证申请": "$.licence_hearing.requested_on",
    "date.许可听证举行": "$.licence_hearing.held_on",
    "special.count": "$.special_procedures",
    "special.workdays": "$.special_procedures",
    "special.unnotified": "$.special_procedures",
    "extension.exists": "$.extension",
    "extension.approved_on": "$.extension.approved_on",
    "extension.approved_by": "$.extension.approved_by",
    "extension.reasons_notified": "$.extension.reasons_notified",
    "extension.granted_workdays": "$.extension",
    "licence.outcome": "$.licence_decision.outcome",
    "date.决定": "$.licence_decision.date",
    "licence.on_the_spot": "$.licence_decision.on_the_spot",
    "licence.refusal_missing": "$.licence_decision",
    "date.决定书送达": "$.licence_decision.served_on",
    "date.许可证件颁发": "$.licence_decision.licence_issued_on",
    "date.许可决定公开": "$.licence_decision.published_on",
    "fees.count": "$.fees",
    "fees.without_legal_basis": "$.fees",
    "fees.irregular": "$.fees",
}


def _missing(values: dict[str, bool | None], closed: bool) -> tuple[str, ...] | None:
    """The items a document is shown not to state (an item not recorded counts as missing where the part
    is complete); None when none is shown missing but some are unknown."""
    missing = tuple(title for title, value in values.items() if value is False or (closed and value is None))
    return missing if missing or all(v is True for v in values.values()) or closed else None


def _special_workdays(periods: list[SpecialPeriod], calendar: WorkCalendar) -> int | None:
    """The working days (行政许可法 第82条) within the periods not counted (第45条), each day once; None when
    the calendar does not know a year they reach into."""
    days: set[dt.date] = set()
    try:
        for period in periods:
            day = period.start
            while day <= period.end:
                if calendar.is_workday(day):
                    days.add(day)
                day += dt.timedelta(days=1)
    except Undecidable:
        return None
    return len(days)


def licensing_facts(
    case: LicensingCaseFile, as_of: dt.date, calendar: WorkCalendar, complete: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    facts = ALL_UNKNOWN.copy()
    common_facts(case, as_of, facts, complete)
    item = case.licence_item
    closed_item = "licence_item" in complete
    facts["item.name"] = item.name
    facts["item.listed"] = closed_flag(item.listed, closed_item)
    facts["item.hearing_required"] = closed_flag(item.hearing_required, closed_item)
    facts["item.special_deadline"] = closed_flag(item.special_deadline, closed_item)
    facts["item.deadline_workdays"] = item.deadline_workdays
    application = case.application
    facts["application.kind"] = application.kind
    facts["date.申请"] = application.received_on
    facts["application.renewal_expires_on"] = application.renewal_of_expiry

    if len(case.corrections) > 1 or "corrections" in complete:  # one shown of a part shown in part: perhaps more
        facts["correction.count"] = len(case.corrections)
    if case.corrections:
        facts["date.补正告知"] = min(c.notified_on for c in case.corrections)
    _acceptance_facts(case, facts, complete)

    verification = case.verification
    if verification is not None or "verification" in complete:
        facts["verification.exists"] = verification is not None
    if verification is not None:
        facts["date.现场核查"] = verification.date
        if verification.actors is not None or "verification" in complete:
            facts["verification.officers"] = len(set(verification.actors or []))

    interested = case.interested_parties
    if interested is not None:
        facts["interested.major_interest"] = interested.major_interest
        facts["date.告知利害关系人"] = interested.notified_on
        facts["date.告知许可听证权利"] = interested.hearing_right_notified_on
    hearing = case.licence_hearing
    if hearing is not None:
        facts["date.许可听证公告"] = hearing.announced_on
        facts["date.许可听证申请"] = hearing.requested_on
        facts["date.许可听证举行"] = hearing.held_on

    closed_special = "special_procedures" in complete
    if case.special_procedures or closed_special:
        facts["special.count"] = len(case.special_procedures)
    if closed_special:  # periods a part shown in part leaves out would lengthen the limit: only all of them count
        facts["special.workdays"] = _special_workdays(case.special_procedures, calendar)
    facts["special.unnotified"] = listed(
        (p.kind for p in case.special_procedures if closed_flag(p.notified_in_writing, closed_special) is False),
        closed_special,
    )
    _extension_facts(case, facts, complete)
    _decision_facts(case, facts, complete)
    _fee_facts(case, facts, complete)
    return facts, dict(_ORIGINS)


def _acceptance_facts(case: LicensingCaseFile, facts: dict[str, Any], complete: frozenset[str]) -> None:
    acceptance = case.acceptance
    if acceptance is None:
        return
    closed = "acceptance" in complete
    facts["acceptance.outcome"] = acceptance.outcome
    facts["date.受理"] = acceptance.decided_on
    facts["acceptance.reasons"] = closed_flag(acceptance.reasons, closed)
    voucher = dict(zip(ACCEPTANCE_VOUCHER_ITEMS, (acceptance.sealed, acceptance.dated), strict=True))
    facts["acceptance.voucher_missing"] = _missing(voucher, closed)


def _extension_facts(case: LicensingCaseFile, facts: dict[str, Any], complete: frozenset[str]) -> None:
    """An extension counts only as approved by the agency's head (第42条第1款: by one of them or by them
    together, not by another agency); where the part is complete, no extension is none granted."""
    extension = case.extension
    closed = "extension" in complete
    if extension is None:
        if closed:
            facts["extension.exists"] = False
            facts["extension.granted_workdays"] = 0
        return
    facts["extension.exists"] = True
    facts["extension.approved_on"] = extension.approved_on
    facts["extension.approved_by"] = extension.approved_by
    facts["extension.reasons_notified"] = closed_flag(extension.reasons_notified, closed)
    if extension.approved_by is not None or closed:
        facts["extension.granted_workdays"] = extension.days if extension.approved_by in _AGENCY_HEAD else 0


def _decision_facts(case: LicensingCaseFile, facts: dict[str, Any], complete: frozenset[str]) -> None:
    decision = case.licence_decision
    if decision is None:
        return
    closed = "licence_decision" in complete
    facts["licence.outcome"] = decision.outcome
    facts["date.决定"] = decision.date
    facts["licence.on_the_spot"] = closed_flag(decision.on_the_spot, closed)
    if decision.outcome == "不予行政许可":
        refusal = dict(zip(REFUSAL_ITEMS, (decision.reasons, decision.remedies_notified), strict=True))
        facts["licence.refusal_missing"] = _missing(refusal, closed)
    facts["date.决定书送达"] = decision.served_on
    facts["date.许可证件颁发"] = decision.licence_issued_on
    facts["date.许可决定公开"] = decision.published_on


def _fee_facts(case: LicensingCaseFile, facts: dict[str, Any], complete: frozenset[str]) -> None:
    """A fee stands on a 法律 or 行政法规 (第58条第1款), a published standard and a receipt (第59条)."""
    closed = "fees" in complete
    fees = case.fees
    if fees or closed:
        facts["fees.count"] = len(fees)
    facts["fees.without_legal_basis"] = listed(
        (f.item for f in fees if closed_flag(f.basis_is_law, closed) is False),
        closed,
    )
    facts["fees.irregular"] = listed(
        (
            f.item
            for f in fees
            if closed_flag(f.published_standard, closed) is False or closed_flag(f.receipt, closed) is False
        ),
        closed,
    )
