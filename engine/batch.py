"""Score many case files: stream the inputs, score them on every core, write one JSONL line per input.

Inputs are directories (every *.json below, in sorted order), globs, case files, JSONL files (one
case per line), `path.jsonl:N` (line N of a JSONL file), and `-` for standard input (JSONL cases, or
a list of the inputs above, one per line). They are read lazily, so memory stays flat however many
there are; a bounded window of work is in flight at any time.

Each input gives exactly one output line, in input order whatever the number of jobs: a result
(`"status": "ok"`) or an error record (`"status": "error"`) naming the file, the JSONL line, the JSON
path and the message. A malformed, unreadable or oversized input is an error record, never the end
of the run.

Output to a file is written to `OUT.partial` chunk by chunk (each flushed as it is done) and renamed
to OUT when the run ends, so OUT is never half-written. An interrupted run leaves `OUT.partial`; `resume=True` keeps its complete
lines, checks that they are the same inputs in the same order under the same settings, and scores
only what is left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import glob
import hashlib
import itertools
import json
import multiprocessing
import os
import stat
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, Protocol

from . import __version__, crossfile, fastdecode
from .casefile import NOT_REGULAR, CaseFile, read_case_bytes, refuse_draft
from .draws import DrawTally
from .errors import (
    CaseFileError,
    DraftError,
    InputFileError,
    OutputError,
    PingchaError,
    RulebookError,
    StageError,
    os_reason,
)
from .evaluate import CaseResult, evaluate_case
from .judgements.merge import merge as merge_judgements
from .judgements.record import JudgementError, folder_digest, read_folder
from .render import compact_json, result_to_dict, result_to_json
from .rulebook import RulebookCache
from .scoring import DEFINITE, PROVISIONAL, TO_VERIFY
from .workcal import WorkCalendar

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Inputs per task sent to a worker. Each task costs the parent ≈ 0.8 ms of its own (pickling, the
# executor's threads): at 32 inputs a task the parent took 64–76 µs an input, at 128 44–48 (issue 21).
CHUNK = 128
SMALL_RUN = 1000  # fewer inputs than this are scored in this process: starting workers costs more
# Scoring allocates a great many short-lived objects and makes almost no reference cycles: the cyclic
# garbage collector's default (a young collection every 700 allocations, full ones that walk the loaded
# engine, pydantic's validators and the rulebooks) costs ~5% of a case for nothing. Set while scoring.
GC_THRESHOLDS = (20_000, 20, 20)
GLOB_CHARS = set("*?[")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class BatchError(StageError):
    """The run itself cannot go on (a resume that does not match, an unreadable list of inputs)."""

    stage = "batch"


@dataclass(frozen=True)
class Input:
    """One input: a file for the worker to read, or bytes already read (a JSONL line), or an error."""

    index: int
    file: str
    line: int | None = None
    path: str | None = None
    data: bytes | None = None
    error: tuple[str, str] | None = None  # (code, message) found while reading
    problems: tuple[dict[str, Any], ...] = ()  # with an error: each problem (a workbook case's cells)

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def identity(self) -> tuple[str, int | None]:
        return (self.file, self.line)


@dataclass(frozen=True)
class Settings:
    """What a result depends on besides the input: recorded with a partial run, checked on resume."""

    as_of: dt.date
    rulebook: str = RulebookCache.AUTO
    calendar: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    judgements: str | None = None  # the folder of the panel's records (engine.judgements)

    def to_dict(self) -> dict[str, Any]:
        settings = {
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "calendar": self.calendar,
            "max_bytes": self.max_bytes,
        }
        return settings | ({"judgements": self.judgements} if self.judgements else {})


# ---------------------------------------------------------------------------------------------
# Reading the inputs


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def _is_workbook(path: str) -> bool:
    return path.lower().endswith(WORKBOOK_SUFFIXES)


def _walk(folder: str, ancestors: frozenset[tuple[int, int]] = frozenset()) -> Iterator[tuple[str, str | None]]:
    """(path, None) for every *.json file below folder, depth first, each directory's entries in sorted
    order, linked folders followed; (path, why) for what cannot be walked or read: a folder that cannot be
    listed or that contains itself through a symbolic link, a *.json that is not a regular file (a pipe
    would hang the reader). A regular file costs no system call (the directory entry says what it is)."""
    try:
        here = os.stat(folder)
        if (here.st_dev, here.st_ino) in ancestors:
            yield folder, LOOP
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"无法读取文件夹：{os_reason(exc)}"
        return
    ancestors |= {(here.st_dev, here.st_ino)}
    for entry in entries:
        is_json = entry.name.lower().endswith(".json")
        if entry.is_file(follow_symlinks=False):
            if is_json:
                yield entry.path, None
        elif _is_folder(entry):
            yield from _walk(entry.path, ancestors)
        elif is_json:  # a link (to a file, or broken, or looping), a pipe, a device
            yield entry.path, _unusable(entry.path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symbolic link, as a user expects of a linked folder
    except OSError:
        return False  # a looping link: an error record if it is named *.json


LOOP = "符号链接循环：该文件夹是它自己的上级文件夹，已跳过"


class _Lines(Protocol):
    def readline(self, limit: int = -1, /) -> bytes: ...


def _jsonl_lines(stream: _Lines, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each non-blank line; bytes None when the line is longer than max_bytes."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                raw = stream.readline(1024 * 1024)
            yield number, None
            continue
        if raw.strip():
            yield number, raw


class InputReader:
    """Expands input specs into Inputs, numbered from 1 in order; reads JSONL and stdin lazily."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, stdin: IO[bytes] | None = None) -> None:
        self.max_bytes = max_bytes
        self.stdin = stdin
        self._count = 0
        self._offsets: dict[str, list[int]] = {}

    def _next(self, file: str, **kwargs: Any) -> Input:
        self._count += 1
        return Input(self._count, file, **kwargs)

    def read(self, specs: Iterable[str]) -> Iterator[Input]:
        for spec in specs:
            yield from self._spec(spec)

    def _spec(self, spec: str) -> Iterator[Input]:
        if spec == "-":
            yield from self._stdin()
        elif os.path.isdir(spec):
            for path, why in _walk(spec):
                yield self._file(path) if why is None else self._next(path, error=("unreadable", why))
        elif os.path.isfile(spec):
            yield from (
                self._jsonl(spec)
                if _is_jsonl(spec)
                else self._workbook(spec)
                if _is_workbook(spec)
                else [self._file(spec)]
            )
        elif GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield self._next(spec, error=("no-match", "没有与该模式匹配的文件"))
            for match in matches:
                yield from self._spec(match)
        elif (ref := _jsonl_ref(spec)) is not None:
            yield self._jsonl_line(*ref, spec)
        elif os.path.lexists(spec) and (why := _unusable(spec)) is not None:  # a pipe, a device, a bad link
            yield self._next(spec, error=("unreadable", why))
        else:
            yield self._next(spec, error=("not-found", "文件或文件夹不存在"))

    def _file(self, path: str) -> Input:
        return self._next(path, path=path)  # read, and its size checked, by the process that scores it

    def _workbook(self, path: str) -> Iterator[Input]:
        """A case workbook (engine.intake): an input per case, its line the case's row on the 案卷 sheet."""
        from .intake import workbook_inputs

        for line, error, problems, data in workbook_inputs(path):
            yield self._next(path, line=line, error=error, problems=problems, data=data)

    def _jsonl(self, path: str) -> Iterator[Input]:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below; the generator may be left early
        except OSError as exc:
            yield self._next(path, error=("unreadable", os_reason(exc)))
            return
        with stream:
            yield from self._lines(path, stream)

    def _lines(self, file: str, stream: _Lines) -> Iterator[Input]:
        for number, data in _jsonl_lines(stream, self.max_bytes):
            if data is None:
                yield self._next(file, line=number, error=("too-large", f"该行超过上限 {self.max_bytes} 字节"))
            else:
                yield self._next(file, line=number, data=data)

    def _stdin(self) -> Iterator[Input]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        first = b""
        while not first.strip():
            first = stream.readline(self.max_bytes + 1)
            if not first:
                return
        first = first.removeprefix(BOM)  # Windows tools begin a UTF-8 text with one
        if _is_json_line(first):  # JSONL cases
            lines = _chain_first(first, stream)
            yield from self._lines("<stdin>", lines)
        else:  # a list of inputs, one per line
            for raw in _iter_lines(first, stream):
                text = raw.decode("utf-8", errors="replace").strip()
                if text:
                    yield from self._spec(text)

    def _jsonl_line(self, path: str, number: int, spec: str) -> Input:
        """Line `number` of a JSONL file (a line index is built once per file)."""
        if path not in self._offsets:
            offsets = [0]  # offsets[k - 1] is where line k starts
            with open(path, "rb") as stream:
                for raw in stream:
                    offsets.append(offsets[-1] + len(raw))
            self._offsets[path] = offsets
        offsets = self._offsets[path]
        if not 1 <= number < len(offsets):
            return self._next(path, line=number, error=("unreadable", "JSONL 文件没有这一行"))
        with open(path, "rb") as stream:
            stream.seek(offsets[number - 1])
            lines = list(_jsonl_lines(_OneLine(stream.readline(self.max_bytes + 1)), self.max_bytes))
        if not lines:
            return self._next(path, line=number, error=("unreadable", "该行为空"))
        data = lines[0][1]
        if data is None:
            return self._next(path, line=number, error=("too-large", f"该行超过上限 {self.max_bytes} 字节"))
        return self._next(path, line=number, data=data)


