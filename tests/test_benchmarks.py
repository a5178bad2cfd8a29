"""The benchmarks run (smoke mode: tiny sizes, nothing timed or asserted about speed), and the fast paths
they led to write the same bytes as the plain ones."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from engine import batch, render
from engine.casefile import parse_case_file
from engine.errors import PingchaError
from engine.evaluate import evaluate_case
from engine.rulebook import RulebookCache
from engine.workcal import WorkCalendar

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus

AS_OF = dt.date(2026, 11, 21)


def test_smoke_mode_runs_every_benchmark(tmp_path: Path) -> None:
    report = tmp_path / "smoke.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--json", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert figures["smoke"] is True
    assert {"stages", "batch", "memory", "rulebooks", "durable"} <= set(figures)
    assert figures["batch"]["same_output_for_every_jobs"] is True
    assert [s["rules"] for s in figures["rulebooks"]["sizes"]] == [50, 150, 500]
    durable = figures["durable"]
    assert "skipped" in durable or all(run.get("disagreeing_cases") == 0 for run in durable["runs"])


def _results() -> list[tuple[batch.Input, object, object]]:
    """Every example case file and 300 generated ones (all profiles by domain), scored."""
    rulebooks = RulebookCache(RulebookCache.AUTO)
    calendar = WorkCalendar()
    scored = []
    sources = [(str(p), p.read_bytes()) for p in sorted((ROOT / "casefiles" / "examples").glob("*.json"))]
    sources += list(corpus.generate(300, 7, 0.0))
    for index, (name, data) in enumerate(sources, 1):
        try:
            case = parse_case_file(data, name)
        except PingchaError:
            continue
        result = evaluate_case(case, rulebooks.for_domain(case.agency.domain), AS_OF, calendar, name)
        scored.append((batch.Input(index, name, line=index if index % 2 else None), case, result))
    return scored


@pytest.fixture(scope="module")
def scored() -> list[tuple[batch.Input, object, object]]:
    return _results()


def test_result_json_from_pieces_is_the_json_of_the_result_dict(scored: list) -> None:
    for _, _, result in scored:
        assert render.result_to_json(result) == render.compact_json(render.result_to_dict(result))


def test_batch_line_is_the_json_of_the_record(scored: list) -> None:
    for item, case, result in scored:
        line, tag, link = batch.ok_output(item, case, result)
        record = batch.ok_record(item, case, render.result_to_dict(result))
        assert line == json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert tag == batch._tag(record)
        assert link == record["case"]["crossfile"]
