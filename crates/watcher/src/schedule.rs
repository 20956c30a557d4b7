//! The background scheduler: a tokio task that checks each source when its next check time,
//! a wall-clock time stored in the database, has come. After a laptop wakes from sleep every
//! overdue source is checked once, because each check moves that source's time a full
//! interval past the check; after a restart the stored times carry the schedule on.
//!
//! The task reports each pass through a callback, so the command line and the desktop shell
//! run the same scheduler. A cancellation token stops it: a pass in progress stops its
//! unfinished checks and still reports the ones it recorded. A write in progress finishes
//! first because writes run on blocking threads under the store's lock, which
//! [`SchedulerHandle::stop`] takes before it returns.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use clausewatch_store::StoreError;
use clausewatch_store::sources::Source;

use crate::checker::{Checker, PassReport};
use crate::fetch::Clock;

/// Called with the report of every pass that checked at least one source.
pub type PassCallback = Arc<dyn Fn(&PassReport) + Send + Sync>;

/// Which sources "check now" makes due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckNow {
    All,
    Document { platform: String, document: String },
}

impl CheckNow {
    /// Returns the stored sources this request names.
    pub fn sources(&self, store: &clausewatch_store::Store) -> Result<Vec<Source>, StoreError> {
        match self {
            Self::All => store.sources_matching(None, None),
            Self::Document { platform, document } => {
                store.sources_matching(Some(platform), Some(document))
            }
        }
    }
}

/// Settings of the scheduler.
#[derive(Debug, Clone)]
pub struct ScheduleConfig {
    /// Longest wait before the clock is read again. Sleep timers do not run while the machine
    /// sleeps, so this bounds how late a check can start after a wake.
    pub max_wait: Duration,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        Self { max_wait: Duration::from_secs(30) }
    }
}

/// The running scheduler.
pub struct SchedulerHandle {
    token: CancellationToken,
    requests: mpsc::UnboundedSender<CheckNow>,
    task: JoinHandle<()>,
    checker: Arc<Checker>,
}

impl SchedulerHandle {
    /// Makes the chosen sources due now; the scheduler checks them at once.
    pub fn check_now(&self, which: CheckNow) {
        if self.requests.send(which).is_err() {
            tracing::warn!("check requested after the scheduler stopped");
        }
    }

    /// Returns a token that stops the scheduler when cancelled.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Stops the scheduler and returns once the last write has finished.
    pub async fn stop(self) {
        self.token.cancel();
        self.join().await;
    }

    /// Waits until the scheduler stops, after its token is cancelled, and its last write
    /// has finished.
    pub async fn join(mut self) {
        if let Err(error) = (&mut self.task).await {
            tracing::error!(%error, "scheduler task failed");
        }
        self.wait_for_writes().await;
    }

    async fn wait_for_writes(&self) {
        // A blocking write holds the lock until its transaction ends.
        let store = self.checker.store().clone();
        let _ = tokio::task::spawn_blocking(move || drop(store.lock())).await;
    }
}

/// Starts the scheduler on the current tokio runtime.
pub fn spawn(
    checker: Arc<Checker>,
    clock: Arc<dyn Clock>,
    config: ScheduleConfig,
    on_pass: PassCallback,
) -> SchedulerHandle {
    let token = CancellationToken::new();
    let (requests, receiver) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(checker.clone(), clock, config, on_pass, token.clone(), receiver));
    tracing::info!("scheduler started");
    SchedulerHandle { token, requests, task, checker }
}

async fn run(
    checker: Arc<Checker>,
    clock: Arc<dyn Clock>,
    config: ScheduleConfig,
    on_pass: PassCallback,
    token: CancellationToken,
    mut requests: mpsc::UnboundedReceiver<CheckNow>,
) {
    while !token.is_cancelled() {
        let now = clock.now();
        let due = match read_store(&checker, move |store| store.due_sources(now)).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(%error, "reading due sources failed");
                Vec::new()
            }
        };

        if !due.is_empty() {
            tracing::info!(sources = due.len(), "check pass started");
            // A cancelled pass still reports the checks it recorded.
            let report = checker.check_sources_until(due, now, &token).await;
            on_pass(&report);
            if token.is_cancelled() {
                break;
            }
        }

        let next = read_store(&checker, |store| store.next_check_at()).await.ok().flatten();
        let wait = next
            .map(|next| (next - clock.now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(config.max_wait)
            .min(config.max_wait);
        tokio::select! {
            () = token.cancelled() => break,
            () = tokio::time::sleep(wait) => {}
            Some(which) = requests.recv() => make_due(&checker, which, clock.now()).await,
        }
    }
    tracing::info!("scheduler stopped");
}

async fn make_due(checker: &Arc<Checker>, which: CheckNow, now: chrono::DateTime<chrono::Utc>) {
    let result = read_store(checker, move |store| {
        for source in which.sources(store)? {
            store.schedule_check(source.id, now)?;
        }
        Ok(())
    })
    .await;
    if let Err(error) = result {
        tracing::error!(%error, "check now failed");
    }
}

async fn read_store<T: Send + 'static>(
    checker: &Arc<Checker>,
    work: impl FnOnce(&mut clausewatch_store::Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let store = checker.store().clone();
    tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut store)
    })
    .await
    .map_err(|error| StoreError::InvalidInput(format!("store task failed: {error}")))?
}
