"""The 整改台账 kept in a database (`pingcha ledger`): every finding of a review becomes an item tracked
to 销号, with an append-only history of who changed what and when; a later review (回头看) is matched
against it. SQLite by default (a file), PostgreSQL for a ledger shared by several reviewers.

db (connections, transactions, migrations) → items (the model, adding a review) → changes (assign,
update) and recheck (回头看) → views (list, overdue, monthly, show) and export (XLSX).
"""

from __future__ import annotations

from ..errors import StageError


class LedgerError(StageError):
    stage = "ledger"


def recorded_now() -> str:
    """The time a change is recorded (UTC), as the history keeps it."""
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