class _OneLine:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def readline(self, limit: int = -1, /) -> bytes:
        data, self.data = self.data, b""
        return data


class _Chained:
    """A stream whose first line was already read."""

    def __init__(self, first: bytes, rest: IO[bytes]) -> None:
        self.first: bytes | None = first
        self.rest = rest

    def readline(self, limit: int = -1, /) -> bytes:
        if self.first is not None:
            first, self.first = self.first, None
            return first
        return self.rest.readline(limit)


def _chain_first(first: bytes, rest: IO[bytes]) -> _Chained:
    return _Chained(first, rest)


def _iter_lines(first: bytes, rest: IO[bytes]) -> Iterator[bytes]:
    yield first
    yield from iter(rest.readline, b"")


BOM = b"\xef\xbb\xbf"


def _is_json_line(line: bytes) -> bool:
    """Whether standard input's first line is a JSON value (then every line is a case: one that is not an
    object becomes an error record) rather than the first of a list of inputs. A path that exists is a path,
    even one named `42`."""
    text = line.strip()
    if text.startswith((b"{", b"[", b'"')):
        return True
    if os.path.lexists(text):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _unusable(path: str) -> str | None:
    """Why a path cannot be read as a case file (a pipe, a device, a broken or looping link); None for a
    regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return os_reason(exc)
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def _jsonl_ref(spec: str) -> tuple[str, int] | None:
    path, sep, number = spec.rpartition(":")
    if sep and number.isdigit() and _is_jsonl(path) and os.path.isfile(path):
        return path, int(number)
    return None


def read_list(path: Path) -> Iterator[str]:
    """The input specs listed in a file, one per line (as `--files-from` takes them)."""
    try:
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield line.strip()
    except OSError as exc:
        raise BatchError(f"{path}: 无法读取输入清单：{os_reason(exc)}") from None


# ---------------------------------------------------------------------------------------------
# Scoring one input (in a worker process, or in this one with jobs=1)

_STATE: dict[str, Any] = {}


def _init_worker(settings: Settings) -> None:
    calendar = WorkCalendar.from_file(Path(settings.calendar)) if settings.calendar else WorkCalendar()
    _STATE.update(rulebooks=RulebookCache(settings.rulebook), calendar=calendar, as_of=settings.as_of)
    _STATE["judgements"] = read_folder(Path(settings.judgements)) if settings.judgements else None


def case_summary(case: CaseFile) -> dict[str, Any]:
    """What a report groups and lists by, beside the result: agency, item, discretion, fine; and under
    `crossfile` the few fields the checks across files read (engine.crossfile.summarize)."""
    penalty = case if case.case_type == "行政处罚" else None  # inspections, executions: no item, no decision
    decision = penalty.decision if penalty else None
    discretion = decision.discretion if decision else None
    return {
        "case_id": case.case_id,
        "case_type": case.case_type,
        "procedure": penalty.procedure if penalty else None,
        "agency": {
            "name": case.agency.name,
            "level": case.agency.level,
            "domain": case.agency.domain,
            "region": case.agency.region,
        },
        "party_kind": case.party.kind,
        "item_code": penalty.violation.item_code if penalty else None,
        "violation": penalty.violation.description if penalty else None,
        "decision_date": decision.date.isoformat() if decision and decision.date else None,
        "outcome": decision.outcome if decision else None,
        "fine": decision.fine if decision and "罚款" in (decision.kinds or ()) else None,
        "discretion_level": discretion.level if discretion else None,
        "discretion_band": discretion.band if discretion else None,
        "discretion_reasons": discretion.reasons if discretion else None,
        "reasoning": decision.reasoning if decision else None,
        "crossfile": crossfile.summarize(case),
    }


def _error_record(item: Input, code: str, message: str, problems: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "index": item.index,
        "file": item.file,
        "line": item.line,
        "status": "error",
        "error": code,
        "json_path": problems[0]["json_path"] if problems else None,
        "message": message,
        "problems": problems,
    }


def casefile_error_record(item: Input, exc: CaseFileError) -> dict[str, Any]:
    """The error record of an input that is not a valid case file (or gives dates after the review date):
    every problem with its JSON path."""
    problems = [p.to_dict() for p in exc.problems]
    first = ""
    if problems:
        line = problems[0]["line"]
        first = f"：{problems[0]['json_path']}" + (f"（第 {line} 行）" if line else "") + f"：{problems[0]['message']}"
    return _error_record(item, exc.code, f"{exc.headline()}{first}", problems)


def ok_record(item: Input, case: CaseFile, document: dict[str, Any]) -> dict[str, Any]:
    """The output record of a scored input: the case's summary and its result document."""
    return {
        "index": item.index,
        "file": item.file,
        "line": item.line,
        "status": "ok",
        "case": case_summary(case),
        "result": document,
    }


