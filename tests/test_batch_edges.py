"""`pingcha batch` at its edges: a JSONL line exactly `--max-bytes` long (with and without its newline),
`f.jsonl:N` on the last line and one past it, and `--resume` over a partial whose last line lost only
its newline."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from engine import batch
from engine.cli import main

AS_OF = "2026-11-21"
CASES = sorted(EXAMPLES.glob("*.json"))[:2]


def _line(path: Path, width: int | None = None) -> bytes:
    """The case file as one JSONL line, padded with trailing blanks (still the same JSON) to `width` bytes."""
    line = json.dumps(json.loads(path.read_bytes()), ensure_ascii=False).encode()
    return line if width is None else line + b" " * (width - len(line))


WIDTH = max(len(_line(path)) for path in CASES)


def _batch(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["batch", *args, "--as-of", AS_OF, "-q", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _status(records: list[dict]) -> list[tuple[int, str, str | None]]:
    return [(r["line"], r["status"], r.get("message")) for r in records]


@pytest.mark.parametrize("newline", [b"", b"\n"], ids=["last line without newline", "last line with newline"])
def test_a_line_exactly_max_bytes_long_is_scored(tmp_path: Path, newline: bytes) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_bytes(_line(CASES[0], WIDTH) + b"\n" + _line(CASES[1], WIDTH) + newline)
    records = _batch(str(jsonl), "--max-bytes", str(WIDTH))
    assert [(line, status) for line, status, _ in _status(records)] == [(1, "ok"), (2, "ok")]


@pytest.mark.parametrize("newline", [b"", b"\n"], ids=["last line without newline", "last line with newline"])
def test_a_line_one_byte_over_max_bytes_is_refused_with_its_line(tmp_path: Path, newline: bytes) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_bytes(_line(CASES[0], WIDTH) + b"\n" + _line(CASES[1], WIDTH + 1) + newline)
    records = _batch(str(jsonl), "--max-bytes", str(WIDTH))
    assert _status(records)[0][:2] == (1, "ok")
    assert _status(records)[1] == (2, "error", f"该行超过上限 {WIDTH} 字节")
    assert records[1]["error"] == "too-large"


@pytest.mark.parametrize("newline", [b"", b"\n"], ids=["file without final newline", "file with final newline"])
def test_a_line_reference_one_past_the_end_says_the_file_has_no_such_line(tmp_path: Path, newline: bytes) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_bytes(_line(CASES[0]) + b"\n" + _line(CASES[1]) + newline)
    records = _batch(f"{jsonl}:2", f"{jsonl}:3")
    assert _status(records)[0][:2] == (2, "ok")
    assert _status(records)[1] == (3, "error", "JSONL 文件没有这一行")
    assert records[1]["file"] == str(jsonl)


def test_a_line_reference_to_a_blank_line_says_it_is_blank(tmp_path: Path) -> None:
    jsonl = tmp_path / "cases.jsonl"
    jsonl.write_bytes(_line(CASES[0]) + b"\n\n" + _line(CASES[1]) + b"\n")
    assert _status(_batch(f"{jsonl}:2")) == [(2, "error", "该行为空")]


class Crash(Exception):
    pass


def test_resume_scores_again_a_last_line_torn_just_before_its_newline(tmp_path: Path) -> None:
    """A run killed after writing a whole JSON record but not its newline: that record is not kept
    (it could be glued to the next), the input is scored again, and the result equals a whole run."""
    out = tmp_path / "results.jsonl"
    seen = 0

    def stop(line: str) -> None:
        nonlocal seen
        seen += 1
        if seen == 3:
            raise Crash

    with pytest.raises(Crash):
        batch.run([str(EXAMPLES)], batch.Settings(as_of=dt.date(2026, 11, 21)), out, jobs=1, on_line=stop)
    partial, _ = batch.partial_paths(out)
    kept = partial.read_bytes()
    assert kept.endswith(b"\n") and kept.count(b"\n") == 3
    partial.write_bytes(kept[:-1])  # the third record whole, its newline lost

    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), "-o", str(out), "--resume", "--as-of", AS_OF, "-q"])
    assert result.exit_code in (0, 1), result.output
    assert "续跑：沿用上次已完成的 2 件，未重新评分" in result.output
    whole = tmp_path / "whole.jsonl"
    CliRunner().invoke(main, ["batch", str(EXAMPLES), "-o", str(whole), "--as-of", AS_OF, "-q"])
    assert out.read_bytes() == whole.read_bytes()


def test_a_line_far_over_max_bytes_is_skipped_to_its_end(tmp_path: Path) -> None:
    jsonl = tmp_path / "cases.jsonl"
    oversized = _line(CASES[1]) + b" " + _line(CASES[1])  # not blank after the first max_bytes + 1 bytes
    jsonl.write_bytes(_line(CASES[0], WIDTH) + b"\n" + oversized + b"\n" + _line(CASES[1], WIDTH) + b"\n")
    records = _batch(str(jsonl), "--max-bytes", str(WIDTH))
    assert [(line, status) for line, status, _ in _status(records)] == [(1, "ok"), (2, "error"), (3, "ok")]
    assert records[1]["message"] == f"该行超过上限 {WIDTH} 字节"


def test_progress_without_a_terminal_prints_count_lines_only() -> None:
    stream = io.StringIO()
    progress = batch.Progress(stream, 2, tty=False, every=1)
    progress.step(False)
    progress.step(True)
    progress.close()
    assert stream.getvalue() == "pingcha batch: 1 件已处理，错误 0 件\npingcha batch: 2 件已处理，错误 1 件\n"
