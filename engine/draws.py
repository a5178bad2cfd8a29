"""Each agency's share of inspections whose target was drawn by 双随机 (issue 19; 国发〔2019〕5号), added up
from the inspections' cross-file summaries (engine.crossfile.summarize) as `pingcha batch` and `pingcha
report` stream them. The share is of the inspections whose file says how the target was chosen; those
that do not say are counted apart, never as not drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .crossfile import INSPECTION
from .facts.supervision import DRAWN

DRAW_COLUMNS = (
    "执法机关",
    "行政检查",
    "载明检查对象确定方式的",
    "其中双随机抽查",
    "双随机抽查占比",
    "未载明确定方式的",
)
DRAW_NOTE = "占比 = 双随机抽查 ÷ 载明了检查对象确定方式的检查；未载明的另列，不计入分母，也不视为未经随机抽取。"


@dataclass
class DrawRow:
    """One agency's inspections by how their targets were chosen."""

    agency: str
    inspections: int
    known: int  # the file shows how the target was chosen
    drawn: int  # of those, by 双随机 draw

    @property
    def unknown(self) -> int:
        return self.inspections - self.known

    @property
    def share(self) -> str:
        return f"{100 * self.drawn / self.known:.1f}%" if self.known else "—"

    def cells(self) -> list[Any]:
        return [self.agency, self.inspections, self.known, self.drawn, self.share, self.unknown]


@dataclass
class DrawTally:
    counts: dict[str, list[int]] = field(default_factory=dict)  # agency -> inspections, known, drawn

    def add(self, summary: dict[str, Any] | None) -> None:
        """Count one case's cross-file summary if it is an inspection's."""
        if not summary or summary.get("type") != INSPECTION:
            return
        counts = self.counts.setdefault(summary["agency"], [0, 0, 0])
        selection = summary.get("selection")
        counts[0] += 1
        counts[1] += selection is not None
        counts[2] += selection == DRAWN

    def rows(self) -> list[DrawRow]:
        return [DrawRow(agency, *self.counts[agency]) for agency in sorted(self.counts)]

    def text(self) -> list[str]:
        """The batch summary's lines: one per agency, under a heading."""
        if not self.counts:
            return []
        lines = ["双随机抽查占比（行政检查，占载明检查对象确定方式的检查）："]
        for row in self.rows():
            lines.append(
                f"  {row.agency}：行政检查 {row.inspections} 件，载明确定方式 {row.known} 件，"
                f"其中双随机抽查 {row.drawn} 件（{row.share}），未载明 {row.unknown} 件"
            )
        return lines
