//! The Netflix memo rendered from the store and read back with qpdf and poppler-utils.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use clausewatch_memo::{HEADINGS, RenderOptions, render_pdf, write_pdf_file};
use clausewatch_memo_builder::build_memo;
use common::{
    MACHINE_LEARNING_CLAUSE, Word, corpus_store, netflix_request, page_count, run, squash,
    words_by_page,
};

/// Right margin of the layout: 25 mm in points.
const MARGIN_RIGHT: f64 = 25.0 * 72.0 / 25.4;
/// Height of a DejaVu word box in em: (ascender 1901 + descender 483) / 2048 units per em.
const BOX_HEIGHT_EM: f64 = (1901.0 + 483.0) / 2048.0;
/// Top of the body on every page, below the running header: 72 pt.
const BODY_TOP: f64 = 72.0 - 4.0;

static NETFLIX_PDF: OnceLock<PathBuf> = OnceLock::new();

/// Returns the path of the Netflix memo, built and written once per test binary, beside the
/// shared corpus store (a `TempDir` in a static is never removed).
fn netflix_pdf() -> &'static PathBuf {
    NETFLIX_PDF.get_or_init(|| {
        let store = corpus_store();
        let memo = build_memo(&store, &netflix_request()).expect("memo builds");
        let folder = store.path().parent().expect("the store's folder").to_path_buf();
        let path = folder.join("netflix.pdf");
        write_pdf_file(&memo, &RenderOptions::default(), &path).expect("memo is written");
        path
    })
}

#[test]
fn netflix_memo_passes_qpdf_check() {
    let output = run("qpdf", &["--check"], netflix_pdf());

    assert!(output.contains("No syntax or stream encoding errors"), "qpdf output: {output}");
}

#[test]
fn netflix_memo_prints_every_section_heading() {
    let text = run("pdftotext", &[], netflix_pdf());

    for heading in HEADINGS.iter().chain(&["Memorandum", "Privileged & Confidential"]) {
        assert!(text.contains(heading), "missing heading {heading:?}");
    }
}

#[test]
fn netflix_memo_prints_machine_learning_clause_in_full() {
    let text = squash(&run("pdftotext", &[], netflix_pdf()));

    assert!(text.contains(MACHINE_LEARNING_CLAUSE), "the clause is not printed in full");
    assert!(text.contains("Clause (viii) — Netflix Terms of Use › 4. Netflix Service › 4.6"));
    assert!(text.contains("Severity: Critical"), "the addition's severity is printed");
}

#[test]
fn netflix_memo_lists_renumbering_in_one_row() {
    let pages = words_by_page(netflix_pdf());

    // The row's first line reads "(viii) → (ix)" and the clause's first words in the Clause
    // column, "renumbered," in the Aspects column and the date of the 2026-04-11 version.
    let row = pages.iter().find_map(|page| {
        let words = &page.words;
        (0..words.len().saturating_sub(2)).find_map(|index| {
            let run = &words[index..index + 3];
            let texts: Vec<&str> = run.iter().map(|word| word.text.as_str()).collect();
            let same_line = (run[0].y_min - run[2].y_min).abs() < 0.5;
            (texts == ["(viii)", "→", "(ix)"] && same_line).then(|| (run[0].y_min, words))
        })
    });
    let (line, words) = row.expect("a row reads (viii) → (ix)");

    let aspects: Vec<&str> = words
        .iter()
        .filter(|word| (word.y_min - line).abs() < 0.5)
        .map(|word| word.text.as_str())
        .collect();
    assert!(aspects.contains(&"“engage"), "the row quotes the clause: {aspects:?}");
    assert!(aspects.contains(&"renumbered,"), "the row lists its aspects: {aspects:?}");
    assert!(aspects.contains(&"2026-04-11"), "the row gives the recorded date: {aspects:?}");
}

#[test]
fn every_page_numbers_itself_out_of_total() {
    let total = page_count(netflix_pdf());
    let text = run("pdftotext", &[], netflix_pdf());
    let pages: Vec<&str> = text.split('\u{c}').filter(|page| !page.trim().is_empty()).collect();

    assert!(total > 30, "110 change records fill more than 30 pages, got {total}");
    assert_eq!(pages.len(), total);
    for (index, page) in pages.iter().enumerate() {
        let label = format!("Page {} of {total}", index + 1);
        assert!(page.contains(&label), "page {} lacks {label:?}", index + 1);
    }
}

#[test]
fn no_word_runs_past_right_margin() {
    for (number, page) in words_by_page(netflix_pdf()).iter().enumerate() {
        let limit = page.width - MARGIN_RIGHT + 0.5;
        for word in &page.words {
            assert!(
                word.x_max <= limit,
                "page {}: {:?} ends at {} past the margin at {limit}",
                number + 1,
                word.text,
                word.x_max
            );
        }
    }
}

#[test]
fn no_text_is_smaller_than_nine_points() {
    let minimum = 9.0 * BOX_HEIGHT_EM - 0.05;

    for page in words_by_page(netflix_pdf()) {
        for word in page.words {
            let height = word.y_max - word.y_min;
            assert!(height >= minimum, "{:?} is {height} pt high, under 9 pt", word.text);
        }
    }
}

#[test]
fn split_table_repeats_header() {
    let pages = words_by_page(netflix_pdf());
    let contains = |page: &[Word], text: &str| page.iter().any(|word| word.text == text);
    let start = pages
        .iter()
        .position(|page| contains(&page.words, "(wording") && contains(&page.words, "Aspects"))
        .expect("the table of other changes starts on some page");
    let end = pages
        .iter()
        .position(|page| contains(&page.words, "Regulatory"))
        .expect("section 3 follows the table");

    assert!(end > start, "35 rows do not fit on the page where the table starts");
    for (number, page) in pages.iter().enumerate().take(end + 1).skip(start + 1) {
        let body: Vec<&Word> = page.words.iter().filter(|word| word.y_min > BODY_TOP).collect();
        let top = body.iter().map(|word| word.y_min).fold(f64::MAX, f64::min);
        // pdftotext lists words in an order it guesses from the columns; a line reads left to
        // right.
        let mut first_line: Vec<&Word> =
            body.iter().copied().filter(|word| (word.y_min - top).abs() < 0.5).collect();
        first_line.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
        let first_line: Vec<&str> = first_line.iter().map(|word| word.text.as_str()).collect();
        // The table may end at the foot of a page, so that section 3 opens the next one.
        if number == end && first_line.first() == Some(&"3.") {
            continue;
        }
        assert_eq!(first_line, vec!["Clause", "Heading", "path", "Aspects", "Recorded"]);
    }
}

#[test]
fn same_request_gives_same_bytes_on_one_day() {
    let store = corpus_store();
    let first = netflix_request();
    let mut second = netflix_request();
    // The request is written at 09:00 on that day; the memo carries the day, not the time.
    second.now = Utc.with_ymd_and_hms(2027, 1, 5, 23, 59, 0).unwrap();

    let options = RenderOptions::default();
    let first = render_pdf(&build_memo(&store, &first).unwrap(), &options).unwrap();
    let second = render_pdf(&build_memo(&store, &second).unwrap(), &options).unwrap();

    assert!(first == second, "two memos of one request differ");
}
