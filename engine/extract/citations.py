"""Provisions cited as 《法律名称》第X条第X款第（X）项, with the 条/款/项 that follow sharing the law:
《广告法》第九条第（三）项、第五十七条第（一）项; 第一款、第二款 share the article before them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .numbers import Span, chinese_int

_NUMERAL = r"[0-9〇零一二三四五六七八九十百]+"
_UNIT = re.compile(rf"第[（(]?(?P<n>{_NUMERAL})[)）]?(?P<unit>条|款|项)(?:之(?P<bis>{_NUMERAL}))?")
# A law's title, then a run of 第…条/款/项 joined by 、 和 及 以及 , (and nothing else).
_CITED = re.compile(
    rf"《(?P<law>[^《》]{{2,60}})》(?:（[^（）]{{0,40}}）)?(?P<units>(?:(?:、|和|及|以及|，|,)?第[（(]?{_NUMERAL}[)）]?(?:条|款|项)"
    rf"(?:之{_NUMERAL})?)*)"
)


@dataclass(frozen=True)
class Provision:
    law: str
    article: int | None
    paragraph: int | None
    item: int | None
    span: Span

    def as_dict(self) -> dict[str, object]:
        found = {"law": self.law, "article": self.article, "paragraph": self.paragraph, "item": self.item}
        return {key: value for key, value in found.items() if value is not None}


def provisions(text: str) -> Iterator[Provision]:
    """Each cited provision in order; a law cited without an article yields nothing (not a provision).
    An article written 第十二条之一 has no integer number in the model and is skipped."""
    for cited in _CITED.finditer(text):
        span = Span(cited.start(), cited.end())
        for article, paragraph, item in _units(cited["units"]):
            if article is not None:
                yield Provision(cited["law"].strip(), article, paragraph, item, span)


def _units(units: str) -> list[tuple[int | None, int | None, int | None]]:
    """第五十七条第一款、第二款、第五十八条 → (57, 1, None), (57, 2, None), (58, None, None)."""
    found: list[tuple[int | None, int | None, int | None]] = []
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    for unit in _UNIT.finditer(units):
        number, kind = chinese_int(unit["n"]), unit["unit"]
        # A unit at or above one already set starts the next provision (第一款、第二款: two provisions).
        starts_next = kind == "条" or (kind == "款" and (paragraph or item)) or (kind == "项" and item)
        if starts_next and (found or article is not None):
            found.append((article, paragraph, item))
        if kind == "条":
            article, paragraph, item = (None if unit["bis"] else number), None, None
        elif kind == "款":
            paragraph, item = number, None
        else:
            item = number
    if article is not None or paragraph is not None or item is not None:
        found.append((article, paragraph, item))
    return found
