//! The fetch client: one HTTP GET per page, within the politeness limits, retried on passing
//! failures, returning the evidence of what was served. Conditional requests turn an unchanged
//! page into `FetchOutcome::Unchanged` without a body.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Client, Response, StatusCode, redirect};
use url::Url;

use super::clock::{Clock, SystemClock};
use super::config::FetchConfig;
use super::error::FetchError;
use super::evidence::{FetchEvidence, FetchOutcome, SELECTED_HEADERS, Validators, sha256_hex};
use super::limiter::Limiter;
use super::retry::{backoff, is_retryable_status, parse_retry_after};

/// How long an idle connection stays open for the next page of the same origin.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Fetches pages; clone-free and shareable across tasks behind an `Arc`.
pub struct Fetcher {
    client: Client,
    config: FetchConfig,
    limiter: Limiter,
    clock: Arc<dyn Clock>,
}

/// The result of one attempt.
enum Attempt {
    Done(FetchOutcome),
    /// A failure that another attempt would repeat.
    Fail(FetchError),
    /// A retryable response, with the wait its Retry-After header requested, if any.
    Retry {
        outcome: FetchOutcome,
        retry_after: Option<Duration>,
    },
    RetryError(FetchError),
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
            .timeout(config.total_timeout)
            .redirect(redirect::Policy::limited(config.max_redirects))
            // An idle connection keeps its read buffer, as large as the biggest page it
            // carried. Checks of one origin are hours apart, so only the pages of one check
            // (seconds apart) reuse a connection.
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build()
            .map_err(|error| FetchError::Transport {
                url: String::new(),
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

    /// Fetches `url`, sending `validators` from a previous fetch when given.
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

        let mut retry = 0;
        loop {
            let attempt = {
                let _permit = self.limiter.acquire(&origin).await;
                self.attempt(url, validators, retry + 1).await
            };

            let (wait, last) = match attempt {
                Attempt::Done(outcome) => return Ok(outcome),
                Attempt::Fail(error) => return Err(error),
                Attempt::Retry { outcome, retry_after } => (retry_after, Ok(outcome)),
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

            tracing::info!(
                url,
                retry = retry + 1,
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying fetch"
            );
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    async fn attempt(&self, url: &str, validators: Option<&Validators>, number: u32) -> Attempt {
        let mut request = self.client.get(url);
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified);
            }
        }

        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return self.classify_error(url, error, number),
        };

        let status = response.status();
        let retry_after = retry_after(response.headers(), status);
        let outcome = match self.read(url, response, number).await {
            Ok(outcome) => outcome,
            Err(error @ FetchError::BodyTooLarge { .. }) => return Attempt::Fail(error),
            Err(error) => return Attempt::RetryError(error),
        };

        if is_retryable_status(status.as_u16()) {
            tracing::warn!(url, status = status.as_u16(), attempt = number, "retryable status");
            return Attempt::Retry { outcome, retry_after };
        }
        Attempt::Done(outcome)
    }

    async fn read(
        &self,
        url: &str,
        mut response: Response,
        number: u32,
    ) -> Result<FetchOutcome, FetchError> {
        let status = response.status();
        let final_url = response.url().to_string();
        let headers = selected_headers(response.headers());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);

        let limit = self.config.max_body_bytes;
        let too_large = || FetchError::BodyTooLarge { url: url.to_owned(), limit };
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }

        // The limit is checked on every chunk, so an endless or decompression-bomb body stops
        // at the limit instead of filling memory.
        let mut body = Vec::new();
        loop {
            let chunk = response.chunk().await.map_err(|error| transport(url, number, &error))?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }

        let evidence = FetchEvidence {
            url: url.to_owned(),
            final_url,
            status: status.as_u16(),
            headers,
            content_type,
            sha256: sha256_hex(&body),
            body,
            fetched_at: self.clock.now(),
        };

        tracing::info!(url, status = evidence.status, bytes = evidence.body.len(), "fetched");
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::Unchanged(evidence));
        }
        Ok(FetchOutcome::Fetched(evidence))
    }

    fn classify_error(&self, url: &str, error: reqwest::Error, number: u32) -> Attempt {
        if error.is_redirect() {
            return Attempt::Fail(FetchError::TooManyRedirects {
                url: url.to_owned(),
                limit: self.config.max_redirects,
            });
        }
        if error.is_timeout() {
            tracing::warn!(url, attempt = number, "fetch timed out");
            return Attempt::RetryError(FetchError::TimedOut {
                url: url.to_owned(),
                limit: self.config.total_timeout,
                attempt: number,
            });
        }

        tracing::warn!(url, attempt = number, error = %error, "fetch failed");
        Attempt::RetryError(transport(url, number, &error))
    }
}

fn transport(url: &str, attempts: u32, error: &reqwest::Error) -> FetchError {
    // The error's sources hold the useful part ("connection refused"), its display only the URL.
    let mut reason = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    FetchError::Transport { url: url.to_owned(), attempts, reason }
}

fn retry_after(headers: &HeaderMap, status: StatusCode) -> Option<Duration> {
    if !matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE) {
        return None;
    }
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

fn selected_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    SELECTED_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), value.to_owned()))
        })
        .collect()
}
