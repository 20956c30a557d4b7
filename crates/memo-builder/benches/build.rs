//! Times a memo of more than 200 change records, from the store to PDF bytes.
//!
//! Run with `cargo bench -p clausewatch-memo-builder`. The corpus is imported into a
//! temporary store first; the timed part is `build_memo` plus `render_pdf` of Netflix's
//! Terms of Service over its whole recorded history (212 change records).

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use clausewatch_memo::{RenderOptions, Section, render_pdf};
use clausewatch_memo_builder::{MemoRequest, build_memo};
use clausewatch_store::Store;

const RUNS: usize = 7;

fn main() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions");
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open_in(folder.path()).expect("store opens");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    store.import_archive(&corpus, now).expect("corpus imports");

    let mut request = MemoRequest::new("Netflix", now);
    request.document = Some("Terms of Service".to_owned());
    let options = RenderOptions::default();
    let generate = || {
        let memo = build_memo(&store, &request).expect("memo builds");
        let bytes = render_pdf(&memo, &options).expect("memo renders");
        (memo, bytes)
    };

    // The first run parses the fonts once per process; it is timed apart.
    let start = Instant::now();
    let (memo, bytes) = generate();
    let first = start.elapsed();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            generate();
            start.elapsed()
        })
        .collect();
    times.sort();

    let Section::Available(changes) = &memo.changes else { panic!("changes available") };
    let pages = count_pages(&bytes);
    println!(
        "memo of {} change records ({} substantive): {pages} pages, {} bytes; first run {:.0} \
         ms, median of {RUNS} runs {:.0} ms",
        changes.substantive.len() + changes.non_substantive.len(),
        changes.substantive.len(),
        bytes.len(),
        first.as_secs_f64() * 1000.0,
        times[RUNS / 2].as_secs_f64() * 1000.0
    );
}

/// Counts the page objects of the PDF.
fn count_pages(bytes: &[u8]) -> usize {
    let document = lopdf::Document::load_mem(bytes).expect("the memo parses as PDF");
    document.get_pages().len()
}
