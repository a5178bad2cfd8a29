"""Ledger items and their history: the model, reading it back, and adding a review's findings.

An item is one finding of one review, keyed (review, agency, case, rule); a cross-file finding is one
item whose case is its cases joined with 、. Items are the rows of `pingcha report`'s 整改台账 split per
case: the grouping, 整改措施 and 整改时限 come from engine.report, not from a second reckoning here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .. import report
from ..judgements.merge import record_merger
from ..judgements.record import read_folder
from ..rulebook import load_rulebook
from . import LedgerError
from .db import Ledger, Session

PENDING, IN_PROGRESS, RECTIFIED, CLOSED, REFUSED = "待整改", "整改中", "已整改", "已销号", "不予销号"
STATUSES = (PENDING, IN_PROGRESS, RECTIFIED, CLOSED, REFUSED)
OPEN = (PENDING, IN_PROGRESS, REFUSED)  # still to be rectified: these can be overdue
CASE, CROSS = "案卷", "跨卷"
CROSS_FAMILY = "跨卷检查"
CROSS_SEVERITY = "major"  # as the report's ledger dates a cross-file problem's 整改时限
ADDED, ASSIGNED, UPDATED, REBOUND, RECHECKED = "录入", "指派", "更新", "反弹", "回头看"


@dataclass(frozen=True)
class Item:
    id: int
    review: str
    agency: str
    case_id: str
    rule: str
    kind: str
    family: str
    severity: str
    problem: str
    message: str
    basis: str
    measure: str
    ledger_row: int
    source: str


@dataclass(frozen=True)
class Event:
    item: int
    seq: int
    action: str
    status: str | None
    department: str | None
    leader: str | None
    deadline: str | None
    note: str | None
    evidence_name: str | None
    evidence_sha256: str | None
    evidence_size: int | None
    review: str | None
    effective_on: str
    recorded_at: str
    recorded_by: str


ITEM_COLUMNS = ", ".join(f.name for f in fields(Item))
EVENT_COLUMNS = ", ".join(f.name for f in fields(Event))


@dataclass(frozen=True)
class State:
    """An item as its events leave it (on a given day)."""

    status: str
    department: str
    leader: str
    deadline: str | None
    note: str
    since: str  # the day of its latest status

    def overdue_days(self, on: dt.date) -> int:
        """Days past the deadline on `on` while still to be rectified (0: not overdue)."""
        if self.status not in OPEN or self.deadline is None:
            return 0
        return max((on - dt.date.fromisoformat(self.deadline)).days, 0)


def state(events: Iterable[Event], on: dt.date | None = None) -> State | None:
    """The fold of an item's events (those in force on `on`, or all); None before it was added."""
    values: dict[str, Any] = {}
    for event in events:
        if on is not None and event.effective_on > on.isoformat():
            continue
        for name in ("status", "department", "leader", "deadline", "note"):
            if getattr(event, name) is not None:
                values[name] = getattr(event, name)
        if event.status is not None:
            values["since"] = event.effective_on
    if "status" not in values:
        return None
    return State(
        values["status"],
        values.get("department", ""),
        values.get("leader", ""),
        values.get("deadline"),
        values.get("note", ""),
        values["since"],
    )


@dataclass(frozen=True)
class Tracked:
    item: Item
    events: tuple[Event, ...]
    opened_on: str  # its review's date

    def state(self, on: dt.date | None = None) -> State | None:
        return state(self.events, on)

    def now(self) -> State:
        found = state(self.events)
        assert found is not None, "an item is written with its 录入 event"
        return found


def load(session: Session, ids: Sequence[int] | None = None) -> list[Tracked]:
    """Items (these, or all) with their events, in the order of the ledger: review, its ledger row, case."""
    where, params = ("", []) if not ids else (f"WHERE i.id IN ({', '.join('?' * len(ids))})", list(ids))
    rows = session.rows(
        f"SELECT {', '.join('i.' + c.strip() for c in ITEM_COLUMNS.split(','))}, r.report_date "
        f"FROM ledger_item i JOIN ledger_review r ON r.name = i.review {where} ORDER BY i.id",
        params,
    )
    events: dict[int, list[Event]] = {}
    event_where = where.replace("i.id", "item")
    for row in session.rows(f"SELECT {EVENT_COLUMNS} FROM ledger_event {event_where} ORDER BY item, seq", params):
        events.setdefault(row[0], []).append(Event(*row))
    tracked = [Tracked(Item(*row[:-1]), tuple(events.get(row[0], ())), row[-1]) for row in rows]
    tracked.sort(key=lambda t: (t.opened_on, t.item.review, t.item.ledger_row, t.item.case_id, t.item.id))
    return tracked


