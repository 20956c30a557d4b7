-- Live checking: where each document is fetched from, every fetch kept as a snapshot with its
-- evidence, the snapshots each fetched version was extracted from, every check's outcome, and
-- the schedule and health of each source. Times are RFC 3339 UTC strings, as in 001.

-- How to obtain one document: its pages and the rules that find the text in them.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
    -- JSON array of pages, combined in order: {url, select, remove, filters,
    -- execute_client_scripts}, with select and remove rules in the Open Terms Archive
    -- declaration format (a CSS selector string or a {startBefore|startAfter, endBefore|endAfter}
    -- range).
    pages TEXT NOT NULL,
    -- SHA-256 of `pages`: a check records the rules it extracted with, so a rules change is seen.
    rules_sha256 TEXT NOT NULL CHECK (length(rules_sha256) = 64),
    interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
    -- Where the source came from: "cli" or the declaration file it was imported from.
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The schedule and health of a source, one row per source.
CREATE TABLE source_state (
    source_id INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    -- Wall-clock time the next check is due, so a restart or a wake from sleep resumes it.
    next_check_at TEXT NOT NULL,
    last_checked_at TEXT,
    last_changed_at TEXT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- Set once consecutive failures reach the threshold; cleared by the next success.
    needs_attention INTEGER NOT NULL DEFAULT 0,
    -- Set when the page flipped back to a recent text; cleared when a new text is recorded.
    alternating INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX source_state_by_due ON source_state (next_check_at);

-- Distinct fetched bodies, gzip-compressed, stored once however many fetches served them.
CREATE TABLE snapshot_bodies (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size INTEGER NOT NULL,
    gzip BLOB NOT NULL
);

-- One check of a document's source: its outcome and, when it recorded one, the version. Checks
-- hang on the document, not the source, so removing a source keeps its evidence.
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    checked_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN (
        'changed', 'unchanged', 'alternating', 'failed', 'reextracted'
    )),
    -- The failure, for outcome 'failed'.
    reason TEXT,
    -- SHA-256 of the extracted text, when the check extracted one.
    text_sha256 TEXT,
    -- The rules the text was extracted with (sources.rules_sha256 at the time).
    rules_sha256 TEXT NOT NULL,
    version_id INTEGER REFERENCES versions (id) ON DELETE SET NULL,
    -- 1 when the new text dropped more than half the clauses and a second fetch confirmed it.
    major INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX checks_by_document ON checks (document_id, id);

-- Exactly what one fetch of one page served. Never rewritten.
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    -- Position of the page among the source's pages.
    page INTEGER NOT NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    -- JSON array of [name, value] pairs of the kept response headers.
    headers TEXT NOT NULL,
    content_type TEXT,
    body_sha256 TEXT NOT NULL REFERENCES snapshot_bodies (sha256),
    fetched_at TEXT NOT NULL
);

CREATE INDEX snapshots_by_check ON snapshots (check_id, page);

-- The snapshots a version was extracted from.
CREATE TABLE version_snapshots (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    PRIMARY KEY (version_id, snapshot_id)
) WITHOUT ROWID;
