"""The ledger's database: an SQLite file or a PostgreSQL server, one schema for both.

The schema is the versioned SQL files in migrations/ (NNNN_name.sql), applied in order, each version
recorded in ledger_schema; opening a ledger applies those it lacks, in one transaction. Plain files
rather than a migration tool: the schema is a few tables, both databases run the same SQL, and
alembic would bring SQLAlchemy with it. Every read and every write is one transaction: SQLite in WAL
mode with a busy timeout, a write taking the write lock at BEGIN (BEGIN IMMEDIATE); PostgreSQL locking
the rows (or, to add a review, the table) it is about to change.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import LedgerError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000  # SQLite: how long a writer waits for another's lock before giving up
POSTGRES_SCHEMA_LOCK = 2026_1120  # advisory lock key: two first openings do not both migrate
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        text = "\n".join(line for line in self.sql.splitlines() if not line.lstrip().startswith("--"))
        return [part.strip() for part in text.split(";") if part.strip()]


def migrations() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        number, _, name = path.stem.partition("_")
        found.append(Migration(int(number), name, path.read_text(encoding="utf-8")))
    return found


def shown(url: str) -> str:
    """A database URL without its password, for messages."""
    if not url.startswith(POSTGRES_PREFIXES):
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class Session:
    """Statements inside one transaction. SQL is written with `?` placeholders (both databases)."""

    def __init__(self, cursor: Any, postgres: bool) -> None:
        self._cursor = cursor
        self.postgres = postgres

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql.replace("?", "%s") if self.postgres else sql, tuple(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.run(sql, params)
        return [tuple(row) for row in self._cursor.fetchall()]

    def lock_items(self, ids: Sequence[int]) -> None:
        """PostgreSQL: hold these items' rows until the end of the transaction, so that a check of an
        item's state and the event written after it are not interleaved with another writer's (SQLite's
        BEGIN IMMEDIATE already holds the whole database)."""
        if self.postgres:
            self.run("SELECT id FROM ledger_item WHERE id = ANY(?) ORDER BY id FOR UPDATE", [list(ids)])

    def lock_items_table(self) -> None:
        """PostgreSQL: one writer at a time numbers new items (readers go on)."""
        if self.postgres:
            self.run("LOCK TABLE ledger_item IN EXCLUSIVE MODE")


class Ledger:
    """An open ledger database."""

    def __init__(self, url: str, connection: Any, errors: type[Exception]) -> None:
        self.url = url
        self.postgres = url.startswith(POSTGRES_PREFIXES)
        self._connection = connection
        self._errors = errors  # the driver's base error class

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: committed whole at the end, or rolled back whole on any error or interrupt."""
        with self._failures():
            if self.postgres:
                with self._connection.transaction(), self._connection.cursor() as cursor:
                    yield Session(cursor, True)
            else:
                cursor = self._connection.cursor()
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield Session(cursor, False)
                except BaseException:
                    self._connection.rollback()
                    raise
                self._connection.commit()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """One read transaction: every statement sees the same state of the ledger."""
        with self._failures():
            if self.postgres:
                with self._connection.transaction(), self._connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    yield Session(cursor, True)
            else:
                cursor = self._connection.cursor()
                cursor.execute("BEGIN")
                try:
                    yield Session(cursor, False)
                finally:
                    self._connection.rollback()

    @contextlib.contextmanager
    def _failures(self) -> Iterator[None]:
        """A database error the user can act on (locked, disk full, server gone) as a message."""
        try:
            yield
        except self._errors as exc:
            reason = re.sub(r"\s+", " ", str(exc)).strip()
            raise LedgerError(f"{shown(self.url)}: 台账数据库操作失败，未作任何更改：{reason}") from None

    def close(self) -> None:
        self._connection.close()


def open_ledger(url: str, create: bool) -> Ledger:
    """Open the ledger at `url` (a file path, or postgresql://…) and bring its schema up to date.
    `create`: an SQLite file that does not exist yet is made (only `ledger add` makes one)."""
    if url.startswith(POSTGRES_PREFIXES):
        connection, errors = _connect_postgres(url)
        ledger = Ledger(url, connection, errors)
    else:
        ledger = Ledger(url, _connect_sqlite(Path(url), create), sqlite3.Error)
    try:
        _migrate(ledger)
    except BaseException:
        ledger.close()
        raise
    return ledger


def _connect_sqlite(path: Path, create: bool) -> sqlite3.Connection:
    if not create and not path.is_file():
        raise LedgerError(f"{path}: 台账不存在：先用 pingcha ledger add 录入评查结果（或用 --db 指定台账）")
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise LedgerError(f"{path}: 无法打开台账数据库（应为 SQLite 文件）：{exc}") from None
    return connection


def _connect_postgres(url: str) -> tuple[Any, type[Exception]]:
    try:
        import psycopg
    except ImportError:
        raise LedgerError(
            f"{shown(url)}: 使用 PostgreSQL 台账需要安装 psycopg：pip install 'pingcha[ledger-pg]'"
        ) from None
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10), psycopg.Error
    except psycopg.Error as exc:
        reason = re.sub(r"\s+", " ", str(exc)).strip()
        raise LedgerError(f"{shown(url)}: 无法连接台账数据库：{reason}") from None


def _migrate(ledger: Ledger) -> None:
    known = migrations()
    with ledger.writing() as session:
        if ledger.postgres:
            session.run("SELECT pg_advisory_xact_lock(?)", [POSTGRES_SCHEMA_LOCK])
        session.run(
            "CREATE TABLE IF NOT EXISTS ledger_schema ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {version for (version,) in session.rows("SELECT version FROM ledger_schema")}
        newest = max(m.version for m in known)
        if done and max(done) > newest:
            raise LedgerError(
                f"{shown(ledger.url)}: 台账数据库的结构版本为 {max(done)}，本程序只支持到 {newest}：请升级 pingcha"
            )
        for migration in known:
            if migration.version in done:
                continue
            for statement in migration.statements():
                session.run(statement)
            session.run(
                "INSERT INTO ledger_schema (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                [migration.version, migration.name],
            )
