"""The facts of a 行政强制执行 case file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..casefile import (
    ExecutionCaseFile,
)
from .coercion import enforcement_facts
from .common import common_facts
from .model import ALL_UNKNOWN
from .penalty import DIRECT_ORIGINS


def execution_facts(
    case: ExecutionCaseFile, as_of: dt.date, complete: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """A 行政强制执行 file: the executed decision stands in for a penalty file's decision (its date selects
    the versions of parameters, its service starts the 起诉期限), the Enforcement block is read as there."""
    facts = ALL_UNKNOWN.copy()
    origin = {
        name: path
        for name, path in DIRECT_ORIGINS.items()
        if path.startswith("$.enforcement.") or name == "agency.vertical"
    }
    common_facts(case, as_of, facts, complete)
    executed = case.executed_decision
    facts["date.决定"] = executed.date
    facts["date.决定书送达"] = executed.served_on
    facts["executed.amount"] = executed.amount
    facts["date.履行期限"] = executed.performance_deadline
    origin.update(
        {
            "date.决定": "$.executed_decision.date",
            "date.决定书送达": "$.executed_decision.served_on",
            "executed.amount": "$.executed_decision.amount",
            "date.履行期限": "$.executed_decision.performance_deadline",
        }
    )
    enforcement_facts(case, facts, origin)
    return facts, origin
