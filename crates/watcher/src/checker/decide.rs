//! Decides what a fetched text is. The same bytes under the same rules as the last fetch are
//! unchanged without extracting again. Otherwise the text is extracted through the guards and
//! compared. The latest version's text is unchanged, and so is a text that differs from it only
//! in characters that show nothing (`visible`). A shorter start of it, from a page without
//! closing tags, is a page cut off in transfer and fails. A text seen in a recent check is a flip
//! back (regional or A/B variants) and records no version, unless the check before found it
//! too, or recorded a text that dropped most clauses: then it is a revert, and a new version.
//! A text that keeps fewer than half the clauses (by count, or by the old clauses it continues)
//! is fetched again after a delay and recorded only when the second fetch agrees. When the page now redirects elsewhere than before, the
//! address serves another page, and such a check fails at once.

use clausewatch_store::StoreError;
use clausewatch_store::checks::{CheckOutcome, LastFetch, NewSnapshot};
use clausewatch_store::classify::VersionCategories;
use clausewatch_store::ingest::hex_digest;
use clausewatch_store::prepared::PreparedVersion;
use clausewatch_store::sources::Source;

use super::{Checker, complete, cpu, pages, visible};

use crate::check::version_text;
use crate::fetch::FetchEvidence;
use crate::guard::{counted_drop, counted_replacement};
use crate::source::document_declaration;

/// What the decision compares with.
pub(super) struct Context<'a> {
    pub checker: &'a Checker,
    pub source: &'a Source,
    pub last: Option<&'a LastFetch>,
    /// Id, SHA-256 and text of the document's latest version.
    pub latest: Option<&'a (i64, String, String)>,
}

