"""A real `pingcha serve` for the web tests: started as a subprocess on a free port, its log kept (to prove
no case data is logged), its temporary folder its own (to prove uploads leave nothing behind)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    log: Path
    tmp: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running(folder: Path, *options: str) -> Iterator[Server]:
    port = _free_port()
    tmp = folder / "tmp"
    tmp.mkdir()
    log = folder / "server.log"
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "engine.cli", "serve", "--port", str(port), *options]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/static/style.css", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"pingcha serve did not start:\n{log.read_text(errors='replace')}") from None
                time.sleep(0.2)
        yield Server(url, log, tmp)
    finally:
        process.terminate()
        process.wait(timeout=30)
