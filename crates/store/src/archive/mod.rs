//! Import of Open Terms Archive version histories from disk.
//!
//! [`scan`] reads a tree (see [`read_tree`] for the layout). [`Store::import_versions`] stores
//! every readable version and lists each file that failed or was skipped with its reason, so
//! one bad file does not stop a whole tree. [`Store::import_archive`] stores nothing unless
//! every file is a version, for archives that must import whole, such as the bundled one.
//! Each document is one transaction either way.

mod scan;

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Datelike, Utc};
use rusqlite::params;
use serde::Serialize;
use tracing::{info, warn};

use crate::ingest::IngestReport;
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// The earliest year a version may be dated. The web opened to the public in 1991, so an
/// older date (a file named `0000-01-01T00-00-00Z.md`) is a naming mistake.
pub const EARLIEST_YEAR: i32 = 1991;

pub use scan::{ArchiveDocument, ArchiveTree, FileProblem, parse_file_name, read_tree};

/// The result of importing a versions folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArchiveImport {
    /// One report for each document with at least one readable version.
    pub documents: Vec<IngestReport>,
    /// Files not imported because they are not valid versions, each with its reason.
    pub failed: Vec<FileProblem>,
    /// Files and folders left out because they are not versions: other files, hidden entries
    /// and folders without version files.
    pub skipped: Vec<FileProblem>,
}

/// Reads the versions under `path` and returns them only when every file is a valid version.
/// The error lists each file that is not.
pub fn scan(path: &Path) -> Result<Vec<ArchiveDocument>> {
    let tree = read_tree(path)?;
    reject_failures(&tree.failed)?;
    Ok(tree.documents)
}

impl Store {
    /// Imports every valid version under `path` (see [`read_tree`]) and reports each file that
    /// failed or was skipped. Fails only when `path` is not a versions folder, a folder cannot
    /// be listed or the database cannot be written.
    pub fn import_versions(&mut self, path: &Path, now: DateTime<Utc>) -> Result<ArchiveImport> {
        let tree = self.checked_tree(path, now)?;
        let mut import =
            ArchiveImport { documents: Vec::new(), failed: tree.failed, skipped: tree.skipped };
        for document in tree.documents {
            let first_file = document.versions.first().map(|version| version.origin_detail.clone());
            match self.add_versions(&document.platform, &document.document, document.versions, now)
            {
                Ok(report) => import.documents.push(report),
                // An invalid platform or document name fails the whole folder.
                Err(StoreError::InvalidInput(reason)) => {
                    let first_file = first_file.unwrap_or_default();
                    let folder = Path::new(&first_file).parent().unwrap_or(Path::new(""));
                    import.failed.push(FileProblem::new(folder, reason));
                }
                Err(error) => return Err(error),
            }
        }
        info!(
            path = %path.display(),
            documents = import.documents.len(),
            failed = import.failed.len(),
            skipped = import.skipped.len(),
            "versions folder imported"
        );
        Ok(import)
    }

    /// Imports every version under `path`, or nothing when a file is not a valid version; the
    /// error then lists each such file. Other skipped entries are logged.
    pub fn import_archive(&mut self, path: &Path, now: DateTime<Utc>) -> Result<Vec<IngestReport>> {
        let tree = self.checked_tree(path, now)?;
        reject_failures(&tree.failed)?;
        for skipped in &tree.skipped {
            warn!(path = %skipped.path, reason = %skipped.reason, "skipped");
        }

        let mut reports = Vec::with_capacity(tree.documents.len());
        for document in tree.documents {
            reports.push(self.add_versions(
                &document.platform,
                &document.document,
                document.versions,
                now,
            )?);
        }
        Ok(reports)
    }

    /// Reads the tree under `path` and moves to its failed files the versions that cannot be
    /// stored: one dated over a day ahead of the clock or before [`EARLIEST_YEAR`], or one
    /// whose recorded-at time is stored with another text. Documents left without versions are
    /// dropped.
    fn checked_tree(&self, path: &Path, now: DateTime<Utc>) -> Result<ArchiveTree> {
        let mut tree = read_tree(path)?;

        // A version named after a time that has not come yet would date every later check
        // after it. The clock decides, because `now` may be an earlier time given on purpose
        // (tests, replays).
        let latest_allowed = Utc::now().max(now) + chrono::Duration::days(1);
        for document in &mut tree.documents {
            let stored = self.stored_hashes(&document.platform, &document.document)?;
            let mut kept = Vec::with_capacity(document.versions.len());
            for version in std::mem::take(&mut document.versions) {
                let recorded_at = format_time(version.recorded_at);
                let file = Path::new(&version.origin_detail);
                if version.recorded_at.year() < EARLIEST_YEAR {
                    tree.failed.push(FileProblem::new(
                        file,
                        format!(
                            "the file name dates the version {recorded_at}, before the web opened \
                             in {EARLIEST_YEAR}; rename the file to the time the text was recorded \
                             (UTC) and import again"
                        ),
                    ));
                } else if version.recorded_at > latest_allowed {
                    tree.failed.push(FileProblem::new(
                        file,
                        format!(
                            "the file name dates the version {recorded_at}, more than a day after \
                             the current time; rename the file to the time the text was recorded \
                             (UTC) and import again"
                        ),
                    ));
                } else if stored
                    .get(&recorded_at)
                    .is_some_and(|sha256| *sha256 != crate::ingest::hex_digest(&version.content))
                {
                    tree.failed.push(FileProblem::new(
                        file,
                        format!(
                            "{} {} already has a version recorded at {recorded_at} with a \
                             different text; stored versions are never rewritten, so give this \
                             text another recorded-at time or import it into another data \
                             directory",
                            document.platform, document.document
                        ),
                    ));
                } else {
                    kept.push(version);
                }
            }
            document.versions = kept;
        }
        tree.documents.retain(|document| !document.versions.is_empty());
        tree.failed.sort_by(|a, b| a.path.cmp(&b.path));
        tree.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(tree)
    }

    /// Returns the SHA-256 of each stored version of a document, by recorded-at time; empty
    /// when the document is not stored yet.
    fn stored_hashes(&self, platform: &str, document: &str) -> Result<HashMap<String, String>> {
        let mut statement = self.conn.prepare(
            "SELECT v.recorded_at, v.sha256 FROM versions v
             JOIN documents d ON d.id = v.document_id
             JOIN platforms p ON p.id = d.platform_id
             WHERE p.name = ?1 AND d.doc_type = ?2",
        )?;
        let rows = statement.query_map(params![platform.trim(), document.trim()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Returns an error listing every failed file, if there is one.
fn reject_failures(failed: &[FileProblem]) -> Result<()> {
    match failed {
        [] => Ok(()),
        [only] => Err(StoreError::InvalidInput(only.to_string())),
        several => {
            let listed: Vec<String> = several.iter().map(ToString::to_string).collect();
            Err(StoreError::InvalidInput(format!(
                "{} files cannot be imported: {}",
                several.len(),
                listed.join("; ")
            )))
        }
    }
}
