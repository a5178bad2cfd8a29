"""Scaling with rulebook size: synthetic profiles of 50, 150 and 500 rules, and a 2,000-row 裁量基准 table.

The synthetic profiles are written into a temporary copy of the bundled rules/ (so that `extends`
finds its parents): `synthetic-N` extends `emergency` and keeps N of the rules a penalty case file is
checked against — the first N shipped rules (`disable:` drops the others), or all of them and
clones of the shipped rules for the rest. A clone is a shipped rule with a new id and its `when`
in extra parentheses: the same work, but a different text, so that it does not share the condition
of its original (engine.evaluate computes a `when` text once per case for all the rules that share
it; here the clones get no such help).

The 2,000-row table: `synthetic-table` extends `emergency` and adds 2,000 rows shaped like the
shipped AQ-97-4 row (item codes SYN-0001 … SYN-2000); the corpus's AQ-97-4 cases are pointed at
random rows. The same cases against the shipped table (4 rows) and against 2,004 rows cost the
same: tables are indexed by item code when the rulebook loads (engine.tables.Tables.discretion,
a dict; the four lists by (list, item code)). A linear scan of the rows is timed beside it to show
what an unindexed lookup would cost.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import corpus
import yaml

from engine import batch, resources
from engine.casefile import parse_case_file
from engine.evaluate import apply_rules, build_context
from engine.rulebook import Rulebook, load_rulebook
from engine.workcal import WorkCalendar

AS_OF = dt.date(2026, 11, 21)
PENALTY = "行政处罚"
SIZES = (50, 150, 500)
TABLE_ROWS = 2000


def _shipped_specs(rulebook: Rulebook) -> list[dict[str, Any]]:
    """The YAML of every rule a penalty case file is checked against, in rulebook order."""
    files: dict[str, dict[str, Any]] = {}
    specs = []
    for rule in rulebook.rules_for(PENALTY):
        if rule.file not in files:
            files[rule.file] = yaml.safe_load(Path(rule.file).read_text(encoding="utf-8"))
        data = files[rule.file]
        spec = copy.deepcopy(next(s for s in data["rules"] if s["id"] == rule.id))
        if "case_types" not in spec and "case_types" in data:
            spec["case_types"] = data["case_types"]
        specs.append(spec)
    return specs


def _profile(root: Path, name: str, extra: dict[str, Any], rules: list[dict[str, Any]], tables: Any = None) -> str:
    folder = root / name
    folder.mkdir()
    manifest = {"name": name, "title": f"benchmark profile {name}", "version": "0", "extends": "emergency"}
    manifest.update(extra)
    (folder / "profile.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    if rules:
        text = yaml.safe_dump({"rules": rules}, allow_unicode=True, sort_keys=False)
        (folder / "synthetic.rules.yaml").write_text(text, encoding="utf-8")
    if tables:
        text = yaml.safe_dump(tables, allow_unicode=True, sort_keys=False)
        (folder / "synthetic.tables.yaml").write_text(text, encoding="utf-8")
    return str(folder)


def build_profiles(root: Path, sizes: tuple[int, ...] = SIZES, rows: int = TABLE_ROWS) -> dict[str, str]:
    """Write the synthetic profiles under root (a copy of rules/ is made there); name -> folder."""
    shutil.copytree(resources.rules_dir(), root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.tests.yaml"))
    base = load_rulebook(str(root / "emergency"))
    shipped = _shipped_specs(base)
    profiles = {}
    for size in sizes:
        if size <= len(shipped):
            dropped = [s["id"] for s in shipped[size:]]
            profiles[f"rules-{size}"] = _profile(root, f"synthetic-{size}", {"disable": dropped}, [])
            continue
        clones = []
        for number in range(size - len(shipped)):
            spec = copy.deepcopy(shipped[number % len(shipped)])
            depth = 1 + number // len(shipped)
            spec["id"] = f"{spec['id']}-x{number + 1}"
            if spec.get("when"):
                spec["when"] = "(" * depth + " ".join(str(spec["when"]).split()) + ")" * depth
            clones.append(spec)
        profiles[f"rules-{size}"] = _profile(root, f"synthetic-{size}", {}, clones)
    row = next(
        r
        for r in yaml.safe_load((root / "emergency" / "discretion.tables.yaml").read_text(encoding="utf-8"))[
            "discretion"
        ]
        if r["item_code"] == "AQ-97-4"
    )
    table_rows = []
    for number in range(1, rows + 1):
        clone = copy.deepcopy(row)
        clone["id"] = f"synthetic-{number:04d}"
        clone["item_code"] = f"SYN-{number:04d}"
        table_rows.append(clone)
    profiles["table"] = _profile(root, "synthetic-table", {}, [], {"discretion": table_rows})
    return profiles


def _cases(count: int, seed: int, table_rows: int) -> tuple[list[bytes], list[bytes]]:
    """The corpus as it is, and the same cases with AQ-97-4 pointed at random rows of the big table."""
    plain = [data for _, data in corpus.generate(count, seed)]
    rng = random.Random(seed)
    moved = [d.replace(b'"AQ-97-4"', f'"SYN-{rng.randrange(1, table_rows + 1):04d}"'.encode()) for d in plain]
    return plain, moved


def _per_case(rulebook: Rulebook, cases: list[bytes], repeats: int) -> dict[str, float]:
    """Median over passes of the mean µs per case for facts (build_context) and evaluate (apply_rules)."""
    calendar = WorkCalendar()
    parsed = [parse_case_file(data, "bench") for data in cases]
    facts_runs, rules_runs = [], []
    clock = time.perf_counter_ns
    before = gc.get_threshold()
    gc.set_threshold(*batch.GC_THRESHOLDS)
    try:
        for _ in range(repeats + 1):  # the first pass warms up (calendar, plans)
            facts_ns = rules_ns = 0
            for case in parsed:
                t0 = clock()
                ctx, origin = build_context(case, rulebook, AS_OF, calendar)
                t1 = clock()
                apply_rules(rulebook, case.case_type, ctx, origin)
                t2 = clock()
                facts_ns += t1 - t0
                rules_ns += t2 - t1
            facts_runs.append(facts_ns / len(parsed) / 1000)
            rules_runs.append(rules_ns / len(parsed) / 1000)
    finally:
        gc.set_threshold(*before)
    return {
        "facts_us": round(statistics.median(facts_runs[1:]), 1),
        "evaluate_us": round(statistics.median(rules_runs[1:]), 1),
    }


def _lookups(rulebook: Rulebook, codes: list[str]) -> dict[str, float]:
    """ns per lookup: the index the engine uses, and a scan of the rows for comparison."""
    tables = rulebook.tables.discretion
    rows = list(tables.values())
    clock = time.perf_counter_ns
    t0 = clock()
    for code in codes:
        tables.get(code)
    t1 = clock()
    for code in codes:
        next((row for row in rows if row.item_code == code), None)
    t2 = clock()
    return {"indexed_ns": round((t1 - t0) / len(codes)), "scan_ns": round((t2 - t1) / len(codes))}


def measure(count: int = 2000, seed: int = 2026, repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pingcha-scaling-") as tmp:
        profiles = build_profiles(Path(tmp) / "rules")
        plain, moved = _cases(count, seed, TABLE_ROWS)
        results: dict[str, Any] = {"cases": count, "sizes": []}
        for size in SIZES:
            started = time.perf_counter()
            rulebook = load_rulebook(profiles[f"rules-{size}"])
            loaded = time.perf_counter() - started
            rules = len(rulebook.rules_for(PENALTY))
            figures = _per_case(rulebook, plain, repeats)
            results["sizes"].append(
                {
                    "rules": rules,
                    "distinct_when": len({r.when.source for r in rulebook.rules_for(PENALTY) if r.when}),
                    "load_s": round(loaded, 2),
                    **figures,
                    "evaluate_us_per_rule": round(figures["evaluate_us"] / rules, 3),
                }
            )
        shipped = load_rulebook(profiles["rules-150"].replace("synthetic-150", "emergency"))
        big = load_rulebook(profiles["table"])
        codes = [f"SYN-{n:04d}" for n in range(1, TABLE_ROWS + 1)] * 5
        results["table"] = {
            "rows_shipped": len(shipped.tables.discretion),
            "rows_big": len(big.tables.discretion),
            "shipped": _per_case(shipped, plain, repeats),
            "big": _per_case(big, moved, repeats),
            "lookup_big": _lookups(big, codes),
        }
    return results


def table(result: dict[str, Any]) -> Iterator[str]:
    yield f"{result['cases']:,} case files per measurement (facts + evaluate, µs per case, median of passes)"
    yield f"{'rules':>6} {'distinct when':>14} {'load s':>7} {'facts µs':>9} {'evaluate µs':>12} {'µs/rule':>8}"
    for s in result["sizes"]:
        yield (
            f"{s['rules']:>6} {s['distinct_when']:>14} {s['load_s']:>7} {s['facts_us']:>9} {s['evaluate_us']:>12}"
            f" {s['evaluate_us_per_rule']:>8}"
        )
    t = result["table"]
    yield f"裁量基准 rows {t['rows_shipped']:>5}: facts {t['shipped']['facts_us']} µs, evaluate {t['shipped']['evaluate_us']} µs"
    yield f"裁量基准 rows {t['rows_big']:>5}: facts {t['big']['facts_us']} µs, evaluate {t['big']['evaluate_us']} µs"
    look = t["lookup_big"]
    yield f"one lookup among {t['rows_big']:,} rows: indexed {look['indexed_ns']} ns, linear scan {look['scan_ns']:,} ns"
