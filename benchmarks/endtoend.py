"""`pingcha batch` end to end, as a user runs it: a separate process, its whole process tree watched.

throughput  -j1 and -j<all cores> on the same corpus folder, alternated round by round so that both
            see the same machine; the speed-up is taken within each round.
memory      peak memory over 100k and 1M inputs (JSONL: a million files would only measure inodes),
            with the memory timeline, to show that it stays flat.

Rates: `end to end` is inputs / wall time of the whole command (start-up, rulebook loading, the pool,
the final rename included); `steady` is taken between the first and the last progress line the
command prints (every 1,000 inputs), i.e. without start-up.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import corpus
import proctree

AS_OF = "2026-11-21"
PROGRESS = re.compile(r"pingcha batch: (\d+) 件已处理")


def corpus_path(workdir: Path, count: int, seed: int, malformed: float, jsonl: bool) -> Path:
    """A generated corpus, written once and reused by later runs (same count, seed, share, format)."""
    name = f"corpus-{count}-{seed}-{malformed}" + ("-jsonl" if jsonl else "")
    folder = workdir / name
    target = folder / "corpus.jsonl" if jsonl else folder / "cases"
    if not (folder / "DONE").exists():
        shutil.rmtree(folder, ignore_errors=True)
        if jsonl:
            corpus.write(folder, count, seed, malformed, jsonl=True)
        else:
            corpus.write(target, count, seed, malformed)
            (target / "MANIFEST.tsv").rename(folder / "MANIFEST.tsv")
        (folder / "DONE").write_text("")
    return target


def pingcha() -> list[str]:
    """The command of the tree first on PYTHONPATH, run by this interpreter (before 2026-12 the command
    line was a top-level cli.py)."""
    code = "try:\n from engine.cli import main\nexcept ImportError:\n from cli import main\nmain()"
    return [sys.executable, "-c", code]


def _rates(watch: proctree.Watch, count: int) -> dict[str, Any]:
    marks = [(t, int(m.group(1))) for t, line in watch.progress if (m := PROGRESS.search(line))]
    steady = None
    if len(marks) >= 2 and marks[-1][0] > marks[0][0]:
        steady = (marks[-1][1] - marks[0][1]) / (marks[-1][0] - marks[0][0])
    return {
        "wall_s": round(watch.wall, 2),
        "end_to_end_per_s": round(count / watch.wall),
        "steady_per_s": round(steady) if steady else None,
        "cpu_s": watch.cpu_seconds,
        "cpu_us_per_input": round(1e6 * watch.cpu_seconds / count, 1),
        "peak_pss_mb": round(watch.peak_pss_mb, 1),
        "peak_rss_sum_mb": round(watch.peak_rss_mb, 1),
        "peak_process_mb": round(watch.peak_process_mb, 1),
        "processes": watch.processes,
    }


def _batch(
    source: Path,
    out: Path,
    jobs: int,
    interval: float,
    tree: Path | None = None,
    cwd: Path | None = None,
    extra: tuple[str, ...] = (),
) -> proctree.Watch:
    command = [*pingcha(), "batch", str(source), "--as-of", AS_OF, "-o", str(out), "-j", str(jobs), *extra]
    # run from the work folder: `python -c` puts the working directory first on sys.path, and a
    # checkout there would shadow the tree under test
    watch = proctree.watch(command, interval=interval, cwd=cwd or out.parent, pythonpath=tree)
    if watch.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {watch.returncode}: {watch.stderr_tail}")
    return watch


def baseline_tree(workdir: Path, commit: str) -> Path:
    """An importable copy of the project at `commit` (git archive): engine, cli.py, and its rules and
    case-file schema under the package names they are installed as. Put first on PYTHONPATH, it is
    the pingcha that runs."""
    root = Path(__file__).resolve().parent.parent
    sha = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short=12", commit], capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = workdir / f"baseline-{sha}"
    if not (tree / "DONE").exists():
        shutil.rmtree(tree, ignore_errors=True)
        (tree / "src").mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(root), "archive", sha], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree / "src")], input=archive, check=True)
        path = tree / "path"
        path.mkdir()
        for name, target in (("engine", "engine"), ("cli.py", "cli.py"), ("pingcha_rules", "rules")):
            if (tree / "src" / target).exists():
                (path / name).symlink_to(tree / "src" / target)
        (path / "pingcha_casefiles").symlink_to(tree / "src" / "casefiles")
        (tree / "DONE").write_text(sha)
    return tree / "path"


def _baseline_corpus(path: Path, count: int, seed: int, malformed: float) -> Path:
    """The same corpus as the baseline's own generator writes it (written once, in the baseline's tree;
    `path` is the tree's import path, see baseline_tree)."""
    folder = path.parent / f"corpus-{count}-{seed}-{malformed}"
    if not (folder / "DONE").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generator = path.parent / "src" / "benchmarks" / "corpus.py"
        command = [sys.executable, str(generator), "--count", str(count), "--seed", str(seed)]
        subprocess.run([*command, "--malformed", str(malformed), "--out", str(folder / "cases")], check=True)
        (folder / "DONE").write_text("")
    return folder / "cases"


