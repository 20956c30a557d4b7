//! Import of Open Terms Archive declaration files (`<Platform>.json`) as sources. A folder is
//! a declarations folder when it holds `.json` files and no version folders; `.history.json`
//! files are skipped, because a source keeps only the rules in force now. Filters the product
//! does not implement are reported by name. A source whose rules changed is re-extracted from
//! its stored snapshots. New sources take the check interval of the watch settings, and stored
//! ones keep theirs.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use clausewatch_store::archive::FileProblem;
use clausewatch_store::ingest::validate_name;
use clausewatch_store::sources::{NewSource, SourceUpdate};
use clausewatch_store::{Store, StoreError};

use crate::declaration::parse_declaration;
use crate::page_url::{PageUrlError, check_page_url};
use crate::reextract::reextract;
use crate::source::source_pages;

/// What importing one document's declaration did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedSource {
    pub platform: String,
    pub document: String,
    pub update: SourceUpdate,
    /// True when new rules gave another text from the stored snapshots.
    pub reextracted: bool,
}

/// What importing declarations did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeclarationImport {
    pub sources: Vec<ImportedSource>,
    /// Declared filters the product does not implement, one message each, naming the filter.
    pub warnings: Vec<String>,
    /// Declaration files that were not imported, as "path: reason". The import stored the
    /// sources of every other file.
    pub failed: Vec<String>,
}

/// Summary of an import, whichever kind of path it read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    /// "declarations" or "versions".
    pub kind: String,
    /// Documents the import touched.
    pub documents: usize,
    /// Versions added; versions already stored with the same text are not counted.
    pub versions_added: usize,
    pub sources_added: usize,
    /// Sources whose pages or rules the import replaced.
    pub sources_changed: usize,
    /// Declared filters the product does not implement, one message each.
    pub warnings: Vec<String>,
    /// Files that were not imported, as "path: reason". The import stored what every other
    /// file holds.
    pub failed: Vec<String>,
    /// Files and folders of a versions folder left out because they are not versions, as
    /// "path: reason".
    pub skipped: Vec<String>,
}

