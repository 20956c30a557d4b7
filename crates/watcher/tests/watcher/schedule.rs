//! The scheduler driven by an injected clock: due sources run once, a long sleep does not
//! cause a burst, a restart resumes the stored schedule, "check now" runs at once, and
//! stopping waits for the write in progress.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use clausewatch_watcher::checker::PassReport;
use clausewatch_watcher::fetch::Clock;
use clausewatch_watcher::schedule::{self, CheckNow, ScheduleConfig, SchedulerHandle};

use crate::check_pass::{Harness, at, quick_fetch, terms};

/// A wall clock the test moves by hand.
struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    fn set(&self, time: DateTime<Utc>) {
        *self.0.lock().unwrap() = time;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn start(
    harness: &Harness,
    clock: &Arc<ManualClock>,
    passes: &Arc<Mutex<Vec<usize>>>,
) -> SchedulerHandle {
    let passes = passes.clone();
    let config = ScheduleConfig { max_wait: Duration::from_millis(20) };
    schedule::spawn(
        harness.checker.clone(),
        clock.clone(),
        config,
        Arc::new(move |report: &PassReport| passes.lock().unwrap().push(report.records.len())),
    )
}

fn checks(harness: &Harness) -> i64 {
    harness.count("SELECT count(*) FROM checks")
}

/// Waits up to two seconds for `expected` checks, then returns the count.
async fn settle(harness: &Harness, expected: i64) -> i64 {
    let started = Instant::now();
    while checks(harness) < expected && started.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Long enough for a burst, if there were one, to show.
    tokio::time::sleep(Duration::from_millis(150)).await;
    checks(harness)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduler_runs_due_sources_once() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    let clock = Arc::new(ManualClock(Mutex::new(at(0))));
    let passes = Arc::new(Mutex::new(Vec::new()));
    let handle = start(&harness, &clock, &passes);

    assert_eq!(settle(&harness, 1).await, 1, "a new source is due at once");
    clock.set(at(5));
    assert_eq!(settle(&harness, 1).await, 1, "not due before its six-hour interval");
    clock.set(at(6));
    assert_eq!(settle(&harness, 2).await, 2, "due after six hours");
    clock.set(at(6 + 72));
    assert_eq!(settle(&harness, 3).await, 3, "three days asleep cause one check, not twelve");
    handle.stop().await;
    assert_eq!(*passes.lock().unwrap(), [1, 1, 1]);

    clock.set(at(6 + 72 + 1));
    let handle = start(&harness, &clock, &passes);
    assert_eq!(settle(&harness, 3).await, 3, "a restart resumes the stored schedule");
    clock.set(at(6 + 72 + 6));
    assert_eq!(settle(&harness, 4).await, 4);

    handle.check_now(CheckNow::Document {
        platform: "Example".into(),
        document: "Terms of Service".into(),
    });
    clock.set(at(6 + 72 + 7));
    assert_eq!(settle(&harness, 5).await, 5, "check now runs before the interval");
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_cancels_a_slow_fetch_and_keeps_the_store_sound() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let page = terms(6, "general");
    harness.serve(move |_| {
        let mut response = crate::server::Response::new(200, page.clone());
        response.delay = Duration::from_secs(10);
        response
    });
    let clock = Arc::new(ManualClock(Mutex::new(at(0))));
    let passes = Arc::new(Mutex::new(Vec::new()));
    let handle = start(&harness, &clock, &passes);
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    handle.stop().await;

    assert!(started.elapsed() < Duration::from_secs(3), "stop does not wait for the 10 s fetch");
    assert_eq!(checks(&harness), 0, "the cancelled check wrote nothing");
    let store = harness.store.lock().unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
