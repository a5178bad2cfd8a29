"""Changing items: `ledger assign` (责任部门, 责任领导, 整改时限) and `ledger update` (status, note, evidence).

Every change is a new event in the item's history, checked against the item's state inside the same
transaction that writes it, with the item locked: two reviewers changing one item at once are applied
one after the other, and the second is checked against the first (nothing is lost, nothing overwritten).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import os_reason
from . import LedgerError
from .db import Ledger
from .items import ASSIGNED, CLOSED, RECTIFIED, REFUSED, UPDATED, Tracked, insert_event, load

NEEDS_RECTIFIED = (CLOSED, REFUSED)  # 销号 is the check of a rectification the unit has reported


@dataclass(frozen=True)
class Evidence:
    name: str
    sha256: str
    size: int


def evidence(path: Path) -> Evidence:
    """A proof of rectification, recorded by name, size and SHA-256 (the file stays in the unit's archive:
    the digest shows later that an archived file is the one recorded)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise LedgerError(f"{path}: 无法读取整改证明材料：{os_reason(exc)}") from None
    return Evidence(path.name, digest.hexdigest(), size)


@dataclass(frozen=True)
class Change:
    """What one command changes (None: left as it is), on which day."""

    effective_on: dt.date
    status: str | None = None
    department: str | None = None
    leader: str | None = None
    deadline: dt.date | None = None
    note: str | None = None
    evidence: Evidence | None = None

    @property
    def action(self) -> str:
        return UPDATED if self.status or self.note or self.evidence else ASSIGNED


def problems(tracked: Tracked, change: Change) -> list[str]:
    """Why this change cannot be made to this item (empty: it can)."""
    found = []
    current = tracked.now()
    label = f"第 {tracked.item.id} 项"
    last = tracked.events[-1].effective_on
    if change.effective_on.isoformat() < last:
        found.append(f"{label}：日期 {change.effective_on} 早于其最近一次记录的日期 {last}（历史须按时间顺序记录）")
    if change.deadline is not None and change.deadline.isoformat() < tracked.opened_on:
        found.append(f"{label}：整改时限 {change.deadline} 早于评查日期 {tracked.opened_on}")
    if change.status is not None:
        if change.status == current.status:
            found.append(f"{label}已是“{current.status}”")
        elif change.status in NEEDS_RECTIFIED and current.status != RECTIFIED:
            found.append(
                f"{label}当前为“{current.status}”：{change.status}须在整改单位报“{RECTIFIED}”之后"
                f"（先 pingcha ledger update {tracked.item.id} --status {RECTIFIED}）"
            )
        if change.status == REFUSED and not change.note:
            found.append(f"{label}：不予销号须用 --note 说明理由")
    return found


def apply(ledger: Ledger, ids: Sequence[int], change: Change, by: str, now: str) -> list[Tracked]:
    """Record `change` for each item (all or none of them); the items as they are afterwards."""
    wanted = sorted(set(ids))
    with ledger.writing() as session:
        session.lock_items(wanted)
        items = load(session, wanted)
        missing = sorted(set(wanted) - {t.item.id for t in items})
        found = [f"台账中没有第 {n} 项" for n in missing]
        for tracked in items:
            found += problems(tracked, change)
        if found:
            raise LedgerError("\n".join([*found, "未作任何更改"]))
        for tracked in items:
            proof = change.evidence
            insert_event(
                session,
                tracked.item.id,
                action=change.action,
                status=change.status,
                department=change.department,
                leader=change.leader,
                deadline=change.deadline.isoformat() if change.deadline else None,
                note=change.note,
                evidence_name=proof.name if proof else None,
                evidence_sha256=proof.sha256 if proof else None,
                evidence_size=proof.size if proof else None,
                effective_on=change.effective_on.isoformat(),
                recorded_at=now,
                recorded_by=by,
            )
        return load(session, wanted)
