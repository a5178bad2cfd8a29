"""Per-stage cost of scoring one case file, in this process, as a batch worker does it.

Each case goes through the worker's stages in turn, each timed with perf_counter_ns; nothing is kept
between cases (a retained heap would make the garbage collector's full passes part of the figure):

    read      read the file's bytes (a corpus folder written beforehand, in the page cache)
    parse     parse + validate (engine.fastdecode.parse_case_file, as batch: msgspec, pydantic on failure)
    facts     base facts, parameters, derived classifications (engine.evaluate.build_context)
    evaluate  every rule of the case type (engine.evaluate.apply_rules)
    score     deductions, caps, grade (engine.scoring.score)
    render    the case summary and the JSONL line (engine.batch.ok_output)
    write     the line written to a file and flushed, as `pingcha batch -o` does

Malformed files stop after `parse` (their error record is built in `render`).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import corpus

from engine import batch
from engine.errors import PingchaError
from engine.evaluate import CaseResult, apply_rules, build_context
from engine.fastdecode import parse_case_file
from engine.rulebook import RulebookCache
from engine.scoring import score
from engine.workcal import WorkCalendar

STAGES = ("read", "parse", "facts", "evaluate", "score", "render", "write")
AS_OF = dt.date(2026, 11, 21)


def _cases(folder: Path, count: int, seed: int, malformed: float) -> list[Path]:
    corpus.write(folder, count, seed, malformed)
    (folder / "MANIFEST.tsv").unlink()
    return sorted(folder.glob("*.json"))


def _one_pass(paths: list[Path], sink: Any, rulebooks: RulebookCache, calendar: WorkCalendar) -> dict[str, int]:
    """Nanoseconds per stage summed over the files, and the number scored."""
    clock = time.perf_counter_ns
    totals = dict.fromkeys(STAGES, 0)
    scored = 0
    for index, path in enumerate(paths, 1):
        t0 = clock()
        with open(path, "rb") as stream:
            data = stream.read()
        t1 = clock()
        item = batch.Input(index, str(path), path=str(path))
        try:
            case = parse_case_file(data, item.source)
        except PingchaError as exc:
            t2 = clock()
            record = batch.casefile_error_record(item, exc)
            line = batch.dump_line(record)
            t6 = clock()
            sink.write(line + "\n")
            sink.flush()
            t7 = clock()
            totals["read"] += t1 - t0
            totals["parse"] += t2 - t1
            totals["render"] += t6 - t2
            totals["write"] += t7 - t6
            continue
        t2 = clock()
        rulebook = rulebooks.for_domain(case.agency.domain)
        ctx, origin = build_context(case, rulebook, AS_OF, calendar)
        t3 = clock()
        outcomes = apply_rules(rulebook, case.case_type, ctx, origin)
        t4 = clock()
        graded = score([f.rule for f in outcomes.findings], rulebook.scoring)
        t5 = clock()
        result = CaseResult(
            case.case_id,
            item.source,
            AS_OF,
            rulebook,
            outcomes.findings,
            outcomes.undetermined,
            outcomes.passed,
            outcomes.not_applicable,
            graded,
            rulebook.unconfirmed_for(case.case_type),
        )
        line = batch.ok_output(item, case, result)[0]
        t6 = clock()
        sink.write(line + "\n")
        sink.flush()
        t7 = clock()
        scored += 1
        for stage, (start, end) in zip(STAGES, ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t6, t7))):
            totals[stage] += end - start
    totals["scored"] = scored
    return totals


def measure(count: int = 5000, seed: int = 2026, malformed: float = 0.05, repeats: int = 3) -> dict[str, Any]:
    """Mean microseconds per input for each stage (median of `repeats` passes over the same files)."""
    with tempfile.TemporaryDirectory(prefix="pingcha-stages-") as tmp:
        paths = _cases(Path(tmp) / "corpus", count, seed, malformed)
        rulebooks = RulebookCache(RulebookCache.AUTO)
        calendar = WorkCalendar()
        passes = []
        with open(Path(tmp) / "out.jsonl", "w", encoding="utf-8", newline="\n") as sink:
            _one_pass(paths[: min(200, len(paths))], sink, rulebooks, calendar)  # load rulebooks, warm caches
            before = gc.get_threshold()
            gc.set_threshold(*batch.GC_THRESHOLDS)  # as pingcha batch sets it while scoring
            try:
                for _ in range(repeats):
                    sink.seek(0)
                    sink.truncate()
                    gc.collect()
                    passes.append(_one_pass(paths, sink, rulebooks, calendar))
            finally:
                gc.set_threshold(*before)
    per_input = {stage: statistics.median(p[stage] for p in passes) / count / 1000 for stage in STAGES}
    total = sum(per_input.values())
    return {
        "inputs": count,
        "malformed": round(count * malformed),
        "repeats": repeats,
        "us_per_input": {stage: round(v, 1) for stage, v in per_input.items()},
        "us_per_input_total": round(total, 1),
        "inputs_per_second": round(1e6 / total),
        "share": {stage: round(v / total, 3) for stage, v in per_input.items()},
        "pid": os.getpid(),
    }


def table(result: dict[str, Any]) -> Iterator[str]:
    yield f"{'stage':10} {'µs/input':>9} {'share':>6}"
    for stage in STAGES:
        yield f"{stage:10} {result['us_per_input'][stage]:9.1f} {100 * result['share'][stage]:5.1f}%"
    yield f"{'total':10} {result['us_per_input_total']:9.1f}  → {result['inputs_per_second']:,} inputs/s on one core"
