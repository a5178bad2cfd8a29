"""From a decision's text to a partial case file (source 决定书, no part declared complete), with the
origin of every value and the list of required values the text did not give."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputFileError
from . import decision as deciding
from .document import Origin, Text
from .fields import Found, header, party, steps
from .read import paragraphs

# The domain is read from the department's name; the level from the place before it: a province's
# own department is 省级, a province's city 设区的市级, a county or a city's district 县级. A bare 某市某局
# may be a prefecture or a county-level city: left for the reviewer, never guessed.
_DOMAINS = (
    ("市场监督管理", "市场监管"),
    ("应急管理", "应急管理"),
    ("生态环境", "生态环境"),
    ("公安", "公安"),
    ("交通运输", "交通运输"),
    ("农业农村", "农业农村"),
    ("自然资源", "自然资源"),
    ("住房和城乡建设", "住房和城乡建设"),
    ("文化和旅游", "文化和旅游"),
    ("文化广电和旅游", "文化和旅游"),
    ("卫生健康", "卫生健康"),
    ("水利", "水利"),
    ("林业", "林业"),
    ("城市管理", "城市管理"),
    ("综合行政执法", "综合行政执法"),
    ("人力资源和社会保障", "人力资源和社会保障"),
)
_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("国家级", re.compile(r"^(国家|中华人民共和国)?$")),
    ("乡镇街道", re.compile(r"(乡|镇|街道)$")),
    ("县级", re.compile(r"(县|区|旗)$")),
    ("省级", re.compile(r"^[^市县区]{2,8}(省|自治区)$|^(北京|天津|上海|重庆)市$")),
    ("设区的市级", re.compile(r"^[^市县区]{2,8}(省|自治区)[^省市县区]{1,8}(市|州|盟)$")),
)
REQUIRED = {
    "case_id": "文号（案卷编号）",
    "agency.name": "行政执法机关名称",
    "agency.level": "行政执法机关层级（国家级、省级、设区的市级、县级、乡镇街道）",
    "agency.domain": "执法领域",
    "party.kind": "当事人类型（个人或单位）",
    "party.name": "当事人姓名或名称",
    "violation.description": "违法行为",
    "decision.date": "决定日期",
}


@dataclass(frozen=True)
class Extraction:
    case: dict[str, Any]  # a case file, partial; valid when `missing` is empty
    origins: dict[str, Origin]  # JSON path (without $.) → where in the text
    notes: list[tuple[str, str, Origin]]  # found but not part of the case-file model (the bank to pay)
    missing: dict[str, str]  # required JSON path → what to fill in


def extract(path: Path) -> Extraction:
    lines, scanned = paragraphs(path)
    text = Text(lines)
    found = Found()
    section = text.decision()
    if section is None:  # titles, but none of a decision (a 告知书 alone): a text without titles is one 决定书
        raise InputFileError(str(path), "文中没有行政处罚决定书（或不予行政处罚决定书）的标题，无法确定决定的内容")
    decision_line = text.dated_line(section)
    last = decision_line if decision_line is not None else section.last
    header(text, section, decision_line, found)
    party(text, section, found)
    events = steps(text, section, decision_line, found)
    deciding.cited_provisions(text, section, last, found)
    reasoning = deciding.reasoning_sentences(text, section, last)
    deciding.penalties(deciding.deciding_sentences(reasoning), found)
    deciding.discretion(reasoning, found)
    deciding.grounds(reasoning, section.title == "不予行政处罚决定书", found)
    deciding.remedies_and_rights(text, section, last, found)
    _violation(text, section, last, found)
    title_line = text.paragraphs[section.first]
    if section.title in title_line:  # the title says what was decided, even where the text is cut
        outcome = "不予行政处罚" if section.title == "不予行政处罚决定书" else "给予行政处罚"
        at = title_line.index(section.title)
        found.put("decision.outcome", outcome, text.whole(section.first).origin(at, at + len(section.title)))
    _agency(found)
    if decision_line is not None:
        day = dt.date.fromisoformat(_iso(text.paragraphs[decision_line]))
        found.put("decision.date", day, text.whole(decision_line).origin(0, len(text.paragraphs[decision_line])))
        events.append({"type": "决定", "date": day})
        found.origins[f"events[{len(events) - 1}].date"] = found.origins["decision.date"]
    read_from = path.name + ("（扫描件，文字经 OCR 识别，请逐项核对原件）" if scanned else "")
    case = _assemble(found, events, section.title, read_from)
    missing = {path: what for path, what in REQUIRED.items() if path not in found.values}
    return Extraction(case, found.origins, found.notes, missing)


def _iso(line: str) -> str:
    from .numbers import dates

    return next(dates(line))[0].isoformat()


# The violation as the reasoning names it (当事人……的行为违反了), else as the narrative found it (发现……).
_DESCRIPTIONS = (
    re.compile(r"当事人(?!的上述)(?P<what>[^。；]{4,120}?)的(违法)?行为[，,]?(已经|已)?违反"),
    re.compile(r"发现[，,]?(当事人|你单位|你公司|你厂|你)?(实施了以下[^：:]{0,12}[：:])?(?P<what>[^。；]{4,120})"),
)


def _violation(text: Text, section: Any, last: int, found: Found) -> None:
    for pattern in _DESCRIPTIONS:
        for sentence in text.sentences(section.first + 1, last):
            if match := pattern.search(sentence.text):
                origin = sentence.origin(match.start("what"), match.end("what"))
                found.put("violation.description", match["what"], origin)
                return


def _agency(found: Found) -> None:
    name = found.values.get("agency.name")
    if name is None:
        return
    origin = found.origins["agency.name"]
    for words, domain in _DOMAINS:
        if (at := name.find(words)) >= 0:
            found.put("agency.domain", domain, origin)
            level = next((level for level, pattern in _LEVELS if pattern.search(name[:at])), None)
            if level is not None and "分局" not in name[at:]:  # a branch's level is not its bureau's
                found.put("agency.level", level, origin)
            return


def _assemble(found: Found, events: list[dict[str, Any]], title: str, file_name: str) -> dict[str, Any]:
    case: dict[str, Any] = {
        "schema_version": "1",
        "source": {"kind": "决定书", "complete": [], "note": f"由 pingcha extract 从 {file_name} 提取"},
        "case_type": "行政处罚",
    }
    for path, value in sorted(found.values.items()):
        _set(case, path, value)
    if title == "当场行政处罚决定书":
        case["procedure"] = "简易程序"
    elif any(event["type"] == "立案" for event in events):
        case["procedure"] = "普通程序"
    if events:
        case["events"] = events  # in the order the text tells them
    decision = case.get("decision")
    if decision is not None:
        case["documents"] = [{"id": "d1", "type": title, **({"number": case["case_id"]} if "case_id" in case else {})}]
        if "date" in decision:
            case["documents"][0]["date"] = decision["date"]
    plain: dict[str, Any] = json.loads(json.dumps(case, default=str))  # dates as ISO text
    return plain


def _set(case: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = case
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
