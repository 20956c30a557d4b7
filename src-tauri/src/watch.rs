//! The background watcher of the desktop app: the engine's scheduler, run on Tauri's async
//! runtime for as long as the app runs.
//!
//! [`Watch::start`] spawns the same scheduler `clausewatch watch` runs, over a store connection
//! of its own. Each pass that checked a source raises the change notifications and reaches the
//! UI as a [`PASS_EVENT`] event; [`Watch::stop`] lets the check in progress finish its write
//! before the app exits. "Check now" requests go through [`Watch::check_now`]. A source with
//! no due time is never fetched, so the demo archive, which has no sources, stays offline.
//! Notifications follow the stored watch settings, read at start and replaced by
//! [`Watch::set_notify`] when the user changes them. Only one process watches a store: when
//! `clausewatch watch` or another window already does, this one does not start its scheduler,
//! and "Check now" runs a single pass (`crate::one_off`) that reports like a scheduled one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use clausewatch_store::Store;
use clausewatch_watcher::checker::{CheckConfig, Checker, PassReport};
use clausewatch_watcher::fetch::{FetchConfig, Fetcher, SystemClock};
use clausewatch_watcher::notify::{NotifySettings, OpenHandler, notifications, send};
use clausewatch_watcher::schedule::{
    self, CheckNow, PassCallback, ScheduleConfig, SchedulerHandle,
};
use clausewatch_watcher::watch_lock::{WatchLock, WatchLockError};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};

/// Name of the event each finished pass emits, with a [`PassSummary`] as payload.
pub const PASS_EVENT: &str = "watch-pass";

/// Summary of one scheduler pass, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "PassSummary.ts")]
pub struct PassSummary {
    /// When the pass ran, as stored (RFC 3339, UTC).
    pub checked_at: String,
    /// Sources checked in the pass.
    pub checked: usize,
    /// Checks that recorded a new version.
    pub changed: usize,
    /// Checks that could not be recorded.
    pub failed: usize,
    /// The reason a single pass started with "Check now" did not run at all, such as a store
    /// that failed to open. Null for every pass that ran.
    pub error: Option<String>,
}

impl PassSummary {
    /// Returns the summary of `report`.
    pub fn of(report: &PassReport) -> Self {
        Self {
            checked_at: report.checked_at.clone(),
            checked: report.records.len(),
            changed: report.records.iter().filter(|record| record.outcome == "changed").count(),
            failed: report.errors.len(),
            error: None,
        }
    }

    /// Returns the summary of a single pass that could not run, ended at `now`.
    pub fn not_run(reason: String, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            checked_at: clausewatch_store::time::format_time(now),
            checked: 0,
            changed: 0,
            failed: 0,
            error: Some(reason),
        }
    }
}

/// The event that reports to the window whether its watcher started: the reason it did not,
/// or null.
pub const STATUS_EVENT: &str = "watcher-status";

/// The running scheduler and its notification settings, kept in Tauri's state until the app
/// exits.
#[derive(Default)]
pub struct Watch {
    handle: Mutex<Option<SchedulerHandle>>,
    notify: Arc<RwLock<NotifySettings>>,
    /// Held while the scheduler runs, so no other process watches the same store.
    lock: Mutex<Option<WatchLock>>,
    /// The reason the scheduler did not start, which "Check now" shows the user.
    not_started: Mutex<Option<String>>,
    /// Whether a start was tried: before that the watcher is still starting, not stopped.
    tried: AtomicBool,
    /// The data folder and pass callback of the last start, for single passes.
    single: Mutex<Option<SinglePass>>,
    /// Whether a single pass runs now.
    single_running: Arc<AtomicBool>,
}

/// The data a single pass takes from the start that did not run the scheduler.
#[derive(Clone)]
struct SinglePass {
    data_dir: PathBuf,
    on_pass: Arc<dyn Fn(PassSummary) + Send + Sync>,
}

