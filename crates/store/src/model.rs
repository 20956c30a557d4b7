//! Rows returned by the store's queries, serialisable for the command line and the desktop
//! app. Field names are the public JSON names.

use serde::Serialize;

use clausewatch_core::diff::DiffSegment;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlatformSummary {
    pub name: String,
    pub documents: Vec<DocumentSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentSummary {
    pub platform: String,
    pub document: String,
    pub versions: usize,
    pub first_recorded: Option<String>,
    pub last_recorded: Option<String>,
    pub last_substantive_change: Option<String>,
    /// How the document is watched: `None` when it has no source (an imported archive only).
    pub watch: Option<WatchStatus>,
}

/// The state of the source that watches a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WatchStatus {
    /// Recorded-at time of the last check, whatever its outcome.
    pub last_checked_at: Option<String>,
    pub next_check_at: String,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub needs_attention: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionSummary {
    pub id: i64,
    pub recorded_at: String,
    pub stated_date: Option<String>,
    pub sha256: String,
    pub origin: String,
    pub origin_detail: String,
    pub clauses: usize,
    pub substantive_changes: usize,
    pub non_substantive_changes: usize,
}

/// A change record as stored, with the recorded-at times that bound it: the change happened
/// after `recorded_before` and no later than `recorded_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeView {
    pub platform: String,
    pub document: String,
    pub clause_id: String,
    pub kind: String,
    pub substantive: bool,
    pub aspects: Vec<String>,
    pub marker_before: Option<String>,
    pub marker_after: Option<String>,
    pub heading_before: Option<String>,
    pub heading_after: Option<String>,
    pub text_before: Option<String>,
    pub text_after: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Array<{ op: string, text: string }>"))]
    pub diff: Vec<DiffSegment>,
    pub summary: String,
    pub related_clause_id: Option<String>,
    pub relation: Option<String>,
    pub version_id: i64,
    pub previous_version_id: i64,
    pub recorded_before: String,
    pub recorded_at: String,
    /// The summary the engine wrote before analysis; `summary` names the category instead
    /// when the change is substantive and categorised.
    pub engine_summary: String,
    /// none, low, medium, high or critical; `None` when the change was not analysed.
    pub severity: Option<String>,
    pub severity_reason: Option<String>,
    /// Category ids of the clause on either side of the change, lead category first.
    pub categories: Vec<String>,
    /// reviewed, acknowledged or dismissed, when a reviewer set it.
    pub review_state: Option<String>,
    /// The reason the reviewer gave with the review state, if any.
    pub review_reason: Option<String>,
    /// The person who last set the review state.
    pub reviewed_by: Option<String>,
    /// When the review state was last set (RFC 3339, UTC).
    pub reviewed_at: Option<String>,
}

/// One clause of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseView {
    pub clause_id: String,
    pub ordinal: usize,
    pub kind: String,
    pub marker: Option<String>,
    pub heading_path: Vec<String>,
    pub text: String,
    pub dated: bool,
    /// Category ids the classifier gave the clause, in id order.
    pub categories: Vec<String>,
}

/// One provision through every version of its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseHistory {
    pub clause_id: String,
    pub platform: String,
    pub document: String,
    pub first_recorded: String,
    /// The last version before the first one that holds the clause, when there is one.
    pub absent_before: Option<String>,
    pub entries: Vec<ClauseHistoryEntry>,
    pub changes: Vec<ChangeView>,
    pub links: Vec<LineageLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseHistoryEntry {
    pub version_id: i64,
    pub recorded_at: String,
    pub marker: Option<String>,
    pub heading_path: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineageLink {
    pub from_clause_id: String,
    pub to_clause_id: String,
    pub relation: String,
    pub recorded_at: String,
}

/// The text of a document in force on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AsOf {
    pub platform: String,
    pub document: String,
    pub date: String,
    pub version: VersionSummary,
    /// First recorded time of the next version, when one followed.
    pub superseded_at: Option<String>,
    pub content: String,
    pub clauses: Vec<ClauseView>,
}

/// Marks the start of a matched word in [`SearchHit::snippet`]. Legal text uses brackets for
/// its own insertions, so the marks are control characters no clause text contains.
pub const MATCH_START: char = '\u{2}';

/// Marks the end of a matched word in [`SearchHit::snippet`].
pub const MATCH_END: char = '\u{3}';

/// A full-text hit: one clause text, in the lineage and versions that hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub platform: String,
    pub document: String,
    pub clause_id: String,
    pub marker: Option<String>,
    pub heading_path: Vec<String>,
    /// An excerpt around the match, each matched word between [`MATCH_START`] and
    /// [`MATCH_END`].
    pub snippet: String,
    pub text: String,
    /// The latest version holding this text.
    pub version_id: i64,
    pub recorded_at: String,
    pub first_recorded: String,
    pub versions: usize,
    /// How many different wordings of the clause match in those versions. The snippet and text
    /// are of the latest.
    pub wordings: usize,
}
