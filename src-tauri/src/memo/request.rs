//! The memo options the Memo view sends, checked and turned into a [`MemoRequest`].

use chrono::{DateTime, NaiveDate, Utc};
use clausewatch_memo::{PageSize, RenderOptions};
use clausewatch_memo_builder::MemoRequest;
use serde::Deserialize;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};

/// Paper size of the exported PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "MemoPaper.ts")]
pub enum MemoPaper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Scope, date range and addressing of one memo, as the Memo view sends them.
///
/// Empty strings count as "not given", because the view's text fields send them when cleared.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export_to = "MemoOptions.ts")]
pub struct MemoOptions {
    pub platform: String,
    /// Only this document of the platform, such as "Terms of Service".
    pub document: Option<String>,
    /// Only changes of this category id, such as "ai-machine-learning".
    pub category: Option<String>,
    /// Only changes of this clause lineage.
    pub clause_id: Option<String>,
    /// First day of the range, `YYYY-MM-DD` (UTC), inclusive.
    pub since: Option<String>,
    /// Last day of the range, `YYYY-MM-DD` (UTC), inclusive. The memo is dated the day it is
    /// written and covers no day after it.
    pub until: Option<String>,
    /// Addressee on the "To" line, "File" when empty.
    pub to: String,
    /// Author on the "From" line, "Clausewatch" when empty.
    pub from: String,
    /// Marks the memo "Privileged & Confidential".
    pub privileged: bool,
    pub paper: MemoPaper,
}

impl MemoOptions {
    /// Checks the options and builds the builder's request, dated by `now` when no until date
    /// is given.
    pub fn to_request(&self, now: DateTime<Utc>) -> Result<MemoRequest, CommandError> {
        let platform = self.platform.trim();
        if platform.is_empty() {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "no platform chosen; choose the platform the memo covers",
            ));
        }

        let mut request = MemoRequest::new(platform, now);
        request.document = non_blank(self.document.as_deref());
        request.category = non_blank(self.category.as_deref());
        request.clause_id = non_blank(self.clause_id.as_deref());
        request.since = parse_day("since", self.since.as_deref())?;
        request.until = parse_day("until", self.until.as_deref())?;
        if let Some(to) = non_blank(Some(&self.to)) {
            request.to = to;
        }
        if let Some(from) = non_blank(Some(&self.from)) {
            request.from = from;
        }
        request.privileged = self.privileged;
        Ok(request)
    }

    /// Returns the layout options of the chosen paper.
    pub fn render_options(&self) -> RenderOptions {
        let page_size = match self.paper {
            MemoPaper::A4 => PageSize::A4,
            MemoPaper::Letter => PageSize::Letter,
        };
        RenderOptions { page_size }
    }
}

/// Returns the trimmed text, or `None` when it is missing or blank.
fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// Parses an optional `YYYY-MM-DD` date, naming the field and the bad value on failure.
fn parse_day(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, CommandError> {
    let Some(text) = non_blank(text) else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(Some).map_err(|_| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("invalid {field} date {text:?}; give it as YYYY-MM-DD, such as 2025-04-17"),
        )
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn options() -> MemoOptions {
        MemoOptions {
            platform: " Netflix ".to_owned(),
            document: Some("Terms of Service".to_owned()),
            category: Some(String::new()),
            clause_id: None,
            since: Some("2025-01-01".to_owned()),
            until: Some(" ".to_owned()),
            to: "  ".to_owned(),
            from: "Legal team".to_owned(),
            privileged: true,
            paper: MemoPaper::Letter,
        }
    }

    #[test]
    fn request_keeps_given_fields() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
        let request = options().to_request(now).unwrap();

        assert_eq!(request.platform, "Netflix");
        assert_eq!(request.document.as_deref(), Some("Terms of Service"));
        assert_eq!(request.category, None);
        assert_eq!(request.since, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(request.until, None);
        assert_eq!(request.to, "File");
        assert_eq!(request.from, "Legal team");
        assert!(request.privileged);
        assert_eq!(request.now, now);
    }

    #[test]
    fn request_rejects_bad_date() {
        let mut options = options();
        options.until = Some("31/12/2025".to_owned());
        let error = options.to_request(Utc::now()).unwrap_err();

        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("until date \"31/12/2025\""), "{}", error.message);
    }

    #[test]
    fn request_rejects_blank_platform() {
        let mut options = options();
        options.platform = " ".to_owned();
        let error = options.to_request(Utc::now()).unwrap_err();

        assert_eq!(error.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn paper_maps_to_page_size() {
        let mut options = options();
        assert_eq!(options.render_options().page_size, PageSize::Letter);
        options.paper = MemoPaper::A4;
        assert_eq!(options.render_options().page_size, PageSize::A4);
    }
}
