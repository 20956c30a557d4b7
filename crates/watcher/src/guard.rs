//! Guards: checks that keep a fetched page from becoming a version when it is not the document
//! (a challenge or bot wall, an error page, a page whose text only a browser shows, an empty or
//! boilerplate-only extraction), and the clause-drop check that flags a text for a re-fetch. To
//! catch a new kind of wall, add its marker to `TITLE_MARKERS` or `MARKUP_MARKERS`.

use scraper::{Html, Selector};

use crate::declaration::SourceDeclaration;

/// Page titles of challenge and block pages. A real document can carry one ("hCaptcha Terms of
/// Service"), so they count only on a page with little text or a blocking status.
const TITLE_MARKERS: &[&str] = &[
    "just a moment",
    "attention required",
    "access denied",
    "security check",
    "are you a robot",
    "are you human",
    "verify you are human",
    "captcha",
    "request blocked",
    "pardon our interruption",
];

/// Markup and phrases of challenge pages. A real document can mention some of them (a privacy
/// policy may name reCAPTCHA), so they count only on a page with little text.
const MARKUP_MARKERS: &[&str] = &[
    "cf-browser-verification",
    "challenge-platform",
    "cf_chl_",
    "g-recaptcha",
    "h-captcha",
    "px-captcha",
    "enable javascript and cookies to continue",
    "verify you are human",
    "checking your browser",
    "access denied",
    "you don't have permission to access",
];

/// Below this many words of visible text, a page with challenge markup is a challenge page.
const CHALLENGE_MAX_WORDS: usize = 400;

/// Below this many words outside boilerplate lines, an extraction is not a document.
const MIN_DOCUMENT_WORDS: usize = 20;

/// Phrases of the lines that pages put around every text: a short line with one of them does
/// not make a document on its own.
const BOILERPLATE_PHRASES: &[&str] = &[
    "cookie",
    "all rights reserved",
    "©",
    "copyright",
    "skip to",
    "loading",
    "sign in",
    "log in",
    "menu",
    "javascript",
];

/// Lines longer than this many words are document text whatever phrase they contain: a cookie
/// policy's paragraphs speak of cookies.
const BOILERPLATE_MAX_WORDS: usize = 12;

/// The reason a check produced no version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckFailure {
    #[error("{url} answered HTTP {status}; no version is recorded from an error page")]
    HttpStatus { url: String, status: u16 },

    #[error(
        "{url} answered HTTP {status} with a challenge or bot wall ({marker}); the platform \
         blocked the fetch, try later or from another network"
    )]
    BotWall { url: String, status: u16, marker: String },

    #[error("{url} needs a browser to show its text: {reason}")]
    NeedsBrowser { url: String, reason: String },

    #[error("{0}")]
    Extraction(#[from] crate::extract::ExtractError),

    #[error("extraction of {url} is empty; check the `select` rules of its declaration")]
    EmptyExtraction { url: String },

    #[error(
        "extraction of {url} holds only boilerplate ({words} words of text); check the \
         `select` rules of its declaration"
    )]
    BoilerplateOnly { url: String, words: usize },

    #[error("{url} could not be read: {reason}")]
    Unreadable { url: String, reason: String },
}

/// Returns the marker showing that `html`, served with `status`, is a challenge or bot wall.
pub fn bot_wall_marker(status: u16, html: &str) -> Option<String> {
    bot_wall_marker_in(status, html, &Html::parse_document(html))
}

/// Like [`bot_wall_marker`] with `page`, the parsed `html`, so a check parses each page once.
pub fn bot_wall_marker_in(status: u16, html: &str, page: &Html) -> Option<String> {
    let words = visible_words(page);
    let blocking_status = matches!(status, 401 | 403 | 429 | 503);
    if !blocking_status && words >= CHALLENGE_MAX_WORDS {
        return None;
    }

    let title = page_title(page).to_lowercase();
    if let Some(marker) = TITLE_MARKERS.iter().find(|marker| title.contains(*marker)) {
        return Some(format!("title contains \"{marker}\""));
    }
    let lowered = html.to_lowercase();
    let marker = MARKUP_MARKERS.iter().find(|marker| lowered.contains(*marker))?;
    Some(format!("page contains \"{marker}\" and {words} words of text"))
}

