"""An openpyxl workbook (and any Office Open XML file: a python-docx document) as bytes that do not depend on when it was saved.

openpyxl stamps the save time into docProps/core.xml and into every zip entry; both are pinned to a stamp
the caller chooses, so that the same inputs give byte-identical files (reports, templates, exports)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook


def workbook_bytes(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """The saved workbook, its creation and modification times and its zip entries' times set to `stamp`."""
    return b"".join(workbook_chunks(workbook, stamp))


def workbook_chunks(workbook: Workbook, stamp: dt.datetime) -> Iterator[bytes]:
    """workbook_bytes piece by piece, through temporary files: a write-only workbook of a million rows is
    never held whole in memory (its sheets are already on disk until it is saved)."""
    workbook.properties.creator = "pingcha"
    workbook.properties.created = stamp
    with tempfile.TemporaryFile() as saved, tempfile.TemporaryFile() as pinned:
        workbook.save(saved)
        _pin(saved, pinned, stamp)
        pinned.seek(0)
        while chunk := pinned.read(_CHUNK):
            yield chunk


def pinned_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """An Office Open XML file (XLSX, DOCX) with its modification time and its zip entries' times set to `stamp`."""
    out = io.BytesIO()
    _pin(io.BytesIO(data), out, stamp)
    return out.getvalue()


_CHUNK = 1 << 20


def _pin(data: IO[bytes], out: IO[bytes], stamp: dt.datetime) -> None:
    """Copy the zip `data` to `out`, entry by entry and in chunks, with every time set to `stamp`."""
    source = zipfile.ZipFile(data)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), source.read(info))
                target.writestr(entry, content)
                continue
            entry.file_size = info.file_size  # known: no ZIP64 guess for a large sheet
            with source.open(info) as reading, target.open(entry, "w") as writing:
                shutil.copyfileobj(reading, writing, _CHUNK)
