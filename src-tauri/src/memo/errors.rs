//! Maps memo build and write errors to the codes the UI branches on, keeping their messages,
//! which already name the bad value and what to do.

use clausewatch_memo::MemoError;
use clausewatch_memo_builder::BuildError;

use crate::engine::to_command_error;
use crate::error::{CommandError, ErrorCode};

/// Maps an error of building a memo from the store.
pub fn build_error(error: &BuildError) -> CommandError {
    let code = match error {
        BuildError::Store(store) => return to_command_error(store),
        BuildError::EmptyRange { .. }
        | BuildError::NothingRecorded { .. }
        | BuildError::NoVersion { .. }
        | BuildError::ClauseElsewhere { .. }
        | BuildError::UnknownCategory { .. }
        | BuildError::InvalidLine { .. }
        | BuildError::UnprintableName { .. } => ErrorCode::InvalidInput,
        BuildError::Sqlite(_) => ErrorCode::StoreUnavailable,
        BuildError::InvalidStoredTime { .. } | BuildError::Font(_) => ErrorCode::Internal,
    };
    CommandError::new(code, error.to_string())
}

/// Maps an error of rendering or writing the PDF. A path that cannot be written is the
/// person's choice to correct, so it is invalid input.
pub fn write_error(error: &MemoError) -> CommandError {
    let code = match error {
        MemoError::Write { .. } | MemoError::InvalidPath { .. } => ErrorCode::InvalidInput,
        MemoError::Font(_) | MemoError::Serialize(_) => ErrorCode::Internal,
    };
    CommandError::new(code, error.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use chrono::NaiveDate;
    use clausewatch_store::StoreError;

    use super::*;

    #[test]
    fn empty_range_is_invalid_input() {
        let since = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let until = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        let error = build_error(&BuildError::EmptyRange { since, until });

        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("2026-05-01"), "{}", error.message);
    }

    #[test]
    fn unknown_platform_is_not_found() {
        let store =
            StoreError::UnknownPlatform { name: "Nowhere".to_owned(), known: "Netflix".to_owned() };
        let error = build_error(&BuildError::Store(store));

        assert_eq!(error.code, ErrorCode::NotFound);
        assert!(error.message.contains("Nowhere"), "{}", error.message);
    }

    #[test]
    fn unwritable_path_is_invalid_input() {
        let memo_error = MemoError::Write {
            path: PathBuf::from("/proc/memo.pdf"),
            source: std::io::Error::other("read-only file system"),
        };
        let error = write_error(&memo_error);

        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("/proc/memo.pdf"), "{}", error.message);
    }
}
