//! The bridge from a command to the store: opens one connection per call, runs the work off
//! the main thread, and turns a store error into a [`CommandError`].
//!
//! Every command that reads or writes the store goes through [`with_store`]; a new kind of
//! store error only needs a branch in [`to_command_error`].

use std::path::PathBuf;

use clausewatch_store::{Store, StoreError};

use crate::error::{CommandError, ErrorCode};

/// Maps a store error to the code the UI branches on, keeping the store's message.
pub fn to_command_error(error: &StoreError) -> CommandError {
    let code = match error.code() {
        "not_found" => ErrorCode::NotFound,
        // A check that raced an edit of its source: the user checks again, as after bad input.
        "invalid_input" | "conflict" => ErrorCode::InvalidInput,
        "database" | "io" => ErrorCode::StoreUnavailable,
        _ => ErrorCode::Internal,
    };
    let message = match error {
        // The store's message points to the command line, which a desktop user may not have.
        StoreError::UnknownClause(id) => format!(
            "unknown clause id {id:?}; a clause's id is shown on its timeline, which the \
             Search view and each document's clause list open"
        ),
        other => other.to_string(),
    };
    CommandError::new(code, message)
}

/// Opens the store in `data_dir` on a blocking worker thread, runs `work` on it and returns
/// its result; a WebKit event never waits on SQLite.
pub async fn with_store<T, F>(data_dir: PathBuf, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
{
    with_store_checked(data_dir, move |store| work(store).map_err(|error| to_command_error(&error)))
        .await
}

/// Works as [`with_store`] for work whose errors are not store errors (a memo build, a PDF
/// write), so it maps them to a [`CommandError`] itself.
pub async fn with_store_checked<T, F>(data_dir: PathBuf, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, CommandError> + Send + 'static,
{
    let joined = tauri::async_runtime::spawn_blocking(move || {
        let mut store = Store::open_in(&data_dir).map_err(|error| to_command_error(&error))?;
        work(&mut store)
    })
    .await;
    joined.map_err(|error| {
        CommandError::new(ErrorCode::Internal, format!("the store worker stopped: {error}"))
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_clause_maps_to_not_found_with_the_id() {
        let error = to_command_error(&StoreError::UnknownClause("c-404".to_owned()));
        assert_eq!(error.code, ErrorCode::NotFound);
        assert!(error.message.contains("\"c-404\""), "{}", error.message);
        assert!(error.message.contains("Search view"), "{}", error.message);
        assert!(!error.message.contains("clausewatch search"), "{}", error.message);
    }

    #[test]
    fn io_maps_to_store_unavailable() {
        let error = to_command_error(&StoreError::Io {
            path: PathBuf::from("/nowhere"),
            source: std::io::Error::other("denied"),
        });
        assert_eq!(error.code, ErrorCode::StoreUnavailable);
    }
}
