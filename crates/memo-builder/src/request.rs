//! The memo request: the scope of a memo and its addressing, as a person gives them.
//!
//! A request names a platform, optionally narrows it to one document, one category or one
//! clause, and bounds the changes by the dates their versions were recorded. New filters go
//! here and are applied in `scope.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use clausewatch_store::names::has_hidden_characters;

use crate::error::BuildError;

/// The subject and addressing of one memo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoRequest {
    /// Platform name, in any case.
    pub platform: String,
    /// Only this document of the platform, such as "Terms of Service".
    pub document: Option<String>,
    /// Only changes of this category.
    pub category: Option<String>,
    /// Only changes of this clause lineage.
    pub clause_id: Option<String>,
    /// Only changes recorded on or after this date (UTC).
    pub since: Option<NaiveDate>,
    /// Only changes recorded on or before this date (UTC).
    pub until: Option<NaiveDate>,
    pub to: String,
    pub from: String,
    /// Marks the memo "Privileged & Confidential".
    pub privileged: bool,
    /// Version of the application, printed in the provenance.
    pub app_version: String,
    /// Current time. Its day is the memo's date and the latest day the memo can cover.
    pub now: DateTime<Utc>,
}

impl MemoRequest {
    /// Returns a request for every change of `platform`, to the file, from Clausewatch.
    pub fn new(platform: impl Into<String>, now: DateTime<Utc>) -> MemoRequest {
        MemoRequest {
            platform: platform.into(),
            document: None,
            category: None,
            clause_id: None,
            since: None,
            until: None,
            to: "File".to_owned(),
            from: "Clausewatch".to_owned(),
            privileged: false,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            now,
        }
    }

    /// Returns the memo's date: the day it is written. The notes, review states and checklists
    /// it quotes are those of that day, so an earlier date would misstate what was known when.
    pub fn memo_date(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Returns the last day the memo covers: the until date, or the memo's date when that is
    /// earlier, since no change can be recorded after the day the memo is written.
    pub fn covered_until(&self) -> Option<NaiveDate> {
        self.until.map(|until| until.min(self.memo_date()))
    }

    /// Checks that the date range contains at least one day, and that the "To" and "From"
    /// names are given on single lines that display as stored and that the memo's fonts can
    /// draw. A line break in one would print a line of its own on the memo's header.
    pub fn validate(&self) -> Result<(), BuildError> {
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(BuildError::EmptyRange { since, until });
        }
        for (field, value) in [("addressee", &self.to), ("author", &self.from)] {
            if has_hidden_characters(value) || value.trim().is_empty() {
                return Err(BuildError::InvalidLine { field, value: value.clone() });
            }
            let missing = clausewatch_memo::unprintable_in(value)?;
            if !missing.is_empty() {
                let listed: String = missing.iter().collect();
                let characters = format!("{listed} ({})", clausewatch_memo::code_points(&missing));
                return Err(BuildError::UnprintableName {
                    field,
                    value: value.clone(),
                    characters,
                });
            }
        }
        Ok(())
    }

    /// Returns the range as words: "from 1 January 2024 to 1 December 2026".
    pub fn range_words(&self) -> String {
        let day = |date: NaiveDate| date.format("%-d %B %Y").to_string();
        match (self.since, self.covered_until()) {
            (Some(since), Some(until)) if since == until => format!("on {}", day(since)),
            (Some(since), Some(until)) => format!("from {} to {}", day(since), day(until)),
            (Some(since), None) => format!("since {}", day(since)),
            (None, Some(until)) => format!("up to {}", day(until)),
            (None, None) => "over the whole recorded history".to_owned(),
        }
    }
}