def insert_event(session: Session, item: int, **values: Any) -> None:
    """Append an event to an item's history (the caller holds the item's lock)."""
    ((last,),) = session.rows("SELECT COALESCE(MAX(seq), 0) FROM ledger_event WHERE item = ?", [item])
    row = {f.name: None for f in fields(Event)} | values | {"item": item, "seq": last + 1}
    session.run(
        f"INSERT INTO ledger_event ({EVENT_COLUMNS}) VALUES ({', '.join('?' * len(row))})",
        [row[f.name] for f in fields(Event)],
    )


# ---------------------------------------------------------------------------------------------
# Adding a review


@dataclass(frozen=True)
class Planned:
    """An item a review's results would add, with its first event's department and deadline."""

    item: Item
    department: str
    deadline: str | None


@dataclass(frozen=True)
class Added:
    review: str
    report_date: str
    added: list[Planned]
    existing: int


def plan(built: report.Report, review: str) -> list[Planned]:
    """The items of a report's 整改台账: each row split into its cases (a cross-file row stays one item)."""
    messages: dict[tuple[str, str, str], tuple[str, str]] = {}
    for row in built.files:
        for finding in row.findings:
            messages.setdefault((row.agency, row.case_id, finding["rule_id"]), (finding["message"], row.file))
    crossed = {(f.agency, f.code, f.cases): f for f in (built.crossfile.findings if built.crossfile else [])}
    rules = {r.rule_id: r for r in built.rules}
    planned: dict[tuple[str, str, str], Planned] = {}
    for line in built.ledger:
        deadline = line.deadline.removesuffix("前") or None
        cross = crossed.get((line.department, line.rule, line.case_ids))
        if cross is not None:
            cases = "、".join(cross.cases)
            facts = (
                CROSS,
                CROSS_FAMILY,
                CROSS_SEVERITY,
                cross.message,
                "；".join(cross.basis),
                "、".join(cross.sources),
            )
            keyed = [(cases, facts)]
        else:
            rule = rules[line.rule]
            keyed = []
            for case_id in dict.fromkeys(line.case_ids):
                message, source = messages[(line.department, case_id, line.rule)]
                keyed.append((case_id, (CASE, rule.family, rule.severity, message, "；".join(rule.basis), source)))
        for case_id, (kind, family, severity, message, basis, source) in keyed:
            item = Item(
                0, review, line.department, case_id, line.rule, kind, family, severity, line.problem, message, basis,
                line.measure, line.number, source,
            )  # fmt: skip
            planned.setdefault((item.agency, item.case_id, item.rule), Planned(item, line.department, deadline))
    return list(planned.values())


def add(
    ledger: Ledger,
    results: Sequence[Path],
    review: str | None,
    date: dt.date | None,
    by: str,
    now: str,
    judgements: Path | None = None,
) -> Added:
    """Add a review's findings as items (status 待整改), with the panel's 不符合 judgements when a folder of
    them is given (keyed by their item id, the reviewer's reason as the problem). Adding the same results
    again adds nothing; the whole review is written in one transaction, so an interrupted add leaves the
    ledger as it was."""
    records, errors = report.read_results(results)
    if judgements is not None:
        records.transformed(record_merger(records, read_folder(judgements), load_rulebook))
    built = report.build(records, errors, date=date)
    if built.date is None:
        raise LedgerError("结果中没有评分的案卷（每一行都是错误记录）：没有可录入台账的问题")
    day = built.date.isoformat()
    name = review or f"{day}评查"
    planned = plan(built, name)
    sources = "；".join(str(path) for path in results)
    with ledger.writing() as session:
        session.lock_items_table()
        known = session.rows("SELECT report_date FROM ledger_review WHERE name = ?", [name])
        if known and known[0][0] != day:
            raise LedgerError(
                f"台账中已有评查“{name}”，其日期为 {known[0][0]}，与本次的 {day} 不同："
                "同一评查的结果须用同一日期（--date）录入，另一次评查请用 --review 另起名称"
            )
        if not known:
            session.run(
                "INSERT INTO ledger_review (name, report_date, results, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)",
                [name, day, sources, now, by],
            )
        have = {
            tuple(row) for row in session.rows("SELECT agency, case_id, rule FROM ledger_item WHERE review = ?", [name])
        }
        ((last,),) = session.rows("SELECT COALESCE(MAX(id), 0) FROM ledger_item")
        added = []
        for entry in planned:
            item = entry.item
            if (item.agency, item.case_id, item.rule) in have:
                continue
            last += 1
            values = [last if f.name == "id" else getattr(item, f.name) for f in fields(Item)]
            session.run(f"INSERT INTO ledger_item ({ITEM_COLUMNS}) VALUES ({', '.join('?' * len(values))})", values)
            insert_event(
                session, last, action=ADDED, status=PENDING, department=entry.department, deadline=entry.deadline,
                effective_on=day, recorded_at=now, recorded_by=by,
            )  # fmt: skip
            added.append(Planned(Item(last, *values[1:]), entry.department, entry.deadline))
    return Added(name, day, added, len(planned) - len(added))


def read_all(ledger: Ledger) -> list[Tracked]:
    with ledger.reading() as session:
        return load(session)
