//! Errors of the store, each naming the value at fault and what to do about it.

use std::path::PathBuf;

/// An error of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),

    /// Another connection held the store's write lock past the busy timeout.
    #[error(
        "the store is busy: another Clausewatch process (an import, a check or the app) kept it \
         locked for {seconds} s, so this step was not done; run it again when that process has \
         finished"
    )]
    Busy { seconds: u64, source: rusqlite::Error },

    #[error("could not migrate the database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("unknown platform {name:?}; known platforms: {known}")]
    UnknownPlatform { name: String, known: String },

    #[error("platform {platform:?} has no document {name:?}; its documents: {known}")]
    UnknownDocument { platform: String, name: String, known: String },

    #[error(
        "unknown clause id {0:?}; clause ids are listed by `clausewatch changes` and `clausewatch search`"
    )]
    UnknownClause(String),

    #[error("invalid taxonomy {origin}: {source}")]
    Taxonomy { origin: String, source: clausewatch_analysis::AnalysisError },

    #[error("{0}")]
    InvalidInput(String),

    #[error("{0}")]
    NotFound(String),

    #[error(
        "the source of {platform} {document} was changed or removed while it was being checked, \
         so the result of that check was discarded; check it again"
    )]
    SourceChanged { platform: String, document: String },

    #[error(
        "checklist {id} already covers {category} for {subject}; continue that one, or open a \
         second one explicitly"
    )]
    ChecklistExists { id: i64, category: String, subject: String },
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match error.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => {
                Self::Busy { seconds: crate::BUSY_TIMEOUT.as_secs(), source: error }
            }
            _ => Self::Sqlite(error),
        }
    }
}

impl StoreError {
    /// Returns a short stable code for the kind of error, for programs such as the desktop
    /// shell that branch on it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Sqlite(_) | Self::Busy { .. } | Self::Migration(_) => "database",
            Self::Io { .. } => "io",
            Self::UnknownPlatform { .. } | Self::UnknownDocument { .. } => "not_found",
            Self::UnknownClause(_) | Self::NotFound(_) => "not_found",
            Self::InvalidInput(_) | Self::Taxonomy { .. } => "invalid_input",
            Self::SourceChanged { .. } | Self::ChecklistExists { .. } => "conflict",
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_failure(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn locked_store_reads_as_busy() {
        for code in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
            let error = StoreError::from(sqlite_failure(code));

            assert!(matches!(error, StoreError::Busy { seconds: 10, .. }), "{error:?}");
            assert_eq!(error.code(), "database");
            assert!(error.to_string().starts_with("the store is busy: another Clausewatch"));
        }
    }

    #[test]
    fn other_failure_stays_database_error() {
        let error = StoreError::from(sqlite_failure(rusqlite::ffi::SQLITE_CORRUPT));

        assert!(matches!(error, StoreError::Sqlite(_)), "{error:?}");
        assert!(error.to_string().starts_with("database error: "));
    }
}
