"""A decision's text as numbered paragraphs, cut into the documents it holds (决定书, 告知书, 送达回证)
and into sentences, each with its place so that every extracted value can say where it came from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .numbers import DATE

TITLES = ("不予行政处罚决定书", "当场行政处罚决定书", "行政处罚决定书", "行政处罚告知书", "听证告知书", "送达回证")
DECISIONS = TITLES[:3]
# A 文号: an issuer's abbreviation, the year in 〔〕 (or the [] 【】 （） slips), a number, 号.
CASE_NUMBER = re.compile(
    r"(?:[\u4e00-\u9fff0-9A-Za-z]|（[\u4e00-\u9fff]{1,6}）){1,14}[〔\[【（](?:19|20)\d{2}[〕\]】）][^，。；\s]{0,12}?号"
)
# A title alone, or with the agency before it and the 文号 after it (on pages that run them together).
_TITLE = re.compile(
    rf"^(?P<agency>[\u4e00-\u9fff（）]{{0,40}}?) ?(?P<title>{'|'.join(TITLES)}) ?（?(?P<number>{CASE_NUMBER.pattern})?）?$"
)
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass(frozen=True)
class Origin:
    """Where a value came from: paragraph number (from 1), character span in it, and the sentence."""

    paragraph: int
    start: int
    end: int
    sentence: str
    sentence_start: int  # where the sentence starts in its paragraph

    def as_dict(self) -> dict[str, object]:
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end, "sentence": self.sentence}

    def marked(self, width: int = 40) -> str:
        """The sentence with the value in 【】, cut to `width` characters either side of it."""
        start, end = self.start - self.sentence_start, self.end - self.sentence_start
        before, value, after = self.sentence[:start], self.sentence[start:end], self.sentence[end:]
        before = before if len(before) <= width else "…" + before[-width:]
        after = after if len(after) <= width else after[:width] + "…"
        return f"{before}【{value}】{after}"


@dataclass(frozen=True)
class Sentence:
    paragraph: int  # index into Text.paragraphs (from 0)
    offset: int  # where the sentence starts in its paragraph
    text: str  # as read, or with quoted words blanked (decision.unquoted)
    original: str = ""  # the sentence as written, where `text` was blanked

    @property
    def written(self) -> str:
        return self.original or self.text

    def origin(self, start: int, end: int) -> Origin:
        """The origin of text[start:end] of this sentence."""
        return Origin(self.paragraph + 1, self.offset + start, self.offset + end, self.written, self.offset)


@dataclass(frozen=True)
class Section:
    title: str  # one of TITLES, or "" for text before the first title
    agency: str  # a title's own prefix (XX市应急管理局行政处罚决定书), else ""
    number: str  # a 文号 on the title's own line, else ""
    first: int  # paragraph indices [first, last)
    last: int


class Text:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.sections = _sections(paragraphs)

    def decision(self) -> Section | None:
        """The decision: where a page repeats its title (a header, then the document), the longest."""
        found = [s for s in self.sections if s.title in DECISIONS]
        if not found:
            return None
        return max(found, key=lambda s: sum(len(p) for p in self.paragraphs[s.first : s.last]))

    def decision_titles(self) -> list[Section]:
        return [s for s in self.sections if s.title in DECISIONS]

    def sentences(self, first: int, last: int) -> Iterator[Sentence]:
        for index in range(first, last):
            for match in _SENTENCE.finditer(self.paragraphs[index]):
                yield Sentence(index, match.start(), match.group())

    def whole(self, index: int) -> Sentence:
        return Sentence(index, 0, self.paragraphs[index])

    def dated_line(self, section: Section) -> int | None:
        """The last paragraph of a section that is a date and nothing else (the date under the seal)."""
        for index in range(section.last - 1, section.first - 1, -1):
            if DATE.fullmatch(self.paragraphs[index]):
                return index
        return None


def _sections(paragraphs: list[str]) -> list[Section]:
    starts: list[tuple[int, str, str, str]] = []
    for index, paragraph in enumerate(paragraphs):
        match = _TITLE.match(paragraph)
        if match and "决定书" not in match["agency"]:
            starts.append((index, match["title"], match["agency"], match["number"] or ""))
    if not starts:
        return [Section("行政处罚决定书", "", "", 0, len(paragraphs))]
    sections = [Section("", "", "", 0, starts[0][0])] if starts[0][0] else []
    for order, (index, title, agency, number) in enumerate(starts):
        last = starts[order + 1][0] if order + 1 < len(starts) else len(paragraphs)
        sections.append(Section(title, agency, number, index, last))
    return sections
