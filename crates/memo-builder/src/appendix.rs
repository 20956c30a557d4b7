//! The appendix: source URLs of the documents and the provenance of the analysis.

use clausewatch_memo::{Appendix, Provenance, Section, SourceLink};
use clausewatch_store::Store;
use std::collections::BTreeSet;

use rusqlite::OptionalExtension;

use crate::changes::stored_time;
use crate::error::BuildError;
use crate::request::MemoRequest;
use crate::scope::Scope;

/// Origin of a version fetched from the platform's site; its detail is the URL.
const FETCHED: &str = "fetch";

/// Returns the source URLs and the provenance of the memo's data.
pub fn appendix(
    store: &Store,
    scope: &Scope,
    request: &MemoRequest,
) -> Result<Section<Appendix>, BuildError> {
    // NOTE: versions imported from an archive carry a file path, not the URL they were
    // fetched from, so only declared sources and fetched versions give source URLs.
    let mut sources: Vec<SourceLink> = Vec::new();
    for document in &scope.documents {
        for url in declared_urls(store, document.document.id)? {
            let link = SourceLink { document: document.document.document.clone(), url };
            if !sources.contains(&link) {
                sources.push(link);
            }
        }
        for version in document.versions.iter().filter(|version| version.origin == FETCHED) {
            let link = SourceLink {
                document: document.document.document.clone(),
                url: version.origin_detail.clone(),
            };
            if !sources.contains(&link) {
                sources.push(link);
            }
        }
    }

    let provenance = Provenance {
        app_version: request.app_version.clone(),
        rule_set_version: rule_set_version(store, scope)?,
        analysed_at: stored_time(&analysed_at(store, scope)?)?,
        // Set once the whole memo is built, from all of its text.
        unprintable: Vec::new(),
    };
    Ok(Section::Available(Appendix { sources, provenance }))
}

/// Returns the page URLs of the document's declared source, in page order.
fn declared_urls(store: &Store, document_id: i64) -> Result<Vec<String>, BuildError> {
    let pages: Option<String> = store
        .connection()
        .query_row("SELECT pages FROM sources WHERE document_id = ?1", [document_id], |row| {
            row.get(0)
        })
        .optional()?;
    let pages: Vec<serde_json::Value> =
        pages.and_then(|pages| serde_json::from_str(&pages).ok()).unwrap_or_default();
    let urls = pages.iter().filter_map(|page| page.get("url")?.as_str().map(str::to_owned));
    Ok(urls.collect())
}

/// Returns the versions of the change rules and of the rule sets that rated the covered
/// documents' changes, as the stored rows name them. Rows of more than one rule set mean that
/// a reclassification did not finish, and the returned text states that.
fn rule_set_version(store: &Store, scope: &Scope) -> Result<String, BuildError> {
    let stored: Option<String> = store
        .connection()
        .query_row("SELECT value FROM meta WHERE key = 'analysis_version'", [], |row| row.get(0))
        .optional()?;
    let change_rules = stored.unwrap_or_else(|| "none recorded".to_owned());

    let mut rating_rules: BTreeSet<String> = BTreeSet::new();
    let mut statement = store.connection().prepare(
        "SELECT DISTINCT a.rule_set FROM change_analysis a
         JOIN versions v ON v.id = a.version_id WHERE v.document_id = ?1",
    )?;
    for document in &scope.documents {
        let rows = statement.query_map([document.document.id], |row| row.get::<_, String>(0))?;
        for rule_set in rows {
            rating_rules.insert(rule_set?);
        }
    }

    let rating = match rating_rules.len() {
        0 => "none recorded".to_owned(),
        1 => rating_rules.into_iter().collect(),
        _ => format!(
            "{} (mixed: a reclassification did not finish; run `clausewatch reclassify` again \
             before relying on categories and severities)",
            rating_rules.into_iter().collect::<Vec<_>>().join(" and ")
        ),
    };
    Ok(format!("change records {change_rules}; categories and severities {rating}"))
}

/// Returns when the analysis of the covered versions was last computed: by the import or check
/// that stored the newest of them, or by a later re-analysis or reclassification. A version
/// analysed by a release that did not record this time counts from when it was stored.
fn analysed_at(store: &Store, scope: &Scope) -> Result<String, BuildError> {
    let mut latest = String::new();
    for document in &scope.documents {
        let Some(newest) = document.versions.last() else {
            continue;
        };
        let stored: Option<String> = store.connection().query_row(
            "SELECT max(coalesce(t.analysed_at, v.created_at))
             FROM versions v LEFT JOIN version_analysis_times t ON t.version_id = v.id
             WHERE v.document_id = ?1 AND v.recorded_at <= ?2",
            rusqlite::params![document.document.id, newest.recorded_at],
            |row| row.get(0),
        )?;
        latest = latest.max(stored.unwrap_or_default());
    }
    Ok(latest)
}
