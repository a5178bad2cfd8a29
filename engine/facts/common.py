"""What the facts of every case type are read with: days, yes/no and lists under the open world, tallies,
the items a document must state, officers' certificates."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from typing import Any

from ..casefile import (
    ExecutionCaseFile,
    InspectionCaseFile,
)
from ..expr import Open


def exact_day(value: dt.date | str | None) -> dt.date | None:
    """A date known to the day; a date known only to the month (DayOrMonth) cannot be compared with one."""
    return value if isinstance(value, dt.date) else None


def closed_flag(value: bool | None, closed: bool) -> bool | None:
    """A yes/no field whose absence means no where its part is complete (a model default of False would
    say no everywhere)."""
    return False if value is None and closed else value


def listed(items: Iterable[Any], closed: bool) -> tuple[Any, ...]:
    """A list of what a part shows: all there is when the part is complete, else Open."""
    return tuple(items) if closed else Open(items)


def tally(verdicts: Iterable[bool | None], closed: bool) -> int | None:
    """How many items are shown lacking (True); where the part is complete, an item that does not
    show the thing counts as lacking it (None), elsewhere such an item leaves the count unknown
    unless some item is shown lacking."""
    values = list(verdicts)
    lacking = sum(1 for v in values if v is True or (closed and v is None))
    return None if not closed and not lacking and None in values else lacking


class RequiredItems:
    """The items a document must state: which of them the file shows missing."""

    def __init__(self, titles: dict[str, str]) -> None:
        assert len(titles) > 1
        self.titles = tuple(titles.values())
        self._read = operator.attrgetter(*titles)

    def missing(self, document: Any) -> tuple[str, ...] | None:
        """The titles of the items shown lacking; None when none is shown lacking but some are unknown."""
        values = self._read(document)
        missing = tuple([title for title, value in zip(self.titles, values) if value is False])
        if missing or all(value is True for value in values):
            return missing
        return None


def certificate_valid(officer: Any, on: dt.date) -> bool:
    if officer.certificate_no is None:
        return False
    if officer.certificate_valid_from is not None and on < officer.certificate_valid_from:
        return False
    return not (officer.certificate_valid_to is not None and on > officer.certificate_valid_to)


def common_facts(
    case: InspectionCaseFile | ExecutionCaseFile, as_of: dt.date, facts: dict[str, Any], complete: frozenset[str]
) -> None:
    agency = case.agency
    facts["as_of"] = as_of
    facts["case.id"] = case.case_id
    facts["agency.name"] = agency.name
    facts["agency.level"] = agency.level
    facts["agency.domain"] = agency.domain
    facts["agency.vertical"] = closed_flag(agency.vertical, "agency" in complete)
    facts["agency.province"] = agency.province
    facts["agency.competent"] = agency.competent
    if agency.region is not None:
        facts["agency.people_government"] = f"{agency.region}人民政府"
    facts["party.kind"] = case.party.kind
    facts["party.industry"] = case.party.industry
    if "officers" in complete:
        facts["officers.count"] = len(case.officers)
    facts["documents.types"] = listed(dict.fromkeys(d.type for d in case.documents), "documents" in complete)
