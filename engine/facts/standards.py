"""The facts of a 行政处罚 case file that the published 评查标准 check beyond the procedure steps: 亮证 in the
investigation, the body that held the 集体讨论, the party penalised against the violator found, the channel
the 决定书 names for paying the fine (issue 19)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import PenaltyCaseFile
from .model import INVESTIGATION_EVENTS

COLLECTIVE_DISCUSSION = "集体讨论"


def standards_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], complete: frozenset[str]
) -> None:
    _certificate_facts(case, facts, origin, "events" in complete)
    _discussion_facts(case, facts, origin)
    facts["agency.jurisdiction"] = case.agency.jurisdiction
    origin["agency.jurisdiction"] = "$.agency.jurisdiction"
    facts["party.name"] = case.party.name
    origin["party.name"] = "$.party.name"
    violator = case.violation.violator
    if violator is not None:
        facts["violation.violator"] = violator
        facts["violation.violator_is_party"] = _same_name(violator, case.party.name)
        origin["violation.violator"] = origin["violation.violator_is_party"] = "$.violation.violator"
    if case.decision is not None:
        facts["decision.payment_to"] = case.decision.payment_to
        origin["decision.payment_to"] = "$.decision.payment_to"


def _certificate_facts(case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], closed: bool) -> None:
    """The investigative steps whose record shows no certificate was shown: known when one shows it, or when
    every step says whether it was; a step that does not say leaves the others' silence unknown (the record
    may simply not have been transcribed), never a defect."""
    steps = [(index, event) for index, event in enumerate(case.events) if event.type in INVESTIGATION_EVENTS]
    lacking = [(index, event) for index, event in steps if event.certificates_shown is False]
    if lacking:
        facts["investigation.certificates_not_shown"] = tuple(_step(event) for _, event in lacking)
        origin["investigation.certificates_not_shown"] = f"$.events[{lacking[0][0]}].certificates_shown"
    elif all(event.certificates_shown for _, event in steps) and (steps or closed):
        facts["investigation.certificates_not_shown"] = ()
        origin["investigation.certificates_not_shown"] = "$.events"


def _step(event: Any) -> str:
    return f"{event.type}（{event.date.isoformat() if isinstance(event.date, dt.date) else '日期未载明'}）"


def _discussion_facts(case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str]) -> None:
    """Whether a 集体讨论 was the agency's leaders': one that was suffices; all that were not show it was not."""
    held = [(index, event.by_leaders) for index, event in enumerate(case.events) if event.type == COLLECTIVE_DISCUSSION]
    said = [(index, by_leaders) for index, by_leaders in held if by_leaders is not None]
    if not said:
        return
    chosen = next(((index, True) for index, by_leaders in said if by_leaders), None)
    if chosen is None and len(said) == len(held):
        chosen = (said[0][0], False)
    if chosen is not None:
        facts["discussion.by_leaders"] = chosen[1]
        origin["discussion.by_leaders"] = f"$.events[{chosen[0]}].by_leaders"


def _same_name(violator: str, party: str) -> bool:
    """Names compared without whitespace (a reviewer's copy may break a long name)."""
    return "".join(violator.split()) == "".join(party.split())
