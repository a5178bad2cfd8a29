"""A GB/T 9704-2012 page with python-docx, and its bytes made deterministic.

GB/T 9704-2012 §5: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so 26 mm right, 35 mm bottom);
3号仿宋 for the text, 22 lines of 28 characters a page (a line: 225 mm / 22 ≈ 29 pt). The title is 2号
方正小标宋简体; headings 一、 in 黑体 and （一） in 楷体_GB2312; page numbers 4号 宋体 "— 1 —".
A font is named for East Asian text (w:eastAsia), which is what Word and WPS use for Chinese.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..xlsxbytes import pinned_zip

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(10.5)  # 五号: a table of many columns
LINE = Pt(29)  # 225 mm / 22 lines


def _fonts(run_or_style: Any, name: str, size: Any, bold: bool = False) -> None:
    font = run_or_style.font
    font.name, font.size, font.bold = name, size, bold
    properties = run_or_style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


class OfficialDocument:
    """A 公文 being written: paragraphs and tables in the GB/T 9704 layout."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28)  # the page number 7 mm below the 版心, in the 35 mm margin
        normal = self.doc.styles["Normal"]
        _fonts(normal, BODY_FONT, BODY_SIZE)
        spacing = normal.paragraph_format
        spacing.line_spacing_rule, spacing.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        spacing.space_before = spacing.space_after = Pt(0)
        self._page_numbers(section)

    def _page_numbers(self, section: Any) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, "— ", NUMBER_FONT, Pt(14))
        run = self._run(paragraph, "", NUMBER_FONT, Pt(14))
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
            else:
                field = OxmlElement("w:instrText")
                field.set(qn("xml:space"), "preserve")
                field.text = text
            run._r.append(field)
        self._run(paragraph, " —", NUMBER_FONT, Pt(14))

    @staticmethod
    def _run(paragraph: Any, text: str, font: str, size: Any, bold: bool = False) -> Any:
        run = paragraph.add_run(text)
        _fonts(run, font, size, bold)
        return run

    def title(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(36)
        paragraph.paragraph_format.space_after = Pt(29)
        self._run(paragraph, text, TITLE_FONT, TITLE_SIZE)

    def addressee(self, text: str, new_page: bool = False) -> None:
        """A line flush left: the 主送机关, or 附件 at the head of a new page."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.page_break_before = new_page
        self._run(paragraph, text, HEADING_FONT if new_page else BODY_FONT, BODY_SIZE)

    def heading(self, text: str) -> None:
        """一、… in 黑体, indented two characters like the text."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.paragraph_format.keep_with_next = True
        self._run(paragraph, text, HEADING_FONT, BODY_SIZE)

    def text(self, text: str, lead: str = "") -> None:
        """A paragraph of 仿宋, indented two characters; `lead` (a （一）… subheading) in 楷体 before it."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if lead:
            self._run(paragraph, lead, SUBHEADING_FONT, BODY_SIZE)
        self._run(paragraph, text, BODY_FONT, BODY_SIZE)

    def right(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)  # 右空四字
        self._run(paragraph, text, BODY_FONT, BODY_SIZE)

    def table(self, header: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
        """A ruled table in 五号 仿宋, its header row repeated on every page it runs over."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid: LibreOffice and WPS lay the table out by it
        for row_index, values in enumerate([header, *rows]):
            cells = table.rows[0].cells if row_index == 0 else table.add_row().cells
            for cell, value, width in zip(cells, values, widths_mm, strict=True):
                cell.width = Mm(width)
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                if row_index == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._run(paragraph, value, HEADING_FONT if row_index == 0 else BODY_FONT, TABLE_SIZE)
        header_row = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_row.append(repeat)

    def save(self, date: dt.date, title: str) -> bytes:
        """The .docx bytes: the same content gives the same bytes (the dates are the report's, never the clock's)."""
        stamp = dt.datetime.combine(date, dt.time())
        properties = self.doc.core_properties
        properties.title, properties.author, properties.last_modified_by = title, "pingcha", "pingcha"
        properties.created = properties.modified = stamp
        properties.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return pinned_zip(buffer.getvalue(), stamp)