# What a worker returns for one input: the output line, the summary tag, and the case's cross-file
# summary (engine.crossfile), so that the parent process never parses a line again.
Scored = tuple[str, str, dict[str, Any] | None]


def ok_output(item: Input, case: CaseFile, result: CaseResult) -> Scored:
    """A scored input's line (`dump_line(ok_record(...))` byte for byte, the result part encoded by
    engine.render.result_to_json), its summary tag and its cross-file summary."""
    summary = case_summary(case)
    line = "".join(
        [
            '{"case":',
            compact_json(summary),
            ',"file":',
            encode_basestring(item.file),
            ',"index":',
            str(item.index),
            ',"line":',
            "null" if item.line is None else str(item.line),
            ',"result":',
            result_to_json(result),
            ',"status":"ok"}',
        ]
    )
    score = result.score
    return line, f"ok:{'不合格卷' if score.vetoed else score.grade}:{score.status}", summary["crossfile"]


def judged_output(item: Input, case: CaseFile, result: CaseResult) -> Scored:
    """A scored input's line with the panel's judgements of its case merged in (engine.judgements.merge);
    an error record when its record does not fit the case's profile."""
    summary = case_summary(case)
    try:
        document, _ = merge_judgements(
            result_to_dict(result), summary, _STATE["judgements"].get(case.case_id), result.rulebook
        )
    except JudgementError as exc:
        return _error_output(_error_record(item, "judgements", str(exc), []))
    record = ok_record(item, case, document)
    return dump_line(record), _tag(record), summary["crossfile"]


