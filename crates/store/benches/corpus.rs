//! Engine benchmarks on the bundled corpus, printed as a table of figures.
//!
//! `cargo bench -p clausewatch-store --bench corpus` measures:
//! - import and analysis of the whole corpus into a new store;
//! - analysis (segmentation, alignment, change records) of the largest version pair, and of a
//!   pair of about 20,000 words made by joining documents;
//! - full-text search latency;
//! - a synthetic history of 5,000 versions, each differing from the one before, imported in
//!   batches, with the time and peak memory after each 1,000 to show the cost is linear and
//!   the memory bounded.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use clausewatch_core::{align, compare, segment};
use clausewatch_store::Store;
use clausewatch_store::archive::scan;
use clausewatch_store::ingest::NewVersion;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// Returns the peak resident memory of this process so far, from /proc/self/status.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Returns the CPU time this process has used, from /proc/self/stat (user plus system, in
/// clock ticks of 10 ms), so figures can be read apart from other load on the machine.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // Fields 14 and 15 of the file (utime, stime) are at 11 and 12 after the name.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).single().expect("time");

    let mut imports = Vec::new();
    let mut cpu = Vec::new();
    let mut store_dir = None;
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("folder");
        let mut store = Store::open_in(dir.path()).expect("store");
        let started = Instant::now();
        let cpu_started = cpu_time();
        store.import_archive(&corpus(), now).expect("import");
        imports.push(started.elapsed());
        cpu.push(cpu_time() - cpu_started);
        store_dir = Some(dir);
    }
    println!(
        "whole corpus import and analysis (235 versions): median {} wall, {} CPU",
        millis(median(imports)),
        millis(median(cpu))
    );

    let documents = scan(&corpus()).expect("scan");
    let largest = documents
        .iter()
        .flat_map(|document| document.versions.windows(2).map(move |pair| (document, pair)))
        .max_by_key(|(_, pair)| word_count(&pair[0].content) + word_count(&pair[1].content))
        .expect("a pair");
    let (document, pair) = largest;
    let words = word_count(&pair[1].content);
    let samples: Vec<Duration> = (0..15)
        .map(|_| {
            let started = Instant::now();
            let old = segment(&pair[0].content);
            let new = segment(&pair[1].content);
            let records = compare(&old, &new, &align(&old, &new));
            std::hint::black_box(records);
            started.elapsed()
        })
        .collect();
    println!(
        "largest pair ({} {}, {} words): median {}",
        document.platform,
        document.document,
        words,
        millis(median(samples))
    );

    let old = segment(&pair[0].content);
    let new = segment(&pair[1].content);
    let alignment = align(&old, &new);
    let stage = |name: &str, run: &dyn Fn()| {
        let samples: Vec<Duration> = (0..15)
            .map(|_| {
                let started = Instant::now();
                run();
                started.elapsed()
            })
            .collect();
        println!("  {name:<12} median {}", millis(median(samples)));
    };
    stage("segment", &|| {
        std::hint::black_box(segment(&pair[1].content));
    });
    stage("align", &|| {
        std::hint::black_box(align(&old, &new));
    });
    stage("compare", &|| {
        std::hint::black_box(compare(&old, &new, &alignment));
    });

    let (old_text, new_text) = joined_pair(&documents, 20_000);
    let samples: Vec<Duration> = (0..15)
        .map(|_| {
            let started = Instant::now();
            let old = segment(&old_text);
            let new = segment(&new_text);
            std::hint::black_box(compare(&old, &new, &align(&old, &new)));
            started.elapsed()
        })
        .collect();
    println!("joined pair ({} words): median {}", word_count(&new_text), millis(median(samples)));

    let dir = store_dir.expect("a store");
    let store = Store::open_in(dir.path()).expect("store");
    for query in ["arbitration", "\"machine learning\"", "terminate account", "licen*"] {
        let samples: Vec<Duration> = (0..50)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(store.search(query, 50).expect("search"));
                started.elapsed()
            })
            .collect();
        println!("search {query:<22} median {}", millis(median(samples)));
    }

    synthetic_history(&documents, now);
}

/// Returns two versions of `words` words: consecutive versions of several documents joined,
/// cut at the paragraph where the newer text reaches that length.
fn joined_pair(
    documents: &[clausewatch_store::archive::ArchiveDocument],
    words: usize,
) -> (String, String) {
    let mut old = String::new();
    let mut new = String::new();
    for document in documents {
        let [.., before, after] = document.versions.as_slice() else { continue };
        old.push_str(&before.content);
        new.push_str(&after.content);
        if word_count(&new) >= words {
            break;
        }
    }
    (cut_at_words(&old, words), cut_at_words(&new, words))
}

fn cut_at_words(text: &str, words: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        if word_count(&out) + word_count(paragraph) > words {
            break;
        }
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    out
}

/// Imports 5,000 versions of one document, each a copy of a real version with one clause
/// changed, in batches of 250, printing the time and peak memory per 1,000 versions.
fn synthetic_history(
    documents: &[clausewatch_store::archive::ArchiveDocument],
    now: chrono::DateTime<Utc>,
) {
    let base = &documents
        .iter()
        .find(|d| d.platform == "Netflix" && d.document == "Terms of Service")
        .expect("Netflix Terms of Service")
        .versions
        .last()
        .expect("a version")
        .content;
    let paragraphs: Vec<&str> = base.split("\n\n").collect();
    let dir = tempfile::tempdir().expect("folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let start = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single().expect("time");

    println!("synthetic history of {} words per version:", word_count(base));
    let mut block = Instant::now();
    for batch in 0..20 {
        let versions: Vec<NewVersion> = (0..250)
            .map(|offset| {
                let index = batch * 250 + offset;
                let mut changed = paragraphs.clone();
                let target = index % changed.len();
                let edited =
                    format!("{} Revision {index} applies to this clause.", changed[target]);
                changed[target] = &edited;
                NewVersion {
                    recorded_at: start
                        + chrono::Duration::hours(i64::try_from(index).expect("small index")),
                    content: changed.join("\n\n"),
                    origin: "import".to_owned(),
                    origin_detail: format!("synthetic {index}"),
                }
            })
            .collect();
        store.add_versions("Synthetic", "Terms of Service", versions, now).expect("import");
        if (batch + 1) % 4 == 0 {
            println!(
                "  versions {:>5}: {:>8} for the last 1,000, peak memory {:.0} MiB",
                (batch + 1) * 250,
                millis(block.elapsed()),
                peak_rss_mib()
            );
            block = Instant::now();
        }
    }
}
