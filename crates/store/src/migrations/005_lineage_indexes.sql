-- Indexes for the lookups that analysis runs on every new version. Pruning a document's
-- unused lineages selects them by document and checks each against every table that refers to
-- a lineage; without these, each check read a whole table, so recording a version got slower
-- as the store grew.
CREATE INDEX lineages_by_document ON lineages (document_id);
CREATE INDEX lineage_links_by_target ON lineage_links (to_lineage);
CREATE INDEX changes_by_related_lineage ON changes (related_lineage);
CREATE INDEX review_states_by_lineage ON review_states (lineage_id);