impl Watch {
    /// Starts the scheduler over the store in `data_dir` on Tauri's async runtime. `on_pass`
    /// is called after each pass, while the pass's notifications are sent in a task of their
    /// own. A click on one of them calls `on_open` with the route it names.
    pub fn start(
        &self,
        data_dir: &Path,
        on_pass: impl Fn(PassSummary) + Send + Sync + 'static,
        on_open: Option<OpenHandler>,
    ) -> Result<(), CommandError> {
        let on_pass: Arc<dyn Fn(PassSummary) + Send + Sync> = Arc::new(on_pass);
        let reported = on_pass.clone();
        *lock(&self.single) = Some(SinglePass { data_dir: data_dir.to_owned(), on_pass });
        let result = self.start_scheduler(data_dir, move |summary| reported(summary), on_open);
        *lock(&self.not_started) = result.as_ref().err().map(|error| error.message.clone());
        self.tried.store(true, Ordering::SeqCst);
        result
    }

    fn start_scheduler(
        &self,
        data_dir: &Path,
        on_pass: impl Fn(PassSummary) + Send + Sync + 'static,
        on_open: Option<OpenHandler>,
    ) -> Result<(), CommandError> {
        let store = Store::open_in(data_dir).map_err(|error| {
            CommandError::new(
                ErrorCode::StoreUnavailable,
                format!("the background watcher could not open the store: {error}"),
            )
        })?;
        let watch_lock = WatchLock::acquire(store.path()).map_err(|error| {
            let message = match error {
                WatchLockError::Held { holder, .. } => format!(
                    "another Clausewatch process{} already checks the sources of this data \
                     folder on their schedule, and Check now runs a single check from here; to \
                     watch from this window, quit that process (`clausewatch watch` or another \
                     Clausewatch window) and restart Clausewatch",
                    holder.map(|pid| format!(" (process id {pid})")).unwrap_or_default()
                ),
                other => format!("the background watcher could not start: {other}"),
            };
            CommandError::new(ErrorCode::Internal, message)
        })?;
        match store.watch_settings() {
            Ok(settings) => self.set_notify(NotifySettings::from(&settings)),
            Err(error) => tracing::warn!(%error, "watch settings not read; using the defaults"),
        }
        let fetcher = Fetcher::new(FetchConfig::default()).map_err(|error| {
            CommandError::new(
                ErrorCode::Internal,
                format!("the background watcher could not build its HTTP client: {error}"),
            )
        })?;
        let checker = Arc::new(Checker::new(
            Arc::new(Mutex::new(store)),
            Arc::new(fetcher),
            CheckConfig::default(),
        ));

        let notify = self.notify.clone();
        let callback: PassCallback = Arc::new(move |report: &PassReport| {
            let settings = notify.read().map(|settings| settings.clone()).unwrap_or_default();
            let messages = notifications(report, &settings);
            let on_open = on_open.clone();
            tauri::async_runtime::spawn(async move {
                let sent = send(&messages, on_open).await;
                tracing::debug!(sent, "pass notifications handed over");
            });
            on_pass(PassSummary::of(report));
        });
        // The setup hook runs outside the runtime; the scheduler's tasks need its context.
        let runtime = tauri::async_runtime::handle();
        let _entered = runtime.inner().enter();
        let handle =
            schedule::spawn(checker, Arc::new(SystemClock), ScheduleConfig::default(), callback);

        *lock(&self.lock) = Some(watch_lock);
        let previous = self.slot().replace(handle);
        if let Some(previous) = previous {
            tracing::warn!("background watcher started twice; stopping the older one");
            tauri::async_runtime::spawn(previous.stop());
        }
        Ok(())
    }

    /// Replaces the notification settings; the next pass uses them.
    pub fn set_notify(&self, settings: NotifySettings) {
        match self.notify.write() {
            Ok(mut slot) => *slot = settings,
            Err(poisoned) => *poisoned.into_inner() = settings,
        }
    }