def rulebook_checkout(path: Path) -> Path:
    """A folder that reads as a pingcha source checkout holding the baseline's rulebook (its pyproject.toml
    and rules/; `path` is the tree's import path, see baseline_tree): this checkout's engine, run from
    there, scores with the baseline's rules (engine.resources.rules_dir)."""
    folder = path.parent / "rulebook-checkout"
    if not (folder / "rules").exists():
        folder.mkdir(exist_ok=True)
        shutil.copy(path.parent / "src" / "pyproject.toml", folder / "pyproject.toml")
        (folder / "rules").symlink_to(path.parent / "src" / "rules")
    return folder


def _results(out: Path) -> list[Any]:
    """The `result` of each line (findings, deductions, score, grade; None for an error record)."""
    with out.open(encoding="utf-8") as stream:
        return [json.loads(line).get("result") for line in stream]


def versus(
    workdir: Path,
    commit: str,
    count: int,
    rounds: int,
    seed: int = 2026,
    malformed: float = 0.05,
    same_rulebook: bool = False,
) -> dict[str, Any]:
    """This checkout against `commit` (each with its own rulebook and its own corpus generator: the case-file
    model may differ, and a file the other model rejects costs nothing to score), -j1 and -j<nproc>, alternated.
    With `same_rulebook`, both score the baseline's corpus with the baseline's rulebook, and every line's
    result must be the same (the case summary beside it may have gained fields since): the engine alone."""
    cores = os.cpu_count() or 1
    tree = baseline_tree(workdir, commit)
    sources = {"before": _baseline_corpus(tree, count, seed, malformed)}
    sources["after"] = sources["before"] if same_rulebook else corpus_path(workdir, count, seed, malformed, False)
    after_cwd = rulebook_checkout(tree) if same_rulebook else None
    out = workdir / "versus.jsonl"
    rows: list[dict[str, Any]] = []
    for number in range(rounds):
        row: dict[str, Any] = {}
        for jobs in sorted({1, cores}):
            row[f"before-j{jobs}"] = _rates(_batch(sources["before"], out, jobs, 0.1, tree), count)
            before_results = _results(out) if same_rulebook and number == 0 and jobs == 1 else None
            row[f"after-j{jobs}"] = _rates(_batch(sources["after"], out, jobs, 0.1, None, after_cwd), count)
            if before_results is not None and _results(out) != before_results:
                raise RuntimeError(f"the same rulebook gave other results before ({commit}) and after")
        for jobs in sorted({1, cores}):
            before, after = row[f"before-j{jobs}"], row[f"after-j{jobs}"]
            row[f"gain-j{jobs}"] = {
                "end_to_end": round(after["end_to_end_per_s"] / before["end_to_end_per_s"], 2),
                "cpu": round(before["cpu_us_per_input"] / after["cpu_us_per_input"], 2),
            }
        rows.append(row)
    out.unlink(missing_ok=True)
    return {"baseline": commit, "inputs": count, "cores": cores, "same_rulebook": same_rulebook, "rounds": rows}


