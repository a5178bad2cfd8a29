"""The facts of 行政强制措施 that the published 评查标准 check beyond their procedure (issue 19): the legal basis
the decision cites and whether it authorises this agency, how each 查封扣押 ended (处理决定, 退还), the property
sent on with a case transferred as a crime, and how the property was kept.

Each fact lists the measures it finds lacking, named by kind and date ("扣押（2025-03-10）"). A measure is
judged lacking only on what the file shows, or on what a complete seizures part leaves out; a measure the
file does not show either way leaves the list unknown unless another is shown lacking.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..casefile import DRAFT, PenaltyCaseFile, Seizure
from .model import FREEZE

# how a measure ended that shows the property stayed with the agency (没收、销毁), not sent on with the case
_KEPT_BY_AGENCY = ("没收", "销毁")


def property_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], complete: frozenset[str]
) -> None:
    measures = list(enumerate(case.seizures))
    if not measures:
        return
    closed = "seizures" in complete
    seizures = [(index, measure) for index, measure in measures if measure.kind != FREEZE]
    decided = _decided(case, "decision" in complete)
    found = {
        "measure.basis_not_cited": (
            "basis_cited",
            ((i, _label(m), None if m.basis_cited is None else False) for i, m in measures),
        ),
        "measure.unauthorised": (
            "authorised",
            (
                (i, _label(m, f"依据：{m.basis_cited}" if m.basis_cited else ""), _unauthorised(m, closed))
                for i, m in measures
            ),
        ),
        "measure.not_transferred": (
            "outcome",
            ((i, _label(m), _not_transferred(m)) for i, m in measures),
        ),
        "seizure.unhandled": ("outcome_document", ((i, _label(m), _unhandled(m, decided)) for i, m in seizures)),
        "seizure.not_returned": ("returned_on", ((i, _label(m), _not_returned(m, closed)) for i, m in seizures)),
        "seizure.misused": ("used_or_damaged", ((i, _misuse_label(m), _misused(m, closed)) for i, m in seizures)),
    }
    for fact, (field, verdicts) in found.items():
        _lacking(facts, origin, fact, field, verdicts, closed)


def _lacking(
    facts: dict[str, Any],
    origin: dict[str, str],
    fact: str,
    field: str,
    verdicts: Iterable[tuple[int, str, bool | None]],
    closed: bool,
) -> None:
    """The measures shown lacking (True), or, where the part is complete, not shown to have it (None)."""
    judged = list(verdicts)
    lacking = [(index, label) for index, label, verdict in judged if verdict or (closed and verdict is None)]
    if lacking:
        facts[fact] = tuple(label for _, label in lacking)
        origin[fact] = f"$.seizures[{lacking[0][0]}].{field}"
    elif closed or all(verdict is False for _, _, verdict in judged):
        facts[fact] = ()
        origin[fact] = "$.seizures"


def _label(measure: Seizure, note: str = "") -> str:
    said = f"，{note}" if note else ""
    return f"{measure.kind}（{measure.started_on.isoformat()}{said}）"


def _decided(case: PenaltyCaseFile, closed: bool) -> bool | None:
    """Whether the agency has decided the case (a draft has not); unknown where the file does not say."""
    if case.decision is not None:
        return case.decision.status != DRAFT
    return False if closed else None


def _unauthorised(measure: Seizure, closed: bool) -> bool | None:
    """The reviewer's finding; a complete part that records none found nothing unauthorised (as the
    agency's jurisdiction: standards_facts)."""
    if measure.authorised is None:
        return False if closed else None
    return not measure.authorised


def _not_transferred(measure: Seizure) -> bool | None:
    """With a case transferred as a crime: property 没收 or 销毁 by the agency was not sent on; property sent
    on needs the party told in writing; property released earlier is no longer held."""
    if measure.outcome is None:
        return None
    if measure.outcome in _KEPT_BY_AGENCY:
        return True
    if measure.outcome == "移送司法机关":
        return None if measure.transfer_notified is None else not measure.transfer_notified
    return False


def _unhandled(measure: Seizure, decided: bool | None) -> bool | None:
    """A 查封扣押 is due a 处理决定 once it ended or the case was decided (行政强制法 第27条, 第28条第1款第3项)."""
    due = True if measure.released_on is not None else decided
    if not due:
        return due
    return False if measure.outcome_document is not None else None


def _not_returned(measure: Seizure, closed: bool) -> bool | None:
    if measure.outcome is None:
        return False if closed else None
    return False if measure.outcome != "解除" or measure.returned_on is not None else None


def _misused(measure: Seizure, closed: bool) -> bool | None:
    flags = (measure.used_or_damaged, measure.storage_fee_charged)
    if any(flags):
        return True
    if all(flag is False for flag in flags) or closed:
        return False
    return None


def _misuse_label(measure: Seizure) -> str:
    flags = ((measure.used_or_damaged, "财物被使用或者损毁"), (measure.storage_fee_charged, "保管费用由当事人承担"))
    return _label(measure, "、".join(text for flag, text in flags if flag))