/// Returns the outcome of a check whose pages were all fetched, with the analysis of a new
/// text prepared for the write. Snapshots of a second fetch are appended to `snapshots`.
pub(super) async fn outcome(
    context: &Context<'_>,
    pages: Vec<FetchEvidence>,
    snapshots: &mut Vec<NewSnapshot>,
) -> Result<(CheckOutcome, Option<PreparedVersion>), StoreError> {
    let latest_sha256 = context.latest.map(|(_, sha256, _)| sha256.as_str());
    if let Some(text_sha256) = same_as_last_fetch(context, &pages)
        && Some(text_sha256) == latest_sha256
    {
        let outcome = CheckOutcome::Unchanged { text_sha256: Some(text_sha256.to_owned()) };
        return Ok((outcome, None));
    }

    let redirected = redirected_elsewhere(context, &pages);
    let unclosed = pages.iter().any(complete::may_be_cut);
    let text = match extract(context.source, pages).await {
        Ok(text) => text,
        Err(reason) => return Ok((CheckOutcome::Failed { reason }, None)),
    };
    let text_sha256 = hex_digest(&text);
    let Some((latest_id, latest_sha256, latest_text)) = context.latest else {
        let prepared = prepare(context.checker, None, text.clone()).await?;
        return Ok((CheckOutcome::Changed { content: text, major: false }, Some(prepared)));
    };
    if *latest_sha256 == text_sha256 {
        return Ok((CheckOutcome::Unchanged { text_sha256: Some(text_sha256) }, None));
    }
    if unclosed && is_start_of(&text, latest_text) {
        let reason = format!(
            "the text is the first {} of the {} characters of the latest version, and a page \
             of it ends without the </body> or </html> tag that complete pages end with, so the \
             page was probably cut off in transfer or by the server; no version is recorded \
             from part of a page",
            text.trim_end().chars().count(),
            latest_text.trim_end().chars().count()
        );
        return Ok((CheckOutcome::Failed { reason }, None));
    }
    if visible::same_visible_text(latest_text, &text) {
        tracing::info!(
            platform = %context.source.platform,
            document = %context.source.document,
            "text differs from the latest version only in characters that show nothing"
        );
        return Ok((CheckOutcome::Unchanged { text_sha256: Some(text_sha256) }, None));
    }

    let document_id = context.source.document_id;
    let window = context.checker.config.alternation_window;
    let rules = context.checker.active_rules();
    let latest_id = *latest_id;
    let (recent, latest_categories, latest_now) = context
        .checker
        .with_store(move |store| {
            let recent = store.recent_text_hashes(document_id, window)?;
            let categories = store.version_categories(latest_id, rules.rules())?;
            Ok((recent, categories, store.latest_version_sha256(document_id)?))
        })
        .await?;
    // Another process (a `check` beside `watch`) may have recorded this very text while the
    // page was fetched. Its check is then among the recent ones, but the page did not flip.
    if latest_now.as_deref() == Some(text_sha256.as_str()) {
        return Ok((CheckOutcome::Unchanged { text_sha256: Some(text_sha256) }, None));
    }
    // A flip back that the previous check saw too has stayed: a revert, recorded as a version.
    // So is a return from a text that dropped most clauses: such a text is more likely an
    // error page that passed the guards than a regional variant.
    let last_text = context.last.and_then(|last| last.text_sha256.as_deref());
    let stayed = last_text == Some(text_sha256.as_str());
    let after_drop = context.last.is_some_and(|last| last.major);
    if recent.contains(&text_sha256) && !stayed && !after_drop {
        tracing::info!(
            platform = %context.source.platform,
            document = %context.source.document,
            "page flipped back to a recent text"
        );
        return Ok((CheckOutcome::Alternating { text_sha256 }, None));
    }

    let previous = Some((latest_text.clone(), latest_categories));
    let prepared = prepare(context.checker, previous, text.clone()).await?;
    let Some(dropped) = lost_clauses(&prepared) else {
        return Ok((CheckOutcome::Changed { content: text, major: false }, Some(prepared)));
    };
    if let Some((url, before, now)) = redirected {
        let reason = format!(
            "{dropped} and {url} now leads to {now} instead of {before}, so the address no \
             longer serves the document (a sign-in or home page); no version is recorded, and if \
             the document moved, give the source its new address"
        );
        return Ok((CheckOutcome::Failed { reason }, None));
    }
    let outcome = confirm_drop(context, text, &dropped, snapshots).await?;
    let confirmed = matches!(outcome, CheckOutcome::Changed { .. });
    Ok((outcome, confirmed.then_some(prepared)))
}

/// Returns whether `text` is a shorter start of `latest`, as the text of a page cut off after
/// an element is. A page whose bytes differ at each fetch (a token in its head) is no longer
/// the start of its previous fetch, but its text still is.
fn is_start_of(text: &str, latest: &str) -> bool {
    let (text, latest) = (text.trim_end(), latest.trim_end());
    text.len() < latest.len() && latest.starts_with(text)
}

/// Returns what a new text lost when it keeps fewer than half of the previous text's clauses.
/// It may have fewer than half as many clauses, or continue fewer than half of the old ones
/// (as many clauses as before, all of them new).
fn lost_clauses(prepared: &PreparedVersion) -> Option<String> {
    let previous_clauses = prepared.previous_clause_count()?;
    if let Some(drop) = counted_drop(previous_clauses, prepared.clause_count()) {
        return Some(format!(
            "the text dropped from {} to {} clauses",
            drop.previous_clauses, drop.new_clauses
        ));
    }
    let continued = prepared.kept_clause_count().unwrap_or(previous_clauses);
    let replacement = counted_replacement(previous_clauses, continued)?;
    Some(format!(
        "the text continues only {} of its {} clauses, with {} clauses now",
        replacement.kept_clauses,
        replacement.previous_clauses,
        prepared.clause_count()
    ))
}