def _error_output(record: dict[str, Any]) -> Scored:
    return dump_line(record), _tag(record), None


def score_input(item: Input) -> Scored:
    """One input's output line (its result, or an error record), summary tag and cross-file summary.
    Never raises for a bad input."""
    if item.error is not None:
        return _error_output(_error_record(item, item.error[0], item.error[1], list(item.problems)))
    try:
        data = item.data
        if data is None:
            assert item.path is not None
            limit = _STATE.get("max_bytes", DEFAULT_MAX_BYTES)
            data = read_case_bytes(item.path, limit)
            if len(data) > limit:
                size = os.stat(item.path).st_size
                return _error_output(_error_record(item, "too-large", f"文件 {size} 字节，超过上限 {limit} 字节", []))
        case = refuse_draft(fastdecode.parse_case_file(data, item.source, _STATE["as_of"]), item.source)
    except InputFileError as exc:
        return _error_output(_error_record(item, "unreadable", exc.reason, []))
    except DraftError as exc:
        return _error_output({**_error_record(item, exc.stage, exc.message, []), "json_path": exc.json_path})
    except CaseFileError as exc:
        return _error_output(casefile_error_record(item, exc))
    try:
        rulebook = _STATE["rulebooks"].for_domain(case.agency.domain)
    except RulebookError as exc:  # the run cannot go on: every case of this domain would fail the same way
        raise BatchError(f"规则集无法加载（执法领域 {case.agency.domain}）：{exc}") from None
    try:
        result = evaluate_case(case, rulebook, _STATE["as_of"], _STATE["calendar"], item.source)
        if _STATE.get("judgements") is not None:
            return judged_output(item, case, result)
        return ok_output(item, case, result)
    except Exception as exc:  # noqa: BLE001 - a bug must not stop a run over a million files: record it loudly
        trace = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return _error_output(_error_record(item, "internal", f"内部错误（请报告）：{trace}", []))


def _tag(record: dict[str, Any]) -> str:
    """What the summary counts of a record ("ok:<grade>:<grade status>" or "error:<kind>"), so that the parent
    process never parses a line again."""
    if record["status"] != "ok":
        return f"error:{record['error']}"
    score = record["result"]["score"]
    tag = f"ok:{'不合格卷' if score['vetoed'] else score['grade']}:{score.get('grade_status', DEFINITE)}"
    judged = record["result"].get("judgements")
    if judged is None:
        return tag
    return f"{tag}:{PANEL_NONE if judged['file'] is None else PANEL_PENDING if judged['pending'] else PANEL_DONE}"


