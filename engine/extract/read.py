"""The paragraphs of a decision's text, whatever file it came in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InputFileError

SUFFIXES = (".txt", ".docx", ".pdf")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def paragraphs(path: Path) -> list[str]:
    """Non-empty paragraphs, NFKC-normalised except for the Chinese punctuation documents use."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        lines = _text_lines(path)
    elif suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        raise InputFileError(str(path), f"不支持的文件类型“{path.suffix}”；可以提取 .txt、.docx 和有文字层的 .pdf")
    return [line for line in (_normalise(raw) for raw in lines) if line]


def _normalise(line: str) -> str:
    # Full-width digits and letters become ASCII; （）：，。 stay as the documents write them.
    kept = {"（": "\0a", "）": "\0b", "：": "\0c", "，": "\0d", "；": "\0e"}
    for char, mark in kept.items():
        line = line.replace(char, mark)
    line = unicodedata.normalize("NFKC", line)
    for char, mark in kept.items():
        line = line.replace(mark, char)
    return _SPACES.sub("", line).strip()


def _text_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise InputFileError(str(path), "文本既不是 UTF-8 也不是 GB18030 编码，无法读取")


def _docx_lines(path: Path) -> list[str]:
    import docx  # python-docx: imported here, the other commands do not need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputFileError(str(path), f"不是有效的 Word（.docx）文件（{exc}）") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("".join(cell.text for cell in row.cells))
    return lines


def _pdf_lines(path: Path) -> list[str]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError) as exc:
        raise InputFileError(str(path), f"不是有效的 PDF 文件（{exc}）") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise InputFileError(
            str(path),
            "PDF 没有文字层（可能是扫描件或图片），无法提取；请先用文字识别（OCR）软件转成文字，"
            "或直接提供 Word、文本文件",
        )
    return _join_wrapped(text.splitlines())


def _join_wrapped(lines: list[str]) -> list[str]:
    """A PDF breaks paragraphs into lines; a line that does not end a sentence continues on the next."""
    joined: list[str] = []
    for line in lines:
        stripped = line.strip()
        if joined and joined[-1] and not re.search(r"[。：:；！？”」）]$|号$|日$|书$|局$|厅$", joined[-1]):
            joined[-1] += stripped
        else:
            joined.append(stripped)
    return joined