    /// Makes the chosen sources due now, so the scheduler checks them at once. Without a
    /// scheduler (another process watches), runs a single pass that reports like a scheduled
    /// one.
    pub fn check_now(&self, which: CheckNow) -> Result<(), CommandError> {
        if let Some(handle) = self.slot().as_ref() {
            handle.check_now(which);
            return Ok(());
        }
        let Some(single) = lock(&self.single).clone() else {
            return Err(CommandError::new(
                ErrorCode::Internal,
                "the background watcher is not running; see the log file named in About",
            ));
        };
        if self.single_running.swap(true, Ordering::SeqCst) {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "a check started with Check now is still running; wait for its result",
            ));
        }

        let running = self.single_running.clone();
        tauri::async_runtime::spawn(async move {
            match crate::one_off::run_pass(single.data_dir, which).await {
                Ok(report) => (single.on_pass)(PassSummary::of(&report)),
                Err(reason) => {
                    tracing::error!(reason, "single check pass failed");
                    (single.on_pass)(PassSummary::not_run(reason, chrono::Utc::now()));
                }
            }
            running.store(false, Ordering::SeqCst);
        });
        Ok(())
    }

    /// Returns why this window does not check sources, or `None` while its watcher runs or
    /// has yet to start (it waits for the first launch's import).
    pub fn not_running_reason(&self) -> Option<String> {
        if self.slot().is_some() || !self.tried.load(Ordering::SeqCst) {
            return None;
        }
        Some(lock(&self.not_started).clone().unwrap_or_else(|| {
            "the background watcher is not running; see the log file named in About".to_owned()
        }))
    }

    /// Stops the scheduler and returns once the write in progress, if any, has finished.
    pub async fn stop(&self) {
        let handle = self.slot().take();
        if let Some(handle) = handle {
            handle.stop().await;
            tracing::info!("background watcher stopped");
        }
        lock(&self.lock).take();
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<SchedulerHandle>> {
        lock(&self.handle)
    }
}