/// Segments, aligns, classifies and rates a new text on a worker thread with the store's active
/// rules, so that the store's transaction mostly writes and the passes of several sources use
/// every core. `previous` is the latest version's text with its stored categories, when the
/// store has them under those rules.
async fn prepare(
    checker: &Checker,
    previous: Option<(String, Option<VersionCategories>)>,
    text: String,
) -> Result<PreparedVersion, StoreError> {
    let rules = checker.active_rules();
    cpu::run(move || {
        let (previous_text, stored) = previous.unzip();
        let stored = stored.flatten();
        PreparedVersion::after_classified(
            previous_text.as_deref(),
            stored.as_ref(),
            &text,
            rules.rules(),
        )
    })
    .await
    .map_err(|error| StoreError::InvalidInput(format!("analysis of the new text failed: {error}")))
}

/// Fetches a text that lost most of its clauses again, and keeps it only when both agree.
async fn confirm_drop(
    context: &Context<'_>,
    text: String,
    dropped: &str,
    snapshots: &mut Vec<NewSnapshot>,
) -> Result<CheckOutcome, StoreError> {
    let checker = context.checker;
    tracing::warn!(
        platform = %context.source.platform,
        document = %context.source.document,
        dropped,
        "clause drop, fetching again"
    );
    tokio::time::sleep(checker.config.refetch_delay).await;

    let again = pages::fetch_all(&checker.fetcher, &checker.store, context.source, None).await;
    snapshots.extend(again.snapshots);
    let second = match again.result {
        Ok(pages) => extract(context.source, pages).await,
        Err(reason) => Err(reason),
    };
    match second {
        // A page may differ between two fetches in characters that show nothing.
        Ok(second) if second == text || visible::same_visible_text(&second, &text) => {
            Ok(CheckOutcome::Changed { content: text, major: true })
        }
        Ok(_) => Ok(CheckOutcome::Failed {
            reason: format!(
                "{dropped} and a second fetch gave another text; no version is recorded until \
                 two fetches agree"
            ),
        }),
        Err(reason) => Ok(CheckOutcome::Failed {
            reason: format!("{dropped} and the second fetch failed: {reason}"),
        }),
    }
}

/// Returns the URL of the first page whose redirects now end elsewhere than at the last fetch,
/// with the final URL then and now.
fn redirected_elsewhere(
    context: &Context<'_>,
    pages: &[FetchEvidence],
) -> Option<(String, String, String)> {
    let last = context.last?;
    last.snapshots.iter().zip(pages).find_map(|(snapshot, page)| {
        let moved = snapshot.url == page.url && snapshot.final_url != page.final_url;
        moved.then(|| (page.url.clone(), snapshot.final_url.clone(), page.final_url.clone()))
    })
}

/// Returns the text hash of the last fetch when every page served the same bytes with the
/// same successful status and the rules are the same, so the text cannot differ. An error
/// status with the last page's body still goes through the guards and fails.
fn same_as_last_fetch<'a>(context: &Context<'a>, pages: &[FetchEvidence]) -> Option<&'a str> {
    let last = context.last?;
    let same_rules = last.rules_sha256 == context.source.rules_sha256;
    let same_bodies = last.snapshots.len() == pages.len()
        && last.snapshots.iter().zip(pages).all(|(snapshot, page)| {
            snapshot.body_sha256 == page.sha256
                && snapshot.url == page.url
                && snapshot.status == page.status
                && (200..300).contains(&page.status)
        });
    (same_rules && same_bodies).then_some(last.text_sha256.as_deref()).flatten()
}

/// Extracts the version text of `pages` under the source's rules on a blocking thread.
pub(crate) async fn extract(source: &Source, pages: Vec<FetchEvidence>) -> Result<String, String> {
    let platform = source.platform.clone();
    let document = source.document.clone();
    let rules = source.pages.clone();
    cpu::run(move || {
        let declaration = document_declaration(&platform, &document, &rules)
            .map_err(|error| error.to_string())?;
        version_text(&declaration, &pages).map_err(|failure| failure.to_string())
    })
    .await
    .map_err(|error| format!("extraction failed: {error}"))?
}