def throughput(workdir: Path, count: int, rounds: int, seed: int = 2026, malformed: float = 0.05) -> dict[str, Any]:
    """-j1 and -j<nproc> alternated `rounds` times on one corpus folder of `count` case files."""
    cores = os.cpu_count() or 1
    source = corpus_path(workdir, count, seed, malformed, jsonl=False)
    out = workdir / "throughput.jsonl"
    runs: dict[int, list[dict[str, Any]]] = {1: [], cores: []}
    ratios = []
    outputs: dict[int, str] = {}
    for _ in range(rounds):
        pair = {}
        for jobs, done in runs.items():
            figures = _rates(_batch(source, out, jobs, interval=0.1), count) | {"loadavg": os.getloadavg()[0]}
            done.append(figures)
            pair[jobs] = figures
            if jobs not in outputs:  # the same bytes whatever the number of jobs
                outputs[jobs] = hashlib.sha256(out.read_bytes()).hexdigest()
        if cores > 1:
            ratios.append(
                {
                    "end_to_end": round(pair[cores]["end_to_end_per_s"] / pair[1]["end_to_end_per_s"], 2),
                    "steady": (
                        round(pair[cores]["steady_per_s"] / pair[1]["steady_per_s"], 2)
                        if pair[cores]["steady_per_s"] and pair[1]["steady_per_s"]
                        else None
                    ),
                }
            )
    out.unlink(missing_ok=True)
    identical = len(set(outputs.values())) == 1
    return {
        "inputs": count,
        "malformed": round(count * malformed),
        "corpus": str(source),
        "cores": cores,
        "rounds": runs,
        "median": {
            str(jobs): {
                key: statistics.median(values) if (values := [r[key] for r in rs if r[key] is not None]) else None
                for key in ("end_to_end_per_s", "steady_per_s", "cpu_us_per_input", "peak_pss_mb")
            }
            for jobs, rs in runs.items()
        },
        "speedup_per_round": ratios,
        "same_output_for_every_jobs": identical,
    }


def memory(workdir: Path, sizes: list[int], jobs: int | None = None, seed: int = 2026) -> dict[str, Any]:
    """Peak memory of `pingcha batch` over JSONL corpora of each size; the memory timeline of each run."""
    jobs = jobs or os.cpu_count() or 1
    results = []
    for count in sizes:
        source = corpus_path(workdir, count, seed, 0.01, jsonl=True)
        out, crossed = workdir / "memory.jsonl", workdir / "memory-crossfile.jsonl"
        interval = 1.0 if count >= 200_000 else 0.25
        watch = _batch(source, out, jobs, interval, extra=("--crossfile", str(crossed)))
        out.unlink(missing_ok=True)
        figures = _rates(watch, count)
        with crossed.open(encoding="utf-8") as lines:
            figures["crossfile_findings"] = sum(1 for _ in lines)
        crossed.unlink()
        figures["inputs"] = count
        figures["jobs"] = jobs
        figures["pss_mb_by_tenth"] = list(_tenths(watch))
        results.append(figures)
    return {"runs": results}


def _tenths(watch: proctree.Watch) -> Iterator[tuple[float, float]]:
    """(share of the run's time, PSS MB) at 10%, 20%, … 100% of the run: flat or not, at a glance."""
    if not watch.timeline:
        return
    end = watch.timeline[-1][0] or 1
    for tenth in range(1, 11):
        sample = min(watch.timeline, key=lambda s: abs(s[0] - end * tenth / 10))
        yield (tenth / 10, sample[2])
