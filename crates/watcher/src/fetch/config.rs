//! Settings of the fetch client, with defaults fit for checking a few hundred documents a day
//! politely. A new limit goes here with its default and reason.

use std::time::Duration;

/// The user agent, naming the product so a platform can tell who is reading its terms.
pub const USER_AGENT: &str =
    concat!("Clausewatch/", env!("CARGO_PKG_VERSION"), " (+terms-of-service change monitor)");

/// Settings of the fetch client.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt, from request to last body byte, redirects included.
    pub total_timeout: Duration,
    /// Time allowed to fetch one page: every attempt and the backoff waits between them,
    /// counted from the first request. Waits for the site's request limit (other pages of the
    /// same origin) do not count. A source of several pages may take this long for each.
    pub max_fetch_time: Duration,
    /// How often a request still waiting for its response is reported in the progress log.
    pub progress_interval: Duration,
    /// Largest body accepted, counted on the decoded bytes while they arrive.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    /// Requests in flight at once, all origins together.
    pub global_concurrency: usize,
    /// Requests in flight at once to one origin.
    pub per_origin_concurrency: usize,
    /// Pause between the starts of two requests to the same origin.
    pub per_origin_delay: Duration,
    /// Attempts after the first for timeouts, connection errors, 429 and 5xx responses.
    pub max_retries: u32,
    /// First backoff; each retry doubles it, with random jitter, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// Longest Retry-After honoured; a platform asking for more is not retried now.
    pub max_retry_after: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            user_agent: USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            // One attempt of a hanging page and half of a second one: a check gives up within a
            // minute and a half instead of waiting out every retry.
            max_fetch_time: Duration::from_secs(90),
            progress_interval: Duration::from_secs(10),
            // Terms pages are rarely above 2 MiB, even rendered; 10 MiB leaves room for PDFs.
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            global_concurrency: 8,
            per_origin_concurrency: 1,
            per_origin_delay: Duration::from_secs(2),
            max_retries: 3,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(300),
        }
    }
}