def _score_one(item: Input) -> Scored:
    return score_input(item)


# What a worker returns for a chunk of inputs: their lines as UTF-8, each ending in a newline (the
# parent writes them as they are, one write per chunk), one summary tag per input, and the inputs'
# cross-file summaries when the run checks across files (else None: nothing more to pickle).
Block = tuple[bytes, list[str], list[dict[str, Any] | None] | None]


def _score_chunk(chunk: list[Input], links: bool = True) -> Block:
    if "init_error" in _STATE:
        raise BatchError(_STATE["init_error"])
    lines: list[str] = []
    tags: list[str] = []
    found: list[dict[str, Any] | None] = []
    for item in chunk:
        line, tag, link = _score_one(item)
        lines.append(line)
        tags.append(tag)
        found.append(link)
    lines.append("")
    return "\n".join(lines).encode("utf-8"), tags, found if links else None


def dump_line(record: dict[str, Any]) -> str:
    return compact_json(record)


def _chunks(items: Iterable[Input], size: int) -> Iterator[list[Input]]:
    chunk: list[Input] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def score_stream(items: Iterable[Input], settings: Settings, jobs: int) -> Iterator[tuple[Input, Scored]]:
    """(input, (output line, summary tag, cross-file summary)) for each input, in input order; jobs > 1
    scores in worker processes, a bounded window of chunks at a time."""
    for chunk, (block, tags, links) in score_blocks(items, settings, jobs):
        lines = block.decode("utf-8").split("\n")
        assert links is not None
        yield from zip(chunk, zip(lines, tags, links, strict=False), strict=True)


def score_blocks(
    items: Iterable[Input], settings: Settings, jobs: int, links: bool = True
) -> Iterator[tuple[list[Input], Block]]:
    """(inputs, their lines, tags and cross-file summaries) chunk by chunk, in input order; jobs > 1
    scores in worker processes, a bounded window of chunks at a time."""
    if jobs > 1 and SMALL_RUN:
        head = list(itertools.islice(items, SMALL_RUN))
        jobs = jobs if len(head) == SMALL_RUN else 1
        items = itertools.chain(head, items)
    if jobs <= 1:
        _init_worker(settings)
        _STATE["max_bytes"] = settings.max_bytes
        before = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            for chunk in _chunks(items, CHUNK):
                yield chunk, _score_chunk(chunk, links)
        finally:
            gc.set_threshold(*before)  # this process may go on to do other things (tests, a library caller)
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":  # import the engine once in the server, not once per worker (by this
        context.set_forkserver_preload([__name__])  # module's own name: pingcha.batch when installed)
    window = jobs * 4
    # concurrent.futures rather than multiprocessing.Pool: Pool's worker-handler thread also waits on
    # the result pipe, so while a result is being read it spins (tens of thousands of wake-ups per run,
    # a third of a core, fighting the reader for the GIL); and a killed worker hangs a Pool for ever
    # where it breaks an executor with an error.
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_pool, initargs=(settings,))
    try:
        pending: deque[tuple[list[Input], Future[Block]]] = deque()
        for chunk in _chunks(items, CHUNK):
            pending.append((chunk, executor.submit(_score_chunk, chunk, links)))
            while len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BrokenProcessPool:
        raise BatchError(
            "评分进程意外退出（被终止或内存不足），运行中止；用 -o 输出的，已完成的结果保留在 OUT.partial，"
            "可用 --resume 接着评分"
        ) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _init_pool(settings: Settings) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        _init_worker(settings)
    except PingchaError as exc:  # raised from the first chunk instead, with its message (the executor
        # would only say that it is broken)
        _STATE["init_error"] = str(exc)
    _STATE["max_bytes"] = settings.max_bytes


# ---------------------------------------------------------------------------------------------
# Output: atomic, resumable


