//! Errors of memo rendering and writing, each naming the value that failed.

use std::path::PathBuf;

/// A compiled-in font face that could not be parsed or subset.
#[derive(Debug, Clone, thiserror::Error)]
#[error("font {face}: {message}")]
pub struct FontError {
    /// File name of the face in `assets/fonts`.
    pub face: &'static str,
    pub message: String,
}

/// Why a memo could not be rendered or written.
#[derive(Debug, thiserror::Error)]
pub enum MemoError {
    #[error("memo fonts are unusable, so no PDF can be produced: {0}")]
    Font(#[from] FontError),

    #[error("failed to serialize the memo PDF: {0}")]
    Serialize(String),

    #[error(
        "cannot write the memo to {path}: {source}; choose a folder that exists and is writable"
    )]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write the memo to {path}: the path names no file inside a folder")]
    InvalidPath { path: PathBuf },
}
