"""The 法制审核意见书 a reviewer signs, as a Word document (python-docx): A4, margins and fonts as official
documents use them (GB/T 9704: 上37 下35 左28 右26 mm; title 方正小标宋简体 二号, body 仿宋_GB2312 三号, the
east-Asian font set on every run so that Word and WPS do not fall back to a Latin font), blank lines for
the reviewer's signature and date. The same review gives the same bytes: fixed document properties and
fixed dates inside the zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ..report import plain
from .model import Review
from .render import band_line, candidate_line, fit_line, opinion_reasons, period_line

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"  # 一级标题 in 黑体
HEADINGS = ("一、", "二、", "三、", "四、")
TITLE_SIZE, BODY_SIZE = Pt(22), Pt(16)  # 二号, 三号
# Word keeps the creation and modification times; a fixed time keeps the file identical run after run.
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def opinion_document(review: Review) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _fix_properties(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "法制审核意见书", TITLE_FONT, TITLE_SIZE)
    for line in _body(review):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(28)
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # two characters, as official documents indent
        _run(paragraph, line, HEADING_FONT if line.startswith(HEADINGS) else BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _body(review: Review) -> list[str]:
    lines = [
        "",
        f"案卷编号：{review.case_id}",
        f"案由：{review.matter}",
        f"当事人：{review.party}",
        f"承办机构：{review.agency}",
        f"拟作出决定日期：{review.decision_date.isoformat()}",
        "",
        "一、审核内容",
        f"拟作出的决定：{review.proposal}。",
        (
            "审核事项：作出决定前应完成的程序、正在计算的期限、裁量、决定书应载明的事项；"
            f"依据规则集 {review.rulebook['name']} {review.rulebook['version']}，审核日 {review.as_of.isoformat()}。"
        ),
        f"二、审核意见：{review.opinion}",
    ]
    reasons = opinion_reasons(review)
    if reasons:
        lines += [f"{number}. {reason}" for number, reason in enumerate(reasons, 1)]
    else:
        lines.append("未发现不得作出决定的障碍；决定书应载明事项与裁量未发现问题。")
    lines.append("三、期限")
    lines += [period_line(p) + f"（依据：{p.basis}）" for p in (*review.periods, *review.next_steps)]
    advice = review.advice
    lines.append("四、裁量")
    if advice.table:
        lines.append(f"裁量基准：{advice.table}")
    lines.append(f"应适用：{band_line(advice.selected)}" if advice.selected else advice.selection_note)
    lines.append(fit_line(advice))
    lines += [candidate_line(c) for c in advice.candidates]
    lines += [f"决定书的说理应包含：{line}" for line in advice.reasoning]
    lines += ["", "", "审核人（签名）：____________________", "", "日期：________年____月____日"]
    return [plain(line) for line in lines]  # the signed document names no fact or parameter


def _run(paragraph: Paragraph, text: str, font: str, size: Pt) -> None:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)  # python-docx sets only the Latin names


def _fix_properties(document: DocumentObject) -> None:
    properties = document.core_properties
    properties.author = properties.last_modified_by = "pingcha"
    properties.title = "法制审核意见书"
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ZIP_TIME (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
