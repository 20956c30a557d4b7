//! Errors of the fetch client: failures to obtain any response. A response with an error
//! status is not an error here; it comes back as evidence for the guards to judge. An error
//! met after a redirect names the address that failed and the URL it was redirected from.

use std::time::Duration;

/// The reason no response was obtained.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("URL {url:?} is invalid ({reason}); give an absolute http or https URL")]
    InvalidUrl { url: String, reason: String },

    #[error(
        "fetching {url}{} timed out after {seconds} s (attempt {attempt})",
        redirect_note(.redirected_from.as_deref()),
        seconds = limit.as_secs_f64()
    )]
    TimedOut { url: String, redirected_from: Option<String>, limit: Duration, attempt: u32 },

    #[error(
        "fetching {url}{} gave no complete response within the {seconds} s allowed for a page \
         ({}); the site is down or too slow, so open the page in a browser or allow more time",
        redirect_note(.redirected_from.as_deref()),
        attempt_count(*.attempts),
        seconds = allowed.as_secs_f64()
    )]
    OutOfTime { url: String, redirected_from: Option<String>, allowed: Duration, attempts: u32 },

    #[error(
        "{url} redirects to {location:?}, which is not followed ({reason}); open the page in a \
         browser and give the address it ends at"
    )]
    InvalidRedirect { url: String, location: String, reason: String },

    #[error("fetching {url} followed more than {limit} redirects; the page redirects in a loop")]
    TooManyRedirects { url: String, limit: usize },

    #[error(
        "body of {url} exceeds the limit of {limit} bytes, so no version is recorded from it; \
         check that the URL names the document itself and not an archive or a media file"
    )]
    BodyTooLarge { url: String, limit: usize },

    #[error(
        "fetching {url}{} failed on attempt {attempts}: {reason}",
        redirect_note(.redirected_from.as_deref())
    )]
    Transport { url: String, redirected_from: Option<String>, attempts: u32, reason: String },

    #[error(
        "{url} was not requested: {origin} sent no response to another page while this one \
         waited its turn, so the site is down or blocking; it is tried again at the next check"
    )]
    SiteSilent { url: String, origin: String },
}

/// Returns " (redirected from URL)" for an address reached by a redirect, else nothing.
fn redirect_note(redirected_from: Option<&str>) -> String {
    redirected_from.map(|from| format!(" (redirected from {from})")).unwrap_or_default()
}

fn attempt_count(attempts: u32) -> String {
    match attempts {
        1 => "1 attempt".to_owned(),
        count => format!("{count} attempts"),
    }
}
