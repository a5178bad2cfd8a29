"""`pingcha batch` on a generated corpus: every input accounted for, order, jobs, JSONL, stdin,
oversized files, atomic output and resume."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from minirulebook import rule, write_profile

from engine import batch, resources
from engine.cli import main

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus

COUNT, SEED, MALFORMED = 520, 2026, 0.05
AS_OF = "2026-11-21"


def make_corpus(out: Path) -> Path:
    """520 case files, exactly 26 of them malformed (corpus.malformed_indices)."""
    corpus.write(out, COUNT, SEED, MALFORMED)
    (out / "MANIFEST.tsv").unlink()  # keep only case files in the folder
    return out


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def results_path(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results") / "results.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "SMALL_RUN", 0)  # use worker processes even for 520 files
        args = ["batch", str(corpus_dir), "-o", str(out), "--as-of", AS_OF, "-j", "2", "-q"]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output  # malformed inputs are error records, not a failed run
    return out


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_input_is_accounted_for_in_input_order(corpus_dir: Path, results_path: Path) -> None:
    records = _records(results_path)
    manifest = corpus.describe(COUNT, SEED, MALFORMED)
    assert len(records) == COUNT
    assert [r["index"] for r in records] == list(range(1, COUNT + 1))
    assert [Path(r["file"]).name for r in records] == sorted(e.name for e in manifest)
    errors = {Path(r["file"]).name for r in records if r["status"] == "error"}
    assert len(errors) == round(COUNT * MALFORMED) == 26
    assert errors == {e.name for e in manifest if e.malformed}
    for record in records:
        if record["status"] == "error":
            assert record["error"] == "casefile"
            assert record["json_path"].startswith("$") and record["message"]
            assert record["line"] is None
        else:
            assert record["result"]["as_of"] == AS_OF
            assert record["case"]["agency"]["name"] in {a[0] for a in corpus.AGENCIES}


def test_summary_counts(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    args = ["batch", str(corpus_dir), "-o", str(out), "--as-of", AS_OF, "-j", "1", "-q", "--strict"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2  # --strict: some inputs could not be scored
    assert result.output.splitlines()[0] == f"输入 {COUNT} 件：评分 {COUNT - 26} 件，错误 26 件（格式错误 26）"


def test_jobs_do_not_change_a_byte(corpus_dir: Path, results_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.jsonl"
    CliRunner().invoke(main, ["batch", str(corpus_dir), "-o", str(out), "--as-of", AS_OF, "-j", "1", "-q"])
    assert out.read_bytes() == results_path.read_bytes()


def test_jsonl_errors_name_the_line_and_json_path(tmp_path: Path) -> None:
    corpus.write(tmp_path, 60, 5, 0.1, jsonl=True)
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "corpus.jsonl"), "-o", str(out), "--as-of", AS_OF, "-q"])
    assert result.exit_code == 0
    records = _records(out)
    assert len(records) == 60
    assert [r["line"] for r in records] == list(range(1, 61))
    bad = {i + 1 for i in corpus.malformed_indices(60, 5, 0.1)}
    assert {r["line"] for r in records if r["status"] == "error"} == bad
    by_kind = {
        corpus.MALFORMED_KINDS[(r["line"] - 1) % len(corpus.MALFORMED_KINDS)]: r
        for r in records
        if r["status"] == "error"
    }
    if "bad-enum" in by_kind:
        assert by_kind["bad-enum"]["json_path"] == "$.procedure"
        assert "普通程式" in by_kind["bad-enum"]["message"]
    assert all(r["file"].endswith("corpus.jsonl") for r in records)


def test_stdin_takes_jsonl_cases_or_a_list_of_inputs(corpus_dir: Path, tmp_path: Path) -> None:
    names = sorted(p for p in corpus_dir.glob("*.json"))[:5]
    cases = b"".join(json.dumps(json.loads(p.read_bytes()), ensure_ascii=False).encode() + b"\n" for p in names)
    result = CliRunner().invoke(main, ["batch", "-", "--as-of", AS_OF, "-q"], input=cases)
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["file"], r["line"]) for r in lines] == [("<stdin>", n) for n in range(1, 6)]
    listing = "".join(f"{p}\n" for p in names)
    result = CliRunner().invoke(main, ["batch", "-", "--as-of", AS_OF, "-q"], input=listing)
    assert [json.loads(x)["file"] for x in result.stdout.splitlines()] == [str(p) for p in names]


def test_oversized_and_missing_inputs_are_error_records(corpus_dir: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 20_000 + (corpus_dir / min(p.name for p in corpus_dir.iterdir())).read_bytes())
    small = min(corpus_dir.glob("*.json"))
    args = ["batch", str(big), str(tmp_path / "nope.json"), str(small), "--max-bytes", "15000", "--as-of", AS_OF, "-q"]
    result = CliRunner().invoke(main, args)
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["status"] for r in records] == ["error", "error", records[2]["status"]]
    size = big.stat().st_size
    assert records[0]["error"] == "too-large" and records[0]["message"] == f"文件 {size} 字节，超过上限 15000 字节"
    assert records[1]["error"] == "not-found" and records[1]["message"] == "文件或文件夹不存在"
    assert records[2]["file"] == str(small)


def test_max_bytes_is_the_largest_size_scored(corpus_dir: Path, tmp_path: Path) -> None:
    case = min(corpus_dir.glob("*.json")).read_bytes()
    exact, over = tmp_path / "exact.json", tmp_path / "over.json"
    exact.write_bytes(b" " * (15_000 - len(case)) + case)  # leading blanks: still the same JSON
    over.write_bytes(b" " * (15_001 - len(case)) + case)
    args = ["batch", str(exact), str(over), "--max-bytes", "15000", "--as-of", AS_OF, "-q", "-j", "1"]
    records = [json.loads(x) for x in CliRunner().invoke(main, args).stdout.splitlines()]
    assert records[0]["status"] == "ok"
    assert records[1]["error"] == "too-large" and records[1]["message"] == "文件 15001 字节，超过上限 15000 字节"


def test_glob_and_files_from(corpus_dir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    picked = sorted(corpus_dir.glob("nc-yj-*.json"))[:3]
    listing.write_text("".join(f"{p}\n" for p in picked), encoding="utf-8")
    by_glob = CliRunner().invoke(main, ["batch", str(corpus_dir / "nc-yj-*.json"), "--as-of", AS_OF, "-q"])
    by_list = CliRunner().invoke(main, ["batch", "--files-from", str(listing), "--as-of", AS_OF, "-q"])
    assert len(by_glob.stdout.splitlines()) == len(list(corpus_dir.glob("nc-yj-*.json")))
    assert by_glob.stdout.splitlines()[:3] == by_list.stdout.splitlines()


class Crash(Exception):
    pass


def _settings() -> batch.Settings:
    return batch.Settings(as_of=dt.date(2026, 11, 21))


def test_interrupted_run_leaves_no_output_and_resumes_without_rescoring(
    corpus_dir: Path, results_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "results.jsonl"
    out.write_text("previous complete report\n", encoding="utf-8")
    seen = 0

    def crash_after_100(line: str) -> None:
        nonlocal seen
        seen += 1
        if seen == 100:
            raise Crash

    with pytest.raises(Crash):
        batch.run([str(corpus_dir)], _settings(), out, jobs=1, on_line=crash_after_100)
    assert out.read_text(encoding="utf-8") == "previous complete report\n"  # never half-written
    partial, _ = batch.partial_paths(out)
    assert len(partial.read_text(encoding="utf-8").splitlines()) == 100
    with partial.open("a", encoding="utf-8") as stream:
        stream.write('{"index":101,"file":"torn')  # a line cut by the crash

    scored: list[str] = []
    original = batch.score_input

    def counting(item: batch.Input) -> dict:
        scored.append(item.file)
        return original(item)

    monkeypatch.setattr(batch, "score_input", counting)
    summary = batch.run([str(corpus_dir)], _settings(), out, jobs=1, resume=True)
    assert len(scored) == COUNT - 100  # the first 100 were not scored again
    assert summary.resumed == 100 and summary.inputs == COUNT
    assert out.read_bytes() == results_path.read_bytes()
    assert not partial.exists()


def test_resume_refuses_other_settings_or_inputs(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"

    def stop(line: str) -> None:
        raise Crash

    with pytest.raises(Crash):
        batch.run([str(corpus_dir)], _settings(), out, jobs=1, on_line=stop)
    other = batch.Settings(as_of=dt.date(2026, 12, 31))
    with pytest.raises(batch.BatchError, match="与本次设置不同（评查基准日（--as-of） 2026-11-21 → 2026-12-31）"):
        batch.run([str(corpus_dir)], other, out, jobs=1, resume=True)
    with pytest.raises(batch.BatchError, match="输入与上次中断的运行不一致"):
        batch.run([str(max(corpus_dir.glob("*.json")))], _settings(), out, jobs=1, resume=True)


def test_quiet_line_progress_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = batch.Progress(stream, None, tty=False, every=2)
    for is_error in (False, True, False, False):
        progress.step(is_error)
    assert stream.getvalue() == "pingcha batch: 2 件已处理，错误 1 件\npingcha batch: 4 件已处理，错误 1 件\n"


def test_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = batch.Progress(stream, 4, tty=True)
    for _ in range(4):
        progress.step(False)
    progress.close()
    assert stream.getvalue().endswith("\n")
    assert "[" + "█" * 30 + "] 100% 4/4" in stream.getvalue()


def test_a_rulebook_that_fails_to_load_stops_the_run(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(resources.rules_dir(), rules)
    manifest = rules / "emergency" / "profile.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    monkeypatch.setattr(resources, "rules_dir", lambda: rules)
    with pytest.raises(batch.BatchError, match="规则集无法加载（执法领域 应急管理）"):
        batch.run([str(corpus_dir)], _settings(), tmp_path / "out.jsonl", jobs=1)


def test_small_runs_are_scored_in_this_process(corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(batch.multiprocessing, "get_context", no_pool)
    lines = list(batch.score_stream(batch.InputReader().read([str(corpus_dir)]), _settings(), jobs=2))
    assert len(lines) == COUNT < batch.SMALL_RUN


def test_a_rule_id_with_a_newline_never_reaches_a_batch_line(runner: CliRunner, tmp_path: Path) -> None:
    # it used to pass the schema and split each result line in two
    block_id = rule("sample-rule", "decision.exists").replace("id: sample-rule", "id: |\n      sample-rule")
    profile = write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + block_id})
    case = ROOT / "casefiles" / "examples" / "em-01-compliant.json"
    result = runner.invoke(main, ["batch", str(case), "--rulebook", str(profile), "--as-of", AS_OF, "-q"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "mini.rules.yaml:2: schema: $.rules[0].id: 'sample-rule\\n' 不符合格式" in result.stderr
