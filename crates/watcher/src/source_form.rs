//! The source form: one document's pages sharing one set of CSS rules and a check interval, as
//! a person types them in the app's source editor or on the `clausewatch source add` command
//! line. [`save_source`] checks a form and stores it. [`source_entries`] lists every stored
//! source as a form and marks the ones whose rules a form cannot show (ranges, filters, rules
//! that differ per page), so an editor never saves over rules it did not display.
//!
//! A new field of the form goes into [`SourceForm`], [`SourceForm::pages`] and
//! [`SourceForm::from_source`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use clausewatch_store::settings::{MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS};
use clausewatch_store::sources::{NewSource, Source, SourcePage, SourceUpdate};
use clausewatch_store::{Store, StoreError};

use crate::page_url::check_page_url;
use crate::reextract::{Skipped, reextract};
use crate::source::{css_page, document_declaration};

/// One document's source in the shape of the form: page URLs, CSS rules and interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceForm {
    pub platform: String,
    pub document: String,
    /// Pages of the document, combined in this order.
    pub urls: Vec<String>,
    /// CSS selectors of the parts holding the text; none means the whole page.
    pub select: Vec<String>,
    /// CSS selectors of parts removed first (banners, navigation).
    pub remove: Vec<String>,
    pub interval_seconds: i64,
}

/// A stored source, for the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceEntry {
    pub form: SourceForm,
    /// Reason the form cannot show every rule of the source, if any. Such a source is changed
    /// by importing its declaration again.
    pub not_editable: Option<String>,
    /// "cli", "app", or the declaration file the source came from.
    pub origin: String,
}

/// Result of [`save_source`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedSource {
    pub update: SourceUpdate,
    /// True when the new rules gave another text from the stored snapshots.
    pub reextracted: bool,
    /// Why the new rules gave no text from the stored snapshots, when they did not: a
    /// selector that matches nothing on the page as last fetched.
    pub warning: Option<String>,
}

impl SourceForm {
    /// Returns the stored pages of the form, or an error naming the first value to correct.
    pub fn pages(&self) -> Result<Vec<SourcePage>, StoreError> {
        let invalid = |message: String| Err(StoreError::InvalidInput(message));
        if self.platform.trim().is_empty() || self.document.trim().is_empty() {
            return invalid("a source needs a platform name and a document name".to_owned());
        }
        if self.urls.is_empty() {
            return invalid(format!(
                "the source of {} {} has no URL; give the address of its page",
                self.platform, self.document
            ));
        }
        for url in &self.urls {
            check_page_url(url).map_err(|error| StoreError::InvalidInput(error.to_string()))?;
        }
        let interval = self.interval_seconds;
        if !(MIN_INTERVAL_SECONDS..=MAX_INTERVAL_SECONDS).contains(&interval) {
            return invalid(format!(
                "check interval of {interval} seconds is out of range; choose between 15 minutes \
                 and 30 days"
            ));
        }

        let select = trimmed(&self.select);
        let remove = trimmed(&self.remove);
        let pages: Vec<SourcePage> =
            self.urls.iter().map(|url| css_page(url.trim(), &select, &remove)).collect();
        document_declaration(self.platform.trim(), self.document.trim(), &pages)
            .map_err(|error| StoreError::InvalidInput(error.to_string()))?;
        Ok(pages)
    }

    /// Returns the form of a stored source, or why a form cannot hold its rules.
    pub fn from_source(source: &Source) -> Result<Self, String> {
        let first = source.pages.first().ok_or("the source has no page")?;
        let as_css = |rules: &[Value]| -> Result<Vec<String>, String> {
            rules
                .iter()
                .map(|rule| match rule {
                    Value::String(selector) => Ok(selector.clone()),
                    _ => Err("it selects text by a range between two elements".to_owned()),
                })
                .collect()
        };
        let select = as_css(&first.select)?;
        let remove = as_css(&first.remove)?;
        for page in &source.pages {
            if !page.filters.is_empty() {
                return Err(format!("it applies the filters {}", page.filters.join(", ")));
            }
            if page.execute_client_scripts {
                return Err("it runs the page's scripts before reading it".to_owned());
            }
            if page.select != first.select || page.remove != first.remove {
                return Err("its pages have different rules".to_owned());
            }
        }
        Ok(Self {
            platform: source.platform.clone(),
            document: source.document.clone(),
            urls: source.pages.iter().map(|page| page.url.clone()).collect(),
            select,
            remove,
            interval_seconds: source.interval_seconds,
        })
    }
}

/// Checks `form` and adds or replaces the source of its document, creating the platform and
/// document when needed, and logs the change as `actor`'s. When the rules changed, the last
/// stored fetch is extracted again.
pub fn save_source(
    store: &mut Store,
    form: &SourceForm,
    origin: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<SavedSource, StoreError> {
    let source = NewSource {
        platform: form.platform.trim().to_owned(),
        document: form.document.trim().to_owned(),
        pages: form.pages()?,
        interval_seconds: form.interval_seconds,
        origin: origin.to_owned(),
    };
    let (_, update) = store.put_source(&source, actor, now)?;
    let mut saved = SavedSource { update, reextracted: false, warning: None };
    if update == SourceUpdate::RulesChanged {
        for stored in store.sources_matching(Some(&source.platform), Some(&source.document))? {
            match reextract(store, &stored, now)? {
                Ok(reextraction) => {
                    saved.reextracted = true;
                    if let Some(drop) = reextraction.drop {
                        saved.warning = Some(format!(
                            "the new rules keep {} of the {} clauses of the text before them; \
                             if that is not intended, set the earlier rules again (the earlier \
                             versions are kept)",
                            drop.new_clauses, drop.previous_clauses
                        ));
                    }
                }
                Err(Skipped::Failed(reason)) => {
                    saved.warning = Some(format!(
                        "the new rules give no text from the last fetched page: {reason}; the \
                         next check will fail the same way unless the rules are corrected"
                    ));
                }
                Err(_) => {}
            }
        }
    }
    Ok(saved)
}

/// Returns every stored source as a form, by platform and document.
pub fn source_entries(store: &Store) -> Result<Vec<SourceEntry>, StoreError> {
    let statuses = store.source_statuses()?;
    if statuses.is_empty() {
        return Ok(Vec::new());
    }
    let sources = store.sources_matching(None, None)?;
    let entries = sources
        .iter()
        .map(|source| {
            let origin = statuses
                .iter()
                .find(|status| {
                    status.platform == source.platform && status.document == source.document
                })
                .map(|status| status.origin.clone())
                .unwrap_or_default();
            match SourceForm::from_source(source) {
                Ok(form) => SourceEntry { form, not_editable: None, origin },
                Err(reason) => SourceEntry {
                    form: SourceForm {
                        platform: source.platform.clone(),
                        document: source.document.clone(),
                        urls: source.pages.iter().map(|page| page.url.clone()).collect(),
                        select: Vec::new(),
                        remove: Vec::new(),
                        interval_seconds: source.interval_seconds,
                    },
                    not_editable: Some(format!(
                        "This source cannot be edited here because {reason}; change its \
                         declaration file and import it again."
                    )),
                    origin,
                },
            }
        })
        .collect();
    Ok(entries)
}

fn trimmed(selectors: &[String]) -> Vec<String> {
    selectors
        .iter()
        .map(|selector| selector.trim().to_owned())
        .filter(|selector| !selector.is_empty())
        .collect()
}