/// Imports `path` as declarations when [`is_declaration_path`] returns true, else as a versions
/// archive (a tree, one service folder or one document folder), and sums up what it stored. A
/// versions archive is imported file by file: the summary lists the files that failed.
/// Sources a declaration adds or changes are logged as `actor`'s.
pub fn import_path(
    store: &mut Store,
    path: &Path,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<ImportSummary, StoreError> {
    if !path.exists() {
        return Err(StoreError::InvalidInput(format!(
            "{} does not exist; choose a versions folder or declaration files",
            path.display()
        )));
    }
    if is_declaration_path(path) {
        let report = import_declarations(store, path, actor, now)?;
        let count = |update: SourceUpdate| {
            report.sources.iter().filter(|source| source.update == update).count()
        };
        return Ok(ImportSummary {
            kind: "declarations".to_owned(),
            documents: report.sources.len(),
            versions_added: 0,
            sources_added: count(SourceUpdate::Created),
            sources_changed: count(SourceUpdate::RulesChanged),
            warnings: report.warnings,
            failed: report.failed,
            ..ImportSummary::default()
        });
    }
    let import = store.import_versions(path, now)?;
    let listed = |problems: &[FileProblem]| problems.iter().map(ToString::to_string).collect();
    Ok(ImportSummary {
        kind: "versions".to_owned(),
        documents: import.documents.len(),
        versions_added: import.documents.iter().map(|report| report.added.len()).sum(),
        failed: listed(&import.failed),
        skipped: listed(&import.skipped),
        ..ImportSummary::default()
    })
}

/// Returns true when `path` is a declaration file or a folder of declaration files.
pub fn is_declaration_path(path: &Path) -> bool {
    if path.is_file() {
        return is_declaration_file(path);
    }
    let Ok(entries) = fs::read_dir(path) else {
        return false;
    };
    let mut declarations = false;
    for entry in entries.flatten() {
        let entry = entry.path();
        if entry.is_dir() {
            return false;
        }
        declarations |= is_declaration_file(&entry);
    }
    declarations
}

/// Imports the declarations at `path` (a file or a folder) as sources. Each file is read and
/// checked whole before its sources are stored: a malformed file adds nothing and is listed in
/// `failed`, and the other files are imported. When no file could be read, nothing is stored
/// and the error lists every file's problem. The audit log names `actor` for each source
/// added or changed.
pub fn import_declarations(
    store: &mut Store,
    path: &Path,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<DeclarationImport, StoreError> {
    let files = declaration_files(path)?;
    let interval_seconds = store.watch_settings()?.check_interval_seconds;
    let mut report = DeclarationImport::default();
    let mut sources = Vec::new();
    for file in &files {
        match file_sources(file, interval_seconds) {
            Ok((file_sources, warnings)) => {
                sources.extend(file_sources);
                report.warnings.extend(warnings);
            }
            Err(error) => report.failed.push(error.to_string()),
        }
    }
    if sources.is_empty() && !report.failed.is_empty() {
        return Err(StoreError::InvalidInput(report.failed.join("\n")));
    }

    for mut source in sources {
        // A declaration carries no interval, so a stored source keeps the one it has.
        if let Ok(stored) = store.sources_matching(Some(&source.platform), Some(&source.document))
            && let Some(stored) = stored.first()
        {
            source.interval_seconds = stored.interval_seconds;
        }
        let update = match store.put_source(&source, actor, now) {
            Ok((_, update)) => update,
            Err(error) => {
                let (file, platform, document) =
                    (&source.origin, &source.platform, &source.document);
                report.failed.push(format!("{file}: {platform} {document}: {error}"));
                continue;
            }
        };
        let mut reextracted = false;
        if update == SourceUpdate::RulesChanged {
            let stored = store.sources_matching(Some(&source.platform), Some(&source.document))?;
            for stored in &stored {
                reextracted |= reextract(store, stored, now)?.is_ok();
            }
        }
        report.sources.push(ImportedSource {
            platform: source.platform,
            document: source.document,
            update,
            reextracted,
        });
    }
    Ok(report)
}

/// Returns the sources that the declaration `file` holds and the warnings its filters raise,
/// or the first problem that keeps it from being imported, naming the file.
fn file_sources(
    file: &Path,
    interval_seconds: i64,
) -> Result<(Vec<NewSource>, Vec<String>), StoreError> {
    let json =
        fs::read_to_string(file).map_err(|source| StoreError::Io { path: file.into(), source })?;
    let parsed = parse_declaration(&json, &file.display().to_string())
        .map_err(|error| StoreError::InvalidInput(error.to_string()))?;

    let named =
        |error: StoreError| StoreError::InvalidInput(format!("{}: {error}", file.display()));
    validate_name("platform", &parsed.declaration.platform).map_err(named)?;
    let mut sources = Vec::new();
    for (document, declaration) in &parsed.declaration.documents {
        validate_name("document", document).map_err(named)?;
        for page in &declaration.sources {
            check_fetch_url(file, document, &page.url)?;
        }
        sources.push(NewSource {
            platform: parsed.declaration.platform.clone(),
            document: document.clone(),
            pages: source_pages(declaration),
            interval_seconds,
            origin: file.display().to_string(),
        });
    }
    let warnings = parsed.warnings.iter().map(ToString::to_string).collect();
    Ok((sources, warnings))
}

/// Returns an error naming the file unless a check can fetch `url` and a source may store it.
fn check_fetch_url(file: &Path, document: &str, url: &str) -> Result<(), StoreError> {
    let problem = match check_page_url(url) {
        Ok(()) => return Ok(()),
        Err(PageUrlError::NotFetchable { reason, .. }) => {
            format!("{url:?}, which is not an absolute http or https address ({reason})")
        }
        Err(PageUrlError::Credentials { masked }) => format!(
            "{masked}, which contains a user name or password that a source would store and \
             show as given. Give the address of the public page instead"
        ),
    };
    Err(StoreError::InvalidInput(format!(
        "{}: {document} fetches {problem}. Correct the declaration and import again",
        file.display()
    )))
}

fn is_declaration_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    name.ends_with(".json") && !name.ends_with(".history.json") && !name.starts_with('.')
}

fn declaration_files(path: &Path) -> Result<Vec<PathBuf>, StoreError> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let entries =
        fs::read_dir(path).map_err(|source| StoreError::Io { path: path.to_owned(), source })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|entry| entry.is_file() && is_declaration_file(entry))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declaration(fetch: &str) -> String {
        serde_json::json!({
            "name": "Acme",
            "terms": { "Terms of Service": { "fetch": fetch, "select": ["main"] } }
        })
        .to_string()
    }

    #[test]
    fn non_http_fetch_url_rejected() {
        let data = tempfile::tempdir().expect("data folder");
        let mut store = Store::open_in(data.path()).expect("store");
        let files = tempfile::tempdir().expect("declarations folder");
        let file = files.path().join("Acme.json");

        for fetch in ["file:///etc/passwd", "ftp://127.0.0.1/terms", "/terms", ""] {
            std::fs::write(&file, declaration(fetch)).expect("declaration written");
            let error =
                import_declarations(&mut store, &file, "tester", Utc::now()).expect_err(fetch);

            let message = error.to_string();
            assert!(message.contains("Acme.json"), "{message}");
            assert!(message.contains(&format!("{fetch:?}")), "{message}");
        }
        assert!(store.source_statuses().expect("sources").is_empty());

        std::fs::write(&file, declaration("http://127.0.0.1:9/terms")).expect("written");
        let report =
            import_declarations(&mut store, &file, "tester", Utc::now()).expect("imported");
        assert_eq!(report.sources.len(), 1);
    }
}
