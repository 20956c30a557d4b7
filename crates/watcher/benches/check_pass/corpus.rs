//! The documents the benchmark serves: every document of `tests/data` with at least two
//! recorded versions, its oldest and newest snapshots, and its pages and rules from the
//! declaration in force at the newest one. A document whose snapshots do not both extract
//! under those rules is left out.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use clausewatch_store::sources::SourcePage;
use clausewatch_watcher::charset::decode_body;
use clausewatch_watcher::declaration::{in_force_at, parse_declaration, parse_history};
use clausewatch_watcher::extract::extract_html;
use clausewatch_watcher::source::{document_declaration, source_pages};

/// One entry of `tests/data/cases.json`.
#[derive(Debug, Deserialize)]
struct Case {
    platform: String,
    document_type: String,
    recorded: DateTime<Utc>,
    pages: Vec<CasePage>,
}

#[derive(Debug, Deserialize)]
struct CasePage {
    snapshot: String,
    url: String,
}

/// A document served by the benchmark: its pages with their rules, and the bytes of each
/// page before and after the change.
pub struct Document {
    pub platform: String,
    pub document: String,
    pub pages: Vec<SourcePage>,
    pub old: Vec<Vec<u8>>,
    pub new: Vec<Vec<u8>>,
}

/// Returns the folder of the watcher's test data.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Loads every document that has an oldest and a newest snapshot.
pub fn documents(dir: &Path) -> Vec<Document> {
    let json = std::fs::read_to_string(dir.join("cases.json")).expect("cases.json is readable");
    let cases: Vec<Case> = serde_json::from_str(&json).expect("cases.json is valid");

    let mut names: Vec<(&str, &str)> =
        cases.iter().map(|case| (case.platform.as_str(), case.document_type.as_str())).collect();
    names.sort_unstable();
    names.dedup();

    let mut documents = Vec::new();
    for (platform, document) in names {
        let mut history: Vec<&Case> = cases
            .iter()
            .filter(|case| case.platform == platform && case.document_type == document)
            .collect();
        history.sort_by_key(|case| case.recorded);
        let (Some(oldest), Some(newest)) = (history.first(), history.last()) else { continue };
        if history.len() < 2 {
            continue;
        }
        let document = load(dir, oldest, newest);
        if extracts(&document, &document.old) && extracts(&document, &document.new) {
            documents.push(document);
        }
    }
    documents
}

/// Returns whether every page of `bodies` yields text under the document's rules, so that
/// each pass measures checks that record a version rather than failures.
fn extracts(document: &Document, bodies: &[Vec<u8>]) -> bool {
    let Ok(declaration) =
        document_declaration(&document.platform, &document.document, &document.pages)
    else {
        return false;
    };
    declaration.sources.iter().zip(bodies).all(|(source, body)| {
        let html = decode_body(body, Some("text/html; charset=utf-8")).text;
        extract_html(&html, &source.url, source).is_ok()
    })
}

fn load(dir: &Path, oldest: &Case, newest: &Case) -> Document {
    let declarations = dir.join("declarations");
    let file = declarations.join(format!("{}.json", newest.platform));
    let json = std::fs::read_to_string(&file).expect("declaration is readable");
    let current = parse_declaration(&json, &newest.platform).expect("declaration parses");
    let history_file = declarations.join(format!("{}.history.json", newest.platform));
    let history = std::fs::read_to_string(history_file)
        .ok()
        .map(|json| parse_history(&json, &newest.platform).expect("history parses").history);
    let declaration =
        in_force_at(&current.declaration, history.as_ref(), &newest.document_type, newest.recorded)
            .expect("the declaration names the document");
    let pages = source_pages(declaration);

    let bytes = |case: &Case| -> Vec<Vec<u8>> {
        pages
            .iter()
            .map(|page| {
                let snapshot = case
                    .pages
                    .iter()
                    .find(|served| served.url == page.url)
                    .expect("every declared page has a snapshot");
                std::fs::read(dir.join(&snapshot.snapshot)).expect("snapshot is readable")
            })
            .collect()
    };
    Document {
        platform: newest.platform.clone(),
        document: newest.document_type.clone(),
        old: bytes(oldest),
        new: bytes(newest),
        pages,
    }
}
