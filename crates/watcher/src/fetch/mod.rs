//! Fetching pages with their evidence: settings (`config.rs`), the client and its retries
//! (`client.rs`), one attempt with its redirects (`attempt.rs`), politeness limits
//! (`limiter.rs`), retry timing (`retry.rs`), progress lines (`progress.rs`) and what a fetch
//! returns (`evidence.rs`).

mod attempt;
mod client;
mod clock;
mod config;
mod error;
mod evidence;
mod limiter;
mod progress;
mod retry;

pub use client::Fetcher;
pub use clock::{Clock, SystemClock};
pub use config::{FetchConfig, USER_AGENT};
pub use error::FetchError;
pub use evidence::{FetchEvidence, FetchOutcome, SELECTED_HEADERS, Validators, sha256_hex};
pub use progress::PROGRESS_TARGET;
pub use retry::{backoff, parse_retry_after};
