//! Atomic file output: the memo appears whole at its path or not at all.

use std::io::Write;
use std::path::Path;

use crate::error::MemoError;

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it.
///
/// On any failure the temporary file is removed, so no partial memo is left behind and an
/// existing file at `path` is kept unchanged.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), MemoError> {
    let write_error = |source| MemoError::Write { path: path.to_path_buf(), source };
    if path.file_name().is_none() {
        return Err(MemoError::InvalidPath { path: path.to_path_buf() });
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };

    let mut builder = tempfile::Builder::new();
    builder.prefix(".memo-").suffix(".pdf.tmp");
    // A temporary file is private (0600) by default, but the memo is a document the user
    // sends on, so it gets the mode a new file gets under the user's umask.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(folder).map_err(write_error)?;
    temporary.write_all(bytes).map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    temporary.persist(path).map_err(|err| write_error(err.error))?;

    tracing::info!(path = %path.display(), bytes = bytes.len(), "memo written");
    Ok(())
}
