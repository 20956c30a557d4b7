//! When to retry and how long to wait: exponential backoff with jitter, or the server's own
//! Retry-After on 429 and 503.

use std::time::{Duration, SystemTime};

/// Returns true for statuses worth another attempt: rate limiting and passing server trouble.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Returns the wait before retry number `retry` (0 for the first retry): the base doubled per
/// retry, capped, with "equal jitter" (half fixed, half random) so that many clients backing
/// off together do not retry in step.
pub fn backoff(retry: u32, base: Duration, max: Duration) -> Duration {
    let exponential = base.saturating_mul(2u32.saturating_pow(retry)).min(max);
    let half = exponential / 2;
    half + half.mul_f64(fastrand::f64())
}

/// Returns the wait a Retry-After value requests: a number of seconds or an HTTP date. A date in
/// the past means no wait; an unreadable value means none was given.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }

    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
