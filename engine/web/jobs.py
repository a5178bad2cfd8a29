"""Batch jobs of the workbench: a folder (zip) of case files or an intake workbook, scored by `pingcha batch`
in a worker thread, then the report (`pingcha report`: HTML, XLSX 整改台账, DOCX 通报) kept in memory for
download. The upload lives in a temporary folder that is removed as soon as the batch has run."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import batch as batching
from .. import report as reporting
from ..bulletin import to_docx
from ..errors import InputFileError, PingchaError
from .limits import LOG

KEPT_JOBS = 20  # finished jobs kept for download; the oldest is dropped beyond
REPORT_TITLE = "行政执法案卷评查报告"
OUTPUTS = {
    "report.html": "text/html; charset=utf-8",
    "report.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "report.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class _Counter(batching.Progress):
    """batch's progress, counted for the page instead of written to a terminal."""

    def __init__(self) -> None:
        super().__init__(None, None, tty=False)


@dataclass
class Job:
    id: str
    name: str
    total: int = 0
    progress: _Counter = field(default_factory=_Counter)
    finished: bool = False
    failure: str | None = None
    summary: str = ""
    outputs: dict[str, bytes] = field(default_factory=dict)


def _unpack(name: str, data: bytes, folder: Path, limit: int) -> list[str]:
    """The batch inputs of an upload, written under `folder`: a zip's *.json members (paths kept, never
    outside the folder; at most `limit` bytes unpacked), or the workbook itself."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        path = folder / "workbook.xlsx"
        path.write_bytes(data)
        return [str(path)]
    if suffix != ".zip":
        raise InputFileError(name, "批量评查应上传 .zip（装有案卷 JSON 文件的文件夹）或案卷工作簿 .xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputFileError(name, "不是有效的 zip 压缩文件") from None
    written = 0
    cases = folder / "cases"
    for member in archive.infolist():
        inner = PurePosixPath(member.filename.replace("\\", "/"))
        if member.is_dir() or inner.suffix.lower() != ".json" or inner.name.startswith("."):
            continue
        parts = [p for p in inner.parts if p not in ("", ".", "..", "/")]
        written += member.file_size
        if written > limit:
            raise InputFileError(name, f"解压后超过大小上限 {limit} 字节")
        target = cases.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(member))  # read stops at the member's stated size
    if not cases.exists():
        raise InputFileError(name, "压缩文件中没有 .json 案卷文件")
    return [str(cases)]


class Jobs:
    """The batch jobs of one server process."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, name: str, data: bytes, as_of: dt.date, rulebook: str, limit: int) -> Job:
        """Unpack the upload (InputFileError when it is not a zip of case files or a workbook) and score it
        in a worker thread."""
        folder = Path(tempfile.mkdtemp(prefix="pingcha-batch-"))
        try:
            specs = _unpack(name, data, folder, limit)
            job = Job(uuid.uuid4().hex, Path(name).name)
            job.total = batching.count_inputs(specs, batching.DEFAULT_MAX_BYTES) or 0
        except (PingchaError, OSError):
            shutil.rmtree(folder, ignore_errors=True)
            raise
        with self._lock:
            while len(self._jobs) >= KEPT_JOBS:
                self._jobs.pop(next(iter(self._jobs)))
            self._jobs[job.id] = job
        settings = batching.Settings(as_of=as_of, rulebook=rulebook)
        threading.Thread(target=_run, args=(job, specs, settings, folder), daemon=True).start()
        return job


def _run(job: Job, specs: list[str], settings: batching.Settings, folder: Path) -> None:
    try:
        results = folder / "results.jsonl"
        summary = batching.run(specs, settings, results, 1, progress=job.progress)
        # the report names each case file as it was inside the upload, not by the temporary folder
        text = results.read_text(encoding="utf-8").replace(f"{folder / 'cases'}/", "").replace(str(folder) + "/", "")
        results.write_text(text, encoding="utf-8")
        records, errors = reporting.read_results([results])
        built = reporting.build(records, errors, REPORT_TITLE, None, settings.rulebook, every_case=False)
        job.outputs = {
            "report.html": reporting.to_html(built).encode(),
            "report.xlsx": b"".join(reporting.to_xlsx(built)),
            "report.docx": to_docx(built),
        }
        job.summary = summary.text()
    except PingchaError as exc:
        job.failure = str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug: the page says so, without the case data its message may carry
        LOG.error("批量评查内部错误 %s", type(exc).__name__)
        job.failure = f"内部错误（{type(exc).__name__}），未能生成报告"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        job.finished = True
