"""Provisions as the rulebook knows them: a citation (law, 条, 款, 项) compared with another, and the
structure of the laws a 决定书 cites (how many 款 each article has, how many 项 each 款) by version.

A 罚则 in a 裁量基准 row (the `penalty_provision` of the item) and the 罚则 a 决定书 cites agree when
they name the same law and article and do not differ in a 款 or 项 both give: 第97条 and 第97条第4项
agree, 第97条第4项 and 第97条第5项 do not. Whether a citation is specific enough (条、款、项) is the
structure's question, not this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .yamlsrc import parse_date

# a law is named in a citation with or without the 《》 a document writes
_BRACKETS = str.maketrans("", "", "《》〈〉 \u3000")
NATIONAL_PREFIX = "中华人民共和国"


def law_name(name: str) -> str:
    return name.translate(_BRACKETS)


@dataclass(frozen=True)
class Provision:
    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None

    def agrees(self, other: Provision, names: dict[str, str]) -> bool:
        """Same law, same article, no 款 or 项 that differ."""
        if _law_key(self.law, names) != _law_key(other.law, names) or self.article != other.article:
            return False
        return all(
            a is None or b is None or a == b for a, b in ((self.paragraph, other.paragraph), (self.item, other.item))
        )

    def text(self) -> str:
        """《安全生产法》第97条第4项 (as the finding shows it)."""
        parts = [f"《{self.law}》第{self.article}条"]
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}款")
        if self.item is not None:
            parts.append(f"第{self.item}项")
        return "".join(parts)


def _law_key(name: str, names: dict[str, str]) -> str:
    """A law as compared: its full name where the structure table knows it, less the 中华人民共和国 of a
    national law's title (《广告法》 is the 《中华人民共和国广告法》 a table names in full)."""
    return names.get(name, name).removeprefix(NATIONAL_PREFIX)


def provision(spec: Any) -> Provision:
    """A provision from a table row or a case file's citation (law, article, paragraph, item); the
    caller has checked that it has an article."""
    if isinstance(spec, dict):
        return Provision(law_name(spec["law"]), spec["article"], spec.get("paragraph"), spec.get("item"))
    # a pydantic model or, in a batch, the msgspec Struct engine.fastdecode decodes it to (no __dict__)
    return Provision(law_name(spec.law), spec.article, spec.paragraph, spec.item)


@dataclass(frozen=True)
class LawStructure:
    """One version of a law: its full name, the names it is abbreviated as, and per article the number of
    项 in each 款 (articles[0] is 第1条)."""

    law: str
    abbreviations: tuple[str, ...]
    version: str
    since: dt.date | None
    until: dt.date | None
    articles: tuple[tuple[int, ...], ...]
    file: str = ""
    line: int = 0

    def in_force(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)

    def lacks(self, cited: Provision) -> tuple[bool, str] | None:
        """Why a citation of this law is not specific to 条、款、项 — (True, why) when it leaves out a 款 or
        项 the article has, (False, why) when it names one the article does not have — or None when it is
        specific."""
        if cited.article > len(self.articles):
            return False, f"{cited.text()}：该法（{self.version}）只有{len(self.articles)}条"
        paragraphs = self.articles[cited.article - 1]
        if cited.paragraph is None and len(paragraphs) > 1:
            return True, f"{cited.text()}：该条有{len(paragraphs)}款，未写明第几款"
        if cited.paragraph is not None and cited.paragraph > len(paragraphs):
            return False, f"{cited.text()}：该条只有{len(paragraphs)}款"
        items = paragraphs[(cited.paragraph or 1) - 1]
        where = "该款" if cited.paragraph else "该条"
        if cited.item is None and items:
            return True, f"{cited.text()}：{where}分{items}项，未写明第几项"
        if cited.item is not None and cited.item > items:
            return False, f"{cited.text()}：{where}{f'只有{items}项' if items else '不分项'}"
        return None


def load_structures(data: Any, display: str) -> list[LawStructure]:
    """The `articles` rows of one validated *.tables.yaml document."""
    rows = []
    for spec in data.get("articles", []):
        period = spec.get("in_force") or {}
        rows.append(
            LawStructure(
                law=law_name(spec["law"]),
                abbreviations=tuple(law_name(name) for name in spec.get("abbreviations", [])),
                version=spec["version"],
                since=parse_date(period.get("from"), display, spec.line),
                until=parse_date(period.get("until"), display, spec.line),
                articles=tuple(tuple(counts) for counts in spec["paragraphs"]),
                file=display,
                line=spec.line,
            )
        )
    return rows
