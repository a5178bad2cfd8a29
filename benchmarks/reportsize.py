"""`pingcha report` on a large results file: wall time and peak memory of the command (issue 21).

A results file of N lines is made from one batch run over a generated corpus (a few thousand files,
the bundled profiles), its ok and error lines repeated with a fresh index, file and case id each, as
a year of similar files would be. The report runs in its own process, all four outputs written; the
peak is the process's maximum resident set (ru_maxrss of the child).

    python benchmarks/reportsize.py --results 100000 1000000 [--tree DIR] [--workdir DIR] [--outputs md …]

`--tree` runs the command of another checkout (for a before/after in one run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import endtoend

AS_OF = "2026-11-21"


def base_lines(workdir: Path, count: int = 3000, seed: int = 21) -> list[dict[str, Any]]:
    """The records of one batch over a generated corpus (5% malformed), kept beside the corpus."""
    folder = endtoend.corpus_path(workdir, count, seed, 0.05, jsonl=False)
    out = folder.parent / "results.jsonl"
    if not out.exists():
        command = [*endtoend.pingcha(), "batch", str(folder), "--as-of", AS_OF, "-q", "-o", str(out)]
        subprocess.run(command, check=False, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def results_file(workdir: Path, size: int) -> Path:
    """N lines: the base lines repeated, each with its own index, file name and case id."""
    path = workdir / f"report-results-{size}.jsonl"
    if path.exists():
        return path
    base = base_lines(workdir)
    partial = path.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as stream:
        for n in range(size):
            record = dict(base[n % len(base)], index=n + 1, file=f"cases/{n + 1:07d}.json")
            if record["status"] == "ok":
                result = dict(record["result"], case_id=f"{record['result']['case_id']}-{n + 1}")
                record["result"] = result
                record["case"] = dict(record["case"], case_id=result["case_id"])
            stream.write(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    partial.rename(path)
    return path


OUTPUTS = ("html", "xlsx", "csv", "md")


def run_report(results: Path, tree: Path, out: Path, formats: tuple[str, ...] = OUTPUTS) -> dict[str, Any]:
    """One `pingcha report` writing `formats`, in a child process: seconds and peak RSS in MiB."""
    outputs = [str(item) for name in formats for item in (f"--{name}", out / f"r.{name}")]
    command = [*endtoend.pingcha(), "report", str(results), *outputs]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, env={**os.environ, "PYTHONPATH": str(tree)}, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"pingcha report failed ({child.returncode}):\n{errors.read()[-2000:].decode()}")
    sizes = {path.suffix: path.stat().st_size for path in out.iterdir()}
    return {"seconds": round(seconds, 1), "peak_mib": round(usage.ru_maxrss / 1024), "bytes": sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, nargs="+", default=[100_000])
    parser.add_argument("--tree", type=Path, default=Path.cwd())
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "pingcha-bench")
    parser.add_argument(
        "--outputs", nargs="+", choices=OUTPUTS, default=OUTPUTS, help="the outputs written (default: all four)"
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    for size in sorted(args.results):
        results = results_file(args.workdir, size)
        with tempfile.TemporaryDirectory() as out:
            figures = run_report(results, args.tree.resolve(), Path(out), tuple(args.outputs))
        row = {"results": size, "outputs": args.outputs, "load": os.getloadavg()[0], **figures}
        print(json.dumps(row, ensure_ascii=False))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
