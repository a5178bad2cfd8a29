"""Fuzzing `pingcha batch` with mutated example case files (issue 13): whatever a case file holds —
a value dropped, replaced or retyped, odd text, huge or non-finite numbers, impossible dates, duplicate
keys, another encoding, a cut-off file — the batch writes one valid JSON line per input and no traceback.

Bounded and seeded (derandomized hypothesis, no example database): the same inputs on every run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import EXAMPLES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.cli import main

BASES = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json")) if "not-json" not in p.name]

KNOWN = (EXAMPLES / "em-01-compliant.json").read_bytes()  # the defects issue 13 found, always tried
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u0000",
        "\x1b[31m红\x1b[0m",
        "\u202e局理管",
        "\ud800",
        "=1+2",
        "a" * 5000,
        "２０２５年",
        "\ufeff",
        "null",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([10**400, -1, 0, 1e15, 1e16, 0.1]),
)
DATES = st.sampled_from(
    ["2025-02-30", "2025-13", "2025", "0001-01-01", "9999-12-31", "2025/03/10", "2025-03-10T08:00:00", "20250310"]
)
DATE_LIKE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
VALUES = st.one_of(ODD_TEXT, st.text(max_size=20), NUMBERS, DATES, st.booleans(), st.none(), st.just([]), st.just({}))


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(document: Any, path: tuple[Any, ...], operation: str, value: Any) -> None:
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if operation == "drop":
        del parent[key]
    elif operation == "replace":
        parent[key] = value
    elif operation == "to-text":
        parent[key] = json.dumps(parent[key], ensure_ascii=False)
    else:  # "wrap": a value where another kind was expected
        parent[key] = [parent[key]]


def _leaves(document: Any, kind: str) -> list[tuple[Any, ...]]:
    """The paths of the numbers, texts or dates of a document."""
    paths = []
    for path in _paths(document):
        value = _get(document, path)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        is_date = isinstance(value, str) and DATE_LIKE.fullmatch(value) is not None
        is_text = isinstance(value, str) and not is_date
        if {"number": is_number, "date": is_date, "text": is_text}[kind]:
            paths.append(path)
    return paths


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def case_texts(draw: st.DrawFn) -> bytes:
    """One case file's bytes: an example, mutated a few times, then perhaps its text."""
    document = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        target = draw(st.sampled_from(["any", "number", "date", "text"]))
        paths = _paths(document) if target == "any" else _leaves(document, target)
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        if target == "any":
            operation = draw(st.sampled_from(["drop", "replace", "to-text", "wrap"]))
            _mutate(document, path, operation, draw(VALUES))
        else:
            _mutate(document, path, "replace", draw({"number": NUMBERS, "date": DATES, "text": ODD_TEXT}[target]))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    text_edit = draw(st.sampled_from(["none", "none", "none", "bom", "duplicate", "cut", "gbk", "utf-16", "1e999"]))
    if text_edit == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if text_edit == "duplicate":
        text = text.replace("{", '{"case_id": "重复", ', 1)
    elif text_edit == "cut":
        text = text[: draw(st.integers(min_value=0, max_value=len(text)))]
    elif text_edit == "1e999":
        text = re.sub(r"(:\s*)-?\d+(\.\d+)?(?=[,}\s])", r"\g<1>1e999", text, count=1)
    encoding = {"gbk": "gb18030", "utf-16": "utf-16"}.get(text_edit, "utf-8")
    return text.encode(encoding, errors="surrogatepass")


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict_json(line: str) -> Any:
    def refuse(constant: str) -> Any:
        raise AssertionError(f"{constant} is not JSON: {line[:200]}")

    return json.loads(line, parse_constant=refuse)


@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(cases=st.lists(case_texts(), min_size=1, max_size=6))
@example(
    cases=[KNOWN.replace(b'"fine": 20000', b'"fine": Infinity'), KNOWN.replace(b'"fine": 20000', b'"fine": 1e999')]
)
@example(
    cases=[KNOWN.replace(b'"fine": 20000', b'"fine": NaN'), KNOWN.replace(b'"case_id"', b'"case_id": "x", "case_id"')]
)
def test_batch_writes_one_json_line_per_mutated_case(tmp_path_factory: Any, cases: list[bytes]) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    files = []
    for number, data in enumerate(cases):
        files.append(folder / f"case-{number:02d}.json")
        files[-1].write_bytes(data)
    # the same cases once more as the lines of a JSONL file (the ones whose text fits on one line)
    one_line = [data for data in cases if _utf8(data) and b"\n" not in data.strip()]
    jsonl = folder / "cases.jsonl"
    jsonl.write_bytes(b"".join(data.strip() + b"\n" for data in one_line))

    result = CliRunner().invoke(main, ["batch", str(folder), str(jsonl), "--as-of", "2026-11-21", "-j", "1", "-q"])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    records = [_strict_json(line) for line in result.stdout.splitlines()]
    expected = [str(path) for path in files] + [str(jsonl)] * sum(1 for data in one_line if data.strip())
    assert sorted(record["file"] for record in records) == sorted(expected)
