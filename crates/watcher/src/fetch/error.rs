//! Errors of the fetch client: failures to obtain any response. A response with an error
//! status is not an error here; it comes back as evidence for the guards to judge.

use std::time::Duration;

/// The reason no response was obtained.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("URL {url:?} is invalid ({reason}); give an absolute http or https URL")]
    InvalidUrl { url: String, reason: String },

    #[error("fetching {url} timed out after {seconds} s (attempt {attempt})", seconds = limit.as_secs_f64())]
    TimedOut { url: String, limit: Duration, attempt: u32 },

    #[error("fetching {url} followed more than {limit} redirects; the page redirects in a loop")]
    TooManyRedirects { url: String, limit: usize },

    #[error(
        "body of {url} exceeds the limit of {limit} bytes, so no version is recorded from it; \
         check that the URL names the document itself and not an archive or a media file"
    )]
    BodyTooLarge { url: String, limit: usize },

    #[error("fetching {url} failed after {attempts} attempts: {reason}")]
    Transport { url: String, attempts: u32, reason: String },
}
