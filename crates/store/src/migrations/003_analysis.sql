-- Compliance analysis and the reviewer's own records.
--
-- Derived tables (clause_categories, change_analysis) are recomputed from the versions and the
-- rules in assets/ whenever the rules change; each row names the taxonomy `version` that
-- produced it. They hang on clauses and change records and go with them.
--
-- User tables (review_states, notes, checklists, checklist_items, checklist_item_history,
-- audit_log) are never derived. They reference lineage ids, which re-analysis keeps, and nothing
-- derived cascades into them. Times are RFC 3339 UTC strings, as in 001.

-- Categories of one clause of one version, with the evidence of every rule that fired.
CREATE TABLE clause_categories (
    version_id INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    category TEXT NOT NULL,
    -- JSON array of {source, start, end, text, rule}: byte offsets into the clause text, its
    -- lead-in or a heading.
    evidence TEXT NOT NULL,
    rule_set TEXT NOT NULL,
    PRIMARY KEY (version_id, ordinal, category),
    FOREIGN KEY (version_id, ordinal) REFERENCES clauses (version_id, ordinal) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX clause_categories_by_category ON clause_categories (category, version_id);

-- Severity and analysed summary of one change record. The engine's own summary stays in
-- changes.summary.
CREATE TABLE change_analysis (
    version_id INTEGER NOT NULL,
    lineage_id TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('none', 'low', 'medium', 'high', 'critical')),
    severity_reason TEXT NOT NULL,
    -- new_restriction, removed_protection, widened_licence, new_clause, ...
    effect TEXT NOT NULL,
    -- JSON array of category ids of the clause on either side, lead category first.
    categories TEXT NOT NULL,
    summary TEXT NOT NULL,
    rule_set TEXT NOT NULL,
    PRIMARY KEY (version_id, lineage_id),
    FOREIGN KEY (version_id, lineage_id) REFERENCES changes (version_id, lineage_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

-- The reviewer's decision on one change record, keyed so that it survives re-analysis.
CREATE TABLE review_states (
    version_id INTEGER NOT NULL REFERENCES versions (id),
    lineage_id TEXT NOT NULL REFERENCES lineages (id),
    state TEXT NOT NULL CHECK (state IN ('reviewed', 'acknowledged', 'dismissed')),
    actor TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (version_id, lineage_id)
);

-- A note on a provision. It follows the lineage across versions; a substantive change recorded
-- after the anchor version flags it for review until it is confirmed again.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    lineage_id TEXT NOT NULL REFERENCES lineages (id),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The latest version of the document when the note was written or last confirmed.
    anchor_version_id INTEGER NOT NULL REFERENCES versions (id),
    deleted_at TEXT
);

CREATE INDEX notes_by_lineage ON notes (lineage_id);

-- A checklist opened from a category's template for a platform, a document or a clause.
CREATE TABLE checklists (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('platform', 'document', 'clause')),
    platform_id INTEGER NOT NULL REFERENCES platforms (id),
    document_id INTEGER REFERENCES documents (id),
    lineage_id TEXT REFERENCES lineages (id),
    -- Taxonomy version whose template gave the items.
    rule_set TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (
        (scope = 'platform' AND document_id IS NULL AND lineage_id IS NULL)
        OR (scope = 'document' AND document_id IS NOT NULL AND lineage_id IS NULL)
        OR (scope = 'clause' AND document_id IS NOT NULL AND lineage_id IS NOT NULL)
    )
);

CREATE INDEX checklists_by_lineage ON checklists (lineage_id);

CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES checklists (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    -- Id of the regulation that motivates the item, from assets/regulations.toml.
    source TEXT,
    status TEXT NOT NULL DEFAULT 'unassessed' CHECK (status IN (
        'unassessed', 'requires_review', 'applicable', 'not_applicable', 'complying',
        'non_complying', 'waived'
    )),
    owner TEXT,
    -- "YYYY-MM-DD".
    due_date TEXT,
    risk TEXT CHECK (risk IS NULL OR risk IN ('low', 'medium', 'high')),
    -- Where the evidence is kept: a document reference, a path or an address.
    evidence TEXT,
    notes TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (checklist_id, position)
);

-- Every change of an item's field: who changed what, when.
CREATE TABLE checklist_item_history (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES checklist_items (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    actor TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE INDEX checklist_item_history_by_item ON checklist_item_history (item_id, id);

-- Every edit of user data. Each entry's hash covers its fields and the previous entry's hash,
-- so editing or removing an entry breaks the chain from there on.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    -- The operating-system user who made the edit.
    actor TEXT NOT NULL,
    -- "note.add", "checklist.item.update", "review.set", ...
    action TEXT NOT NULL,
    -- The record edited, such as "note:3" or "change:12:c62a236b6dfd".
    entity TEXT NOT NULL,
    -- JSON object of what changed.
    details TEXT NOT NULL,
    previous_hash TEXT NOT NULL CHECK (length(previous_hash) = 64),
    hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);
