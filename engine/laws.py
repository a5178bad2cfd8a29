"""The laws the rulebook cites (rules/laws.yaml and a profile's own laws.yaml): their versions, the
period each was in force, where and whom they bind.

A rule's citation names a law and, where the law changed, the version it cites (default: the newest).
The table lets lint check every citation (the law is known, the article exists in that version, the
rule's period lies inside the version's, a local document binds the profile's region and field) and
lets a finding name the version that applied on the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .yamlsrc import parse_date

NATIONWIDE = "全国"
# The table lists the versions cases from this day on can fall under (laws.yaml's header): a rule's
# period is checked against its citations from here.
CASES_FROM = dt.date(2010, 1, 1)
ANY_FIELD = "通用"


def in_force(since: dt.date | None, until: dt.date | None) -> str:
    """A period of force as a sentence says it: 2021-07-15至2026-01-31施行, 自…起施行, 施行至…, 施行."""
    if since and until:
        return f"{since.isoformat()}至{until.isoformat()}施行"
    if since:
        return f"自{since.isoformat()}起施行"
    return f"施行至{until.isoformat()}" if until else "施行"


@dataclass(frozen=True)
class LawVersion:
    label: str  # how a citation names it: the year of the text ("2021")
    since: dt.date | None
    until: dt.date | None
    articles: int | None  # the number of articles, where it has numbered articles

    def period(self) -> str:
        return in_force(self.since, self.until)


@dataclass(frozen=True)
class Law:
    name: str
    region: str
    domain: str  # the field it binds (laws.yaml `field`): 通用, or 应急管理, 测绘地理信息 …
    versions: tuple[LawVersion, ...]  # oldest first
    aliases: tuple[str, ...] = ()

    def version(self, label: str | None) -> LawVersion | None:
        """The version a citation names; without a label, the newest."""
        if label is None:
            return self.versions[-1]
        return next((v for v in self.versions if v.label == label), None)

    def binds(self, region: str | None, fields: tuple[str, ...]) -> bool:
        """Whether the law binds an agency of this region (a province, or a place within it) and field."""
        in_region = self.region == NATIONWIDE or (region is not None and region.startswith(self.region))
        return in_region and (self.domain == ANY_FIELD or self.domain in fields)


@dataclass
class LawTable:
    laws: dict[str, Law] = field(default_factory=dict)  # by name and alias

    def get(self, name: str) -> Law | None:
        return self.laws.get(name)

    def add(self, data: Any, display: str) -> None:
        """Add the laws of one laws.yaml (validated against laws.schema.json); a later file's entry of
        the same name replaces an earlier one (a profile refines the bundled table). Full names, kinds,
        sources and renumbering are for the reader of the file: the engine reads what it checks."""
        for spec in data.get("laws") or []:
            versions = tuple(
                LawVersion(
                    str(v["label"]),
                    parse_date(v.get("from"), display, v.line),
                    parse_date(v.get("until"), display, v.line),
                    v.get("articles"),
                )
                for v in spec["versions"]
            )
            aliases = tuple(spec.get("aliases") or ())
            law = Law(spec["name"], spec.get("region", NATIONWIDE), spec.get("field", ANY_FIELD), versions, aliases)
            for name in (law.name, *law.aliases):
                self.laws[name] = law
