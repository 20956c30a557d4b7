//! The domain core of Clausewatch: turns versions of a legal document into clauses, links
//! each clause to its predecessor, and describes what changed. It does no I/O.
//!
//! The flow is [`segment::segment`] for each version, [`align::align`] for each consecutive
//! pair and [`change::compare`] to produce change records. The store persists the result and
//! gives each chain of aligned clauses (a lineage) its id.

pub mod align;
pub mod change;
pub mod dated;
pub mod diff;
pub mod marker;
pub mod segment;
pub mod text;

pub use align::{Alignment, align};
pub use change::{Aspect, ChangeKind, ChangeRecord, Relation, compare};
pub use segment::{Clause, ClauseKind, segment};

/// Returns the date a version states as its last update or effective date, from its first
/// date line.
pub fn stated_date(clauses: &[Clause]) -> Option<chrono::NaiveDate> {
    clauses.iter().filter(|clause| clause.dated).find_map(|clause| dated::parse_date(&clause.text))
}
