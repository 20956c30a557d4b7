-- The archive: platforms, their documents, every recorded version, the clauses of each
-- version, clause lineages across versions, and change records between consecutive versions.
-- Times are RFC 3339 UTC strings ("2025-04-17T18:11:07Z"), which sort as text.

CREATE TABLE platforms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    platform_id INTEGER NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
    -- Open Terms Archive document type: "Terms of Service", "Privacy Policy", ...
    doc_type TEXT NOT NULL COLLATE NOCASE,
    created_at TEXT NOT NULL,
    UNIQUE (platform_id, doc_type)
);

CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    recorded_at TEXT NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    content TEXT NOT NULL CHECK (length(content) > 0),
    -- Date the text itself gives as last updated or effective, "YYYY-MM-DD".
    stated_date TEXT,
    -- How the version arrived: "import" (a file of an archive), "fetch" or "reextract".
    origin TEXT NOT NULL,
    -- The file path or URL it came from.
    origin_detail TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (document_id, recorded_at)
);

-- Each distinct clause text once: most clauses repeat unchanged from version to version.
CREATE TABLE clause_texts (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL
);

CREATE VIRTUAL TABLE clause_fts USING fts5 (
    text,
    content = 'clause_texts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER clause_texts_index AFTER INSERT ON clause_texts BEGIN
    INSERT INTO clause_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER clause_texts_unindex AFTER DELETE ON clause_texts BEGIN
    INSERT INTO clause_fts (clause_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- One provision across versions. Ids are given once and kept by every re-analysis.
CREATE TABLE lineages (
    id TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE
);

CREATE TABLE clauses (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    lineage_id TEXT NOT NULL REFERENCES lineages (id),
    kind TEXT NOT NULL,
    level INTEGER NOT NULL,
    marker TEXT,
    -- JSON array of labels, outermost first.
    heading_path TEXT NOT NULL,
    parent_ordinal INTEGER,
    text_id INTEGER NOT NULL REFERENCES clause_texts (id),
    dated INTEGER NOT NULL,
    PRIMARY KEY (version_id, ordinal)
) WITHOUT ROWID;

CREATE INDEX clauses_by_lineage ON clauses (lineage_id, version_id);
CREATE INDEX clauses_by_text ON clauses (text_id);

-- Splits and merges: one lineage continuing in, or absorbed by, another.
CREATE TABLE lineage_links (
    from_lineage TEXT NOT NULL REFERENCES lineages (id),
    to_lineage TEXT NOT NULL REFERENCES lineages (id),
    relation TEXT NOT NULL CHECK (relation IN ('split', 'merge')),
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    PRIMARY KEY (from_lineage, to_lineage, version_id)
);

CREATE TABLE changes (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    lineage_id TEXT NOT NULL REFERENCES lineages (id),
    previous_version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'modified')),
    substantive INTEGER NOT NULL,
    -- Comma-separated aspects: reworded, renumbered, moved, reformatted, dated.
    aspects TEXT NOT NULL,
    marker_before TEXT,
    marker_after TEXT,
    heading_before TEXT,
    heading_after TEXT,
    text_before TEXT,
    text_after TEXT,
    related_lineage TEXT REFERENCES lineages (id),
    relation TEXT,
    -- JSON array of {op, text} word-diff runs.
    diff TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (version_id, lineage_id)
);

CREATE INDEX changes_by_lineage ON changes (lineage_id);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
