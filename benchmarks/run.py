"""pingcha benchmarks: one command per figure in benchmarks/RESULTS.md.

    python benchmarks/run.py stages      per-stage cost per case file, in one process
    python benchmarks/run.py batch       `pingcha batch` end to end, -j1 and -j<all cores>, same run
    python benchmarks/run.py memory      peak RSS of `pingcha batch` over 100k and 1M inputs
    python benchmarks/run.py rulebooks   scaling with rulebook size (50/150/500 rules, 2,000-row table)
    python benchmarks/run.py durable     the same rules in durable-rules, side by side (pip install '.[bench]')
    python benchmarks/run.py --smoke     every benchmark on a few hundred inputs (CI: seconds, no timing checks)

Each prints a table and, with --json FILE, writes the figures with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

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


def run_stages(args: argparse.Namespace) -> dict[str, Any]:
    result = stages.measure(count=200 if args.smoke else args.count, repeats=1 if args.smoke else 3)
    for line in stages.table(result):
        print(line)
    return result


BENCHMARKS = {"stages": run_stages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", nargs="*", help=f"which of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: proves the benchmarks run, measures nothing")
    parser.add_argument("--count", type=int, default=5000, help="inputs for the in-process benchmarks")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    chosen = args.benchmark or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    report: dict[str, Any] = {"machine": machine(), "smoke": args.smoke}
    for name in chosen:
        print(f"== {name}")
        report[name] = BENCHMARKS[name](args)
    report["machine_after"] = machine()["loadavg"]
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
