"""pingcha benchmarks: one command per figure in benchmarks/RESULTS.md.

    python benchmarks/run.py stages      per-stage cost per case file, in one process
    python benchmarks/run.py batch       `pingcha batch` end to end, -j1 and -j<all cores>, same run
    python benchmarks/run.py memory      peak RSS of `pingcha batch` over 100k and 1M inputs
    python benchmarks/run.py rulebooks   scaling with rulebook size (50/150/500 rules, 2,000-row table)
    python benchmarks/run.py durable     the same rules in durable-rules, side by side (pip install '.[bench]')
    python benchmarks/run.py versus --baseline COMMIT   `batch` against an earlier commit, same run
        [--same-rulebook]   both with the earlier commit's rulebook: the engine alone, results compared
    python benchmarks/run.py --smoke     every benchmark on ~1,000 inputs (CI: seconds, no timing checks)

With no name, every benchmark but `versus` and (unless --smoke) `memory` (a million inputs) runs.

Each prints a table and, with --json FILE, writes the figures with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# the source tree's engine (installed, pingcha is a package named `pingcha`), also for the commands run
sys.path[:0] = [str(HERE), str(HERE.parent)]
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")]))

import endtoend
import scaling
import stages


def machine() -> dict[str, Any]:
    """What the figures were taken on: cores, CPU model, Python, load average at the time."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def _n(value: float | None) -> str:
    """A rate, or — where the run was too short to have one (fewer than two progress lines)."""
    return "—" if value is None else f"{value:,}"


def run_stages(args: argparse.Namespace) -> dict[str, Any]:
    result = stages.measure(count=100 if args.smoke else args.count, repeats=1 if args.smoke else 3)
    for line in stages.table(result):
        print(line)
    return result


def run_batch(args: argparse.Namespace) -> dict[str, Any]:
    count = 1001 if args.smoke else args.batch_count  # more than batch.SMALL_RUN: the pool is used
    result = endtoend.throughput(args.workdir, count, rounds=1 if args.smoke else args.rounds)
    cores = result["cores"]
    print(f"{count:,} case files ({result['malformed']} malformed), folder {result['corpus']}")
    print(f"{'jobs':>5} {'end to end/s':>13} {'steady/s':>9} {'CPU µs/input':>13} {'peak PSS MB':>12}  load")
    for jobs, runs in result["rounds"].items():
        for r in runs:
            print(
                f"{jobs:>5} {r['end_to_end_per_s']:>13,} {_n(r['steady_per_s']):>9} {r['cpu_us_per_input']:>13}"
                f" {r['peak_pss_mb']:>12}  {r['loadavg']:.2f}"
            )
    for number, ratio in enumerate(result["speedup_per_round"], 1):
        steady = ratio["steady"] or "—"
        print(f"round {number}: -j{cores} / -j1 = {ratio['end_to_end']} end to end, {steady} steady")
    print(f"same output bytes for every -j: {result['same_output_for_every_jobs']}")
    return result


def run_versus(args: argparse.Namespace) -> dict[str, Any]:
    """`batch` against an earlier commit (--baseline), both alternated in this run."""
    commit = args.baseline or "HEAD"
    count = 1001 if args.smoke else args.batch_count
    rounds = 1 if args.smoke else args.rounds
    result = endtoend.versus(args.workdir, commit, count, rounds, same_rulebook=args.same_rulebook)
    rulebook = f"both with {commit}'s rulebook" if args.same_rulebook else "each with its own rulebook"
    print(f"{count:,} case files; before = {commit}, after = this checkout; {rulebook}")
    for number, row in enumerate(result["rounds"], 1):
        for key in sorted(k for k in row if k.startswith("gain-")):
            jobs = key.removeprefix("gain-")
            before, after = row[f"before-{jobs}"], row[f"after-{jobs}"]
            print(
                f"round {number} {jobs}: before {before['end_to_end_per_s']:,}/s ({before['cpu_us_per_input']} CPU µs/input),"
                f" after {after['end_to_end_per_s']:,}/s ({after['cpu_us_per_input']} CPU µs/input):"
                f" ×{row[key]['end_to_end']} end to end, ×{row[key]['cpu']} less CPU"
            )
    return result


