//! Reading a versions tree from disk: `<Service>/<Document type>/<YYYY-MM-DDTHH-MM-SSZ>.md`,
//! where the file name is the UTC time the version was recorded and the extension is matched
//! in any case. [`read_tree`] accepts a whole tree, one service folder, one document folder or
//! one file. A file that cannot be a version is listed as failed with its reason and the rest
//! of the tree is still read. Everything else that is not read is listed as skipped.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use serde::Serialize;

use crate::ingest::NewVersion;
use crate::{Result, StoreError};

/// File-name pattern of a version, for messages.
pub(super) const NAME_PATTERN: &str = "YYYY-MM-DDTHH-MM-SSZ.md";

/// The versions of one document found on disk.
#[derive(Debug, Clone)]
pub struct ArchiveDocument {
    pub platform: String,
    pub document: String,
    pub versions: Vec<NewVersion>,
}

/// A file or folder of a tree that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    pub path: String,
    pub reason: String,
}

impl FileProblem {
    pub(super) fn new(path: &Path, reason: impl Into<String>) -> Self {
        Self { path: path.display().to_string(), reason: reason.into() }
    }
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// The content of a tree: the documents with their readable versions, the files that failed
/// and the entries skipped.
#[derive(Debug, Clone, Default)]
pub struct ArchiveTree {
    pub documents: Vec<ArchiveDocument>,
    pub failed: Vec<FileProblem>,
    pub skipped: Vec<FileProblem>,
}

/// Reads the versions under `path`, sorted by recorded-at time within each document. Fails
/// only when a folder cannot be listed or `path` contains no version file at all.
pub fn read_tree(path: &Path) -> Result<ArchiveTree> {
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

    let mut tree = ArchiveTree::default();
    if metadata.is_file() {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if parse_file_name(path).is_none() {
            tree.failed.push(not_a_version_name(path));
        } else {
            read_document_folder(folder, Some(path), &mut tree)?;
        }
        return Ok(tree);
    }

    let entries = list(path)?;
    if has_version_files(&entries) {
        read_document_folder(path, None, &mut tree)?;
    } else {
        read_folders(entries, 1, &mut tree)?;
    }
    if tree.documents.is_empty() && tree.failed.is_empty() {
        return Err(not_a_versions_folder(path));
    }
    Ok(tree)
}

/// The entries of a folder, sorted by path.
struct Entries {
    visible: Vec<PathBuf>,
    /// Entries whose name starts with a dot.
    hidden: Vec<PathBuf>,
}

/// Reads the subfolders of a tree or service folder, `depth` levels above the document
/// folders, as document folders where they hold versions.
fn read_folders(entries: Entries, depth: usize, tree: &mut ArchiveTree) -> Result<()> {
    skip_hidden(&entries, tree);
    for entry in entries.visible {
        if !entry.is_dir() {
            tree.skipped.push(FileProblem::new(
                &entry,
                format!(
                    "not in a document folder; expected <Service>/<Document type>/{NAME_PATTERN}"
                ),
            ));
            continue;
        }
        let children = match list(&entry) {
            Ok(children) => children,
            Err(error) => {
                tree.failed.push(FileProblem::new(&entry, format!("the folder {error}")));
                continue;
            }
        };
        if has_version_files(&children) {
            read_document_folder(&entry, None, tree)?;
        } else if depth > 0 {
            read_folders(children, depth - 1, tree)?;
        } else {
            tree.skipped.push(FileProblem::new(
                &entry,
                format!("the folder contains no file named {NAME_PATTERN}"),
            ));
        }
    }
    Ok(())
}

fn skip_hidden(entries: &Entries, tree: &mut ArchiveTree) {
    for hidden in &entries.hidden {
        tree.skipped.push(FileProblem::new(hidden, "hidden (its name starts with a dot)"));
    }
}

fn list(path: &Path) -> Result<Entries> {
    let read_error = |source| StoreError::Io { path: path.to_owned(), source };
    let mut entries = Entries { visible: Vec::new(), hidden: Vec::new() };
    for entry in fs::read_dir(path).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            entries.hidden.push(entry.path());
        } else {
            entries.visible.push(entry.path());
        }
    }
    entries.visible.sort();
    entries.hidden.sort();
    Ok(entries)
}

/// Returns whether the entries include at least one file named like a version.
fn has_version_files(entries: &Entries) -> bool {
    entries.visible.iter().any(|entry| entry.is_file() && parse_file_name(entry).is_some())
}

/// Returns the recorded-at time a version file's name gives. The `.md` extension is matched
/// in any case.
pub fn parse_file_name(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let (stem, extension) = name.rsplit_once('.')?;
    if !extension.eq_ignore_ascii_case("md") {
        return None;
    }
    let time = NaiveDateTime::parse_from_str(stem, "%Y-%m-%dT%H-%M-%SZ").ok()?;
    // chrono reads second 60 as a leap second on any day and keeps it as over a second of
    // nanoseconds. Stored times have no such second, so the name is not a version's.
    (time.nanosecond() < 1_000_000_000).then(|| time.and_utc())
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("md"))
}

