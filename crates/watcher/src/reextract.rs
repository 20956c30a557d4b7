//! Re-extraction: when a source's rules change, the stored snapshots of its last fetch are
//! extracted again under the new rules. A different text is recorded as a technical version
//! (origin "reextract"), never notified as a platform change, so the next check compares the
//! page with a text extracted the same way.

use chrono::{DateTime, Utc};

use clausewatch_core::segment;
use clausewatch_store::checks::{CheckOutcome, CheckRecord, NewCheck};
use clausewatch_store::ingest::hex_digest;
use clausewatch_store::sources::Source;
use clausewatch_store::{Store, StoreError};

use crate::check::version_text;
use crate::fetch::FetchEvidence;
use crate::guard::{ClauseDrop, clause_drop};
use crate::source::document_declaration;

/// Why no re-extraction was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// No fetch of the document is stored yet.
    NoSnapshots,
    /// The new rules name a page the last fetch did not store; the next check fetches it.
    PagesChanged,
    /// The new rules give the latest version's text.
    SameText,
    /// The new rules do not give a text from the stored snapshots.
    Failed(String),
}

/// A recorded re-extraction.
#[derive(Debug, Clone)]
pub struct Reextraction {
    pub record: CheckRecord,
    /// Set when the new text has fewer than half the clauses of the version before it: new
    /// rules that select too little, which the user should hear of.
    pub drop: Option<ClauseDrop>,
}

/// Extracts the last fetch of `source` again under its current rules and records a
/// different text as a version with origin "reextract", at `now`.
pub fn reextract(
    store: &mut Store,
    source: &Source,
    now: DateTime<Utc>,
) -> Result<Result<Reextraction, Skipped>, StoreError> {
    let Some(last) = store.last_fetch(source.document_id)? else {
        return Ok(Err(Skipped::NoSnapshots));
    };
    // Each page of the new rules needs its snapshot from the last fetch, so a page removed
    // from a combined document or a new order re-extracts, and a new page waits for a check.
    let mut snapshots = Vec::with_capacity(source.pages.len());
    for page in &source.pages {
        match last.snapshots.iter().find(|snapshot| snapshot.url == page.url) {
            Some(snapshot) => snapshots.push(snapshot),
            None => return Ok(Err(Skipped::PagesChanged)),
        }
    }

    let mut pages = Vec::with_capacity(snapshots.len());
    for snapshot in &snapshots {
        pages.push(FetchEvidence {
            url: snapshot.url.clone(),
            final_url: snapshot.final_url.clone(),
            status: snapshot.status,
            headers: snapshot.headers.clone(),
            content_type: snapshot.content_type.clone(),
            body: store.snapshot_body(&snapshot.body_sha256)?,
            sha256: snapshot.body_sha256.clone(),
            fetched_at: now,
        });
    }

    let text = document_declaration(&source.platform, &source.document, &source.pages)
        .map_err(|error| error.to_string())
        .and_then(|declaration| {
            version_text(&declaration, &pages).map_err(|failure| failure.to_string())
        });
    let text = match text {
        Ok(text) => text,
        Err(reason) => {
            tracing::warn!(
                platform = %source.platform,
                document = %source.document,
                %reason,
                "re-extraction under the new rules failed"
            );
            return Ok(Err(Skipped::Failed(reason)));
        }
    };
    let latest = store.latest_version(source.document_id)?;
    if latest.as_ref().is_some_and(|(_, sha256, _)| *sha256 == hex_digest(&text)) {
        return Ok(Err(Skipped::SameText));
    }
    let count_clauses = |text: &str| segment(text).len();
    let drop = latest.and_then(|(_, _, previous)| clause_drop(&previous, &text, count_clauses));

    let snapshot_ids = snapshots.iter().map(|snapshot| snapshot.id).collect();
    let record = store.record_check(NewCheck {
        source,
        checked_at: now,
        snapshots: Vec::new(),
        outcome: CheckOutcome::Reextracted { content: text, snapshot_ids },
        next_check_at: None,
        failure_threshold: 0,
        prepared: None,
    })?;
    if let Some(drop) = &drop {
        tracing::warn!(
            platform = %source.platform,
            document = %source.document,
            previous = drop.previous_clauses,
            new = drop.new_clauses,
            "re-extraction under the new rules lost most clauses"
        );
    }
    Ok(Ok(Reextraction { record, drop }))
}
