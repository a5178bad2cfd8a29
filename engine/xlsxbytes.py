"""An openpyxl workbook (and any Office Open XML file: a python-docx document) as bytes that do not depend on when it was saved.

openpyxl stamps the save time into docProps/core.xml and into every zip entry; both are pinned to a stamp
the caller chooses, so that the same inputs give byte-identical files (reports, templates, exports)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


def workbook_bytes(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """The saved workbook, its creation and modification times and its zip entries' times set to `stamp`."""
    workbook.properties.creator = "pingcha"
    workbook.properties.created = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return pinned_zip(buffer.getvalue(), stamp)


def pinned_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """An Office Open XML file (XLSX, DOCX) with its modification time and its zip entries' times set to `stamp`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
