-- When the derived rows of each version (clauses, change records, categories, severities) were
-- last computed: by the import or check that stored it, or by a later re-analysis or
-- reclassification. Memos print it as their date of analysis. A table of its own, because
-- updating a column of `versions` would rewrite the row with its whole text. Versions analysed
-- before this table existed have no row, and readers fall back to the time the version was
-- stored.
CREATE TABLE version_analysis_times (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
    analysed_at TEXT NOT NULL
);
