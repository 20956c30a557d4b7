//! The evidence a fetch returns: what the platform served, kept as the snapshot. Add a
//! header to `SELECTED_HEADERS` to keep it with every snapshot.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Response headers kept with the evidence; the rest describe transport, not content.
pub const SELECTED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "content-language",
    "etag",
    "last-modified",
    "date",
    "cache-control",
    "expires",
    "retry-after",
    "server",
];

/// Exactly what was fetched, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchEvidence {
    /// The URL asked for.
    pub url: String,
    /// The URL that served the body, after redirects.
    pub final_url: String,
    pub status: u16,
    /// The `SELECTED_HEADERS` present in the response, lower-case names, in that order.
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    /// The body as received, after transfer and content decoding.
    pub body: Vec<u8>,
    /// Lower-case hex SHA-256 of `body`.
    pub sha256: String,
    pub fetched_at: DateTime<Utc>,
}

impl FetchEvidence {
    /// Returns the value of a kept header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Returns the validators to send on the next check of the same URL.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.header("etag").map(str::to_owned),
            last_modified: self.header("last-modified").map(str::to_owned),
        }
    }
}

/// Returns the lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Validators of a previous fetch, sent so that an unchanged page gets a 304 response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The result of a fetch that reached the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// A response with a body, whatever its status; the guards judge error pages.
    Fetched(FetchEvidence),
    /// The server sent 304 for the validators: the page has not changed. `evidence` has
    /// an empty body.
    Unchanged(FetchEvidence),
}
