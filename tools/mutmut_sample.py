"""Mutation score of one engine module on a seeded sample of its mutmut mutants.

A full `mutmut run` is hours on a small machine: every test that reaches a mutated function runs for each
of thousands of mutants. This measures one module on a reproducible sample instead:

  1. copy the working tree (tracked and new files, not ignored ones) into a scratch folder, whose
     `[tool.mutmut]` mutates only engine/<module>.py (or every module of a package, engine/facts/) and
     selects only the given tests;
  2. list the module's mutants with mutmut's own generator (the names `mutmut run` gives them) and pick
     N of them with a seeded random generator: the same mutants on every machine for the same source;
  3. run `nice -n 10 mutmut run --max-children 1 NAME…` there, then read mutmut's results for those
     names (mutants/engine/<module>.py.meta) and print killed / survived and the score.

  python tools/mutmut_sample.py expr --sample 80 --seed 1 --tests tests/test_expr.py tests/test_expr_checker.py
  python tools/mutmut_sample.py expr --sample 80 --seed 1 --list          # the sample's names, nothing run

The score is killed / (killed + survived); timeouts count as killed (the mutant hung a test), mutants no
selected test reaches are reported apart ("no tests") and left out, as mutmut's own summary does. Run it
again after adding tests: the scratch folder keeps mutmut's stats and results, named mutants are always
re-run, and `--survivors` re-runs only the sample's survivors (a killed mutant stays killed when tests are added).
`mutmut show NAME` in the scratch folder prints a survivor as a diff. The copy is the working tree as it is
when the command starts: an edit of engine/ in progress (a bug planted by hand) would be measured too.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mutmut.mutation.file_mutation import mutate_file_contents
from mutmut.stats import status_by_exit_code
from mutmut.utils.format_utils import get_mutant_name

ROOT = Path(__file__).resolve().parent.parent
MUTMUT_SECTION = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n|\n)*", re.MULTILINE)


def sources(module: str) -> list[Path]:
    """engine/<module>.py, or every module of the package engine/<module>/ (facts), relative to the root."""
    package = Path("engine") / module
    if (ROOT / package).is_dir():
        return sorted(path.relative_to(ROOT) for path in (ROOT / package).glob("*.py"))
    return [Path("engine") / f"{module}.py"]


def mutant_names(module: str) -> list[str]:
    """Every mutant of the module (of each module of a package), named as `mutmut run` names them, sorted."""
    names = []
    for path in sources(module):
        generated = mutate_file_contents(str(path), (ROOT / path).read_text(encoding="utf-8"))
        names += [get_mutant_name(path, name) for name in generated.mutant_names]
    return sorted(names)


def pick(names: list[str], sample: int | None, seed: int) -> list[str]:
    if sample is None or sample >= len(names):
        return names
    return sorted(random.Random(seed).sample(names, sample))


def prepare_scratch(scratch: Path, module: str, tests: list[str]) -> None:
    """The working tree's files in `scratch` (its mutants/ kept), mutmut set to one module and `tests`."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet committed is still listed
            (scratch / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, scratch / name)  # keeps the time stamp: mutmut regenerates only what changed
    pyproject = scratch / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    section = MUTMUT_SECTION.search(text)
    assert section, "pyproject.toml has no [tool.mutmut] section"
    kept = [line for line in section.group().splitlines() if line.startswith(("source_paths", "also_copy", "pytest_"))]
    narrowed = [
        "[tool.mutmut]",
        *(line for line in kept if not line.startswith("pytest_add_cli_args_test_selection")),
        f"only_mutate = {json.dumps([path.as_posix() for path in sources(module)])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
    ]
    pyproject.write_text(
        text[: section.start()] + "\n".join(narrowed) + "\n\n" + text[section.end() :], encoding="utf-8"
    )


def results(scratch: Path, module: str, names: list[str]) -> dict[str, str]:
    codes: dict[str, int | None] = {}
    for path in sources(module):
        meta = json.loads((scratch / "mutants" / f"{path}.meta").read_text(encoding="utf-8"))
        codes |= meta["exit_code_by_key"]
    return {name: "not run" if codes.get(name) is None else status_by_exit_code[codes[name]] for name in names}


def report(module: str, outcomes: dict[str, str], total: int, seed: int) -> str:
    counts = Counter("killed" if status == "timeout" else status for status in outcomes.values())
    judged = counts["killed"] + counts["survived"]
    score = f"{100 * counts['killed'] / judged:.1f}%" if judged else "-"
    others = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()) if status not in {"killed", "survived"})
    lines = [
        f"{', '.join(map(str, sources(module)))}: {len(outcomes)} of {total} mutants (seed {seed}): "
        f"{counts['killed']} killed, {counts['survived']} survived = {score}" + (f" ({others})" if others else ""),
    ]
    lines += [f"  survived: {name}" for name, status in outcomes.items() if status == "survived"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="an engine module without .py (expr, evaluate, tables, …) or package (facts)")
    parser.add_argument("--sample", type=int, help="how many mutants (default: all of them)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tests", nargs="+", default=["tests"], help="the pytest selection (default: tests)")
    parser.add_argument(
        "--deselect",
        action="append",
        default=[],
        help="a test node mutmut cannot select again by its id (repeatable), passed to pytest as --deselect",
    )
    parser.add_argument("--scratch", type=Path, help="the scratch folder (default: /tmp/pingcha-mutmut-MODULE)")
    parser.add_argument("--list", action="store_true", help="print the sample's names and stop")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="run again only the sample's survivors of the last run (after new tests)",
    )
    args = parser.parse_args(argv)
    if not (ROOT / "engine" / f"{args.module}.py").is_file() and not (ROOT / "engine" / args.module).is_dir():
        parser.error(f"engine/{args.module}.py does not exist, nor a package engine/{args.module}/")
    names = mutant_names(args.module)
    chosen = pick(names, args.sample, args.seed)
    if args.list:
        print("\n".join(chosen))
        return 0
    scratch = args.scratch or Path(f"/tmp/pingcha-mutmut-{args.module}")
    scratch.mkdir(parents=True, exist_ok=True)
    prepare_scratch(scratch, args.module, [*args.tests, *(f"--deselect={node}" for node in args.deselect)])
    if args.survivors:
        to_run = [name for name, status in results(scratch, args.module, chosen).items() if status == "survived"]
    else:
        to_run = chosen
    if to_run:  # `mutmut run` without names would run every mutant
        mutmut = Path(sys.executable).with_name("mutmut")
        run = subprocess.run(
            ["nice", "-n", "10", str(mutmut), "run", "--max-children", "1", *to_run], cwd=scratch, check=False
        )
        if run.returncode != 0:
            print(f"mutmut run failed (exit {run.returncode}) in {scratch}", file=sys.stderr)
            return run.returncode
    print(report(args.module, results(scratch, args.module, chosen), len(names), args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