def run_memory(args: argparse.Namespace) -> dict[str, Any]:
    sizes = [1001] if args.smoke else args.memory_sizes
    result = endtoend.memory(args.workdir, sizes)
    print(
        f"{'inputs':>10} {'jobs':>4} {'wall s':>8} {'steady/s':>9} {'peak PSS MB':>12} {'peak RSS sum MB':>16}"
        f" {'largest process MB':>19}"
    )
    for r in result["runs"]:
        print(
            f"{r['inputs']:>10,} {r['jobs']:>4} {r['wall_s']:>8} {_n(r['steady_per_s']):>9} {r['peak_pss_mb']:>12}"
            f" {r['peak_rss_sum_mb']:>16} {r['peak_process_mb']:>19}"
        )
        print("           PSS MB at 10%…100% of the run: " + " ".join(f"{mb:.0f}" for _, mb in r["pss_mb_by_tenth"]))
        print(f"           cross-file findings written (--crossfile): {r['crossfile_findings']:,}")
    return result


def run_rulebooks(args: argparse.Namespace) -> dict[str, Any]:
    result = scaling.measure(count=50 if args.smoke else 2000, repeats=1 if args.smoke else 3)
    for line in scaling.table(result):
        print(line)
    return result


def run_durable(args: argparse.Namespace) -> dict[str, Any]:
    """Each rule-set size in its own process: durable-rules may abort a process (../shared/design.md)."""
    try:
        import durable  # noqa: F401
    except ImportError:
        print("durable-rules is not installed: pip install '.[bench]' (skipped)")
        return {"skipped": "durable-rules not installed"}
    results = []
    for copies in [1] if args.smoke else [1, 4, 8]:
        command = [sys.executable, str(HERE / "durable_side.py"), "--copies", str(copies)]
        command += ["--count", "100", "--rounds", "1"] if args.smoke else []
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            print(f"x{copies}: the durable-rules process ended with {done.returncode}: {tail}")
            results.append({"copies": copies, "returncode": done.returncode, "stderr_tail": tail})
            continue
        result = json.loads(done.stdout)
        results.append(result)
        best = result["best_cases_per_s"]
        print(
            f"{result['rules']:>4} rules ({result['cases']} 应急管理 case files, {result['findings']} findings,"
            f" {result['disagreeing_cases']} cases where the engines disagree)"
        )
        if result["disagreeing_cases"]:
            print("     the engines disagree: the rates below are no valid comparison")
        print(
            f"     deciding: pingcha {best['pingcha']:,}/s, durable-rules {best['durable']:,}/s,"
            f" pingcha / durable median {result['ratio_median']} (rounds {result['ratio_per_round']})"
        )
        print(
            f"     with the findings written: pingcha {best['pingcha_written']:,}/s,"
            f" durable-rules {best['durable_written']:,}/s, median {result['ratio_written_median']}"
            f" (rounds {result['ratio_written_per_round']})"
        )
    return {"runs": results}


BENCHMARKS = {
    "stages": run_stages,
    "batch": run_batch,
    "memory": run_memory,
    "rulebooks": run_rulebooks,
    "durable": run_durable,
    "versus": run_versus,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", nargs="*", help=f"which of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: proves the benchmarks run, measures nothing")
    parser.add_argument("--count", type=int, default=5000, help="inputs for the in-process benchmarks")
    parser.add_argument("--batch-count", type=int, default=20_000, help="case files for `batch` (default 20,000)")
    parser.add_argument("--rounds", type=int, default=3, help="-j1/-jN rounds for `batch` (default 3)")
    parser.add_argument(
        "--memory-sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[100_000, 1_000_000],
        help="JSONL inputs for `memory`, comma-separated (default 100000,1000000)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "pingcha-bench",
        help="where generated corpora are kept between runs (default $TMPDIR/pingcha-bench)",
    )
    parser.add_argument("--baseline", help="`versus`: the commit to compare this checkout with (default HEAD)")
    parser.add_argument(
        "--same-rulebook",
        action="store_true",
        help="`versus`: this checkout scores with the baseline's rulebook too (the engine alone; results compared)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if args.smoke:
        args.workdir = Path(tempfile.mkdtemp(prefix="pingcha-bench-smoke-"))
    args.workdir.mkdir(parents=True, exist_ok=True)
    chosen = args.benchmark or [b for b in BENCHMARKS if b != "versus" and (args.smoke or b != "memory")]
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    report: dict[str, Any] = {"machine": machine(), "smoke": args.smoke}
    try:
        for name in chosen:
            print(f"== {name}", flush=True)
            report[name] = BENCHMARKS[name](args)
    finally:
        if args.smoke:
            shutil.rmtree(args.workdir, ignore_errors=True)
    report["machine_after"] = machine()["loadavg"]
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