/// Returns the reason `html` needs a browser when the extraction found fewer than
/// `MIN_DOCUMENT_WORDS` words, or `None` when the page does not look script-rendered.
pub fn needs_browser_reason(
    html: &str,
    source: &SourceDeclaration,
    extracted_words: usize,
) -> Option<String> {
    if extracted_words >= MIN_DOCUMENT_WORDS {
        return None;
    }

    if source.execute_client_scripts {
        return Some(
            "its declaration sets `executeClientScripts` and the page as served holds no text; \
             fetch it with a browser"
                .to_owned(),
        );
    }

    let lowered = html.to_lowercase();
    let script_signs = ["enable javascript", "requires javascript", "id=\"root\"></div>"];
    let sign = script_signs.iter().find(|sign| lowered.contains(*sign))?;
    Some(format!("the page as served holds no text and says \"{sign}\"; fetch it with a browser"))
}

/// Checks that an extracted text is a document: not empty, not only boilerplate lines.
pub fn check_text(url: &str, text: &str) -> Result<(), CheckFailure> {
    if text.trim().is_empty() {
        return Err(CheckFailure::EmptyExtraction { url: url.to_owned() });
    }

    let words = document_words(text);
    if words < MIN_DOCUMENT_WORDS {
        return Err(CheckFailure::BoilerplateOnly { url: url.to_owned(), words });
    }
    Ok(())
}

/// Returns the number of words of `text` outside boilerplate lines: short lines with a
/// boilerplate phrase.
pub fn document_words(text: &str) -> usize {
    text.lines()
        .map(|line| {
            let words = line
                .split_whitespace()
                .filter(|word| word.chars().any(char::is_alphanumeric))
                .count();
            let lowered = line.to_lowercase();
            let boilerplate = words <= BOILERPLATE_MAX_WORDS
                && BOILERPLATE_PHRASES.iter().any(|phrase| lowered.contains(phrase));
            if boilerplate { 0 } else { words }
        })
        .sum()
}

/// A new text that lost so many clauses that it is more likely a broken fetch than a new
/// version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClauseDrop {
    pub previous_clauses: usize,
    pub new_clauses: usize,
}

/// Returns a clause drop when `new_text` has fewer than half the clauses of `previous_text`,
/// counted by `count_clauses` (the segmenter in use), so the document is fetched again before
/// the change is believed.
pub fn clause_drop(
    previous_text: &str,
    new_text: &str,
    count_clauses: impl Fn(&str) -> usize,
) -> Option<ClauseDrop> {
    counted_drop(count_clauses(previous_text), count_clauses(new_text))
}

/// Returns a clause drop when a text of `new_clauses` clauses follows one of
/// `previous_clauses`, like [`clause_drop`] for texts already segmented.
pub fn counted_drop(previous_clauses: usize, new_clauses: usize) -> Option<ClauseDrop> {
    // "Drops more than half": strictly fewer than half remain.
    (new_clauses * 2 < previous_clauses).then_some(ClauseDrop { previous_clauses, new_clauses })
}

fn page_title(page: &Html) -> String {
    let selector = Selector::parse("title").expect("`title` is a valid selector");
    page.select(&selector).next().map(|title| title.text().collect()).unwrap_or_default()
}

fn visible_words(page: &Html) -> usize {
    let selector = Selector::parse("body").expect("`body` is a valid selector");
    let Some(body) = page.select(&selector).next() else {
        return 0;
    };

    body.descendants()
        .filter_map(|node| {
            let text = node.value().as_text()?;
            let parent = node.parent()?.value().as_element()?.name();
            (!matches!(parent, "script" | "style" | "noscript" | "template")).then_some(text)
        })
        .map(|text| text.split_whitespace().count())
        .sum()
}
