"""A profile's `sheet:`: the stages and items of a published 评查标准, each item with the rules and
judgement items it scores."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetItem:
    no: str  # the item's number in the standard
    title: str
    points: float | None  # the item's cap (扣完为止); None: a veto item
    ids: tuple[str, ...]  # rule ids and judgement item ids it scores
    unconfirmed: str | None


@dataclass(frozen=True)
class SheetStage:
    name: str
    category: str | None  # None: the veto part (基本标准)
    items: tuple[SheetItem, ...]

    @property
    def points(self) -> float:
        return sum(item.points or 0 for item in self.items)


@dataclass(frozen=True)
class Sheet:
    standard: str
    source: str
    notes: str | None
    stages: tuple[SheetStage, ...]

    def caps(self) -> dict[str, tuple[str, float]]:
        """Each rule or judgement item on a capped item -> (the item's key, its cap)."""
        return {
            id_: (f"{stage.name}/{item.no}", item.points)
            for stage in self.stages
            for item in stage.items
            if item.points is not None
            for id_ in item.ids
        }
