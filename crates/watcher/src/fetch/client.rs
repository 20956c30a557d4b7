//! The fetch client: one HTTP GET per page, within the politeness limits, retried on passing
//! failures until the page's deadline, returning the evidence of what was served. Conditional
//! requests turn an unchanged page into `FetchOutcome::Unchanged` without a body. One attempt
//! (request, redirects and body) is in `attempt.rs`.

use std::sync::Arc;

use reqwest::{Client, redirect};
use tokio::time::Instant;
use url::Url;

use super::attempt::{Attempt, AttemptPlan};
use super::clock::{Clock, SystemClock};
use super::config::FetchConfig;
use super::error::FetchError;
use super::evidence::{FetchOutcome, Validators};
use super::limiter::Limiter;
use super::progress::PROGRESS_TARGET;
use super::retry::backoff;

/// Fetches pages; clone-free and shareable across tasks behind an `Arc`.
pub struct Fetcher {
    pub(super) client: Client,
    pub(super) config: FetchConfig,
    pub(super) limiter: Limiter,
    pub(super) clock: Arc<dyn Clock>,
}

impl Fetcher {
    /// Returns a fetcher with `config`, stamping evidence with the system clock.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// Returns a fetcher with `config`, stamping evidence with `clock`.
    pub fn with_clock(config: FetchConfig, clock: Arc<dyn Clock>) -> Result<Self, FetchError> {
        let client = Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            // Each attempt follows redirects itself, so that an error names the address that
            // failed, and bounds its own time.
            .redirect(redirect::Policy::none())
            // No connection is kept for reuse, because checks of one origin are hours apart
            // and an idle connection keeps a read buffer as large as the biggest page it
            // carried. Over 1,000 sources the kept connections held about 100 MiB.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|error| FetchError::Transport {
                url: String::new(),
                redirected_from: None,
                attempts: 0,
                reason: format!("HTTP client could not be built: {error}"),
            })?;

        let limiter = Limiter::new(
            config.global_concurrency,
            config.per_origin_concurrency,
            config.per_origin_delay,
        );
        Ok(Self { client, config, limiter, clock })
    }

    /// Fetches `url`, sending `validators` from a previous fetch when given. Attempts and the
    /// waits between them end at `FetchConfig::max_fetch_time` after the first request.
    #[tracing::instrument(skip(self, validators), err)]
    pub async fn fetch(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<FetchOutcome, FetchError> {
        let parsed = Url::parse(url).map_err(|error| FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: error.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::InvalidUrl {
                url: url.to_owned(),
                reason: format!("scheme `{}` is not fetched", parsed.scheme()),
            });
        }
        let origin = parsed.origin().ascii_serialization();
        let attempts = self.config.max_retries.saturating_add(1);
        let allowed = self.config.max_fetch_time;

        let mut deadline = None;
        let mut retry = 0;
        let mut answered = None;
        loop {
            let attempt = {
                let queued_at = Instant::now();
                let silences = self.limiter.silences(&origin);
                let _permit = self.limiter.acquire(&origin).await;
                if retry == 0 && self.limiter.silences(&origin) > silences {
                    tracing::warn!(url, origin, "site sent no response to another page");
                    return Err(FetchError::SiteSilent { url: url.to_owned(), origin });
                }
                // The deadline starts with the first request, not with the wait for a permit,
                // and a retry's wait behind other pages of the same site does not count either:
                // a busy site would otherwise read as a slow one.
                let queued = queued_at.elapsed();
                let deadline = *deadline
                    .insert(deadline.map_or_else(|| Instant::now() + allowed, |at| at + queued));
                let limit = self.config.total_timeout.min(deadline - Instant::now());
                let plan = AttemptPlan {
                    url: &parsed,
                    origin: &origin,
                    validators,
                    number: retry + 1,
                    attempts,
                    limit,
                    deadline: Instant::now() + limit,
                };
                self.attempt(&plan).await
            };
            let deadline = deadline.expect("set by the first attempt");

            let (wait, last) = match attempt {
                Attempt::Done(outcome) => return Ok(outcome),
                Attempt::Fail(error) => return Err(error),
                Attempt::RetryError(FetchError::TimedOut { url, redirected_from, .. })
                    if Instant::now() >= deadline =>
                {
                    // A retry cut short by the deadline shows nothing new about the site, so the
                    // response to an earlier attempt (a 503, say) is the evidence.
                    if let Some(outcome) = answered {
                        return Ok(outcome);
                    }
                    return Err(FetchError::OutOfTime {
                        url,
                        redirected_from,
                        allowed,
                        attempts: retry + 1,
                    });
                }
                Attempt::Retry { outcome, retry_after } => {
                    answered = Some(outcome.clone());
                    (retry_after, Ok(outcome))
                }
                Attempt::RetryError(error) => (None, Err(error)),
            };

            if retry >= self.config.max_retries {
                return last;
            }

            let wait = match wait {
                Some(requested) if requested > self.config.max_retry_after => {
                    tracing::warn!(
                        url,
                        requested_secs = requested.as_secs(),
                        "Retry-After too long, not retrying"
                    );
                    return last;
                }
                Some(requested) => requested,
                None => backoff(retry, self.config.base_backoff, self.config.max_backoff),
            };
            if Instant::now() + wait >= deadline {
                tracing::warn!(
                    url,
                    attempts = retry + 1,
                    allowed_s = allowed.as_secs(),
                    "no time left for another attempt"
                );
                return last;
            }

            tracing::info!(
                target: PROGRESS_TARGET,
                url,
                retry = retry + 1,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying fetch"
            );
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }
}
