//! Import of Open Terms Archive version histories from disk.
//!
//! The layout is `<Service>/<Document type>/<YYYY-MM-DDTHH-MM-SSZ>.md`, where the file name
//! is the UTC time the version was recorded. [`scan`] accepts a whole tree, one service
//! folder or one document folder, and reads every file before anything is written, so a
//! malformed name or a file that is not UTF-8 text stops the import with nothing changed.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use tracing::warn;

use crate::ingest::{IngestReport, NewVersion};
use crate::{Result, Store, StoreError};

/// File-name pattern of a version, for error messages.
const NAME_PATTERN: &str = "YYYY-MM-DDTHH-MM-SSZ.md";

/// The versions of one document found on disk.
#[derive(Debug, Clone)]
pub struct ArchiveDocument {
    pub platform: String,
    pub document: String,
    pub versions: Vec<NewVersion>,
}

/// Reads the versions under `path`, sorted by recorded-at time within each document.
pub fn scan(path: &Path) -> Result<Vec<ArchiveDocument>> {
    let metadata = fs::metadata(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotFound(format!(
                "{} does not exist; give the folder of an Open Terms Archive versions tree \
                 (<Service>/<Document type>/{NAME_PATTERN}), one service or one document",
                path.display()
            ))
        } else {
            StoreError::Io { path: path.to_owned(), source }
        }
    })?;
    if metadata.is_file() {
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut document = read_document_folder(folder, Some(path))?;
        document.versions.retain(|version| Path::new(&version.origin_detail) == path);
        return Ok(vec![document]);
    }

    let mut documents = Vec::new();
    if has_version_files(path)? {
        documents.push(read_document_folder(path, None)?);
    } else {
        for child in subfolders(path)? {
            if has_version_files(&child)? {
                documents.push(read_document_folder(&child, None)?);
                continue;
            }
            for grandchild in subfolders(&child)? {
                if has_version_files(&grandchild)? {
                    documents.push(read_document_folder(&grandchild, None)?);
                }
            }
        }
    }
    if documents.is_empty() {
        let declarations =
            list(path)?.iter().any(|entry| entry.extension().is_some_and(|e| e == "json"));
        let hint = if declarations {
            "it holds declaration files (.json) next to subfolders; put the declarations in a \
             folder of their own and import that folder to add them as sources"
        } else {
            "no version files were found in it"
        };
        return Err(StoreError::InvalidInput(format!(
            "{} is not an Open Terms Archive versions folder: {hint}. Expected \
             <Service>/<Document type>/{NAME_PATTERN}",
            path.display()
        )));
    }
    Ok(documents)
}

fn list(path: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        fs::read_dir(path).map_err(|source| StoreError::Io { path: path.to_owned(), source })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| StoreError::Io { path: path.to_owned(), source })?;
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with('.') {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths)
}

fn subfolders(path: &Path) -> Result<Vec<PathBuf>> {
    Ok(list(path)?.into_iter().filter(|entry| entry.is_dir()).collect())
}

/// Returns whether a folder holds at least one file named like a version.
fn has_version_files(path: &Path) -> Result<bool> {
    Ok(list(path)?.iter().any(|entry| entry.is_file() && parse_file_name(entry).is_some()))
}

/// Returns the recorded-at time a version file's name gives.
pub fn parse_file_name(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    NaiveDateTime::parse_from_str(stem, "%Y-%m-%dT%H-%M-%SZ").ok().map(|time| time.and_utc())
}

fn read_document_folder(folder: &Path, only: Option<&Path>) -> Result<ArchiveDocument> {
    let document = folder_name(folder)?;
    let platform = folder.parent().map(folder_name).transpose()?.ok_or_else(|| {
        StoreError::InvalidInput(format!(
            "{} has no parent folder to name the platform; expected \
             <Service>/<Document type>/{NAME_PATTERN}",
            folder.display()
        ))
    })?;

    let mut versions = Vec::new();
    for entry in list(folder)? {
        if !entry.is_file() || only.is_some_and(|only| only != entry) {
            continue;
        }
        let is_markdown = entry.extension().is_some_and(|extension| extension == "md");
        let Some(recorded_at) = parse_file_name(&entry) else {
            if is_markdown {
                return Err(StoreError::InvalidInput(format!(
                    "{}: the file name is not a recorded-at time; version files are named \
                     {NAME_PATTERN} in UTC, for example 2025-04-17T18-11-07Z.md. Rename or \
                     remove the file",
                    entry.display()
                )));
            }
            warn!(path = %entry.display(), "skipped: not a version file");
            continue;
        };
        let bytes =
            fs::read(&entry).map_err(|source| StoreError::Io { path: entry.clone(), source })?;
        let content = String::from_utf8(bytes).map_err(|error| {
            StoreError::InvalidInput(format!(
                "{}: not UTF-8 text (invalid byte at offset {}); convert the file to UTF-8 \
                 markdown and import again",
                entry.display(),
                error.utf8_error().valid_up_to()
            ))
        })?;
        if content.trim().is_empty() {
            return Err(StoreError::InvalidInput(format!(
                "{}: the file is empty; an empty text is never stored as a version. Remove \
                 the file and import again",
                entry.display()
            )));
        }
        versions.push(NewVersion {
            recorded_at,
            content,
            origin: "import".to_owned(),
            origin_detail: entry.display().to_string(),
        });
    }
    versions.sort_by_key(|version| version.recorded_at);
    Ok(ArchiveDocument { platform, document, versions })
}

fn folder_name(path: &Path) -> Result<String> {
    let canonical = fs::canonicalize(path)
        .map_err(|source| StoreError::Io { path: path.to_owned(), source })?;
    canonical.file_name().and_then(|name| name.to_str()).map(str::to_owned).ok_or_else(|| {
        StoreError::InvalidInput(format!("{} has no usable folder name", path.display()))
    })
}

impl Store {
    /// Imports every version under `path` (see [`scan`]); each document is one transaction.
    pub fn import_archive(&mut self, path: &Path, now: DateTime<Utc>) -> Result<Vec<IngestReport>> {
        let documents = scan(path)?;

        // A version named after a time that has not come yet would date every later check
        // after it, so the whole import stops before anything is stored. The clock decides,
        // because `now` may be an earlier time given on purpose (tests, replays).
        let latest_allowed = Utc::now().max(now) + chrono::Duration::days(1);
        for version in documents.iter().flat_map(|document| &document.versions) {
            if version.recorded_at > latest_allowed {
                return Err(StoreError::InvalidInput(format!(
                    "{}: the file name dates the version {}, after today; rename the file to the \
                     time the text was recorded (UTC) and import again",
                    version.origin_detail,
                    version.recorded_at.format("%Y-%m-%dT%H:%M:%SZ")
                )));
            }
        }

        let mut reports = Vec::with_capacity(documents.len());
        for document in documents {
            reports.push(self.add_versions(
                &document.platform,
                &document.document,
                document.versions,
                now,
            )?);
        }
        Ok(reports)
    }
}
