//! Fetching pages with their evidence: settings (`config.rs`), the client (`client.rs`),
//! politeness limits (`limiter.rs`), retry timing (`retry.rs`) and what a fetch returns
//! (`evidence.rs`).

mod client;
mod clock;
mod config;
mod error;
mod evidence;
mod limiter;
mod retry;

pub use client::Fetcher;
pub use clock::{Clock, SystemClock};
pub use config::{FetchConfig, USER_AGENT};
pub use error::FetchError;
pub use evidence::{FetchEvidence, FetchOutcome, SELECTED_HEADERS, Validators, sha256_hex};
pub use retry::{backoff, parse_retry_after};
