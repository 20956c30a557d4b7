//! Compliance analysis of terms-of-service clauses: categories, severity, regulations and
//! enforcement risk.
//!
//! The rules live as data in `assets/taxonomy.toml` and `assets/regulations.toml` at the root
//! of the repository. Both are embedded at build time and parsed once, and both can be
//! reloaded from a path so that a reviewer can try a rule change without a rebuild. Nothing in
//! this crate reads files or the network at run time except [`Taxonomy::load`],
//! [`Regulations::load`] and the evaluation loader in [`eval::clause_labels`].
//!
//! Extend the analysis by editing the asset files first. Code changes belong here only when a
//! new kind of rule or a new input is needed.

mod classify;
mod crossref;
mod cues;
mod entity;
mod error;
pub mod eval;
mod forum;
mod invisible;
mod links;
mod parties;
mod pattern;
mod prefilter;
mod quantity;
mod regulations;
mod rules;
mod severity;
mod summary;
mod taxonomy;
mod whitespace;
mod word_boundary;

pub use classify::{Assignment, Classifier, ClauseInput, Evidence, EvidenceSource, classify};
pub use error::AnalysisError;
pub use invisible::is_invisible_format;
pub use links::check_links;
pub use regulations::{EnforcementRisk, Regulation, Regulations, RiskLevel};
pub use severity::{
    ChangeEffect, ChangeInput, ChangeKind, Severity, rate_change, rate_change_with,
    rate_technical_change,
};
pub use summary::{summarize_change, summarize_change_with};
pub use taxonomy::{Category, ChecklistItem, Rule, SeverityLevel, Taxonomy};