@dataclass
class Summary:
    inputs: int = 0
    results: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    sureness: Counter[str] = field(default_factory=Counter)  # grade status: 确定, 暂定, 待核实
    panel: Counter[str] = field(default_factory=Counter)  # with --judgements: how far each file was judged
    judged: bool = False  # whether the panel's records were given (--judgements)
    resumed: int = 0
    seconds: float = 0.0
    draws: DrawTally = field(default_factory=DrawTally)  # inspections drawn by 双随机, by agency (issue 19)

    def add(self, line: str) -> None:
        record = json.loads(line)
        self.count(_tag(record))
        self.draws.add(record.get("case", {}).get("crossfile"))

    def count(self, tag: str) -> None:
        self.inputs += 1
        status, _, what = tag.partition(":")
        if status == "ok":
            grade, _, sureness = what.partition(":")
            sureness, _, panel = sureness.partition(":")
            self.results += 1
            self.grades[grade] += 1
            self.sureness[sureness] += 1
            if panel:
                self.panel[panel] += 1
        else:
            self.errors[what] += 1

    def text(self) -> str:
        errors = sum(self.errors.values())
        kinds = "，".join(f"{ERROR_LABELS.get(k, k)} {n}" for k, n in sorted(self.errors.items()))
        grades = "，".join(f"{g} {n}" for g, n in sorted(self.grades.items(), key=lambda kv: GRADE_ORDER.get(kv[0], 9)))
        lines = [
            f"输入 {self.inputs} 件：评分 {self.results} 件，错误 {errors} 件" + (f"（{kinds}）" if kinds else ""),
        ]
        if grades:
            unsure = "、".join(f"{s} {self.sureness[s]} 件" for s in (PROVISIONAL, TO_VERIFY) if self.sureness[s])
            lines.append(f"等次：{grades}" + (f"（其中等次{unsure}，有无法判定项）" if unsure else ""))
        if self.panel:
            judged = "，".join(f"{state} {self.panel[state]} 件" for state in PANEL_STATES if self.panel[state])
            lines.append(f"人工评查：{judged}（未评完或无评查记录的，等次暂定或待核实）")
        elif self.results and not self.judged:
            lines.append(
                "人工评查：未进行（未给出 --judgements）；等次仅为机器评查结果，主体、事实、证据等实体项目未经评定"
            )
        lines += self.draws.text()
        if self.resumed:
            lines.append(f"续跑：沿用上次已完成的 {self.resumed} 件，未重新评分")
        if self.seconds:
            scored = self.inputs - self.resumed
            lines.append(f"用时 {self.seconds:.1f} 秒（{scored / self.seconds:.0f} 件/秒）")
        if self.nothing_found():
            lines.append(
                "警告：没有找到任何案卷（路径不存在、通配符没有匹配，或文件夹中没有 *.json），请检查输入的路径"
            )
        return "\n".join(lines)

    def nothing_found(self) -> bool:
        """No input named exists: a mistyped path, not a run whose inputs happen to be bad."""
        return self.inputs == self.errors["not-found"] + self.errors["no-match"]


ERROR_LABELS = {
    "casefile": "格式错误",
    "draft": "决定草案（用 pingcha review 审核）",
    "future-date": "日期晚于评查基准日",
    "too-large": "文件过大",
    "unreadable": "无法读取",
    "not-found": "不存在",
    "no-match": "无匹配文件",
    "internal": "内部错误",
    "judgements": "人工评查记录与规则集不符",
}
PANEL_DONE, PANEL_PENDING, PANEL_NONE = "已全部评定", "未评完", "无评查记录"
PANEL_STATES = (PANEL_DONE, PANEL_PENDING, PANEL_NONE)
GRADE_ORDER = {"优秀": 0, "良好": 1, "合格": 2, "不合格": 3, "不合格卷": 4}


def partial_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.name + ".partial"), out.with_name(out.name + ".partial.json")


@dataclass
class _Partial:
    """What an interrupted run left: the identities of its complete lines, the bytes they take, and the
    rulebook each domain's cases were scored with (domain → rulebook name, content hash, line number)."""

    done: list[tuple[str, int | None]] = field(default_factory=list)
    length: int = 0
    rulebooks: dict[str, tuple[str, str, int]] = field(default_factory=dict)


def _read_partial(partial: Path) -> _Partial:
    found = _Partial()
    with partial.open("rb") as stream:
        for raw in stream:
            if not raw.endswith(b"\n"):
                break  # torn last line: score that input again
            try:
                record = json.loads(raw)
                identity = (record["file"], record["line"])
                if record["status"] == "ok":
                    used = record["result"]["rulebook"]
                    domain = record["case"]["agency"]["domain"]
                    found.rulebooks.setdefault(domain, (used["name"], used["content_hash"], len(found.done) + 1))
            except (ValueError, KeyError, TypeError):
                break
            if record.get("index") != len(found.done) + 1:
                break
            found.done.append(identity)
            found.length += len(raw)
    return found


