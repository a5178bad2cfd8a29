"""回头看: a later review's results matched against the ledger's items (those of other reviews).

A problem is the agency's practice, not one file's (a decided case cannot be decided again): an item's
problem is found again when the later review finds its rule at the same agency, in any case; it is gone
when the later review checked that rule at that agency (the rule held in at least one of its cases) and
found it nowhere there. Anything else is 无法判定 — the later review did not look, or could not tell —
and is neither a pass nor a defect. A cross-file problem's absence from a later batch (a sample) shows
nothing, so only its reappearance counts.

- 反弹: a 已销号 item whose problem is found again: reopened (整改中), with the finding in its history;
- 仍存在: an item not yet 销号 whose problem is found again;
- 建议销号: an item not yet 销号 whose problem is gone (proposed; 销号 stays a reviewer's act);
- 未反弹: a 已销号 item whose problem is gone.
Each is written once per 回头看 (named by --review): running the same one again writes nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import report
from . import LedgerError
from .db import Ledger
from .items import CLOSED, CROSS, IN_PROGRESS, REBOUND, RECHECKED, Tracked, insert_event, load, state

REBOUNDED, STILL, PROPOSED, HELD, UNKNOWN = "反弹", "仍存在", "建议销号", "未反弹", "无法判定"
OUTCOMES = (REBOUNDED, STILL, PROPOSED, HELD, UNKNOWN)
SHOWN_CASES = 3


@dataclass
class Later:
    """What the later review shows, by agency."""

    found: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    held: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    agencies: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Outcome:
    tracked: Tracked
    outcome: str
    reason: str
    written: bool  # False: this 回头看 had already recorded it (or there is nothing to record)


@dataclass(frozen=True)
class Rechecked:
    review: str
    date: str
    outcomes: list[Outcome]
    new: list[tuple[str, str, str]]  # (agency, case, problem) found later and matching no item


def _cases(names: list[str]) -> str:
    shown = "、".join(names[:SHOWN_CASES])
    return shown + (f"等 {len(names)} 件" if len(names) > SHOWN_CASES else "")


def read_later(built: report.Report, records: Iterable[dict[str, object]]) -> Later:
    later = Later()
    for row in built.files:
        later.agencies.add(row.agency)
        for finding in row.findings:
            later.found[(row.agency, finding["rule_id"])].append((row.case_id, finding["message"]))
    for record in records:
        result, case = record["result"], record["case"]
        assert isinstance(result, dict) and isinstance(case, dict)
        for rule in result.get("passed") or []:
            later.held[(case["agency"]["name"], rule)].append(result["case_id"])
    for cross in built.crossfile.findings if built.crossfile else []:
        later.found[(cross.agency, cross.code)].append(("、".join(cross.cases), cross.message))
    return later


def judge(tracked: Tracked, later: Later, review: str) -> tuple[str, str]:
    """An item's outcome and why, by its state before this 回头看."""
    item = tracked.item
    before = state(e for e in tracked.events if e.review != review)
    closed = before is not None and before.status == CLOSED
    again = later.found.get((item.agency, item.rule))
    if again:
        where = "；".join(f"{case}：{message}" for case, message in again[:SHOWN_CASES])
        more = f"（共 {len(again)} 件）" if len(again) > SHOWN_CASES else ""
        return (REBOUNDED if closed else STILL), f"复查再次发现：{where}{more}"
    if item.kind == CROSS:
        return UNKNOWN, "跨卷问题：复查结果中未再出现，但复查结果不是全部案卷，不足以认定已整改"
    held = sorted(set(later.held.get((item.agency, item.rule), [])))
    if held:
        return (HELD if closed else PROPOSED), f"复查该单位适用此项的 {_cases(held)}，均无此问题"
    if item.agency not in later.agencies:
        return UNKNOWN, "复查未涉及该执法机关"
    return UNKNOWN, "复查该执法机关的案卷均不适用此项或无法判定"


def recheck(
    ledger: Ledger, results: Sequence[Path], review: str | None, date: dt.date | None, by: str, now: str
) -> Rechecked:
    records, errors = report.read_results(results, keep=(*report.KEPT, "passed"))
    built = report.build(records, errors, date=date)
    if built.date is None:
        raise LedgerError("复查结果中没有评分的案卷（每一行都是错误记录）：无从回头看")
    day = built.date.isoformat()
    name = review or f"{day}回头看"
    later = read_later(built, records)
    outcomes = []
    with ledger.writing() as session:
        session.lock_items_table()
        everything = load(session)
        items = [t for t in everything if t.item.review != name]
        if not items:
            raise LedgerError(f"{ledger.url}: 台账中没有其他评查的事项，无从回头看")
        for tracked in items:
            outcome, reason = judge(tracked, later, name)
            done = any(e.review == name for e in tracked.events)
            write = outcome != UNKNOWN and not done
            if write:
                reopen = outcome == REBOUNDED
                insert_event(
                    session, tracked.item.id, action=REBOUND if reopen else RECHECKED,
                    status=IN_PROGRESS if reopen else None, note=f"{outcome}（{name}）：{reason}", review=name,
                    effective_on=day, recorded_at=now, recorded_by=by,
                )  # fmt: skip
            outcomes.append(Outcome(tracked, outcome, reason, write))
    known = {(t.item.agency, t.item.rule) for t in everything}
    new = sorted(
        {
            (row.department, case, row.problem)
            for row in built.ledger
            if (row.department, row.rule) not in known
            for case in row.case_ids
        }
    )
    return Rechecked(name, day, outcomes, new)
