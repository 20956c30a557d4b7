//! One attempt of a fetch: the request, the redirects it follows and the body it reads, all
//! before the attempt's deadline. Redirects are followed here rather than by the HTTP client,
//! so that an error met after a redirect names the address that failed and the URL it was
//! redirected from.

use std::time::SystemTime;

use reqwest::header::{HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LOCATION, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use url::Url;

use super::client::Fetcher;
use super::error::FetchError;
use super::evidence::{FetchEvidence, FetchOutcome, SELECTED_HEADERS, Validators, sha256_hex};
use super::progress::{Waiting, wait_for};
use super::retry::{is_retryable_status, parse_retry_after};

/// The result of one attempt.
pub(super) enum Attempt {
    Done(FetchOutcome),
    /// A failure that another attempt would repeat.
    Fail(FetchError),
    /// A retryable response, with the wait its Retry-After header requested, if any.
    Retry {
        outcome: FetchOutcome,
        retry_after: Option<std::time::Duration>,
    },
    RetryError(FetchError),
}

/// The request an attempt starts from, and how long it may take.
pub(super) struct AttemptPlan<'a> {
    pub url: &'a Url,
    /// The origin whose request slot the attempt holds.
    pub origin: &'a str,
    pub validators: Option<&'a Validators>,
    /// The attempt's number, from 1, and the most attempts the fetch makes.
    pub number: u32,
    pub attempts: u32,
    pub limit: std::time::Duration,
    pub deadline: tokio::time::Instant,
}

impl Fetcher {
    /// Makes one attempt: sends the request, follows redirects and reads the body.
    pub(super) async fn attempt(&self, plan: &AttemptPlan<'_>) -> Attempt {
        let original = plan.url.as_str();
        let mut current = plan.url.clone();
        let mut redirects = 0;
        let response = loop {
            let from = (redirects > 0).then(|| original.to_owned());
            let waiting = self.waiting(plan, current.as_str());
            let sent = wait_for(&waiting, self.request(&current, plan.validators).send()).await;
            let response = match sent {
                Some(Ok(response)) => response,
                Some(Err(error)) => return self.classify_error(&current, from, &error, plan),
                None => {
                    self.limiter.mark_silent(plan.origin);
                    return Attempt::RetryError(timed_out(&current, from, plan));
                }
            };
            let next = match redirect_location(&response) {
                None => break response,
                Some(location) => match next_url(&current, &location) {
                    Ok(next) => next,
                    Err(reason) => {
                        return Attempt::Fail(FetchError::InvalidRedirect {
                            url: current.to_string(),
                            location,
                            reason,
                        });
                    }
                },
            };
            redirects += 1;
            if redirects > self.config.max_redirects {
                return Attempt::Fail(FetchError::TooManyRedirects {
                    url: original.to_owned(),
                    limit: self.config.max_redirects,
                });
            }
            tracing::debug!(from = %current, to = %next, "following redirect");
            current = next;
        };

        let status = response.status();
        let retry_after = retry_after(response.headers(), status);
        let outcome = match self.read(plan, &current, response).await {
            Ok(outcome) => outcome,
            Err(error @ FetchError::BodyTooLarge { .. }) => return Attempt::Fail(error),
            Err(error) => return Attempt::RetryError(error),
        };

        if is_retryable_status(status.as_u16()) {
            let url = current.as_str();
            tracing::warn!(
                url,
                status = status.as_u16(),
                attempt = plan.number,
                "retryable status"
            );
            return Attempt::Retry { outcome, retry_after };
        }
        Attempt::Done(outcome)
    }

    fn request(&self, url: &Url, validators: Option<&Validators>) -> reqwest::RequestBuilder {
        let mut request = self.client.get(url.clone());
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, last_modified);
            }
        }
        request
    }

    fn waiting<'a>(&self, plan: &AttemptPlan<'_>, url: &'a str) -> Waiting<'a> {
        Waiting {
            url,
            attempt: plan.number,
            attempts: plan.attempts,
            limit: plan.limit,
            deadline: plan.deadline,
            interval: self.config.progress_interval,
        }
    }

    /// Reads the body of the final response into the evidence of the fetch.
    async fn read(
        &self,
        plan: &AttemptPlan<'_>,
        final_url: &Url,
        mut response: Response,
    ) -> Result<FetchOutcome, FetchError> {
        let url = plan.url.as_str();
        let from = (final_url != plan.url).then(|| url.to_owned());
        let status = response.status();
        let headers = selected_headers(response.headers());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);

        let limit = self.config.max_body_bytes;
        let too_large = || FetchError::BodyTooLarge { url: final_url.to_string(), limit };
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }

        // The limit is checked on every chunk, so an endless or decompression-bomb body stops
        // at the limit instead of filling memory.
        let waiting = self.waiting(plan, final_url.as_str());
        let mut body = Vec::new();
        loop {
            let chunk = match wait_for(&waiting, response.chunk()).await {
                Some(chunk) => chunk
                    .map_err(|error| transport(final_url, from.clone(), plan.number, &error))?,
                None => return Err(timed_out(final_url, from, plan)),
            };
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }

        let evidence = FetchEvidence {
            url: url.to_owned(),
            final_url: final_url.to_string(),
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

    fn classify_error(
        &self,
        url: &Url,
        redirected_from: Option<String>,
        error: &reqwest::Error,
        plan: &AttemptPlan<'_>,
    ) -> Attempt {
        if error.is_timeout() {
            self.limiter.mark_silent(plan.origin);
            tracing::warn!(url = %url, attempt = plan.number, "fetch timed out");
            return Attempt::RetryError(timed_out(url, redirected_from, plan));
        }

        tracing::warn!(url = %url, attempt = plan.number, error = %error, "fetch failed");
        Attempt::RetryError(transport(url, redirected_from, plan.number, error))
    }
}

fn timed_out(url: &Url, redirected_from: Option<String>, plan: &AttemptPlan<'_>) -> FetchError {
    FetchError::TimedOut {
        url: url.to_string(),
        redirected_from,
        limit: plan.limit,
        attempt: plan.number,
    }
}

fn transport(
    url: &Url,
    redirected_from: Option<String>,
    attempts: u32,
    error: &reqwest::Error,
) -> FetchError {
    // The error's sources hold the useful part ("connection refused"), its display only the URL.
    let mut reason = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    FetchError::Transport { url: url.to_string(), redirected_from, attempts, reason }
}

/// Returns the Location of a redirect the client follows: 301, 302, 303, 307 or 308.
fn redirect_location(response: &Response) -> Option<String> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get(LOCATION)?;
    Some(String::from_utf8_lossy(location.as_bytes()).into_owned())
}

/// Returns the address a redirect from `current` to `location` leads to, or why it is not
/// followed.
fn next_url(current: &Url, location: &str) -> Result<Url, String> {
    let next = current.join(location).map_err(|error| error.to_string())?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(format!("scheme `{}` is not fetched", next.scheme()));
    }
    // A source may not carry credentials, so a redirect may not bring them in either: they
    // would be sent to the server and stored with the snapshot's final URL.
    if !next.username().is_empty() || next.password().is_some() {
        return Err("the address carries a user name or password, which checks never send".into());
    }
    Ok(next)
}

fn retry_after(headers: &HeaderMap, status: StatusCode) -> Option<std::time::Duration> {
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
