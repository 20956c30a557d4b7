//! Finds what a memo covers in the store: the platform, its documents, the versions that
//! serve as evidence and the change records in the date range.
//!
//! A change record belongs to the range when its newer version was recorded in it. The
//! evidence is the version in force when the range starts (the older side of the first
//! change) and every version recorded in the range. A new filter of change records goes in
//! [`load`].

use clausewatch_store::model::{ChangeView, VersionSummary};
use clausewatch_store::queries::{ChangeFilter, DocumentRef};
use clausewatch_store::{Store, StoreError};

use clausewatch_analysis::Taxonomy;

use crate::error::BuildError;
use crate::rating::{category_name, resolve_category};
use crate::request::MemoRequest;

/// One document in the memo.
#[derive(Debug, Clone)]
pub struct DocumentScope {
    pub document: DocumentRef,
    /// Versions compared, oldest first.
    pub versions: Vec<VersionSummary>,
    /// Change records in the range, in recorded order.
    pub changes: Vec<ChangeView>,
}

/// Everything the memo covers.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Platform name as stored.
    pub platform: String,
    pub documents: Vec<DocumentScope>,
    /// The category id the memo is narrowed to, when it is.
    pub category: Option<String>,
    /// The name of that category, as the taxonomy gives it.
    pub category_name: Option<String>,
}

impl Scope {
    /// Returns every change record covered, document by document.
    /// Returns whether the memo covers more than one document, so clauses are named with their
    /// document.
    pub fn has_several_documents(&self) -> bool {
        self.documents.len() > 1
    }

    pub fn changes(&self) -> impl Iterator<Item = (&DocumentRef, &ChangeView)> {
        self.documents
            .iter()
            .flat_map(|scope| scope.changes.iter().map(move |change| (&scope.document, change)))
    }
}

/// Loads the documents, versions and change records that `request` covers.
pub fn load(
    store: &Store,
    taxonomy: &Taxonomy,
    request: &MemoRequest,
) -> Result<Scope, BuildError> {
    request.validate()?;
    let category =
        request.category.as_deref().map(|name| resolve_category(taxonomy, name)).transpose()?;
    let platform = resolve_platform(store, &request.platform)?;
    let documents = match &request.clause_id {
        Some(clause_id) => vec![clause_document(store, request, &platform, clause_id)?],
        None => match &request.document {
            Some(name) => vec![store.resolve_document(&platform, name)?],
            None => platform_documents(store, &platform)?,
        },
    };

    let mut scopes = Vec::new();
    let mut first_recorded: Vec<String> = Vec::new();
    for document in documents {
        let all_versions = store.versions(&document)?;
        first_recorded.extend(all_versions.first().map(|version| version.recorded_at.clone()));
        let versions = versions_in_range(all_versions, request);
        if versions.is_empty() {
            continue;
        }

        let filter =
            ChangeFilter { since: request.since, until: request.until, ..Default::default() };
        let mut changes = store.changes(&document, &filter)?;
        if let Some(clause_id) = &request.clause_id {
            changes.retain(|change| change.clause_id == clause_id.trim());
        }
        if let Some(category) = &category {
            changes.retain(|change| change.categories.contains(category));
        }
        scopes.push(DocumentScope { document, versions, changes });
    }

    if scopes.is_empty() {
        let what = match &request.document {
            Some(document) => format!("{platform} {document}"),
            None => platform.clone(),
        };
        let Some(first) = first_recorded.into_iter().min() else {
            return Err(BuildError::NoVersion { what });
        };
        let until = request.covered_until().unwrap_or_else(|| request.memo_date());
        return Err(BuildError::NothingRecorded { what, until, first });
    }
    let category_name = category.as_deref().map(|id| category_name(taxonomy, id));
    Ok(Scope { platform, documents: scopes, category, category_name })
}

/// Returns the stored name of `name`, or an error listing the platforms that exist.
fn resolve_platform(store: &Store, name: &str) -> Result<String, BuildError> {
    match store.platform_name(name)? {
        Some(stored) => Ok(stored),
        None => {
            let platforms = store.platforms()?;
            let names: Vec<&str> =
                platforms.iter().map(|platform| platform.name.as_str()).collect();
            let known = if names.is_empty() { "none".to_owned() } else { names.join(", ") };
            Err(StoreError::UnknownPlatform { name: name.to_owned(), known }.into())
        }
    }
}

/// Returns every document of `platform`, in name order.
fn platform_documents(store: &Store, platform: &str) -> Result<Vec<DocumentRef>, BuildError> {
    let summaries = store.platforms()?;
    let summary = summaries.iter().find(|summary| summary.name == platform);
    let names = summary.map(|summary| summary.documents.as_slice()).unwrap_or_default();
    let mut documents = Vec::new();
    for name in names {
        documents.push(store.resolve_document(platform, &name.document)?);
    }
    Ok(documents)
}

/// Returns the document of `clause_id`, checking that it is the platform and document asked.
fn clause_document(
    store: &Store,
    request: &MemoRequest,
    platform: &str,
    clause_id: &str,
) -> Result<DocumentRef, BuildError> {
    let history = store.clause_history(clause_id)?;
    let same_platform = history.platform == platform;
    let same_document = request
        .document
        .as_ref()
        .is_none_or(|document| history.document.eq_ignore_ascii_case(document.trim()));
    if !same_platform || !same_document {
        let requested = match &request.document {
            Some(document) => format!("{platform} {document}"),
            None => platform.to_owned(),
        };
        return Err(BuildError::ClauseElsewhere {
            clause_id: history.clause_id,
            platform: history.platform,
            document: history.document,
            requested,
        });
    }
    Ok(store.resolve_document(&history.platform, &history.document)?)
}

/// Keeps the version in force when the range starts and the versions recorded in the range.
fn versions_in_range(versions: Vec<VersionSummary>, request: &MemoRequest) -> Vec<VersionSummary> {
    let start = request.since.map(|date| format!("{date}T00:00:00Z"));
    let end = request.until.map(|date| format!("{date}T23:59:59Z"));
    let before_end: Vec<VersionSummary> = versions
        .into_iter()
        .filter(|version| end.as_ref().is_none_or(|end| version.recorded_at <= *end))
        .collect();

    let Some(start) = start else {
        return before_end;
    };
    let first_in_range = before_end.partition_point(|version| version.recorded_at < start);
    let keep_from = first_in_range.saturating_sub(1);
    before_end.into_iter().skip(keep_from).collect()
}
