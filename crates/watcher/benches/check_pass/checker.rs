//! The checker process, the one measured: a store in a temporary folder with one source per
//! served copy, checked by the product's check pass with its default fetch and check settings.
//!
//! It reads the server's ports as a JSON line on stdin and prints `ready` once the sources are
//! stored. Each later line `PASS HOURS` checks every source at HOURS after the start and
//! prints one JSON line with the wall and CPU time of the pass and the count of each outcome.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};

use clausewatch_store::Store;
use clausewatch_store::sources::NewSource;
use clausewatch_watcher::checker::{CheckConfig, Checker};
use clausewatch_watcher::fetch::{FetchConfig, Fetcher};

use crate::corpus::{data_dir, documents};
use crate::cpu_time;

/// Runs the checker until stdin closes.
pub fn run() {
    let documents = documents(&data_dir());
    let mut lines = std::io::stdin().lock().lines();
    let ports_line = lines.next().expect("the ports line arrives").expect("stdin is readable");
    let ports: Vec<Vec<u16>> = serde_json::from_str(&ports_line).expect("ports are JSON");

    let folder = tempfile::tempdir().expect("temporary folder");
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).single().expect("valid time");
    let mut store = Store::open_in(folder.path()).expect("store opens");
    for (index, source_ports) in ports.iter().enumerate() {
        let document = &documents[index % documents.len()];
        let mut pages = document.pages.clone();
        for (page_index, (page, port)) in pages.iter_mut().zip(source_ports).enumerate() {
            page.url = format!("http://127.0.0.1:{port}/copy-{index}/page-{page_index}");
        }
        let source = NewSource {
            platform: format!("{} copy {index:04}", document.platform),
            document: document.document.clone(),
            pages,
            interval_seconds: 6 * 3600,
            origin: "benchmark".to_owned(),
        };
        store.put_source(&source, "bench", start).expect("source is stored");
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("checker runtime starts");
    let fetcher = Fetcher::new(FetchConfig::default()).expect("fetch client builds");
    let store = Arc::new(Mutex::new(store));
    let checker = Arc::new(Checker::new(store.clone(), Arc::new(fetcher), CheckConfig::default()));
    println!("ready");

    for line in lines {
        let line = line.expect("stdin is readable");
        let (pass, hours) = line.trim().split_once(' ').expect("a command is PASS HOURS");
        let hours: i64 = hours.parse().expect("HOURS is a whole number");
        let sources = store.lock().expect("store lock").sources_matching(None, None).expect("read");

        let cpu_before = cpu_time();
        let started = Instant::now();
        let report =
            runtime.block_on(checker.check_sources(sources, start + Duration::hours(hours)));
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = (cpu_time() - cpu_before).as_secs_f64();

        let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
        for record in &report.records {
            *outcomes.entry(record.outcome).or_default() += 1;
        }
        let failure = report.records.iter().find_map(|record| record.reason.clone());
        let result = serde_json::json!({
            "pass": pass,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "outcomes": outcomes,
            "errors": report.errors.len(),
            "first_failure": failure,
        });
        println!("{result}");
    }
}
