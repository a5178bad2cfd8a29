"""Text from a scan — a PDF without a text layer, or an image — by OCR: the optional extra `pingcha[ocr]`,
RapidOCR with the PP-OCR Chinese models that ship inside its wheel (nothing is downloaded at run time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputFileError

INSTALL = "安装可选组件后可识别扫描件：pip install 'pingcha[ocr]'（识别模型随安装包提供，不需联网）"
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
_SCALE = 2  # a PDF page rendered at 144 dpi: small print of an A4 page stays legible to the model


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_lines(path: Path) -> list[str]:
    import pypdfium2  # comes with pdfplumber

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [line for page in document for line in _lines(page.render(scale=_SCALE).to_pil())]
    finally:
        document.close()


def image_lines(path: Path) -> list[str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return _lines(image.convert("RGB"))
    except (UnidentifiedImageError, OSError) as exc:
        raise InputFileError(str(path), f"不是可以识别的图片（{exc}）") from exc


_ENGINE: list[Any] = []


def _lines(image: Any) -> list[str]:
    """The recognised text, line by line from the top: boxes whose middles lie within half a line's
    height of each other are one line, read from the left."""
    import numpy
    from rapidocr_onnxruntime import RapidOCR

    if not _ENGINE:
        _ENGINE.append(RapidOCR())
    found, _ = _ENGINE[0](numpy.array(image))
    boxes = sorted(
        ((sum(p[1] for p in box) / 4, box[0][0], box[2][1] - box[0][1], text) for box, text, _ in found or []),
    )
    lines: list[list[tuple[float, str]]] = []
    last_middle, last_height = None, 0.0
    for middle, left, height, text in boxes:
        if last_middle is not None and abs(middle - last_middle) <= max(height, last_height) / 2:
            lines[-1].append((left, text))
        else:
            lines.append([(left, text)])
            last_middle, last_height = middle, height
    return [" ".join(text for _, text in sorted(line)) for line in lines]
