"""The fast decode path of a case file, for batch runs: msgspec Structs generated from the pydantic
model (.structs), with the strict JSON reading of engine.casejson kept by cheap checks on the text.

`parse_case_file` gives the same case (the same values, field by field) or the same CaseFileError as
engine.casefile.parse_case_file: a file the fast path cannot accept exactly as the pydantic path would
— any problem, any doubt — is read again by the pydantic path, which words every problem with its JSON
path, line and Chinese message. What the fast path must check besides the model:

- duplicate keys (msgspec keeps the last): the colons of the text are counted against those of the
  text decoded and written back (see `_keys_unique`);
- characters no text may hold (engine.casejson.FORBIDDEN_CHARS), raw or escaped, searched for once in
  the whole text instead of string by string;
- numbers beyond 10^15 (a bound on every numeric field of the Structs), numbers written too long, and
  dates after the review date (engine.futuredates, on the Structs).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import cast

import msgspec

from .. import casefile, casejson, futuredates
from ..casefile import CaseFile
from .structs import Mirror

_MIRROR = Mirror()
# every case type of the model (the members of the CaseFile union), so that a new one is decoded here too
_DECODER = msgspec.json.Decoder(_MIRROR.union(typing.get_args(typing.get_args(CaseFile)[0]), "case_type"))
_PLAIN = msgspec.json.Decoder()
_ENCODER = msgspec.json.Encoder()


def _forbidden_chars() -> list[str]:
    """The characters of casejson.FORBIDDEN_CHARS (a regex class of \\uXXXX and \\uXXXX-\\uXXXX)."""
    found: list[str] = []
    for first, last in re.findall(r"\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?", casejson.FORBIDDEN_CHARS):
        found.extend(chr(code) for code in range(int(first, 16), int(last or first, 16) + 1))
    return found


def _searches() -> tuple[tuple[bytes, re.Pattern[bytes]], ...]:
    """Per leading byte, a search for the forbidden characters' UTF-8 forms starting with it (found with
    `in` first, which is a memchr), and one for their \\u escapes and an escaped colon (see _keys_unique).
    Raw C0 controls need none: the JSON parser refuses them in strings."""
    by_lead: dict[bytes, list[bytes]] = {}
    escapes = [b"003a"]
    for char in _forbidden_chars():
        escapes.append(f"{ord(char):04x}".encode())
        if ord(char) >= 0x20:
            encoded = char.encode()
            by_lead.setdefault(encoded[:1], []).append(encoded)
    searches = [(lead, re.compile(b"|".join(map(re.escape, forms)))) for lead, forms in by_lead.items()]
    searches.append((b"\\u", re.compile(rb"\\u(?:" + b"|".join(escapes) + rb")", re.IGNORECASE)))
    return tuple(searches)


_SEARCHES = _searches()
# The strict reading refuses a number written with more than casejson.MAX_NUMBER_CHARS characters, which
# msgspec reads: such a number is a run of that many characters of numbers, found as one `in` after a
# translation (a run inside a text sends the file to the pydantic path too).
_NUMBER_CHARS = bytes(ord("1") if chr(byte) in "0123456789.eE+-" else ord(" ") for byte in range(256))
_LONG_NUMBER = b"1" * (casejson.MAX_NUMBER_CHARS + 1)


def _suspect_text(data: bytes) -> bool:
    """Whether the text may hold what the strict reading refuses and msgspec does not see."""
    return _LONG_NUMBER in data.translate(_NUMBER_CHARS) or any(
        lead in data and search.search(data) for lead, search in _SEARCHES
    )


def _keys_unique(data: bytes) -> bool:
    """True only if no object of the text repeats a key. Every key of a JSON text is followed by a colon;
    the text decoded into plain dicts (a repeated key kept once) and written back has one colon per key
    kept, and the colons of the texts kept. So the two counts are equal exactly when no key was repeated.
    (A colon written \u003a would break the count: _suspect_text sends such files to the pydantic path.)"""
    return data.count(b":") == _ENCODER.encode(_PLAIN.decode(data)).count(b":")


def fast_case(data: bytes, as_of: dt.date | None) -> CaseFile | None:
    """The case of a file the fast path accepts exactly as the pydantic path would; else None."""
    if _suspect_text(data):
        return None
    try:
        case = _DECODER.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError):  # ValidationError is a DecodeError
        return None
    if not _keys_unique(data):
        return None
    if as_of is not None and futuredates.any_after(case, as_of):
        return None
    return cast(CaseFile, case)


def parse_case_file(data: bytes, source: str, as_of: dt.date | None = None) -> CaseFile:
    """engine.casefile.parse_case_file for a batch: the same case or the same error, faster for the files
    most batches are made of."""
    return fast_case(data, as_of) or casefile.parse_case_file(data, source, as_of)
