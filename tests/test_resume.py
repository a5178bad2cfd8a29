"""`pingcha batch --resume` continues an interrupted run only when every line would be scored the same:
same rulebook contents (not just the same path), same as-of date, calendar contents and options."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from engine import batch
from engine.cli import main

AS_OF = dt.date(2026, 11, 21)


class Crash(Exception):
    pass


def _interrupt(out: Path, settings: batch.Settings, after: int = 3) -> Path:
    """Run until `after` lines are written, then stop as a killed run would: OUT.partial is left."""
    seen = 0

    def stop(line: str) -> None:
        nonlocal seen
        seen += 1
        if seen == after:
            raise Crash

    with pytest.raises(Crash):
        batch.run([str(EXAMPLES)], settings, out, jobs=1, on_line=stop)
    partial, _ = batch.partial_paths(out)
    assert len(partial.read_text(encoding="utf-8").splitlines()) == after
    return partial


def _resume(out: Path, *options: str) -> tuple[int, str]:
    args = ["batch", str(EXAMPLES), "-o", str(out), "--resume", "-q", "--as-of", AS_OF.isoformat(), *options]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def test_a_rulebook_whose_contents_changed_is_refused(profile_copy, tmp_path: Path) -> None:
    profile = profile_copy("national")
    out = tmp_path / "results.jsonl"
    partial = _interrupt(out, batch.Settings(as_of=AS_OF, rulebook=str(profile)))
    first = json.loads(partial.read_text(encoding="utf-8").splitlines()[0])["result"]["rulebook"]["content_hash"]
    with (profile / "deadlines.rules.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# 修改了规则集\n")  # same path, other contents
    code, output = _resume(out, "--rulebook", str(profile))
    assert code == 2
    assert (
        f"{partial}: 第 1 行按规则集 national（内容哈希 {first[:12]}）评分，现在的规则集 national（内容哈希 " in output
    )
    assert "内容已改变，续跑会在同一结果中混用两版规则集，不能续跑；去掉 --resume 重新评分" in output
    assert partial.exists() and not out.exists()


def test_an_unchanged_rulebook_resumes(profile_copy, tmp_path: Path) -> None:
    profile = profile_copy("national")
    out = tmp_path / "results.jsonl"
    _interrupt(out, batch.Settings(as_of=AS_OF, rulebook=str(profile)))
    code, output = _resume(out, "--rulebook", str(profile))
    assert code == 0, output
    assert "续跑：沿用上次已完成的 3 件，未重新评分" in output


def test_a_calendar_whose_contents_changed_is_refused(tmp_path: Path) -> None:
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text("2027: {holidays: [2027-01-01], workdays: []}\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    partial = _interrupt(out, batch.Settings(as_of=AS_OF, calendar=str(calendar)))
    calendar.write_text("2027: {holidays: [2027-01-01, 2027-01-02], workdays: []}\n", encoding="utf-8")
    code, output = _resume(out, "--calendar", str(calendar))
    assert code == 2
    assert output.startswith(f"{partial}: 上次中断的运行与本次设置不同（节假日历内容 ")
    assert "不能续跑；去掉 --resume 重新评分" in output


def test_other_options_are_named_with_both_values(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    partial = _interrupt(out, batch.Settings(as_of=AS_OF))
    code, output = _resume(out, "--as-of", "2026-12-31", "--max-bytes", "100000")
    assert code == 2
    assert output == (
        f"{partial}: 上次中断的运行与本次设置不同（评查基准日（--as-of） 2026-11-21 → 2026-12-31；"
        f"单件大小上限（--max-bytes） {batch.DEFAULT_MAX_BYTES} → 100000），不能续跑；去掉 --resume 重新评分\n"
    )
