//! Timestamps as stored: RFC 3339 in UTC with second precision, which sort as text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Returns a time as stored, "2025-04-17T18:11:07Z".
pub fn format_time(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Parses a stored time, or an Open Terms Archive file stem "2025-04-17T18-11-07Z".
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H-%M-%SZ").ok().map(|time| time.and_utc())
}

/// Parses a calendar date "2025-04-17".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
