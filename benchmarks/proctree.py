"""Run a command and watch its whole process tree through /proc (Linux): wall time, CPU time, memory,
and the progress lines it prints on standard error, each with the time it was read.

Memory is sampled every `interval` seconds: RSS summed over the tree (pages shared between the
parent, the forkserver and the workers are counted once per process, so this overstates), PSS
summed over the tree (shared pages divided among the processes that share them: the real total),
and each process's own peak (VmHWM, the kernel's high-water mark). CPU time is the root's exactly
(wait4) and each other process's utime + stime as last sampled (short by at most one interval).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Watch:
    wall: float = 0.0
    returncode: int = 0
    cpu_seconds: float = 0.0  # summed over every process of the tree
    peak_rss_mb: float = 0.0  # highest sampled RSS sum over the tree
    peak_pss_mb: float = 0.0  # highest sampled PSS sum over the tree
    peak_process_mb: float = 0.0  # highest VmHWM of any one process
    processes: int = 0
    progress: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, stderr line)
    timeline: list[tuple[float, float, float]] = field(default_factory=list)  # (seconds, RSS MB, PSS MB)
    stderr_tail: list[str] = field(default_factory=list)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(root: int) -> list[int]:
    tree = _children()
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(tree.get(pid, []))
    return found


def _cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def _status_kb(pid: int, *keys: str) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in keys:
                values[name] = int(rest.split()[0])
    except OSError:
        pass
    return values


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def watch(command: list[str], interval: float = 0.25, cwd: Path | None = None, pythonpath: Path | None = None) -> Watch:
    """Run `command`, sampling its process tree until it exits; its stdout goes to /dev/null.
    `pythonpath` is put first on the command's PYTHONPATH."""
    result = Watch()
    cpu: dict[int, float] = {}
    environment = dict(os.environ)
    if pythonpath is not None:
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), environment.get("PYTHONPATH")]))
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=environment,
        text=True,
        encoding="utf-8",
    )

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            result.progress.append((time.monotonic() - started, line.rstrip("\n")))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    seen: set[int] = set()
    root_cpu = 0.0
    while True:
        reaped, status, usage = os.wait4(process.pid, os.WNOHANG)
        done = reaped == process.pid
        if done:  # the root's own CPU time, exactly (its workers' are as last sampled)
            process.returncode = os.waitstatus_to_exitcode(status)
            root_cpu = usage.ru_utime + usage.ru_stime
        pids = _descendants(process.pid) if not done else []
        rss = pss = 0
        for pid in pids:
            seen.add(pid)
            status = _status_kb(pid, "VmRSS", "VmHWM")
            rss += status.get("VmRSS", 0)
            result.peak_process_mb = max(result.peak_process_mb, status.get("VmHWM", 0) / 1024)
            pss += _pss_kb(pid)
            used = _cpu(pid)
            if used is not None:
                cpu[pid] = used
        if pids:
            now = time.monotonic() - started
            result.timeline.append((round(now, 2), round(rss / 1024, 1), round(pss / 1024, 1)))
            result.peak_rss_mb = max(result.peak_rss_mb, rss / 1024)
            result.peak_pss_mb = max(result.peak_pss_mb, pss / 1024)
        if done:
            break
        time.sleep(interval)
    result.wall = time.monotonic() - started
    result.returncode = process.returncode
    reader.join(timeout=5)
    cpu[process.pid] = max(cpu.get(process.pid, 0.0), root_cpu)
    result.cpu_seconds = round(sum(cpu.values()), 2)
    result.processes = len(seen)
    result.stderr_tail = [line for _, line in result.progress[-5:]]
    return result