/// Locks `mutex`. A panic while holding it leaves the value usable, so a poisoned mutex is
/// taken over.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::mpsc;
    use std::time::Duration;

    use clausewatch_store::sources::NewSource;
    use clausewatch_watcher::source::css_page;

    use super::*;

    const PAGE: &str = "<html><body><main><h1>Terms of Service</h1>\
        <p>1. You may not use the service to train machine learning models.</p>\
        <p>2. We may suspend your account at any time.</p></main></body></html>";

    /// Serves `PAGE` to every request on 127.0.0.1 and returns the page's URL.
    fn serve_page() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let address = listener.local_addr().expect("its address");
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = [0_u8; 4096];
                let _ = stream.read(&mut request);
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{PAGE}",
                    PAGE.len()
                );
                let _ = stream.write_all(response.as_bytes());
            }
        });
        format!("http://{address}/terms")
    }

    /// Stores the source of the Example Terms of Service, served by [`serve_page`].
    fn store_served_source(data_dir: &Path) {
        let mut store = Store::open_in(data_dir).expect("store");
        let source = NewSource {
            platform: "Example".to_owned(),
            document: "Terms of Service".to_owned(),
            pages: vec![css_page(&serve_page(), &["main".to_owned()], &[])],
            interval_seconds: 3600,
            origin: "cli".to_owned(),
        };
        store.put_source(&source, "tester", chrono::Utc::now()).expect("source stored");
    }

    #[test]
    fn due_source_is_checked_and_recorded() {
        let dir = tempfile::tempdir().expect("a data folder");
        store_served_source(dir.path());

        let watch = Watch::default();
        let (sender, passes) = mpsc::channel();
        watch
            .start(
                dir.path(),
                move |summary| {
                    let _ = sender.send(summary);
                },
                None,
            )
            .expect("watcher starts");
        let summary = passes.recv_timeout(Duration::from_secs(60)).expect("a pass");
        tauri::async_runtime::block_on(watch.stop());

        assert_eq!(summary.checked, 1);
        assert_eq!(summary.changed, 1);
        assert_eq!(summary.failed, 0);
        let store = Store::open_in(dir.path()).expect("store");
        let document = store.resolve_document("Example", "Terms of Service").expect("document");
        let versions = store.versions(&document).expect("versions");
        assert_eq!(versions.len(), 1);
    }

    #[test]
    fn second_watcher_on_one_store_does_not_start() {
        let dir = tempfile::tempdir().expect("a data folder");
        let first = Watch::default();
        let second = Watch::default();

        first.start(dir.path(), |_| {}, None).expect("the first watcher starts");
        let rejected = second.start(dir.path(), |_| {}, None).expect_err("the store is watched");
        tauri::async_runtime::block_on(first.stop());
        let after_stop = Watch::default();
        let restarted = after_stop.start(dir.path(), |_| {}, None);
        tauri::async_runtime::block_on(after_stop.stop());

        let holder = format!("process id {}", std::process::id());
        assert!(rejected.message.contains(&holder), "{}", rejected.message);
        assert!(restarted.is_ok(), "{restarted:?}");
    }

    #[test]
    fn check_now_without_scheduler_runs_one_pass() {
        let dir = tempfile::tempdir().expect("a data folder");
        store_served_source(dir.path());
        let watching = Watch::default();
        watching.start(dir.path(), |_| {}, None).expect("the first watcher starts");
        // Its first pass records the page; the single pass then finds it unchanged.
        let recorded = |expected: usize| {
            let store = Store::open_in(dir.path()).expect("store");
            let document = store.resolve_document("Example", "Terms of Service").expect("doc");
            store.versions(&document).map(|versions| versions.len() == expected).unwrap_or(false)
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !recorded(1) {
            assert!(std::time::Instant::now() < deadline, "the watcher recorded no version");
            std::thread::sleep(Duration::from_millis(100));
        }

        let window = Watch::default();
        let (sender, passes) = mpsc::channel();
        let sender = Mutex::new(sender);
        window
            .start(
                dir.path(),
                move |summary| {
                    let _ = sender.lock().expect("sender").send(summary);
                },
                None,
            )
            .expect_err("another watcher holds the store");
        window.check_now(CheckNow::All).expect("a single pass starts");
        let again = window.check_now(CheckNow::All);
        let summary = passes.recv_timeout(Duration::from_secs(60)).expect("a pass");
        tauri::async_runtime::block_on(watching.stop());

        assert_eq!(summary.checked, 1);
        assert_eq!(summary.changed, 0, "the watcher had recorded the page");
        assert_eq!(summary.failed, 0);
        let again = again.expect_err("one single pass at a time");
        assert!(again.message.contains("still running"), "{}", again.message);
    }

    #[test]
    fn failed_single_pass_reports_its_reason() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let not_a_folder = dir.path().join("data");
        std::fs::write(&not_a_folder, "a file where the data folder should be").expect("file");

        let window = Watch::default();
        let (sender, passes) = mpsc::channel();
        let sender = Mutex::new(sender);
        let started = window.start(
            &not_a_folder,
            move |summary| {
                let _ = sender.lock().expect("sender").send(summary);
            },
            None,
        );
        window.check_now(CheckNow::All).expect("a single pass starts");
        let summary = passes.recv_timeout(Duration::from_secs(60)).expect("a pass summary");

        assert!(started.is_err(), "the store cannot open on a file");
        assert_eq!(summary.checked, 0);
        let reason = summary.error.expect("the reason the pass did not run");
        assert!(reason.contains("data"), "{reason}");
    }

    #[test]
    fn not_running_reason_follows_the_start() {
        let dir = tempfile::tempdir().expect("a data folder");
        let first = Watch::default();
        let second = Watch::default();

        let before_start = second.not_running_reason();
        first.start(dir.path(), |_| {}, None).expect("the first watcher starts");
        let running = first.not_running_reason();
        let rejected = second.start(dir.path(), |_| {}, None).expect_err("the store is watched");
        let reason = second.not_running_reason();
        tauri::async_runtime::block_on(first.stop());

        assert_eq!(before_start, None, "a watcher that has yet to start is not reported");
        assert_eq!(running, None);
        assert_eq!(reason.as_deref(), Some(rejected.message.as_str()));
        assert!(rejected.message.contains("already checks the sources"), "{}", rejected.message);
    }

    #[test]
    fn check_now_without_watcher_is_an_error() {
        let error = Watch::default().check_now(CheckNow::All).expect_err("not running");

        assert_eq!(error.code, ErrorCode::Internal);
        assert!(error.message.contains("not running"), "{}", error.message);
    }
}
