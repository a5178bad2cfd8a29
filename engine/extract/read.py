"""The paragraphs of a decision's text, whatever file it came in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InputFileError
from . import ocr

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def paragraphs(path: Path) -> tuple[list[str], bool]:
    """Non-empty paragraphs, NFKC-normalised except for the Chinese punctuation documents use; and
    whether they were recognised from a scan (OCR) rather than read from text."""
    suffix = path.suffix.lower()
    scanned = False
    if suffix == ".txt":
        lines = _text_lines(path)
    elif suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines, scanned = _pdf_lines(path)
    elif suffix in ocr.IMAGES:
        if not ocr.available():
            raise InputFileError(str(path), f"是图片，没有文字；{ocr.INSTALL}")
        lines, scanned = _join_wrapped(ocr.image_lines(path)), True
    else:
        raise InputFileError(
            str(path), f"不支持的文件类型“{path.suffix}”；可以提取 .txt、.docx、.pdf 和（安装 OCR 组件后）图片"
        )
    found = [line for line in (_normalise(raw) for raw in lines) if line]
    if not found:
        raise InputFileError(str(path), "没有读出任何文字" + ("（扫描件经 OCR 识别也没有文字）" if scanned else ""))
    return found, scanned


def _normalise(line: str) -> str:
    """Full-width digits and letters become ASCII (NFKC); ASCII punctuation becomes the Chinese one the
    readers expect (published pages often carry ASCII , : ; ( )), except , and : between digits."""
    kept = {"（": "\0a", "）": "\0b", "：": "\0c", "，": "\0d", "；": "\0e"}
    for char, mark in kept.items():
        line = line.replace(char, mark)
    line = unicodedata.normalize("NFKC", line)
    for char, mark in kept.items():
        line = line.replace(mark, char)
    line = _ASCII_PUNCTUATION.sub(lambda match: _CHINESE[match.group()], line)
    return _spaces(line)


_HAN = "\u4e00-\u9fff"
_LETTER_SPACED = re.compile(rf"(?<!\S)(?:[{_HAN}][ \t\u3000\u00a0]){{2,}}[{_HAN}](?!\S)")
_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}）》”])[ \t\u3000\u00a0]+(?=[{_HAN}（《“])")


def _spaces(line: str) -> str:
    """行 政 处 罚 决 定 书 (letter-spaced) is one word; a space between two words of Chinese separates
    fields (当事人：张某 性别：女) and stays one space; any other space (125 号, 豫 0329) goes."""
    line = _LETTER_SPACED.sub(lambda match: _SPACES.sub("", match.group()), line.strip())
    line = _BETWEEN_HAN.sub(" ", line)
    return re.sub(rf"[\t\u3000\u00a0]+| (?![{_HAN}（《“])|(?<![{_HAN}）》”]) ", "", line)


_CHINESE = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}
_ASCII_PUNCTUATION = re.compile(r"(?<!\d)[,:](?!\d)|(?<=\D)[,:]|[,:](?=\D)|[;()]")


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


def _pdf_lines(path: Path) -> tuple[list[str], bool]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError) as exc:
        raise InputFileError(str(path), f"不是有效的 PDF 文件（{exc}）") from exc
    text = "\n".join(pages)
    if text.strip():
        return _join_wrapped(text.splitlines()), False
    if not ocr.available():
        raise InputFileError(str(path), f"PDF 没有文字层（可能是扫描件或图片），无法直接提取；{ocr.INSTALL}")
    return _join_wrapped(ocr.pdf_lines(path)), True


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
