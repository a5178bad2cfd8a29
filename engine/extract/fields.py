"""What a 决定书 states, read sentence by sentence. Each reader returns values with their origins and
leaves out what the text does not say; where the text is ambiguous (two different fines), nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .document import CASE_NUMBER, Origin, Section, Text
from .numbers import dates

AGENCY = re.compile(r"^[\u4e00-\u9fff（）]{2,40}?(局|厅|委员会|委|办公室|人民政府|政府|支队|大队|总队|中心|所|署|部)$")
_NUMBER_SAID = re.compile(rf"(?:文书号|文号|决定书编号)(?:为)?：(?P<number>{CASE_NUMBER.pattern})")


@dataclass
class Found:
    """Values found so far, by JSON path of the case file, with where each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    notes: list[tuple[str, str, Origin]] = field(default_factory=list)  # (what, value, origin): not in the model

    def put(self, path: str, value: Any, origin: Origin) -> None:
        self.values[path] = value
        self.origins[path] = origin


def header(text: Text, section: Section, decision_line: int | None, found: Found) -> None:
    """The agency: on the title's line, the line above it, or the seal's line above the date. The 文号:
    on the title's line, on a line of its own below it, or said in a sentence (文书号为：…)."""
    titled = [section, *(s for s in text.decision_titles() if s is not section)]
    for title in titled:
        if AGENCY.match(title.agency):  # a page's title may put the party there instead
            found.put("agency.name", title.agency, text.whole(title.first).origin(0, len(title.agency)))
            break
    else:
        above = [title.first - 1 for title in titled if title.first > 0]
        seal = [decision_line - 1] if decision_line else []
        for index in above + seal:
            if AGENCY.match(text.paragraphs[index]):
                line = text.whole(index)
                found.put("agency.name", line.text, line.origin(0, len(line.text)))
                break
    for title in titled:
        if title.number:
            start = text.paragraphs[title.first].rindex(title.number)
            found.put(
                "case_id", _brackets(title.number), text.whole(title.first).origin(start, start + len(title.number))
            )
            return
    for index in range(section.first + 1, min(section.first + 3, section.last)):
        if match := CASE_NUMBER.fullmatch(text.paragraphs[index].strip("（）")):
            start = text.paragraphs[index].index(match.group())
            found.put("case_id", _brackets(match.group()), text.whole(index).origin(start, start + len(match.group())))
            return
    for sentence in text.sentences(0, len(text.paragraphs)):
        if match := _NUMBER_SAID.search(sentence.text):
            number = match["number"]
            found.put("case_id", _brackets(number), sentence.origin(match.start("number"), match.end("number")))
            return


def _brackets(number: str) -> str:
    """Official numbers use 〔〕 for the year (GB/T 9704); [] and 【】 are common slips for them."""
    return re.sub(r"[\[【(（]((?:19|20)\d{2})[\]】)）]", r"〔\1〕", number)


_PARTY_LINE = re.compile(
    r"^(?:当事人|被处罚人|被处罚单位|当事人名称|当事人姓名|被处罚人姓名|被处罚人名称|当事人名称／姓名|被处罚单位（个人）)"
    r"：(?P<name>[^，。；：（\s]{2,60})"
)
# The addressee line of a decision written as a letter (某有限公司：), or a name alone on its line.
_SALUTATION = re.compile(r"^(?P<name>[\u4e00-\u9fff（）]{4,40})：$")
_NAME_ALONE = re.compile(r"^(?P<name>[\u4e00-\u9fff（）]{4,40}(公司|厂|合作社|委员会|中心|商店|店))$")
_CREDIT = re.compile(r"统一社会信用代码[：:]?(?P<code>[0-9A-Z]{18})")
_ADDRESS = re.compile(
    r"(?:^|[，\s])(?:住所|住址|地址|经营场所|经营地址|住所（住址）|地址／住址)：(?P<address>[^，。；\s]{2,80})"
)
_INDIVIDUAL = re.compile(r"身份证|性别|出生")
_ORGANISATION = re.compile(r"法定代表人|负责人|统一社会信用代码|营业执照")


