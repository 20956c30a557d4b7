//! Errors of building a memo from the store, each naming the value at fault.

use chrono::NaiveDate;
use clausewatch_store::StoreError;

/// An error of building a memo.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error(transparent)]
    Font(#[from] clausewatch_memo::FontError),

    #[error(
        "the date range is empty: the since date {since} is after the until date {until}; give \
         a since date on or before the until date"
    )]
    EmptyRange { since: NaiveDate, until: NaiveDate },

    #[error(
        "{what} has no version recorded on or before {until}; the first version was recorded \
         {first}, so choose a later until date"
    )]
    NothingRecorded { what: String, until: NaiveDate, first: String },

    #[error(
        "{what} has no version yet; run `clausewatch check` (or Check now in the app) to record \
         one, or import its versions, then write the memo"
    )]
    NoVersion { what: String },

    #[error(
        "clause {clause_id} belongs to {platform} {document}, not to the requested {requested}; \
         find the clause ids of a document with `clausewatch changes PLATFORM DOCUMENT`"
    )]
    ClauseElsewhere { clause_id: String, platform: String, document: String, requested: String },

    #[error(
        "invalid {field} {value:?}: give a name on one line, without line breaks, other control \
         characters or invisible formatting characters (a direction override, a zero-width \
         space)"
    )]
    InvalidLine { field: &'static str, value: String },

    #[error(
        "invalid {field} {value:?}: the memo's fonts cannot draw {characters}, which would print \
         as empty boxes; write the name in Latin, Greek or Cyrillic letters"
    )]
    UnprintableName { field: &'static str, value: String, characters: String },

    #[error("unknown category {category:?}; categories: {known}")]
    UnknownCategory { category: String, known: String },

    #[error("a time stored in the database is not valid: {value:?}")]
    InvalidStoredTime { value: String },

    #[error("database error while reading the memo's data: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
