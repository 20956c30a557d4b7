//! Runs the extraction over the corpus in `tests/data`: each case pairs the snapshots of one
//! document at one moment with the version Open Terms Archive recorded from them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clausewatch_watcher::charset::decode_body;
use clausewatch_watcher::conformance::{LineAgreement, compare_lines};
use clausewatch_watcher::declaration::{
    DeclarationHistory, in_force_at, parse_declaration, parse_history,
};
use clausewatch_watcher::extract::{combine, extract_html};
use serde::Deserialize;

/// One document at one moment, as listed in `cases.json`.
#[derive(Debug, Deserialize)]
pub struct Case {
    pub platform: String,
    pub document_type: String,
    pub version: String,
    pub recorded: DateTime<Utc>,
    pub pages: Vec<Page>,
}

/// One fetched page of a case.
#[derive(Debug, Deserialize)]
pub struct Page {
    pub snapshot: String,
    pub url: String,
}

/// The agreement of one case's extraction with its recorded version.
#[derive(Debug)]
#[allow(dead_code, reason = "the table example reads every field, the test only some")]
pub struct CaseResult {
    pub version: String,
    pub extracted: String,
    pub agreement: LineAgreement,
}

/// Returns the folder holding the corpus.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Reads `cases.json`.
pub fn cases(dir: &Path) -> Vec<Case> {
    let json = std::fs::read_to_string(dir.join("cases.json")).expect("cases.json is readable");
    serde_json::from_str(&json).expect("cases.json is valid")
}

/// Extracts one case with the declaration in force at its date and compares it with the
/// recorded version.
pub fn run_case(dir: &Path, case: &Case) -> Result<CaseResult, String> {
    let declarations = dir.join("declarations");
    let json = std::fs::read_to_string(declarations.join(format!("{}.json", case.platform)))
        .map_err(|error| format!("declaration of {}: {error}", case.platform))?;
    let current = parse_declaration(&json, &case.platform).map_err(|e| e.to_string())?;

    let history_path = declarations.join(format!("{}.history.json", case.platform));
    let history: Option<DeclarationHistory> = match std::fs::read_to_string(&history_path) {
        Ok(json) => Some(parse_history(&json, &case.platform).map_err(|e| e.to_string())?.history),
        Err(_) => None,
    };

    let document =
        in_force_at(&current.declaration, history.as_ref(), &case.document_type, case.recorded)
            .ok_or_else(|| format!("{} has no {}", case.platform, case.document_type))?;

    let pages: HashMap<&str, &Page> =
        case.pages.iter().map(|page| (page.url.as_str(), page)).collect();
    let mut texts = Vec::new();
    for source in &document.sources {
        let page = pages
            .get(source.url.as_str())
            .ok_or_else(|| format!("no snapshot of {} in {}", source.url, case.version))?;
        let bytes = std::fs::read(dir.join(&page.snapshot)).map_err(|e| e.to_string())?;
        let decoded = decode_body(&bytes, Some("text/html"));
        texts.push(extract_html(&decoded.text, &page.url, source).map_err(|e| e.to_string())?);
    }

    let extracted = combine(&texts);
    let reference = std::fs::read_to_string(dir.join(&case.version)).map_err(|e| e.to_string())?;
    let agreement = compare_lines(&reference, &extracted);
    Ok(CaseResult { version: case.version.clone(), extracted, agreement })
}
