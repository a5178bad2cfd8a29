"""Mutation testing of the YAML rulebooks: are the rule tests strong enough to notice a wrong number?

Each mutant is one small edit of one rulebook file, of the kind a maintainer could make by mistake:

  severity    severity: major → minor (veto → major, minor → major)
  points      points: 3 → 4 and → 2
  number      a number in a rule's condition, a parameter's value or a table (thresholds, fine
              ranges, fractions) ± 1 (a decimal ± one unit of its last digit)
  comparison  <= ↔ <, >= ↔ >, == ↔ != in conditions; lt ↔ lte, gt ↔ gte in table conditions
  date        a period's `from` / `until` and a date("…") in a condition ± 1 day

Numbers of citations (article, paragraph), messages, notes and the profile's `scoring` block are not
mutated: rule tests assert findings, and the scoring is tested by the pytest suite.

Every mutant is written into a copy of rules/, and `pingcha rules test` runs in-process on the profile
of the mutated file (its chain and the profiles that extend it). The mutant is
  killed     a rule test fails (FAIL or ERROR),
  survived   every rule test still passes: no test checks what the edit changed,
  rejected   the profile no longer loads (the loader, and `pingcha rules lint`, catch it before any test).
  equivalent a survivor listed in tools/equivalent_rule_mutants.yaml: no rule test can tell it apart
             from the rulebook (each entry says why); a listed mutant that is killed is reported, so
             that its entry is removed.
The score is killed / (killed + survived), per mutator and in all, without the equivalent mutants (the
usual definition); the raw score, counting them as survivors, is printed beside it.

  python tools/mutate_rules.py                                   # every mutant of every profile
  python tools/mutate_rules.py --max-mutants 40 --seed 1 --time-limit 100 --profile national
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the source tree's engine (installed: pingcha)

import yaml

from engine import resources
from engine.ruletest import run_tests
from engine.workcal import WorkCalendar

EQUIVALENTS = Path(__file__).resolve().parent / "equivalent_rule_mutants.yaml"
MUTATORS = ("severity", "points", "number", "comparison", "date")
EXPRESSION_KEYS = {"when", "require", "expr"}  # in rules files and profile.yaml (not in tables)
NUMBER_KEYS = {"value", "lt", "lte", "gt", "gte", "fine", "statutory", "fractions"}
KEY = re.compile(r"([A-Za-z_]+):")
QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
NUMBER = re.compile(r"(?<![\w.\-])\d+(?:\.\d+)?(?![\w.\-])")
OPERATOR = re.compile(r"<=|>=|==|!=|<|>")
SWAP = {"<=": "<", "<": "<=", ">=": ">", ">": ">=", "==": "!=", "!=": "=="}
TABLE_OPERATOR = re.compile(r"\b(lte|lt|gte|gt)(?=:)")
TABLE_SWAP = {"lt": "lte", "lte": "lt", "gt": "gte", "gte": "gt"}
SEVERITY = re.compile(r"\bseverity:\s*(veto|major|minor)\b")
NEXT_SEVERITY = {"veto": "major", "major": "minor", "minor": "major"}
POINTS = re.compile(r"\bpoints:\s*(\d+(?:\.\d+)?)")
DATE = re.compile(r'\b(?:from|until):\s*"(\d{4}-\d{2}-\d{2})"|\bdate\("(\d{4}-\d{2}-\d{2})"\)')
BLOCK = re.compile(r"^\s*[>|][-+]?\s*$")


@dataclass(frozen=True)
class Mutant:
    file: Path  # relative to rules/
    line: int  # 1-based
    start: int  # column span in the line
    end: int
    before: str
    after: str
    mutator: str

    def where(self) -> str:
        return f"rules/{self.file.as_posix()}:{self.line}"

    def describe(self) -> str:
        """One line naming the mutant: how it is printed, and how tools/equivalent_rule_mutants.yaml names it."""
        return f"{self.where()}:{self.start + 1} {self.mutator}: {self.before} → {self.after}"

    def apply(self, text: str) -> str:
        lines = text.split("\n")
        line = lines[self.line - 1]
        assert line[self.start : self.end] == self.before, (self, line)
        lines[self.line - 1] = line[: self.start] + self.after + line[self.end :]
        return "\n".join(lines)


def _owner(line: str, column: int, inherited: str | None) -> str | None:
    """The YAML key a token at `column` belongs to: the last key before it on the line, else the key
    of the block scalar the line continues."""
    keys = [m.group(1) for m in KEY.finditer(line[:column])]
    return keys[-1] if keys else inherited


def _unquoted(line: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    quoted = [m.span() for m in QUOTED.finditer(line)]
    for match in pattern.finditer(line):
        if not any(a <= match.start() < b for a, b in quoted):
            yield match


def _number_after(text: str, up: bool) -> str:
    if "." in text:
        places = len(text.split(".")[1])
        value = round(float(text) + (1 if up else -1) * 10**-places, places)
        return f"{value:.{places}f}"
    return str(int(text) + (1 if up else -1))


def _line_mutants(file: Path, number: int, line: str, owner_of_block: str | None, is_table: bool) -> Iterator[Mutant]:
    def mutant(span: tuple[int, int], after: str, mutator: str) -> Mutant:
        return Mutant(file, number, span[0], span[1], line[span[0] : span[1]], after, mutator)

    for match in SEVERITY.finditer(line):
        yield mutant(match.span(1), NEXT_SEVERITY[match.group(1)], "severity")
    for match in POINTS.finditer(line):
        points = match.group(1)
        yield mutant(match.span(1), _number_after(points, True), "points")
        if float(points) >= 1:
            yield mutant(match.span(1), _number_after(points, False), "points")
    for match in _unquoted(line, NUMBER):
        owner = _owner(line, match.start(), owner_of_block)
        if owner in NUMBER_KEYS or (owner in EXPRESSION_KEYS and not is_table):
            yield mutant(match.span(), _number_after(match.group(), True), "number")
            if float(match.group()) >= 1 or "." in match.group():
                yield mutant(match.span(), _number_after(match.group(), False), "number")
    if not is_table:
        for match in _unquoted(line, OPERATOR):
            if _owner(line, match.start(), owner_of_block) in EXPRESSION_KEYS and not BLOCK.match(
                line[match.start() :]
            ):
                yield mutant(match.span(), SWAP[match.group()], "comparison")
    for match in TABLE_OPERATOR.finditer(line):
        yield mutant(match.span(), TABLE_SWAP[match.group()], "comparison")
    for match in DATE.finditer(line):
        group = 1 if match.group(1) else 2
        day = dt.date.fromisoformat(match.group(group))
        for delta in (-1, 1):
            yield mutant(match.span(group), (day + dt.timedelta(days=delta)).isoformat(), "date")


def file_mutants(rules: Path, path: Path) -> list[Mutant]:
    """Every mutant of one rulebook file, in line order; the profile's `scoring` block is left alone."""
    file = path.relative_to(rules)
    is_table = path.name.endswith(".tables.yaml")
    mutants: list[Mutant] = []
    block: tuple[str, int] | None = None  # the key of a block scalar (or flow) being continued, its indent
    in_scoring = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if indent == 0:
            in_scoring = stripped.startswith("scoring:")
        if block is not None and indent <= block[1]:
            block = None
        if in_scoring:
            continue
        keys = KEY.match(stripped.removeprefix("- "))
        if keys and block is None:
            value = stripped.removeprefix("- ")[keys.end() :]
            if BLOCK.match(value) or not value.strip():
                block = (keys.group(1), indent)
        inherited = block[0] if block is not None and not keys else None
        mutants += _line_mutants(file, number, line, inherited, is_table)
    return mutants


