//! The error every command returns to the UI: a stable `code` to branch on and a `message` for
//! people.
//!
//! Inside the shell, errors carry their context as text; at the IPC boundary they become a
//! [`CommandError`]. Add an [`ErrorCode`] only when the UI treats that case differently.

use serde::Serialize;
use ts_rs::TS;

/// Category of a command failure, as fine-grained as the UI needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ErrorCode.ts")]
pub enum ErrorCode {
    /// The requested platform, document, version or clause does not exist.
    NotFound,
    /// An argument was rejected, for example an empty search query.
    InvalidInput,
    /// The store could not be opened, or it has no data yet.
    StoreUnavailable,
    /// Any other failure. The message names what failed.
    Internal,
}

/// The rejected value of a failed command, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export_to = "CommandError.ts")]
pub struct CommandError {
    /// Category the UI branches on.
    pub code: ErrorCode,
    /// Sentence for people: what failed, on which value, and what to do.
    pub message: String,
}

impl CommandError {
    /// Builds an error of `code` with `message`, and logs it because the shell does not re-raise.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let error = Self { code, message: message.into() };
        tracing::warn!(code = ?error.code, message = %error.message, "command failed");
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let error = CommandError {
            code: ErrorCode::StoreUnavailable,
            message: "no store at /tmp/x".to_owned(),
        };
        let json = serde_json::to_value(&error).expect("error serializes");
        assert_eq!(
            json,
            serde_json::json!({"code": "store_unavailable", "message": "no store at /tmp/x"})
        );
    }
}
