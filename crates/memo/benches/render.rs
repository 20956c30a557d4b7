//! Times the rendering of a memo with 200 substantive changes (over 30 pages).
//!
//! Run with `cargo bench -p clausewatch-memo`; prints the median of several renders.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use clausewatch_memo::{RenderOptions, render_pdf};

/// Copies of the four real changes: 50 × 4 = 200 substantive changes.
const REPEAT: usize = 50;
const RUNS: usize = 7;

fn main() {
    let memo = common::sample_memo(REPEAT);
    let options = RenderOptions::default();
    // The first render parses the fonts once per process; it is timed apart.
    let start = Instant::now();
    let bytes = render_pdf(&memo, &options).expect("memo renders");
    let first = start.elapsed();

    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            render_pdf(&memo, &options).expect("memo renders");
            start.elapsed()
        })
        .collect();
    times.sort();

    let pages = count_pages(&bytes);
    println!(
        "memo with {} substantive changes: {pages} pages, {} bytes; first render {:.0} ms, \
         median of {RUNS} renders {:.0} ms",
        REPEAT * 4,
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
