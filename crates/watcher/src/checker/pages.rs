//! Fetches every page of a source, keeping a snapshot of each response. A page answered with
//! 304 Not Modified is read back from the stored snapshot that its validators came from, so
//! the rest of the check sees the same bytes as a full fetch. A response that contains only
//! part of its page fails the fetch (`complete`).

use std::sync::{Arc, Mutex};

use clausewatch_store::Store;
use clausewatch_store::checks::{LastFetch, NewSnapshot, StoredSnapshot};
use clausewatch_store::sources::Source;

use super::complete;
use crate::fetch::{FetchEvidence, FetchOutcome, Fetcher, Validators};

/// The snapshots of one round of fetches, and the pages to extract or the failure.
pub(super) struct Fetched {
    pub snapshots: Vec<NewSnapshot>,
    pub result: Result<Vec<FetchEvidence>, String>,
}

/// Fetches the pages of `source` in order, sending the validators of `last` when its snapshot
/// of the same page has them. Stops at the first page that could not be fetched.
pub(super) async fn fetch_all(
    fetcher: &Fetcher,
    store: &Arc<Mutex<Store>>,
    source: &Source,
    last: Option<&LastFetch>,
) -> Fetched {
    let mut snapshots = Vec::with_capacity(source.pages.len());
    let mut pages = Vec::with_capacity(source.pages.len());

    for (index, page) in source.pages.iter().enumerate() {
        let previous = last.and_then(|last| {
            last.snapshots
                .iter()
                .find(|snapshot| snapshot.page == index && snapshot.url == page.url)
        });
        let validators = previous.map(|snapshot| Validators {
            etag: snapshot.header("etag").map(str::to_owned),
            last_modified: snapshot.header("last-modified").map(str::to_owned),
        });

        let evidence = match fetcher.fetch(&page.url, validators.as_ref()).await {
            Ok(FetchOutcome::Fetched(evidence)) => {
                snapshots.push(snapshot(index, &evidence));
                if let Some(reason) = incomplete(store, previous, &evidence).await {
                    return Fetched { snapshots, result: Err(reason) };
                }
                evidence
            }
            Ok(FetchOutcome::Unchanged(evidence)) => {
                snapshots.push(snapshot(index, &evidence));
                match stored_page(store, previous, evidence).await {
                    Ok(evidence) => evidence,
                    Err(reason) => return Fetched { snapshots, result: Err(reason) },
                }
            }
            Err(error) => return Fetched { snapshots, result: Err(error.to_string()) },
        };
        pages.push(evidence);
    }
    Fetched { snapshots, result: Ok(pages) }
}

/// Returns the page a 304 response stands for: the stored snapshot's body and metadata.
async fn stored_page(
    store: &Arc<Mutex<Store>>,
    previous: Option<&StoredSnapshot>,
    not_modified: FetchEvidence,
) -> Result<FetchEvidence, String> {
    let Some(previous) = previous.cloned() else {
        return Err(format!(
            "{} answered 304 Not Modified to a request without validators; no version is \
             recorded from an empty response",
            not_modified.url
        ));
    };

    let body = stored_body(store, &previous.body_sha256).await?;
    Ok(FetchEvidence {
        final_url: previous.final_url,
        status: previous.status,
        content_type: previous.content_type,
        sha256: previous.body_sha256,
        body,
        ..not_modified
    })
}

/// Returns why `page` holds only part of a page, reading the body of its previous fetch only
/// when the new body lacks the closing tags.
async fn incomplete(
    store: &Arc<Mutex<Store>>,
    previous: Option<&StoredSnapshot>,
    page: &FetchEvidence,
) -> Option<String> {
    let previous_body = match previous {
        Some(previous) if complete::may_be_cut(page) => {
            match stored_body(store, &previous.body_sha256).await {
                Ok(body) => Some(body),
                Err(reason) => {
                    tracing::warn!(url = page.url, reason, "previous snapshot not read");
                    None
                }
            }
        }
        _ => None,
    };
    complete::incomplete(page, previous_body.as_deref())
}

/// Returns the stored body of the snapshot with SHA-256 `sha256`.
async fn stored_body(store: &Arc<Mutex<Store>>, sha256: &str) -> Result<Vec<u8>, String> {
    let store = store.clone();
    let sha256 = sha256.to_owned();
    tokio::task::spawn_blocking(move || {
        let store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        store.snapshot_body(&sha256)
    })
    .await
    .map_err(|error| format!("reading the stored snapshot failed: {error}"))?
    .map_err(|error| error.to_string())
}

fn snapshot(page: usize, evidence: &FetchEvidence) -> NewSnapshot {
    NewSnapshot {
        page,
        url: evidence.url.clone(),
        final_url: evidence.final_url.clone(),
        status: evidence.status,
        headers: evidence.headers.clone(),
        content_type: evidence.content_type.clone(),
        body: evidence.body.clone(),
        body_sha256: evidence.sha256.clone(),
        fetched_at: evidence.fetched_at,
    }
}