def all_mutants(rules: Path, profiles: list[str], mutators: list[str]) -> list[Mutant]:
    paths = [
        path
        for profile in profiles
        for pattern in ("*.rules.yaml", "*.tables.yaml", "profile.yaml")
        for path in sorted((rules / profile).glob(pattern))
    ]
    return [m for path in paths for m in file_mutants(rules, path) if m.mutator in mutators]


def run_mutant(copy: Path, mutant: Mutant, calendar: WorkCalendar) -> tuple[str, str]:
    """Write the mutant into the copy of rules/, run the rule tests of its profile, restore the file."""
    path = copy / mutant.file
    original = path.read_text(encoding="utf-8")
    path.write_text(mutant.apply(original), encoding="utf-8")
    try:
        report = run_tests([str(copy / mutant.file.parts[0])], calendar)
    finally:
        path.write_text(original, encoding="utf-8")
    if report.load_errors:
        return "rejected", report.load_errors[0].render().splitlines()[0]
    failed = [o for o in report.outcomes if o.status in ("FAIL", "ERROR")]
    if failed or report.errors:
        return "killed", failed[0].header() if failed else report.errors[0].render().splitlines()[0]
    return "survived", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", action="append", help="profile folder under rules/ (repeatable; default: all)")
    parser.add_argument("--mutator", action="append", choices=MUTATORS, help="only these mutators (repeatable)")
    parser.add_argument("--max-mutants", type=int, help="run a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--time-limit", type=float, help="start no mutant after this many seconds")
    parser.add_argument("--list", action="store_true", help="list the mutants without running them")
    parser.add_argument("--fail-under", type=float, help="exit 1 when the score (%%) is below this")
    args = parser.parse_args(argv)

    rules = resources.rules_dir()
    profiles = args.profile or [p.name for p in resources.bundled_profiles()]
    mutants = all_mutants(rules, profiles, args.mutator or list(MUTATORS))
    equivalents = load_equivalents(EQUIVALENTS)
    generated = {m.describe() for m in all_mutants(rules, profiles, list(MUTATORS))}
    for stale in sorted(k for k in equivalents if k.split("/")[1] in profiles and k not in generated):
        print(f"{EQUIVALENTS.name}: no such mutant (the file changed?): {stale}")
    if args.max_mutants is not None and args.max_mutants < len(mutants):
        chosen = random.Random(args.seed).sample(range(len(mutants)), args.max_mutants)
        mutants = [mutants[i] for i in sorted(chosen)]
    if args.list:
        for m in mutants:
            print(m.describe())
        print(f"{len(mutants)} mutants")
        return 0
    return _run(rules, mutants, equivalents, args.time_limit, args.fail_under)


