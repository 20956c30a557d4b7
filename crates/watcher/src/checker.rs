//! The check pass: fetches the pages of each due source, extracts the text through the guards,
//! decides what the text is (unchanged, a new version, a flip back to a recent text, a clause
//! drop to confirm) and records the check in the store in one transaction.
//!
//! Fetching runs concurrently within the fetch client's politeness limits. Extraction and the
//! analysis of a new text (segments, alignment, categories, ratings: a `PreparedVersion`) run
//! on worker threads of lower priority, one per core (`cpu`), with the rules the store had
//! active when the pass began. Writes hold the store's lock for one transaction each, inside a
//! blocking task that finishes even when the pass is cancelled. The log checkpoints of a pass
//! run beside them (`checkpoints`). The decisions are in `decide`; a new guard on the
//! text goes there, a new guard on the page into `crate::check`.

mod checkpoints;
mod complete;
mod cpu;
mod decide;
mod pages;
mod visible;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use clausewatch_store::active_rules::ActiveRules;
use clausewatch_store::checks::{CheckOutcome, CheckRecord, NewCheck};
use clausewatch_store::sources::Source;
use clausewatch_store::{Store, StoreError};

use crate::fetch::Fetcher;

/// Settings of the check pass.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// Consecutive failures after which a source needs attention (and is notified once).
    pub failure_threshold: u32,
    /// How many recent checks a flip back to an earlier text is looked for in.
    pub alternation_window: usize,
    /// Wait before fetching again a text that dropped more than half of its clauses.
    pub refetch_delay: Duration,
    /// Largest random delay added to a source's interval, as a share of it, so that sources
    /// added together drift apart.
    pub jitter: f64,
    /// Sources checked at once; the fetch client still limits requests per origin.
    pub concurrency: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            failure_threshold: 3,
            alternation_window: 5,
            refetch_delay: Duration::from_secs(60),
            jitter: 0.1,
            concurrency: 16,
        }
    }
}

/// What one pass did: a record per source checked, and the sources whose check could not be
/// recorded at all.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PassReport {
    pub checked_at: String,
    pub records: Vec<CheckRecord>,
    pub errors: Vec<String>,
    /// Checks stopped before they were recorded, because the pass was cancelled.
    pub stopped: usize,
}

/// The end of one check of a pass.
enum Ended {
    Recorded(CheckRecord),
    Failed(String),
    Stopped,
}

/// The findings of a check, to be recorded: everything [`NewCheck`] holds, owned.
struct Gathered {
    source: Source,
    checked_at: DateTime<Utc>,
    snapshots: Vec<clausewatch_store::checks::NewSnapshot>,
    outcome: CheckOutcome,
    next_check_at: DateTime<Utc>,
    prepared: Option<clausewatch_store::prepared::PreparedVersion>,
}

/// Runs checks against one store.
pub struct Checker {
    store: Arc<Mutex<Store>>,
    fetcher: Arc<Fetcher>,
    config: CheckConfig,
    /// The store's active rules as of the start of the last pass, so that a new text is
    /// classified with them outside the store's lock. A transaction that finds other rules
    /// active classifies again.
    rules: Mutex<Arc<ActiveRules>>,
}

impl Checker {
    /// Returns a checker writing to `store` and fetching with `fetcher`.
    pub fn new(store: Arc<Mutex<Store>>, fetcher: Arc<Fetcher>, config: CheckConfig) -> Self {
        let rules = Mutex::new(Arc::new(ActiveRules::embedded()));
        Self { store, fetcher, config, rules }
    }

    /// Returns the rules new texts are prepared with.
    fn active_rules(&self) -> Arc<ActiveRules> {
        self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Reads the store's active rules again, compiling a reviewed taxonomy once per pass.
    async fn reload_rules(&self) {
        match self.with_store(|store| store.active_rules()).await {
            Ok(rules) => {
                *self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Arc::new(rules);
            }
            Err(error) => tracing::warn!(%error, "active rules not read; keeping the last ones"),
        }
    }

    /// Returns the store this checker writes to.
    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    /// Checks `sources` at `now`, several at once, and returns what each check recorded.
    pub async fn check_sources(
        self: &Arc<Self>,
        sources: Vec<Source>,
        now: DateTime<Utc>,
    ) -> PassReport {
        self.check_sources_until(sources, now, &CancellationToken::new()).await
    }

    /// Checks `sources` like [`Self::check_sources`] until `stop` is cancelled. Then the checks
    /// not yet finished are stopped, and the report lists those that were recorded.
    pub async fn check_sources_until(
        self: &Arc<Self>,
        sources: Vec<Source>,
        now: DateTime<Utc>,
        stop: &CancellationToken,
    ) -> PassReport {
        let mut report = PassReport {
            checked_at: clausewatch_store::time::format_time(now),
            ..Default::default()
        };
        self.reload_rules().await;
        let checkpoints =
            if sources.is_empty() { None } else { checkpoints::start(&self.store).await };
        let limit = Arc::new(tokio::sync::Semaphore::new(self.config.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        for source in sources {
            let (checker, limit, stop) = (self.clone(), limit.clone(), stop.clone());
            tasks.spawn(async move { checker.check_in_pass(&source, now, &limit, &stop).await });
        }

        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ended::Recorded(record)) => report.records.push(record),
                Ok(Ended::Failed(error)) => {
                    tracing::error!(%error, "check could not be recorded");
                    report.errors.push(error);
                }
                Ok(Ended::Stopped) => report.stopped += 1,
                Err(error) => report.errors.push(format!("check task failed: {error}")),
            }
        }
        if report.stopped > 0 {
            tracing::info!(stopped = report.stopped, "pass stopped before all checks finished");
        }
        if let Some(checkpoints) = checkpoints {
            checkpoints.finish().await;
        }
        report.records.sort_by(|a, b| (&a.platform, &a.document).cmp(&(&b.platform, &b.document)));
        report
    }

