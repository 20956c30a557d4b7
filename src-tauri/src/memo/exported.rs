//! The memo files this window exported, the only files `open_memo` opens.
//!
//! Keeping the list in the shell means the webview cannot use the open command to launch an
//! arbitrary file with its default program.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Paths of the memos written since the window opened.
#[derive(Debug, Default)]
pub struct ExportedMemos(Mutex<HashSet<PathBuf>>);

impl ExportedMemos {
    /// Records that a memo was written to `path`.
    pub fn insert(&self, path: &Path) {
        if let Ok(mut paths) = self.0.lock() {
            paths.insert(path.to_path_buf());
        }
    }

    /// Returns whether a memo was written to `path` since the window opened.
    pub fn contains(&self, path: &Path) -> bool {
        self.0.lock().is_ok_and(|paths| paths.contains(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_only_inserted_paths() {
        let exported = ExportedMemos::default();
        exported.insert(Path::new("/tmp/memo.pdf"));

        assert!(exported.contains(Path::new("/tmp/memo.pdf")));
        assert!(!exported.contains(Path::new("/tmp/other.pdf")));
    }
}
