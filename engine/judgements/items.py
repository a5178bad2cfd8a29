"""What a profile declares under `judgements:`: the items a panel judges, with their points or veto."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..rulebook import Citation

PANEL, MACHINE = "人工评查", "机器评查"
DEFAULT_FAMILY = "评查标准"


@dataclass(frozen=True)
class JudgementItem:
    id: str  # panel-…: the key in results and in the 整改台账
    name: str  # 主体, 事实, …: the key a reviewer writes
    title: str  # 评查内容, as the standard words it
    defect: str  # the problem when 不符合, as the standard words it
    category: str
    severity: str  # veto | major | minor
    points: float  # the most a 不符合 deducts (0 for a veto item)
    family: str
    basis: tuple[Citation, ...]
    source: str | None
    notes: str | None
    file: str
    line: int
    case_types: tuple[str, ...] = ("行政处罚",)
