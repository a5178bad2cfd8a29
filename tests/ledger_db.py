"""A throwaway PostgreSQL server for the ledger tests: initdb and pg_ctl on a temporary folder, listening on
a Unix socket there only (no TCP port), run as the `postgres` user when the tests run as root (the server
refuses root). Where it cannot start, the tests that need it are skipped with the reason."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PORT = 5439  # names the socket file in our own folder: no clash with a server on the machine
_databases = itertools.count(1)


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Server:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pg_ctl = _binary("pg_ctl")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={PORT}"

    def new_database(self) -> str:
        import psycopg

        name = f"ledger_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(self.pg_ctl), "-D", str(self.folder / "data"), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Iterator[Server | str]:
    """Yield a running server, or the reason there is none; stop it afterwards."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield "psycopg 未安装（pip install '.[test]'）"
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        yield "PostgreSQL 未安装（找不到 initdb、pg_ctl；Debian：apt-get install postgresql）"
        return
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            yield "以 root 运行而系统没有 postgres 用户（PostgreSQL 拒绝以 root 运行）"
            return
    folder = Path(tempfile.mkdtemp(prefix="pingcha-pg-"))
    if os.geteuid() == 0:
        os.chown(folder, server_user.pw_uid, server_user.pw_gid)
    steps = [
        [initdb, "-D", str(folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
        [
            pg_ctl, "-D", str(folder / "data"), "-l", str(folder / "server.log"), "-w", "-t", "60",
            "-o", f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off", "start",
        ],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(_as_server_user(step), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            yield f"PostgreSQL 无法启动（{Path(step[0]).name} 退出码 {done.returncode}）：{(done.stderr + log).strip()[-300:]}"
            return
    server = Server(folder)
    try:
        yield server
    finally:
        server.stop()
