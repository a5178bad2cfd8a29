"""What the ledger says, as text: an item and its history, lists (filtered, overdue), the monthly 台账/总结,
and what add and recheck did. Pure functions of the items and a date: the same ledger and date give
the same text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..report import SEVERITY_LABEL, _width
from . import LedgerError
from .items import CLOSED, OPEN, REBOUND, RECTIFIED, Added, Event, Tracked
from .recheck import OUTCOMES, UNKNOWN, Rechecked

LIST_HEADER = ("编号", "状态", "整改时限", "执法机关", "案卷", "执法问题")


def select(
    items: Sequence[Tracked],
    agency: str | None = None,
    status: str | None = None,
    family: str | None = None,
    review: str | None = None,
    overdue_on: dt.date | None = None,
) -> list[Tracked]:
    """The items every given filter keeps (status and overdue as they stand on `overdue_on`, else now)."""
    kept = []
    for tracked in items:
        now = tracked.state(overdue_on) if overdue_on else tracked.now()
        if now is None:  # added after that day
            continue
        if agency and tracked.item.agency != agency:
            continue
        if status and now.status != status:
            continue
        if family and tracked.item.family != family:
            continue
        if review and tracked.item.review != review:
            continue
        if overdue_on and not now.overdue_days(overdue_on):
            continue
        kept.append(tracked)
    return kept


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(header: Sequence[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[n]) for row in [list(header), *rows]) for n in range(len(header) - 1)]
    return [
        "  ".join([*(_pad(cell, w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in [list(header), *rows]
    ]


def listing(items: Sequence[Tracked], on: dt.date | None = None) -> str:
    if not items:
        return "没有符合条件的事项\n"
    rows = []
    for tracked in items:
        now = tracked.state(on) if on else tracked.now()
        assert now is not None
        item = tracked.item
        rows.append([str(item.id), now.status, now.deadline or "—", item.agency, item.case_id, item.problem])
    return "\n".join([*_table(LIST_HEADER, rows), f"共 {len(items)} 项"]) + "\n"


def overdue(items: Sequence[Tracked], on: dt.date) -> str:
    late = select(items, overdue_on=on)
    if not late:
        return f"截至 {on}，没有逾期未整改的事项\n"
    lines = [f"截至 {on}，逾期未整改 {len(late)} 项（整改时限已过，状态仍为{'、'.join(OPEN)}）："]
    by_agency: dict[str, list[Tracked]] = defaultdict(list)
    for tracked in late:
        by_agency[tracked.item.agency].append(tracked)
    for agency, group in sorted(by_agency.items()):
        lines.append(f"{agency}  {len(group)} 项")
        for tracked in sorted(group, key=lambda t: (-(t.state(on) or t.now()).overdue_days(on), t.item.id)):
            now = tracked.state(on)
            assert now is not None
            leader = f"，责任领导 {now.leader}" if now.leader else ""
            lines.append(
                f"  {tracked.item.id}  逾期 {now.overdue_days(on)} 日（时限 {now.deadline}，{now.status}{leader}）  "
                f"{tracked.item.case_id}  {tracked.item.problem}"
            )
    return "\n".join(lines) + "\n"


def event_text(event: Event) -> str:
    parts = []
    if event.status:
        parts.append(f"状态 {event.status}")
    if event.department:
        parts.append(f"责任部门 {event.department}")
    if event.leader:
        parts.append(f"责任领导 {event.leader}")
    if event.deadline:
        parts.append(f"整改时限 {event.deadline}")
    if event.note:
        parts.append(f"说明：{event.note}")
    if event.evidence_name:
        parts.append(f"证明材料 {event.evidence_name}（{event.evidence_size} 字节，SHA-256 {event.evidence_sha256}）")
    return (
        f"{event.effective_on} {event.action}：{'；'.join(parts)}  —— {event.recorded_by}，记录于 {event.recorded_at}"
    )


def show(tracked: Tracked) -> str:
    item, now = tracked.item, tracked.now()
    lines = [
        f"第 {item.id} 项  {item.problem}",
        f"评查：{item.review}（{tracked.opened_on}），整改台账第 {item.ledger_row} 行；{item.kind}问题，{SEVERITY_LABEL[item.severity]}",
        f"执法机关：{item.agency}  案卷：{item.case_id}",
        f"问题：{item.message}",
        f"依据：{item.basis}（{item.rule}）",
        f"整改措施：{item.measure}",
        (
            f"状态：{now.status}（{now.since} 起）  整改时限：{now.deadline or '—'}  责任部门：{now.department}  "
            f"责任领导：{now.leader or '—'}"
        ),
        f"变更记录（{len(tracked.events)} 条）：",
        *(f"  {n}. {event_text(e)}" for n, e in enumerate(tracked.events, 1)),
    ]
    return "\n".join(lines) + "\n"


def added(result: Added) -> str:
    agencies = Counter(p.item.agency for p in result.added)
    lines = [
        f"评查“{result.review}”（{result.report_date}）：新录入 {len(result.added)} 项，已在台账中 {result.existing} 项（未改动）"
    ]
    lines += [f"  {agency}  {count} 项" for agency, count in sorted(agencies.items())]
    if result.added:
        first, last = result.added[0].item.id, result.added[-1].item.id
        lines.append(f"编号 {first}–{last}，状态“待整改”；用 pingcha ledger list 查看")
    return "\n".join(lines) + "\n"


def rechecked(result: Rechecked) -> str:
    counts = Counter(o.outcome for o in result.outcomes)
    written = sum(o.written for o in result.outcomes)
    lines = [
        f"回头看“{result.review}”（{result.date}）：对照台账中其他评查的 {len(result.outcomes)} 项",
        "，".join(f"{name} {counts[name]} 项" for name in OUTCOMES) + f"；本次写入变更记录 {written} 条",
    ]
    for name in OUTCOMES:
        chosen = [o for o in result.outcomes if o.outcome == name]
        if not chosen or name == UNKNOWN:
            continue
        lines.append(f"{name}：")
        for o in chosen:
            item = o.tracked.item
            lines.append(f"  {item.id}  {item.agency}  {item.problem}（原案卷 {item.case_id}）")
            lines.append(f"      {o.reason}")
    reasons = Counter(o.reason for o in result.outcomes if o.outcome == UNKNOWN)
    if reasons:
        lines.append(f"{UNKNOWN}（不视为已整改，也不视为未整改）：")
        lines += [
            f"  {reason}：{count} 项" for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    if result.new:
        lines.append(
            f"复查发现、台账中没有的问题 {len(result.new)} 项：用 pingcha ledger add 复查结果 --review {result.review} 录入"
        )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# The monthly 台账/总结 (辽宁 应急管理 方案: 每月25日前 … 形成月总结和台账)

MONTHLY_HEADER = ("执法机关", "本月新增", "本月销号", "本月反弹", "月末未销号", "其中逾期", "其中已整改待销号")


@dataclass(frozen=True)
class MonthRow:
    agency: str
    opened: int
    closed: int
    rebounded: int
    open_at_end: int
    overdue: int
    awaiting: int

    def cells(self) -> list[int | str]:
        return [self.agency, self.opened, self.closed, self.rebounded, self.open_at_end, self.overdue, self.awaiting]


def month_days(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month written 年-月 (2026-11)."""
    try:
        first = dt.date.fromisoformat(month + "-01") if re.fullmatch(r"\d{4}-\d{2}", month) else None
    except ValueError:
        first = None
    if first is None:
        raise LedgerError(f"--month 的取值 {month!r} 无效：应写成 年-月，如 2026-11")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def monthly(items: Sequence[Tracked], month: str) -> list[MonthRow]:
    """Per agency, for the month: items opened, 销号, 反弹 in it; at its last day, items not 销号, overdue,
    and rectified awaiting 销号. The last row is the total."""
    first, last = month_days(month)
    span = (first.isoformat(), last.isoformat())
    figures: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for tracked in items:
        end = tracked.state(last)
        if end is None:
            continue
        row = figures[tracked.item.agency]
        in_month = [e for e in tracked.events if span[0] <= e.effective_on <= span[1]]
        row[0] += span[0] <= tracked.opened_on <= span[1]
        row[1] += any(e.status == CLOSED for e in in_month)
        row[2] += any(e.action == REBOUND for e in in_month)
        row[3] += end.status != CLOSED
        row[4] += end.overdue_days(last) > 0
        row[5] += end.status == RECTIFIED
    rows = [MonthRow(agency, *values) for agency, values in sorted(figures.items())]
    totals = [sum(values) for values in zip(*(r.cells()[1:] for r in rows), strict=True)] if rows else [0] * 6
    return [*rows, MonthRow("合计", *(int(v) for v in totals))]


def monthly_text(rows: list[MonthRow], month: str) -> str:
    first, last = month_days(month)
    total = rows[-1]
    lines = [
        f"整改台账月报 {first.year}年{first.month}月（{first} 至 {last}）",
        *_table(MONTHLY_HEADER, [[str(c) for c in row.cells()] for row in rows]),
        (
            f"本月新增问题 {total.opened} 项，销号 {total.closed} 项，反弹 {total.rebounded} 项；"
            f"截至 {last}，未销号 {total.open_at_end} 项，其中逾期未整改 {total.overdue} 项、已整改待销号 {total.awaiting} 项。"
        ),
    ]
    return "\n".join(lines) + "\n"
