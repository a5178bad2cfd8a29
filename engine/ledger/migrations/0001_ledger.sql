-- The 整改台账: the reviews added, one item per finding, and every item's history.
-- Nothing here is ever updated or deleted: an item's status, department, leader and deadline are
-- those of its latest event. Portable SQL for SQLite and PostgreSQL alike: dates are ISO text
-- (YYYY-MM-DD, compared as text), record times ISO UTC text; ids are given by the program.

CREATE TABLE ledger_review (
    name TEXT PRIMARY KEY,
    report_date TEXT NOT NULL,
    results TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE TABLE ledger_item (
    id INTEGER PRIMARY KEY,
    review TEXT NOT NULL REFERENCES ledger_review (name),
    agency TEXT NOT NULL,
    case_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    kind TEXT NOT NULL,
    family TEXT NOT NULL,
    severity TEXT NOT NULL,
    problem TEXT NOT NULL,
    message TEXT NOT NULL,
    basis TEXT NOT NULL,
    measure TEXT NOT NULL,
    ledger_row INTEGER NOT NULL,
    source TEXT NOT NULL,
    UNIQUE (review, agency, case_id, rule)
);

CREATE TABLE ledger_event (
    item INTEGER NOT NULL REFERENCES ledger_item (id),
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    status TEXT,
    department TEXT,
    leader TEXT,
    deadline TEXT,
    note TEXT,
    evidence_name TEXT,
    evidence_sha256 TEXT,
    evidence_size INTEGER,
    review TEXT,
    effective_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (item, seq)
);

CREATE INDEX ledger_item_agency ON ledger_item (agency, rule);