def run_meta(settings: Settings) -> dict[str, Any]:
    """What a run's lines depend on besides its inputs and rulebooks: written beside OUT.partial, compared
    on resume (the rulebooks are compared by the content hash each line records)."""
    return {
        "pingcha_batch_partial": 1,
        "pingcha": __version__,
        "settings": settings.to_dict(),
        "calendar_sha256": _sha256(settings.calendar),
    } | ({"judgements_sha256": folder_digest(Path(settings.judgements))} if settings.judgements else {})


def _sha256(path: str | None) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
    except OSError:
        return None  # the run has read it already; a file gone since is a different calendar anyway


SETTING_LABELS = {
    "pingcha": "pingcha 版本",
    "as_of": "评查基准日（--as-of）",
    "rulebook": "规则集（--rulebook）",
    "calendar": "节假日历文件（--calendar）",
    "calendar_sha256": "节假日历内容",
    "max_bytes": "单件大小上限（--max-bytes）",
    "judgements": "人工评查记录（--judgements）",
    "judgements_sha256": "人工评查记录内容",
}


def _differences(recorded: dict[str, Any] | None, meta: dict[str, Any]) -> str:
    """The settings that differ, `label 上次 → 本次`, for the message that refuses a resume."""
    if not isinstance(recorded, dict) or recorded.get("pingcha_batch_partial") != meta["pingcha_batch_partial"]:
        return "上次的设置没有记录或无法识别"

    def flat(m: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in m.items() if k != "settings"}, **(m.get("settings") or {})}

    old, new = flat(recorded), flat(meta)
    changed = [
        f"{SETTING_LABELS.get(k, k)} {_shown(old.get(k))} → {_shown(new.get(k))}" for k in new if old.get(k) != new[k]
    ]
    return "；".join(changed) or "上次的设置无法识别"


def _shown(value: Any) -> str:
    if value is None:
        return "未给出"
    return value[:12] if isinstance(value, str) and len(value) == 64 else str(value)  # a hash: its head


def _resume(out: Path, settings: Settings) -> list[tuple[str, int | None]]:
    """The identities of the lines OUT.partial keeps, once it is shown to be the same run: same settings,
    same rulebook contents. Its torn tail is cut off."""
    partial, meta_path = partial_paths(out)
    try:
        recorded = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if recorded != run_meta(settings):
        raise BatchError(
            f"{partial}: 上次中断的运行与本次设置不同（{_differences(recorded, run_meta(settings))}），不能续跑；"
            "去掉 --resume 重新评分"
        )
    found = _read_partial(partial)
    _check_rulebooks(found.rulebooks, settings.rulebook, partial)
    with partial.open("r+b") as stream:
        stream.truncate(found.length)
    return found.done


def _check_rulebooks(used: dict[str, tuple[str, str, int]], choice: str, partial: Path) -> None:
    """Refuse a resume whose rulebook files changed since: the output would mix two rulebook versions."""
    if not used:
        return
    rulebooks = RulebookCache(choice)
    for domain, (name, recorded, line) in sorted(used.items()):
        current = rulebooks.for_domain(domain)
        if current.content_hash != recorded:
            raise BatchError(
                f"{partial}: 第 {line} 行按规则集 {name}（内容哈希 {recorded[:12]}）评分，现在的规则集 "
                f"{current.name}（内容哈希 {current.content_hash[:12]}）内容已改变，续跑会在同一结果中混用两版规则集，"
                "不能续跑；去掉 --resume 重新评分"
            )


