"""Facts of coercion in a case file: 强制执行 (催告书, 强制执行决定书 item by item), 查封扣押 and 冻结."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import (
    DRAFT,
    ExecutionCaseFile,
    PenaltyCaseFile,
)
from .common import RequiredItems, tally
from .model import (
    DECISION_UNSPECIFIED,
    EXECUTION_DECISION_ITEMS,
    FREEZE,
    REMINDER_ITEMS,
    REMINDER_UNSPECIFIED,
    copy_enforcement_flags,
)

_REMINDER_ITEMS = RequiredItems(REMINDER_ITEMS)
_EXECUTION_DECISION_ITEMS = RequiredItems(EXECUTION_DECISION_ITEMS)


def enforcement_facts(case: PenaltyCaseFile | ExecutionCaseFile, facts: dict[str, Any], origin: dict[str, str]) -> None:
    enforcement = case.enforcement
    if enforcement is None:
        return
    facts["enforcement.mode"] = enforcement.mode
    facts["date.催告书送达"] = enforcement.reminder_served_on
    facts["date.强制执行决定"] = enforcement.decision_on
    facts["date.强制执行"] = enforcement.executed_on
    facts["date.申请法院强制执行"] = enforcement.applied_on
    facts["date.暂缓分期届满"] = enforcement.deferred_until
    copy_enforcement_flags(enforcement, facts)
    facts["date.催告履行期限"] = enforcement.reminder_deadline
    facts["enforcement.reminder_service"] = enforcement.reminder_service
    facts["enforcement.decision_service"] = enforcement.decision_service
    # Item by item where the file gives the items: they decide whether the document is complete. A file
    # that only says "incomplete" names no item: the missing list then says so in words.
    documents = (
        ("reminder", enforcement.reminder_items, enforcement.reminder_complete, _REMINDER_ITEMS, REMINDER_UNSPECIFIED),
        (
            "decision",
            enforcement.decision_items,
            enforcement.decision_complete,
            _EXECUTION_DECISION_ITEMS,
            DECISION_UNSPECIFIED,
        ),
    )
    for name, items, complete, required, unspecified in documents:
        if items is not None:
            missing = required.missing(items)
            facts[f"enforcement.{name}_missing"] = missing
            facts[f"enforcement.{name}_complete"] = None if missing is None else not missing
            origin[f"enforcement.{name}_complete"] = origin[f"enforcement.{name}_missing"] = (
                f"$.enforcement.{name}_items"
            )
        elif complete is False:
            facts[f"enforcement.{name}_missing"] = (unspecified,)
            origin[f"enforcement.{name}_missing"] = f"$.enforcement.{name}_complete"


def _held_days(measure: Any, held_to: dt.date | None, closed: bool) -> int | None:
    """Days held, less the excluded days: to its release, or, while the case is open, to the review date."""
    end = measure.released_on or held_to
    excluded = measure.excluded_days if measure.excluded_days is not None else 0 if closed else None
    return None if end is None or excluded is None else int((end - measure.started_on).days - excluded)


def _longest(measures: list[Any], held_to: dt.date | None, closed: bool) -> tuple[int | None, int | None]:
    """The longest hold and its approved extension. A measure not shown released in a decided case was
    held for a time the file does not show, and outside a complete part an extension or excluded days
    not given are not known to be none: the longest is then unknown."""
    held = [(_held_days(m, held_to, closed), m.extended_days if m.extended_days or not closed else 0) for m in measures]
    if any(days is None or extended is None for days, extended in held):
        return None, None
    return max(held, key=lambda pair: pair[0] or 0)


def _count_present(facts: dict[str, Any], key: str, items: list[Any], closed: bool) -> bool:
    """Count a part's items; False when there is nothing to look at (none, or none shown in an incomplete part)."""
    if items or closed:
        facts[key] = len(items)
    return bool(items)


def seizure_facts(case: PenaltyCaseFile, as_of: dt.date, facts: dict[str, Any], closed: bool) -> None:
    seizures = [s for s in case.seizures if s.kind != FREEZE]
    if not _count_present(facts, "seizure.count", seizures, closed):
        return
    facts["seizure.unapproved"] = tally(
        (None if s.approved_on is None else (s.approved_on - s.started_on).days > 1 for s in seizures), closed
    )
    facts["seizure.without_audio_video"] = tally((_lacks(s.audio_video) for s in seizures), closed)
    facts["seizure.without_documents"] = tally(
        (None if s.decision_document is None or s.inventory_document is None else False for s in seizures), closed
    )
    facts["seizure.extension_unnotified"] = tally(
        (_lacks(s.extension_notified) if s.extended_days else False for s in seizures), closed
    )
    facts["seizure.open"] = tally((None if s.released_on is None else False for s in seizures), closed)
    if closed or all(s.actors for s in seizures):
        facts["seizure.min_officers"] = min(len(set(s.actors)) for s in seizures)
    facts["seizure.without_record"] = tally((_lacks(s.on_site_record) for s in seizures), closed)
    facts["seizure.not_delivered"] = tally(
        (None if s.delivered_on is None else s.delivered_on > s.started_on for s in seizures), closed
    )
    held_to = _held_to(case, facts, as_of)
    facts["seizure.longest_days"], facts["seizure.longest_extended_days"] = _longest(seizures, held_to, closed)


def _held_to(case: PenaltyCaseFile, facts: dict[str, Any], as_of: dt.date) -> dt.date | None:
    """To when a measure not shown released was held: the review date while no decision has been made
    (an open case, or a draft under review); unknown once a decision was made (its release is not shown)."""
    draft = case.decision is not None and case.decision.status == DRAFT
    return as_of if draft or facts["decision.exists"] is False else None


def _lacks(flag: bool | None) -> bool | None:
    return None if flag is None else not flag


def freeze_facts(case: PenaltyCaseFile, as_of: dt.date, facts: dict[str, Any], closed: bool) -> None:
    freezes = [s for s in case.seizures if s.kind == FREEZE]
    if not _count_present(facts, "freeze.count", freezes, closed):
        return
    first = min(freezes, key=lambda s: s.started_on)
    facts["date.冻结"] = first.started_on
    facts["date.冻结决定书交付"] = first.delivered_on
    held_to = _held_to(case, facts, as_of)
    facts["freeze.longest_days"], facts["freeze.longest_extended_days"] = _longest(freezes, held_to, closed)
    facts["freeze.extension_unnotified"] = tally(
        (_lacks(s.extension_notified) if s.extended_days else False for s in freezes), closed
    )
