"""A profile's `sheet:`: the stages and items of a published 评查标准, each item with the rules and
judgement items it scores; a stage's `others` item takes those of its kind the sheet does not name."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SheetItem:
    number: str  # the item's number in the standard
    title: str
    points: float | None  # the item's cap (扣完为止); None: a veto item
    ids: tuple[str, ...]  # the rule ids and judgement item ids it names
    unconfirmed: str | None
    others: bool = False

    def key(self, stage: SheetStage) -> str:
        return f"{stage.name}/{self.number}"


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
    # every rule and judgement item of the profile -> the key of the item it is scored on (SheetItem.key)
    placed: dict[str, str] = field(default_factory=dict, compare=False)

    def caps(self) -> dict[str, tuple[str, float]]:
        """Each rule or judgement item on a capped item -> (the item's key, its cap): engine.scoring."""
        points = {item.key(stage): item.points for stage in self.stages for item in stage.items}
        return {id_: (key, cap) for id_, key in self.placed.items() if (cap := points[key]) is not None}
