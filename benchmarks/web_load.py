"""A bounded load test of `pingcha serve`: POST /api/v1/check on localhost for a fixed time from a few
concurrent clients, reporting requests/s and latency percentiles. A benchmark, not a test: nothing here
fails for being slow.

    python benchmarks/web_load.py                      20 s, 4 clients, em-03 (4 findings) as the body
    python benchmarks/web_load.py --seconds 30 --clients 8 --json web.json

The server is one uvicorn process started here (the rulebooks compiled once at start, as in use); the
clients run in this process, on the same machine, and so share its cores with the server."""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BODY = ROOT / "casefiles" / "examples" / "em-03-discretion-and-deadlines.json"
MAX_SECONDS = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "engine.cli", "serve", "--port", str(port), "--rulebook", "auto"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/rulebooks", timeout=2)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("pingcha serve did not start within 60 s")


def _client(url: str, body: bytes, until: float, latencies: list[float], errors: list[int]) -> None:
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = client.post(url, content=body)
            elapsed = time.perf_counter() - started
            if answer.status_code == 200:
                latencies.append(elapsed)
            else:
                errors.append(answer.status_code)


def measure(seconds: float, clients: int) -> dict[str, Any]:
    seconds = min(seconds, MAX_SECONDS)
    port = _free_port()
    server = _start(port)
    url = f"http://127.0.0.1:{port}/api/v1/check?as_of=2026-11-21"
    body = BODY.read_bytes()
    try:
        httpx.post(url, content=body).raise_for_status()  # warm: the first request pays imports
        latencies: list[float] = []
        errors: list[int] = []
        until = time.monotonic() + seconds
        started = time.monotonic()
        threads = [threading.Thread(target=_client, args=(url, body, until, latencies, errors)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0

    return {
        "seconds": round(wall, 2),
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
        "body_bytes": len(body),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help=f"how long to load (at most {MAX_SECONDS:g})")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    figures = measure(args.seconds, args.clients)
    print(
        f"POST /api/v1/check: {figures['requests']} requests in {figures['seconds']} s from {figures['clients']} "
        f"clients ({figures['errors']} errors): {figures['requests_per_s']} requests/s; latency p50 "
        f"{figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