def _start_partial(out: Path, settings: Settings) -> None:
    partial, meta_path = partial_paths(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta_path.write_text(json.dumps(run_meta(settings), ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    partial.write_bytes(b"")


def _write_failed(path: Path, exc: OSError, kept: bool) -> OutputError:
    after = f"；已完成的结果保留在 {path}，处理后可用 --resume 接着评分" if kept else ""
    return OutputError(f"{path}: 写入失败：{os_reason(exc)}{after}")


class Progress:
    """A bar on a terminal; otherwise a quiet line every `every` inputs (for CI logs and pipes)."""

    def __init__(self, stream: IO[str] | None, total: int | None, tty: bool, every: int = 1000) -> None:
        self.stream = stream
        self.total = total
        self.tty = tty
        self.every = every
        self.start = time.monotonic()
        self.last = 0.0
        self.count = 0
        self.errors = 0

    def step(self, is_error: bool) -> None:
        self.count += 1
        self.errors += is_error
        if self.stream is None:
            return
        if self.tty:
            now = time.monotonic()
            if now - self.last >= 0.1 or self.count == self.total:
                self.last = now
                self.stream.write("\r" + self._bar(now))
                self.stream.flush()
        elif self.count % self.every == 0:
            self.stream.write(f"pingcha batch: {self.count} 件已处理，错误 {self.errors} 件\n")
            self.stream.flush()

    def _bar(self, now: float) -> str:
        rate = self.count / max(now - self.start, 1e-9)
        tail = f" {self.count}" + (f"/{self.total}" if self.total else "") + f"  {rate:.0f} 件/秒  错误 {self.errors}"
        if not self.total:
            return "评分中" + tail
        filled = int(30 * self.count / self.total)
        return f"[{'█' * filled}{'░' * (30 - filled)}] {100 * self.count // self.total:3d}%" + tail

    def close(self) -> None:
        if self.stream is not None and self.tty and self.count:
            self.stream.write("\n")
            self.stream.flush()


def count_inputs(specs: list[str], max_bytes: int) -> int | None:
    """How many inputs the specs name (for the progress bar), or None when one of them is stdin."""
    if "-" in specs:
        return None
    return sum(1 for _ in InputReader(max_bytes).read(specs))


def run(
    specs: Iterable[str],
    settings: Settings,
    out: Path | None,
    jobs: int,
    resume: bool = False,
    stdout: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
    on_line: Callable[[str], None] | None = None,
    crosscheck: crossfile.CrossCheck | None = None,
) -> Summary:
    """Score every input; write the lines to `out` (atomically) or to `stdout`; return the counts.
    With `crosscheck`, every case's cross-file summary (resumed lines included) is added to it."""
    started = time.monotonic()
    summary = Summary(judged=settings.judgements is not None)
    items: Iterator[Input] = InputReader(settings.max_bytes, stdin).read(specs)
    text_sink: IO[str] | None = None
    sink: IO[bytes] | None = None
    done: list[tuple[str, int | None]] = []
    if out is None:
        text_sink = stdout if stdout is not None else sys.stdout
    else:
        partial, meta_path = partial_paths(out)
        resuming = resume and partial.exists()
        try:
            if resuming:
                done = _resume(out, settings)
            else:
                _start_partial(out, settings)
            sink = partial.open("ab")
        except OSError as exc:
            raise _write_failed(partial, exc, kept=resuming) from None

    def write(data: bytes) -> None:
        if sink is not None:
            try:
                sink.write(data)
                sink.flush()  # a finished chunk survives a crash of this process
            except OSError as exc:  # a full disk: what is done stays in OUT.partial, for --resume
                raise _write_failed(partial, exc, kept=True) from None
        else:
            assert text_sink is not None
            text_sink.write(data.decode("utf-8"))

    try:
        if done:
            items = _skip_done(items, done, out)
            with partial.open(encoding="utf-8") as previous:
                for line in previous:
                    summary.add(line)
                    if crosscheck is not None:
                        crosscheck.add_record(json.loads(line))
            summary.resumed = len(done)
        for chunk, (block, tags, links) in score_blocks(items, settings, jobs, links=crosscheck is not None):
            if on_line is None:
                write(block)
                lines: list[bytes] | None = None
            else:  # line by line: what on_line sees is already written
                lines = block.splitlines(keepends=True)
            for number, (item, tag) in enumerate(zip(chunk, tags, strict=True)):
                if crosscheck is not None:
                    assert links is not None
                    crosscheck.add(links[number], item.source)
                    summary.draws.add(links[number])
                summary.count(tag)
                if lines is not None and on_line is not None:
                    write(lines[number])
                    on_line(lines[number].decode("utf-8").rstrip("\n"))
                if progress is not None:
                    progress.step(tag.startswith("error:"))
    finally:
        if progress is not None:
            progress.close()
        if sink is not None:
            with contextlib.suppress(OSError):  # every chunk was flushed, or its failure is being reported
                sink.close()
    if out is not None:
        try:
            with partial.open("rb") as finished:
                os.fsync(finished.fileno())
            os.replace(partial, out)
        except OSError as exc:
            raise _write_failed(partial, exc, kept=True) from None
        meta_path.unlink(missing_ok=True)
    summary.seconds = time.monotonic() - started
    return summary


def _skip_done(items: Iterator[Input], done: list[tuple[str, int | None]], out: Path | None) -> Iterator[Input]:
    for number, expected in enumerate(done, 1):
        item = next(items, None)
        if item is None or item.identity() != expected:
            found = "没有更多输入" if item is None else item.source
            raise BatchError(
                f"{out}: 输入与上次中断的运行不一致（第 {number} 项应为 {expected[0]}，现为 {found}），"
                "不能续跑；去掉 --resume 重新评分"
            )
    yield from items