def party(text: Text, section: Section, found: Found) -> None:
    """当事人 lines between the 文号 and the narrative (the first line that is a long sentence)."""
    kinds: set[str] = set()
    for index in range(section.first + 1, section.last):
        line = text.whole(index)
        if len(line.text) > 90 and not _PARTY_LINE.match(line.text):
            break  # the narrative has begun
        first_line = index <= section.first + 2
        match = (
            _PARTY_LINE.match(line.text)
            or _SALUTATION.match(line.text)
            or (first_line and _NAME_ALONE.match(line.text))
        )
        if match and "party.name" not in found.values and not AGENCY.match(match["name"]):
            found.put("party.name", match["name"], line.origin(match.start("name"), match.end("name")))
        if match := _CREDIT.search(line.text):
            found.put("party.credit_code", match["code"], line.origin(match.start("code"), match.end("code")))
        if (match := _ADDRESS.search(line.text)) and "party.address" not in found.values:
            found.put("party.address", match["address"], line.origin(match.start("address"), match.end("address")))
        if "party.name" in found.values:
            if _INDIVIDUAL.search(line.text):
                kinds.add("个人")
            if _ORGANISATION.search(line.text):
                kinds.add("单位")
    name = found.values.get("party.name", "")
    if not kinds and re.search(r"(公司|厂|合作社|委员会|集团|学校|医院)$", name):
        kinds.add("单位")  # an organisation's name, where no line says more
    if len(kinds) == 1 and name:
        found.put("party.kind", kinds.pop(), found.origins["party.name"])


# What a dated step is, from the words after its date (first match wins: 告知书 before 立案 before 调查).
_STEPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("听证告知", re.compile(r"《听证告知书》")),
    ("告知", re.compile(r"告知书|事先告知|(违法行为|处罚)通知书》|告知(了)?(你|当事人)")),
    ("听证举行", re.compile(r"(?<!未)(举行(了)?听证|召开(了)?听证会)")),
    ("听证申请", re.compile(r"(?<![未不])(要求|申请|提出)(了)?听证")),
    ("陈述申辩", re.compile(r"(?<![未不])(提出(了)?(书面)?(陈述|申辩)|进行(了)?(陈述|申辩))")),
    ("集体讨论", re.compile(r"集体讨论")),
    ("延期批准", re.compile(r"延长(办案|案件办理)?期限")),
    ("立案", re.compile(r"(?<!不予)立案")),
    ("询问", re.compile(r"询问")),
    ("现场检查", re.compile(r"(现场|执法|监督|日常|进行)检查|检查时|检查中|(调查|检查)[^，。；]{0,6}[，,]?发现")),
    ("调查取证", re.compile(r"抽样|取证|调查")),
)


def steps(text: Text, section: Section, decision_line: int | None, found: Found) -> list[dict[str, Any]]:
    """Dated steps of the narrative: each date and the words after it up to the next date or the end
    of its sentence. A date inside 《》 or （） (a rule's date of issue) is not a step."""
    events: list[dict[str, Any]] = []
    last = decision_line if decision_line is not None else section.last
    for sentence in text.sentences(section.first + 1, last):
        found_dates = [(day, span) for day, span in dates(sentence.text) if not _quoted(sentence.text, span.start)]
        for number, (day, span) in enumerate(found_dates):
            upto = found_dates[number + 1][1].start if number + 1 < len(found_dates) else len(sentence.text)
            words = sentence.text[span.end : upto]
            if re.match(r"(起|以来|前|之前|之后|至今)", words):
                continue  # a period's boundary (自…起), not a step
            step = next(((name, hit) for name, pattern in _STEPS if (hit := pattern.search(words))), None)
            if step is not None and not any(e["type"] == step[0] and e["date"] == day for e in events):
                kind, hit = step
                path = f"events[{len(events)}]"
                found.origins[f"{path}.date"] = sentence.origin(span.start, span.end)
                found.origins[f"{path}.type"] = sentence.origin(span.end + hit.start(), span.end + hit.end())
                events.append({"type": kind, "date": day})
    return events


def _quoted(sentence: str, position: int) -> bool:
    before = sentence[:position]
    return before.count("《") > before.count("》") or before.count("（") > before.count("）")
