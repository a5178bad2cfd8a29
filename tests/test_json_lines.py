"""The line a problem of a case file is shown at (engine.casejson.line_finder): the line where the value
at its JSON path starts, or where its nearest parent in the text starts. Checked against an oracle on
generated documents: the value replaced by a marker, the text written the same way again, the marker's
line. Bounded and seeded (derandomized hypothesis)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.casejson import line_finder

MARK = "§标记§"
SCALARS = st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.text(max_size=8)
DOCUMENTS = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
)


def _paths(value: Any, path: tuple[int | str, ...] = ()) -> list[tuple[int | str, ...]]:
    found = [path]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found += _paths(child, (*path, key))
    return found


def _marked(value: Any, path: tuple[int | str, ...]) -> Any:
    if not path:
        return MARK
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _marked(value[path[0]], path[1:])
    return copy


def _dump(value: Any, indented: bool) -> str:
    """As an editor writes it, or with odd but valid whitespace (blank lines, a colon on a line of its own)."""
    if indented:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return json.dumps(value, ensure_ascii=False, separators=(" ,\n\n", " :\n "))


@settings(max_examples=150, derandomize=True, database=None)
@given(DOCUMENTS.filter(lambda d: isinstance(d, (dict, list))), st.booleans())
def test_every_path_gets_the_line_its_value_starts_on(document: Any, indented: bool) -> None:
    text = _dump(document, indented)
    line_of = line_finder(text)
    for path in _paths(document):
        marked = _dump(_marked(document, path), indented)
        if "\n" not in marked.strip():
            continue
        expected = marked[: marked.index(json.dumps(MARK, ensure_ascii=False))].count("\n") + 1
        assert line_of(path) == expected, (text, path)


def test_a_path_not_in_the_text_gets_its_nearest_parent() -> None:
    text = '{\n  "events": [\n    {"type": "立案",\n     "date": "2025-01-02"}\n  ],\n  "party": {\n    "name": "甲"\n  }\n}'
    line_of = line_finder(text)
    assert line_of(("events", 0, "date")) == 4
    assert line_of(("events", 7, "date")) == 2
    assert line_of(("party", "address")) == 6
    assert line_of(("party", "name", 0)) == 7
    assert line_of(("decision", "fine")) == 1
    assert line_of(()) == 1


def test_a_text_of_one_line_has_no_lines() -> None:
    assert line_finder('{"party": {"name": "甲"}}\n')(("party", "name")) is None
