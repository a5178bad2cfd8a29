"""A decision's text as numbered paragraphs, cut into the documents it holds (决定书, 告知书, 送达回证)
and into sentences, each with its place so that every extracted value can say where it came from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .numbers import DATE

TITLES = ("不予行政处罚决定书", "当场行政处罚决定书", "行政处罚决定书", "行政处罚告知书", "听证告知书", "送达回证")
_TITLE = re.compile(rf"^(?P<agency>.{{0,40}}?)(?P<title>{'|'.join(TITLES)})$")
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
    text: str

    def origin(self, start: int, end: int) -> Origin:
        """The origin of text[start:end] of this sentence."""
        return Origin(self.paragraph + 1, self.offset + start, self.offset + end, self.text, self.offset)


@dataclass(frozen=True)
class Section:
    title: str  # one of TITLES, or "" for text before the first title
    agency: str  # a title's own prefix (XX市应急管理局行政处罚决定书), else ""
    first: int  # paragraph indices [first, last)
    last: int


class Text:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.sections = _sections(paragraphs)

    def section(self, *titles: str) -> Section | None:
        return next((s for s in self.sections if s.title in titles), None)

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
    starts: list[tuple[int, str, str]] = []
    for index, paragraph in enumerate(paragraphs):
        match = _TITLE.match(paragraph)
        if match:
            starts.append((index, match["title"], match["agency"]))
    if not starts:
        return [Section("行政处罚决定书", "", 0, len(paragraphs))]
    sections = [Section("", "", 0, starts[0][0])] if starts[0][0] else []
    for number, (index, title, agency) in enumerate(starts):
        last = starts[number + 1][0] if number + 1 < len(starts) else len(paragraphs)
        sections.append(Section(title, agency, index, last))
    return sections
