//! The bundled demo archive: real histories of 11 platforms from Open Terms Archive, imported
//! through [`Store::import_archive`] on first launch so a new user sees real data at once.
//!
//! The import runs on a worker thread while the window shows its progress through
//! [`DemoState`]. Removing the demo leaves a marker file so that the next launch does not
//! import it again. The bundle ships the archive as the resource `archive/versions`; a
//! development build reads `assets/archive/versions` of the repository.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clausewatch_store::{Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

/// Credit the licence of the demo data asks for, shown under About.
pub const CREDIT: &str = "Data from Open Terms Archive (opentermsarchive.org), Open Terms \
                          Archive contributors, ODC-BY 1.0";

/// File in the data folder whose presence means the user removed the demo archive.
pub const REMOVED_MARKER: &str = "demo-archive-removed";

/// Where the demo import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "DemoPhase.ts")]
pub enum DemoPhase {
    /// The import has not started yet.
    Pending,
    /// The archive is being imported.
    Importing,
    /// The store is ready to read, with or without the demo platforms.
    Ready,
    /// The import failed; the message says why.
    Failed,
}

/// The demo import's progress, shared between the worker and the commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DemoStatus.ts")]
pub struct DemoStatus {
    pub phase: DemoPhase,
    /// Why the import failed, when it did.
    pub message: Option<String>,
    /// Platforms of the demo archive, as folder names.
    pub platforms: Vec<String>,
}

/// Managed state: the demo archive's folder and the import's progress.
#[derive(Debug, Clone)]
pub struct DemoState {
    pub archive_dir: PathBuf,
    pub status: Arc<Mutex<DemoStatus>>,
}

impl DemoState {
    /// Builds the state for the archive in `archive_dir`, listing its platforms.
    pub fn new(archive_dir: PathBuf) -> Self {
        let platforms = archive_platforms(&archive_dir);
        let status = DemoStatus { phase: DemoPhase::Pending, message: None, platforms };
        Self { archive_dir, status: Arc::new(Mutex::new(status)) }
    }

    /// Returns a copy of the current status.
    pub fn snapshot(&self) -> DemoStatus {
        self.status
            .lock()
            .map(|status| status.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Sets the phase and message of the status.
    pub fn set(&self, phase: DemoPhase, message: Option<String>) {
        let mut status = self.status.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        status.phase = phase;
        status.message = message;
    }
}

/// Returns the archive folder: the bundled resource when present, else the repository's.
pub fn locate_archive(resource_dir: Option<&Path>) -> PathBuf {
    let bundled = resource_dir.map(|dir| dir.join("archive").join("versions"));
    match bundled {
        Some(dir) if dir.is_dir() => dir,
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/archive/versions"),
    }
}

/// Returns the platform folder names of the archive, sorted.
pub fn archive_platforms(archive_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(archive_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().is_dir())
                .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Imports the archive into the store of `data_dir` when the store holds no version and the
/// user has not removed the demo before; returns whether it imported.
pub fn import_if_first_launch(
    data_dir: &Path,
    archive_dir: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StoreError> {
    if data_dir.join(REMOVED_MARKER).exists() {
        return Ok(false);
    }
    let mut store = Store::open_in(data_dir)?;
    if store.counts()?.versions > 0 {
        return Ok(false);
    }
    let started = std::time::Instant::now();
    let reports = store.import_archive(archive_dir, now)?;
    store.mark_demo_platforms(&archive_platforms(archive_dir))?;
    tracing::info!(
        documents = reports.len(),
        elapsed_ms = started.elapsed().as_millis(),
        archive = %archive_dir.display(),
        "demo archive imported"
    );
    Ok(true)
}

/// Starts the first-launch import on a worker thread and records its progress in `state`.
pub fn start_import(data_dir: PathBuf, state: DemoState) {
    state.set(DemoPhase::Importing, None);
    tauri::async_runtime::spawn_blocking(move || {
        match import_if_first_launch(&data_dir, &state.archive_dir, chrono::Utc::now()) {
            Ok(_) => state.set(DemoPhase::Ready, None),
            Err(error) => {
                tracing::error!(%error, "demo archive import failed");
                let message = format!(
                    "could not import the demo archive from {}: {error}",
                    state.archive_dir.display()
                );
                state.set(DemoPhase::Failed, Some(message));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_archive() -> PathBuf {
        locate_archive(None)
    }

    #[test]
    fn repo_archive_lists_its_eleven_platforms() {
        let platforms = archive_platforms(&repo_archive());
        assert_eq!(platforms.len(), 11, "{platforms:?}");
        assert!(platforms.contains(&"Netflix".to_owned()));
        assert!(platforms.contains(&"Stack Overflow".to_owned()));
    }

    #[test]
    fn imports_once_and_never_after_removal() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-05-01T00:00:00Z").unwrap().to_utc();

        assert!(import_if_first_launch(dir.path(), &repo_archive(), now).unwrap());
        let counts = Store::open_in(dir.path()).unwrap().counts().unwrap();
        // 11 platform folders, 21 document folders and 235 version files in the archive.
        assert_eq!((counts.platforms, counts.documents, counts.versions), (11, 21, 235));
        let demo = Store::open_in(dir.path()).unwrap().demo_platforms().unwrap();
        assert_eq!(demo, Some(archive_platforms(&repo_archive())), "every platform is marked");

        assert!(!import_if_first_launch(dir.path(), &repo_archive(), now).unwrap());

        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join(REMOVED_MARKER), "").unwrap();
        assert!(!import_if_first_launch(empty.path(), &repo_archive(), now).unwrap());
        assert_eq!(Store::open_in(empty.path()).unwrap().counts().unwrap().versions, 0);
    }
}
