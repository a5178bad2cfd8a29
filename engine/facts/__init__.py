"""Derive the facts every rule reads, once per case: dates, counts, lookups in the rulebook's tables.

The fact model (model.py) is what rules are checked against at load time; each case type has its own
module (penalty, inspection, execution, licensing), with coercion and discretion apart. A value of None means
the file does not show it: known absent where its part of the file is complete, unknown elsewhere
(engine.parts); a list of a part the file shows only in part is Open. Counts and lists that summarise
a part say "none" only when the part is complete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import CaseFile
from ..parts import complete_parts
from ..tables import Tables
from ..workcal import WorkCalendar
from .execution import execution_facts
from .inspection import inspection_facts
from .licensing import licensing_facts
from .model import ABSENT, CIRCUMSTANCE_TITLES, EXCLUSION_LABELS, FREEZE, NO_TABLE, STATIC_FACTS
from .penalty import penalty_facts, skipped_groups

__all__ = ["CIRCUMSTANCE_TITLES", "EXCLUSION_LABELS", "FREEZE", "STATIC_FACTS", "base_facts"]


def base_facts(
    case: CaseFile, as_of: dt.date, tables: Tables, calendar: WorkCalendar, reads: frozenset[str] | None = None
) -> tuple[dict[str, Any], dict[str, str], frozenset[str]]:
    """Every registered fact for one case (None: not shown), the JSON path each came from, and which of
    the facts without a value are known absent (the others are unknown). The calendar counts the working
    days a 行政许可 file's periods do not count (行政许可法 第45条、第82条). Given the names the rules
    read, a group of facts none of them reads is not computed (penalty.OPTIONAL_GROUPS)."""
    complete = complete_parts(case)
    unknown: set[str] = set()  # facts of a complete part the file still cannot give (a date known to the month)
    if case.case_type == "行政检查":
        facts, origin = inspection_facts(case, as_of, tables, complete)
    elif case.case_type == "行政强制执行":
        facts, origin = execution_facts(case, as_of, complete)
    elif case.case_type == "行政许可":
        facts, origin = licensing_facts(case, as_of, calendar, complete)
    else:
        facts, origin = penalty_facts(case, as_of, tables, complete, unknown, skipped_groups(reads))
    absent = ABSENT(case.case_type, complete) if complete else frozenset()
    if facts["baseline.found"] is False:  # the profile has no table for the item: whatever a table gives is absent
        absent = absent | NO_TABLE
    return facts, origin, absent - unknown if unknown else absent