/// Reads the versions of one document folder into `tree`, or only the file `only`.
fn read_document_folder(folder: &Path, only: Option<&Path>, tree: &mut ArchiveTree) -> Result<()> {
    let (platform, document) = match document_names(folder) {
        Ok(names) => names,
        Err(error) => {
            tree.failed.push(FileProblem::new(folder, error.to_string()));
            return Ok(());
        }
    };
    let entries = list(folder)?;
    let mut versions = Vec::new();
    let mut files_by_time: HashMap<DateTime<Utc>, PathBuf> = HashMap::new();
    if only.is_none() {
        skip_hidden(&entries, tree);
    }
    for entry in entries.visible {
        if only.is_some_and(|only| only.file_name() != entry.file_name()) {
            continue;
        }
        if entry.is_dir() {
            let reason = "a folder inside a document folder; version files sit directly in it";
            tree.skipped.push(FileProblem::new(&entry, reason));
            continue;
        }
        let Some(recorded_at) = parse_file_name(&entry) else {
            if is_markdown(&entry) {
                tree.failed.push(not_a_version_name(&entry));
            } else {
                let reason = format!("not a version file; version files are named {NAME_PATTERN}");
                tree.skipped.push(FileProblem::new(&entry, reason));
            }
            continue;
        };
        // A link could make the import store a file from anywhere on the disk (a key, a
        // password file) as a version, so only files of the archive itself are read.
        if entry.is_symlink() {
            tree.failed.push(FileProblem::new(
                &entry,
                "a symbolic link; version files are read only when they are regular files of \
                 the archive, so copy the file it points to into the folder and import again",
            ));
            continue;
        }
        if let Some(first) = files_by_time.get(&recorded_at) {
            tree.failed.push(FileProblem::new(
                &entry,
                format!(
                    "names the same recorded-at time as {}; keep one of the two files",
                    first.display()
                ),
            ));
            continue;
        }
        match read_version(&entry, recorded_at) {
            Ok(version) => {
                files_by_time.insert(recorded_at, entry);
                versions.push(version);
            }
            Err(problem) => tree.failed.push(problem),
        }
    }
    versions.sort_by_key(|version| version.recorded_at);
    tree.documents.push(ArchiveDocument { platform, document, versions });
    Ok(())
}

fn read_version(
    entry: &Path,
    recorded_at: DateTime<Utc>,
) -> std::result::Result<NewVersion, FileProblem> {
    let bytes = fs::read(entry)
        .map_err(|error| FileProblem::new(entry, format!("could not be read: {error}")))?;
    let content = String::from_utf8(bytes).map_err(|error| {
        FileProblem::new(
            entry,
            format!(
                "not UTF-8 text (invalid byte at offset {}); convert the file to UTF-8 markdown \
                 and import again",
                error.utf8_error().valid_up_to()
            ),
        )
    })?;
    if content.trim().is_empty() {
        return Err(FileProblem::new(
            entry,
            "the file is empty; an empty text is never stored as a version. Remove the file and \
             import again",
        ));
    }
    Ok(NewVersion {
        recorded_at,
        content,
        origin: "import".to_owned(),
        origin_detail: entry.display().to_string(),
    })
}

fn not_a_version_name(path: &Path) -> FileProblem {
    FileProblem::new(
        path,
        format!(
            "the file name is not a recorded-at time; version files are named {NAME_PATTERN} in \
             UTC, for example 2025-04-17T18-11-07Z.md. Rename or remove the file"
        ),
    )
}

fn not_a_versions_folder(path: &Path) -> StoreError {
    let declarations = list(path).is_ok_and(|entries| {
        entries.visible.iter().any(|entry| entry.extension().is_some_and(|e| e == "json"))
    });
    let hint = if declarations {
        "it holds declaration files (.json) next to subfolders; put the declarations in a \
         folder of their own and import that folder to add them as sources"
    } else {
        "no version files were found in it"
    };
    StoreError::InvalidInput(format!(
        "{} is not an Open Terms Archive versions folder: {hint}. Expected \
         <Service>/<Document type>/{NAME_PATTERN}",
        path.display()
    ))
}

/// Returns the platform and document names a document folder gives: its parent's name and
/// its own.
fn document_names(folder: &Path) -> Result<(String, String)> {
    let document = folder_name(folder)?;
    let platform = folder.parent().map(folder_name).transpose()?.ok_or_else(|| {
        StoreError::InvalidInput(format!(
            "{} has no parent folder to name the platform; expected \
             <Service>/<Document type>/{NAME_PATTERN}",
            folder.display()
        ))
    })?;
    Ok((platform, document))
}

fn folder_name(path: &Path) -> Result<String> {
    let canonical = fs::canonicalize(path)
        .map_err(|source| StoreError::Io { path: path.to_owned(), source })?;
    canonical.file_name().and_then(|name| name.to_str()).map(str::to_owned).ok_or_else(|| {
        StoreError::InvalidInput(format!("{} has no usable folder name", path.display()))
    })
}
