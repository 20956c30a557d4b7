//! The memo model: plain, serde-serializable structs that the layout turns into a PDF.
//!
//! The model holds finished wording and figures. It carries no ids into a store, so whatever
//! fills it (the store, a test, a JSON file) stays out of this crate. A new memo section is a
//! new field here, a new module under `sections/` and one line in `sections::memo_blocks`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A compliance memo on the changes to one platform's documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memo {
    pub header: MemoHeader,
    pub question: Section<QuestionPresented>,
    pub changes: Section<Changes>,
    pub regulatory: Section<RegulatoryFramework>,
    pub comparison: Section<Comparison>,
    pub checklist: Section<Checklist>,
    pub notes: Section<Vec<ClauseNote>>,
    /// Disclaimer wording; `None` prints [`STANDARD_DISCLAIMER`].
    #[serde(default)]
    pub disclaimer: Option<String>,
    pub appendix: Section<Appendix>,
}

/// Disclaimer printed when the memo does not bring its own wording.
pub const STANDARD_DISCLAIMER: &str = "This memo is an analysis aid generated from archived \
versions of the platform's documents. It is not legal advice and does not create a \
lawyer-client relationship. Categories, severities and summaries are derived by rules and may \
be incomplete or wrong; check every conclusion against the full text of the documents and the \
applicable law before relying on it.";

/// One memo section, either with its content or with the reason it cannot be given yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", content = "content", rename_all = "snake_case")]
pub enum Section<T> {
    Available(T),
    /// Printed as "Not available yet: {reason}" in place of the section's content.
    NotAvailable {
        reason: String,
    },
}

/// The memo's addressing block and the evidence it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoHeader {
    pub to: String,
    pub from: String,
    /// Date of the memo; also the PDF's creation date, so one model always gives one PDF.
    pub date: NaiveDate,
    pub subject: String,
    pub platform: String,
    /// Names of the documents compared, such as "Terms of Service".
    pub documents: Vec<String>,
    /// Prints the "Privileged & Confidential" marking under the title and in every footer.
    pub privileged: bool,
    /// Versions the memo compares; the header shows SHA-256 prefixes, the appendix full values.
    pub evidence: Vec<Evidence>,
}

/// One archived version of a document, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub document: String,
    pub recorded_at: DateTime<Utc>,
    /// SHA-256 of the archived snapshot, as 64 lowercase hex digits.
    pub sha256: String,
    pub source_url: String,
}

/// Section 2: the question the memo answers and its short answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionPresented {
    pub question: String,
    pub brief_answer: String,
    /// Highest severity among the substantive changes, `None` when there are none; not
    /// available when the changes have not been rated.
    pub highest_severity: Section<Option<Severity>>,
}

/// How much a change matters to a reviewer, from lowest to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Returns the capitalised label printed in the memo.
    pub fn label(self) -> &'static str {
        match self {
            Severity::None => "None",
            Severity::Low => "Low",
            Severity::Medium => "Medium",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }
}

/// Section 3: substantive changes in full and the other changes in a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub substantive: Vec<SubstantiveChange>,
    pub non_substantive: Vec<MinorChange>,
}

/// One substantive change record of a clause lineage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubstantiveChange {
    /// Marker of the clause in the newer version, such as "(ix)" or "4.6".
    pub marker: String,
    /// Headings above the clause, outermost first.
    pub heading_path: Vec<String>,
    /// Category and severity from the analysis rules, or the reason they are not given.
    pub rating: Section<Rating>,
    pub summary: String,
    pub first_recorded_at: DateTime<Utc>,
    /// When the version before the change was recorded; `None` for a clause's first version.
    pub previous_recorded_at: Option<DateTime<Utc>>,
    /// Word-level diff from the older to the newer clause text. The older text is the equal
    /// and deleted segments in order, the newer text the equal and inserted ones.
    pub diff: Vec<DiffSegment>,
    /// The reviewer's decision on the change, such as "Dismissed by alice on 5 December 2026:
    /// not relevant". `None` for an unreviewed change.
    #[serde(default)]
    pub review: Option<String>,
}

impl SubstantiveChange {
    /// Returns the clause text before the change, rebuilt from the diff.
    pub fn text_before(&self) -> String {
        side_text(&self.diff, DiffOp::Delete)
    }

    /// Returns the clause text after the change, rebuilt from the diff.
    pub fn text_after(&self) -> String {
        side_text(&self.diff, DiffOp::Insert)
    }
}

/// The category of a change and how severe it is, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub category: String,
    pub severity: Severity,
    pub severity_reason: String,
}

/// Concatenates the equal segments and those of `kept`, the one side of a diff.
fn side_text(diff: &[DiffSegment], kept: DiffOp) -> String {
    diff.iter().filter(|segment| segment.op == DiffOp::Equal || segment.op == kept).fold(
        String::new(),
        |mut text, segment| {
            text.push_str(&segment.text);
            text
        },
    )
}

/// One run of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSegment {
    pub op: DiffOp,
    pub text: String,
}

/// Whether a diff segment is in both texts, only the newer one or only the older one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

/// A change that does not alter the clause's words, listed in one table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinorChange {
    pub marker: String,
    /// The first words of the clause as it reads after the change, so that a reader can find
    /// it. Memos built before this field existed have it empty.
    #[serde(default)]
    pub opening: String,
    pub heading_path: Vec<String>,
    /// Aspects of the change, such as "renumbered" or "reformatted".
    pub aspects: Vec<String>,
    pub recorded_at: DateTime<Utc>,
}

/// Section 4: regulations that bear on the changes and the enforcement risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegulatoryFramework {
    pub regulations: Vec<Regulation>,
    pub enforcement_risk: String,
}

/// A regulation and why it bears on the changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regulation {
    /// Name with its provision, such as "GDPR Art. 6(1)(f)".
    pub name: String,
    pub relevance: String,
}

/// Section 5: how other platforms handle the same matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Matters compared, one table column each.
    pub topics: Vec<String>,
    pub rows: Vec<ComparisonRow>,
}

/// One platform's positions, in the order of [`Comparison::topics`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    pub platform: String,
    pub positions: Vec<String>,
}

/// Section 6: the due-diligence checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
}

/// One item of the due-diligence checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub text: String,
    /// Review state, such as "Open" or "Done".
    pub status: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub notes: String,
}

/// Section 7: a reviewer's note on one clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClauseNote {
    pub marker: String,
    pub heading_path: Vec<String>,
    pub text: String,
}

/// Section 9: where the documents came from and what produced the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    pub sources: Vec<SourceLink>,
    pub provenance: Provenance,
}

/// A document and the URL it is fetched from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceLink {
    pub document: String,
    pub url: String,
}

/// Versions of the software and rules behind the memo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub app_version: String,
    pub rule_set_version: String,
    pub analysed_at: DateTime<Utc>,
    /// Code points ("U+65E5") of characters in the memo that its fonts cannot draw, which
    /// print as empty boxes.
    #[serde(default)]
    pub unprintable: Vec<String>,
}
