//! The "Last updated" and "Effective date" lines of a document.
//!
//! A change confined to such a line is not a change of the terms, so the segmenter marks
//! these clauses and [`date_mask`] hides the date when clauses are compared. The date a line
//! states becomes the version's stated date. Extend [`DATED_LINE`] for new phrasings and
//! [`parse_date`] for new date styles.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// Maximum number of words, besides its dates, of a date line. A longer clause that mentions
/// a date, such as a banner announcing new terms, is a provision.
const MAX_DATED_LINE_WORDS: usize = 8;

static DATED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(last\s+(?:updated|modified|revised|changed|amended)|effective(?:\s+(?:date|as\s+of|from|on))?|updated(?:\s+on)?|revised(?:\s+on)?|version\s+date|date\s+of\s+last\s+(?:revision|update)|published\s+on)\b",
    )
    .expect("pattern compiles")
});

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|\
                      november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

/// A time of day after a date ("13:43:22", "at 9:05 pm UTC", "T13:43:22Z"), which pages that
/// stamp the moment they were generated add to their date lines.
const TIME: &str = concat!(
    r"(?:(?:,\s*|\s+(?:at\s+)?|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?",
    r"(?:\s*[ap]\.?m\b\.?)?(?:\s*(?:utc|gmt)\b|\s*[+-]\d{2}:?\d{2}|Z)?)?"
);

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?i)\b(?:(?P<m1>{MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTHS})\.?,?\s+(?P<y2>\d{{4}})|(?P<y3>\d{{4}})-(?P<mo3>\d{{2}})-(?P<d3>\d{{2}})|(?P<mo4>\d{{1,2}})/(?P<d4>\d{{1,2}})/(?P<y4>\d{{4}})){TIME}\b"
    );
    Regex::new(&pattern).expect("pattern compiles")
});

static RELATIVE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b")
        .expect("pattern compiles")
});

/// Returns whether plain clause text is a date line such as "Last Updated: April 17, 2025"
/// or "Updated: 21 days ago".
pub fn is_dated_line(plain: &str) -> bool {
    // A date takes at most three words, and one line rarely contains more than two dates.
    const MAX_DATE_WORDS: usize = 6;
    if !crate::text::has_at_most_words(plain, MAX_DATED_LINE_WORDS + MAX_DATE_WORDS) {
        return false;
    }
    DATED_LINE.is_match(plain)
        && crate::text::has_at_most_words(&date_mask(plain), MAX_DATED_LINE_WORDS + 1)
        && (DATE.is_match(plain) || RELATIVE_DATE.is_match(plain))
}

/// Returns `text` with every date replaced by a placeholder, so that two date lines that
/// differ only in their date compare equal.
pub fn date_mask(text: &str) -> String {
    let masked = DATE.replace_all(text, "\u{2039}date\u{203A}");
    RELATIVE_DATE.replace_all(&masked, "\u{2039}date\u{203A}").into_owned()
}

/// Returns the first calendar date written in `text`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let caps = DATE.captures(text)?;
    let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let (year, month, day) = if let Some(month) = caps.name("m1") {
        (number("y1")?, month_number(month.as_str())?, number("d1")?)
    } else if let Some(month) = caps.name("m2") {
        (number("y2")?, month_number(month.as_str())?, number("d2")?)
    } else if caps.name("y3").is_some() {
        (number("y3")?, number("mo3")?, number("d3")?)
    } else {
        let (month, day) = slashed_month_day(number("mo4")?, number("d4")?)?;
        (number("y4")?, month, day)
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Returns the month and day of "a/b/yyyy". American pages write the month first and European
/// pages the day first, so the order is read only where one number exceeds 12: "04/17/2025"
/// and "17/04/2025" are both 17 April. "03/04/2026" could be 4 March or 3 April, so it gives
/// no date rather than a guess.
fn slashed_month_day(first: u32, second: u32) -> Option<(u32, u32)> {
    match (first > 12, second > 12) {
        (false, true) => Some((first, second)),
        (true, false) => Some((second, first)),
        _ if first == second => Some((first, second)),
        _ => None,
    }
}

fn month_number(name: &str) -> Option<u32> {
    let prefix: String = name.to_ascii_lowercase().chars().take(3).collect();
    let months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| *m == prefix).and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn date_lines_are_recognised() {
        assert!(is_dated_line("Last Updated: April 17, 2025"));
        assert!(is_dated_line("Effective date: April 27, 2026"));
        assert!(is_dated_line("Updated: 21 days ago"));
        assert!(!is_dated_line("We updated our systems."));
        assert!(!is_dated_line(
            "We’ve updated our User Agreement. Please take a look before the changes take \
             effect on July 1, 2026."
        ));
    }

    #[test]
    fn date_styles_parse() {
        assert_eq!(parse_date("Last Updated: April 17, 2025"), Some(date(2025, 4, 17)));
        assert_eq!(parse_date("Effective 15 September 2025"), Some(date(2025, 9, 15)));
        assert_eq!(parse_date("Version date 2024-11-15"), Some(date(2024, 11, 15)));
        assert_eq!(parse_date("no date here"), None);
    }

    #[test]
    fn slashed_dates_read_only_when_unambiguous() {
        assert_eq!(parse_date("Last updated: 04/17/2025"), Some(date(2025, 4, 17)));
        assert_eq!(parse_date("Last updated: 17/04/2025"), Some(date(2025, 4, 17)));
        assert_eq!(parse_date("Last updated: 05/05/2025"), Some(date(2025, 5, 5)));
        assert_eq!(parse_date("Last updated: 03/04/2026"), None, "4 March or 3 April");
        assert_eq!(parse_date("Last updated: 13/14/2026"), None);
    }

    #[test]
    fn time_after_date_is_part_of_it() {
        let line = "Last updated: December 06, 2026 13:43:22";
        let later = "Last updated: December 06, 2026 13:43:25";

        assert!(is_dated_line(line));
        assert_eq!(date_mask(line), date_mask(later));
        assert_eq!(parse_date(line), Some(date(2026, 12, 6)));
        assert_eq!(
            date_mask("Updated 2026-12-06T13:43:22Z"),
            date_mask("Updated 2026-12-07T08:00Z")
        );
        assert_eq!(parse_date("Updated 2026-12-06T13:43:22Z"), Some(date(2026, 12, 6)));
        assert_eq!(
            date_mask("Revised on 6 December 2026 at 9:05 pm UTC."),
            date_mask("Revised on 6 December 2026 at 11:40 am UTC.")
        );
    }

    #[test]
    fn mask_hides_only_the_date() {
        assert_eq!(date_mask("Effective: July 27, 2023"), date_mask("Effective: 1 August 2023"));
        assert_ne!(date_mask("Effective: July 27, 2023"), date_mask("Expires: July 27, 2023"));
    }
}
