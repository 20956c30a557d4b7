//! Progress of fetches for a person watching a check. A request that has waited
//! `FetchConfig::progress_interval` for its response logs a line, and again at each interval
//! after. The lines go to the target [`PROGRESS_TARGET`], so a command line can show them alone.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// The tracing target of progress lines.
pub const PROGRESS_TARGET: &str = "clausewatch::progress";

/// The request being waited for, as its progress lines name it.
pub(super) struct Waiting<'a> {
    pub url: &'a str,
    pub attempt: u32,
    pub attempts: u32,
    /// Time the attempt may take, as reported; the attempt ends at `deadline`.
    pub limit: Duration,
    pub deadline: Instant,
    pub interval: Duration,
}

/// Awaits `future` until the attempt's deadline, logging a progress line at every interval
/// it is still pending. Returns `None` when the deadline came first.
pub(super) async fn wait_for<F: Future>(waiting: &Waiting<'_>, future: F) -> Option<F::Output> {
    let started = Instant::now();
    let interval = waiting.interval.max(Duration::from_millis(10));
    let mut ticks = tokio::time::interval_at(started + interval, interval);
    tokio::pin!(future);
    loop {
        tokio::select! {
            output = &mut future => return Some(output),
            () = tokio::time::sleep_until(waiting.deadline) => return None,
            _ = ticks.tick() => {
                tracing::info!(
                    target: PROGRESS_TARGET,
                    url = waiting.url,
                    attempt = waiting.attempt,
                    attempts = waiting.attempts,
                    waited_s = started.elapsed().as_secs(),
                    limit_s = waiting.limit.as_secs(),
                    "still waiting for a response"
                );
            }
        }
    }
}