def load_equivalents(path: Path) -> dict[str, str]:
    """The listed equivalent mutants: each mutant's line as the tool prints it → why it is equivalent."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    listed: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if not (isinstance(entry, dict) and set(entry) == {"mutant", "why"} and all(entry.values())):
            raise SystemExit(f"{path}: entry {index + 1}: expected `mutant` and `why`, found {entry!r}")
        listed[str(entry["mutant"])] = str(entry["why"])
    return listed


def _run(
    rules: Path, mutants: list[Mutant], equivalents: dict[str, str], time_limit: float | None, fail_under: float | None
) -> int:
    calendar = WorkCalendar()
    results: Counter[tuple[str, str]] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "rules"
        shutil.copytree(rules, copy, ignore=shutil.ignore_patterns("__pycache__"))
        for index, mutant in enumerate(mutants):
            if time_limit is not None and time.monotonic() - started > time_limit:
                print(f"time limit reached: {len(mutants) - index} mutants not run")
                break
            outcome, why = run_mutant(copy, mutant, calendar)
            listed = equivalents.get(mutant.describe())
            if listed and outcome == "survived":
                outcome, why = "equivalent", listed
            elif listed:
                why = f"listed as equivalent in {EQUIVALENTS.name}: remove the entry"
            results[mutant.mutator, outcome] += 1
            print(f"{outcome.upper()} {mutant.describe()}")
            if why and (outcome != "killed" or listed):
                print(f"    {why}")
            sys.stdout.flush()
    score = _summary(results)
    return 1 if fail_under is not None and score < fail_under else 0


OUTCOMES = ("killed", "survived", "equivalent", "rejected")


def _score(killed: int, others: int) -> float:
    return 100.0 * killed / (killed + others) if killed + others else 100.0


def _summary(results: Counter[tuple[str, str]]) -> float:
    def line(name: str, killed: int, survived: int, equivalent: int, rejected: int) -> str:
        return (
            f"{name}: killed {killed}, survived {survived}, equivalent {equivalent}, rejected {rejected}"
            f" — score {_score(killed, survived):.1f}% (raw {_score(killed, survived + equivalent):.1f}%)"
        )

    for mutator in MUTATORS:
        counts = [results[mutator, outcome] for outcome in OUTCOMES]
        if any(counts):
            print(line(mutator, *counts))
    killed, survived, equivalent, rejected = (sum(results[m, o] for m in MUTATORS) for o in OUTCOMES)
    print(line("all", killed, survived, equivalent, rejected))
    return _score(killed, survived)


if __name__ == "__main__":
    sys.exit(main())