    /// Checks one source of a pass once `limit` lets it start. Cancelling `stop` ends the check
    /// while it fetches and prepares. Once its write has begun it runs to the end, so a check
    /// that reached the store is always reported.
    async fn check_in_pass(
        &self,
        source: &Source,
        now: DateTime<Utc>,
        limit: &tokio::sync::Semaphore,
        stop: &CancellationToken,
    ) -> Ended {
        let gathered = tokio::select! {
            biased;
            () = stop.cancelled() => return Ended::Stopped,
            gathered = async {
                let _permit = limit.acquire().await.expect("the semaphore is never closed");
                self.gather(source, now).await
            } => gathered,
        };
        let recorded = match gathered {
            Ok(check) => self.record(check).await,
            Err(error) => Err(error),
        };
        recorded.map_or_else(
            |error| Ended::Failed(format!("{} {}: {error}", source.platform, source.document)),
            Ended::Recorded,
        )
    }

    /// Checks one source at `now` and records the result.
    pub async fn check_source(
        &self,
        source: &Source,
        now: DateTime<Utc>,
    ) -> Result<CheckRecord, StoreError> {
        let check = self.gather(source, now).await?;
        self.record(check).await
    }

    /// Fetches the pages of `source` and decides what the check records, without writing.
    async fn gather(&self, source: &Source, now: DateTime<Utc>) -> Result<Gathered, StoreError> {
        tracing::info!(
            target: crate::fetch::PROGRESS_TARGET,
            platform = %source.platform,
            document = %source.document,
            pages = source.pages.len(),
            "checking source"
        );
        let document_id = source.document_id;
        let (last, latest) = self
            .with_store(move |store| {
                Ok((store.last_fetch(document_id)?, store.latest_version(document_id)?))
            })
            .await?;

        let fetched = pages::fetch_all(&self.fetcher, &self.store, source, last.as_ref()).await;
        let mut snapshots = fetched.snapshots;
        let (outcome, prepared) = match fetched.result {
            Err(reason) => (CheckOutcome::Failed { reason }, None),
            Ok(pages) => {
                let context = decide::Context {
                    checker: self,
                    source,
                    last: last.as_ref(),
                    latest: latest.as_ref(),
                };
                decide::outcome(&context, pages, &mut snapshots).await?
            }
        };

        Ok(Gathered {
            source: source.clone(),
            checked_at: now,
            snapshots,
            outcome,
            next_check_at: next_check_at(now, source.interval_seconds, self.config.jitter),
            prepared,
        })
    }

    /// Records a gathered check in one transaction.
    async fn record(&self, check: Gathered) -> Result<CheckRecord, StoreError> {
        let threshold = self.config.failure_threshold;
        self.with_store(move |store| {
            store.record_check(NewCheck {
                source: &check.source,
                checked_at: check.checked_at,
                snapshots: check.snapshots,
                outcome: check.outcome,
                next_check_at: Some(check.next_check_at),
                failure_threshold: threshold,
                prepared: check.prepared,
            })
        })
        .await
    }

    /// Runs `work` on the store on a blocking thread. The blocking task runs to its end even
    /// when the caller is dropped, so a write that started is never cut short.
    async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut store)
        })
        .await
        .map_err(|error| StoreError::InvalidInput(format!("store task failed: {error}")))?
    }
}

/// Returns when a source checked at `now` is due again: after its interval plus up to
/// `jitter` of it.
pub fn next_check_at(now: DateTime<Utc>, interval_seconds: i64, jitter: f64) -> DateTime<Utc> {
    let interval = interval_seconds.max(1);
    // Seconds fit an f64 exactly far beyond any interval in use.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let extra = (interval as f64 * jitter.clamp(0.0, 1.0) * fastrand::f64()) as i64;
    now + chrono::Duration::seconds(interval + extra)
}
