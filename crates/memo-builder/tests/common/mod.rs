//! Shared set-up: the real corpus imported once per test binary, the Netflix memo request,
//! and the poppler-utils and qpdf tools that read the PDFs back.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clausewatch_memo_builder::MemoRequest;
use clausewatch_store::Store;
use tempfile::TempDir;

#[path = "../../../store/tests/common/corpus_folder.rs"]
mod corpus_folder;
use corpus_folder::shared_corpus_folder;

/// The Open Terms Archive versions shipped with the project.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions")
}

/// Import time, fixed so the provenance does not depend on the clock.
pub fn import_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).single().expect("valid time")
}

static CORPUS_STORE: OnceLock<PathBuf> = OnceLock::new();

/// Returns a connection to a store holding the whole corpus, imported once.
pub fn corpus_store() -> Store {
    let path = CORPUS_STORE.get_or_init(|| {
        let mut store = Store::open_in(&shared_corpus_folder()).expect("store opens");
        store.import_archive(&corpus(), import_time()).expect("corpus imports");
        store.path().to_owned()
    });
    Store::open(path).expect("store reopens")
}

/// Returns a copy of the corpus store in a folder removed on drop, for a test that writes,
/// so that its edits stay out of other tests.
pub fn corpus_copy() -> (TempDir, Store) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let copy = folder.path().join("copy.sqlite3");
    corpus_store().backup_to(&copy).expect("backup written");
    let store = Store::open(&copy).expect("copy opens");
    (folder, store)
}

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// Returns the request of the Netflix Terms of Service memo, 2024-01-01 to 2026-12-01.
pub fn netflix_request() -> MemoRequest {
    let mut request =
        MemoRequest::new("Netflix", Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap());
    request.document = Some("Terms of Service".to_owned());
    request.since = Some(date(2024, 1, 1));
    request.until = Some(date(2026, 12, 1));
    request.to = "Legal & Compliance team".to_owned();
    request.from = "Hélène Dupré".to_owned();
    request.privileged = true;
    request
}

/// The text of the machine-learning restriction, as Netflix has published it since 2025.
pub const MACHINE_LEARNING_CLAUSE: &str = "engage in any of the foregoing in connection with \
the use, creation, development, modification, prompting, fine-tuning, training, testing, \
benchmarking or validation of any machine learning tool, model, system, algorithm, product or \
other technology.";

/// Runs a poppler-utils or qpdf tool on `path` and returns its standard output.
pub fn run(program: &str, args: &[&str], path: &Path) -> String {
    let mut command = Command::new(program);
    command.args(args).arg(path);
    if program == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().unwrap_or_else(|err| {
        panic!("{program} could not start (install poppler-utils and qpdf): {err}")
    });
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

/// Returns the page count that `pdfinfo` reads.
pub fn page_count(path: &Path) -> usize {
    let info = run("pdfinfo", &[], path);
    let line = info.lines().find(|line| line.starts_with("Pages:")).expect("pdfinfo prints Pages");
    line["Pages:".len()..].trim().parse().expect("page count is a number")
}

/// Collapses every run of white space to one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One word of `pdftotext -bbox` output, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

/// One page of `pdftotext -bbox` output.
#[derive(Debug)]
pub struct BoxPage {
    pub width: f64,
    pub words: Vec<Word>,
}

/// Returns the words of each page, parsed from `pdftotext -bbox`.
pub fn words_by_page(path: &Path) -> Vec<BoxPage> {
    let html = run("pdftotext", &["-bbox"], path);
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute present") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("attribute closed");
        tag[start..end].parse().expect("attribute is a number")
    };

    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for word in chunk.split("<word ").skip(1) {
            let text_start = word.find('>').expect("word tag closed") + 1;
            let text_end = word.find("</word>").expect("word element closed");
            words.push(Word {
                text: unescape(&word[text_start..text_end]),
                x_min: attribute(word, "xMin"),
                x_max: attribute(word, "xMax"),
                y_min: attribute(word, "yMin"),
                y_max: attribute(word, "yMax"),
            });
        }
        pages.push(BoxPage { width: attribute(chunk, "width"), words });
    }
    pages
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}
