"""`ledger export --xlsx`: the 整改台账 in the seed ledger's columns (as `pingcha report` writes them) plus
each item's status and history, a sheet of every change, and the monthly figures when a month is given.
The sheets are made by engine.report's sheet writer, so both ledgers look alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..report import LEDGER_COLUMNS, SEVERITY_LABEL, _sheet, plain
from ..xlsxbytes import workbook_bytes
from .items import Tracked
from .views import MONTHLY_HEADER, MonthRow, event_text

STATUS_COLUMNS = ("台账编号", "评查", "状态", "状态日期", "逾期天数", "整改情况", "变更记录")
HISTORY_COLUMNS = (
    "台账编号",
    "次序",
    "日期",
    "操作",
    "状态",
    "责任部门",
    "责任领导",
    "整改时限",
    "说明",
    "证明材料",
    "SHA-256",
    "操作人",
    "记录时间",
)


def _ledger_row(number: int, tracked: Tracked, on: dt.date) -> list[Any]:
    item, now = tracked.item, tracked.state(on)
    assert now is not None
    # officials' words, as in the report's ledger: no rule id, no fact names (the 台账编号 identifies the item)
    note = f"{SEVERITY_LABEL[item.severity]}问题：{plain(item.message)}；依据：{item.basis}"
    return [
        number,
        item.problem,
        item.case_id,
        item.measure,
        f"{now.deadline}前" if now.deadline else "",
        now.department,
        now.leader,
        note,
        item.id,
        item.review,
        now.status,
        now.since,
        now.overdue_days(on) or "",
        now.note,
        "\n".join(event_text(e) for e in tracked.events if e.effective_on <= on.isoformat()),
    ]


def to_xlsx(items: Sequence[Tracked], on: dt.date, month: tuple[str, list[MonthRow]] | None = None) -> bytes:
    """The ledger as it stands on `on` (events after it are left out), as XLSX bytes; byte-identical for
    the same ledger and date."""
    from openpyxl import Workbook

    shown = [t for t in items if t.state(on) is not None]
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        "整改台账",
        [*LEDGER_COLUMNS, *STATUS_COLUMNS],
        lambda: [_ledger_row(n, t, on) for n, t in enumerate(shown, 1)],
        ["行政执法突出问题整改台账", f"填报单位：          填报人：          电话：          填报时间：{on}"],
    )
    _sheet(
        workbook,
        "变更记录",
        list(HISTORY_COLUMNS),
        lambda: [
            [
                e.item, e.seq, e.effective_on, e.action, e.status or "", e.department or "", e.leader or "",
                e.deadline or "", e.note or "", e.evidence_name or "", e.evidence_sha256 or "", e.recorded_by,
                e.recorded_at,
            ]
            for t in shown
            for e in t.events
            if e.effective_on <= on.isoformat()
        ],
    )  # fmt: skip
    if month is not None:
        name, rows = month
        _sheet(workbook, "月报", list(MONTHLY_HEADER), lambda: [r.cells() for r in rows], [f"整改台账月报（{name}）"])
    return workbook_bytes(workbook, dt.datetime.combine(on, dt.time()))
