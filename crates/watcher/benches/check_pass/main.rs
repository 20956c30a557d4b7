//! Throughput and memory of the check pass over many sources on local servers.
//!
//! `cargo bench -p clausewatch-watcher --bench check_pass` starts two processes from this
//! binary: a server (`server.rs`) with a copy of each test-data document per source, and the
//! checker (`checker.rs`), which stores the sources and runs the product's check pass. This
//! process sends the steps and samples the checker's PSS every 50 ms, so neither the server
//! nor the sampling is counted in the figures. Three passes run:
//! - first: every source is new, so each text is extracted and recorded as a first version;
//! - unchanged: the same bytes again, served in full without 304s;
//! - changed: every page serves the newest snapshot, so each source records a new version.
//!
//! `CLAUSEWATCH_BENCH_SOURCES` sets the number of sources (1,000 by default).

/// The product's allocator, with its settings, for both processes.
#[global_allocator]
static ALLOCATOR: clausewatch_watcher::allocator::Allocator =
    clausewatch_watcher::allocator::ALLOCATOR;

mod checker;
mod corpus;
mod pss;
mod server;

use std::io::{BufRead, BufReader, Lines, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use clausewatch_watcher::fetch::FetchConfig;

const ROLE: &str = "CLAUSEWATCH_BENCH_ROLE";
const SOURCES: &str = "CLAUSEWATCH_BENCH_SOURCES";

/// A child process driven by lines on its stdin and stdout.
struct Driven {
    child: Child,
    input: ChildStdin,
    output: Lines<BufReader<ChildStdout>>,
}

impl Driven {
    fn start(role: &str, sources: usize) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .env(ROLE, role)
            .env(SOURCES, sources.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the benchmark binary starts again");
        let input = child.stdin.take().expect("piped stdin");
        let output = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        Self { child, input, output }
    }

    fn send(&mut self, line: &str) -> String {
        writeln!(self.input, "{line}").expect("child reads its stdin");
        self.read()
    }

    fn read(&mut self) -> String {
        self.output.next().expect("child writes a line").expect("child output is UTF-8")
    }
}

/// Returns the CPU time this process has used, from /proc/self/stat (user plus system, in
/// clock ticks of 10 ms).
pub fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // Fields 14 and 15 of the file (utime, stime) are at 11 and 12 after the name.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn main() {
    let sources: usize =
        std::env::var(SOURCES).ok().and_then(|value| value.parse().ok()).unwrap_or(1000);
    match std::env::var(ROLE).as_deref() {
        Ok("serve") => return server::run(sources),
        Ok("check") => return checker::run(),
        _ => {}
    }

    let mut server = Driven::start("serve", sources);
    let ports = server.read();
    let mut checker = Driven::start("check", sources);
    assert_eq!(checker.send(&ports), "ready", "the checker stores its sources");

    let peak = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop, pid) = (peak.clone(), stop.clone(), checker.child.id());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                peak.fetch_max(pss::tree_pss_bytes(pid), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };

    std::thread::sleep(Duration::from_millis(200));
    #[allow(clippy::cast_precision_loss, reason = "bytes to MiB for display")]
    let ready_mib = pss::tree_pss_bytes(checker.child.id()) as f64 / (1024.0 * 1024.0);
    println!("Check pass over {sources} sources, each page on its own 127.0.0.1 port");
    println!("checker PSS with its sources stored, before the first pass: {ready_mib:.1} MiB");
    println!(
        "{:<10} {:>9} {:>9} {:>8} {:>12} {:>15}  outcomes",
        "pass", "documents", "wall s", "CPU s", "documents/s", "peak PSS MiB"
    );
    let steps = [("old", "first", 0), ("old", "unchanged", 7), ("new", "changed", 14)];
    for (serve, pass, hours) in steps {
        // Each origin waits the fetch client's per-origin delay after its last request, even
        // across passes; real passes are hours apart, so the wait is left out of the figures.
        std::thread::sleep(FetchConfig::default().per_origin_delay + Duration::from_millis(500));
        assert_eq!(server.send(serve), "ok", "the server switches snapshots");
        peak.store(0, Ordering::SeqCst);
        let line = checker.send(&format!("{pass} {hours}"));
        let result: serde_json::Value = serde_json::from_str(&line).expect("pass result is JSON");
        let seconds = result["seconds"].as_f64().unwrap_or(f64::NAN);
        #[allow(clippy::cast_precision_loss, reason = "a count of sources fits an f64")]
        let rate = sources as f64 / seconds;
        #[allow(clippy::cast_precision_loss, reason = "bytes to MiB for display")]
        let peak_mib = peak.load(Ordering::SeqCst) as f64 / (1024.0 * 1024.0);
        println!(
            "{pass:<10} {sources:>9} {seconds:>9.2} {:>8.2} {rate:>12.1} {peak_mib:>15.1}  {}",
            result["cpu_seconds"].as_f64().unwrap_or(f64::NAN),
            result["outcomes"]
        );
        if result["errors"].as_u64() != Some(0) || result["first_failure"].is_string() {
            println!("  failures: {} errors, first: {}", result["errors"], result["first_failure"]);
        }
    }

    stop.store(true, Ordering::SeqCst);
    sampler.join().expect("sampler ends");
    println!("checker PSS after the passes: {}", pss::breakdown(checker.child.id()));
    drop(checker.input);
    drop(server.input);
    let _ = checker.child.wait();
    let _ = server.child.wait();
}
