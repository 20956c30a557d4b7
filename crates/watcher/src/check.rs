//! Turns the fetched pages of one document into its version text, or a check failure. This is
//! where the guards meet extraction: error statuses and bot walls are refused before extraction,
//! PDFs go to text extraction, HTML through the declaration's rules, and every page's text must
//! be a document before the pages are combined.

use scraper::{Html, Selector};

use crate::charset::decode_body;
use crate::declaration::{DocumentDeclaration, SourceDeclaration};
use crate::extract::{
    self, ExtractError, MAX_DEPTH, PRE_PARSE_MAX_DEPTH, combine, composed, extract_page, nesting,
};
use crate::fetch::FetchEvidence;
use crate::guard::{self, CheckFailure};
use crate::pdf;

/// Returns the version text of `document` from `pages`, one fetched page per source, in
/// declaration order.
pub fn version_text(
    document: &DocumentDeclaration,
    pages: &[FetchEvidence],
) -> Result<String, CheckFailure> {
    if pages.len() != document.sources.len() {
        return Err(CheckFailure::Unreadable {
            url: document.sources.first().map(|source| source.url.clone()).unwrap_or_default(),
            reason: format!(
                "{} pages were fetched for {} sources; fetch each source once",
                pages.len(),
                document.sources.len()
            ),
        });
    }

    // A part of a combined document may be short (a heading, one paragraph), so its own text
    // only has to be there. The combined text must read as a document.
    let part = if document.sources.len() > 1 { Guarded::Part } else { Guarded::Document };
    let texts = document
        .sources
        .iter()
        .zip(pages)
        .map(|(source, page)| guarded_text(source, page, part))
        .collect::<Result<Vec<_>, _>>()?;
    let text = composed(combine(&texts).into()).into_owned();
    if part == Guarded::Part {
        guard::check_text(&document.sources[0].url, &text)?;
    }
    Ok(text)
}

/// How much text a page must give to pass the guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guarded {
    /// The page is the whole document: it must read as one (see [`guard::check_text`]).
    Document,
    /// The page is one part of a combined document: it must have a word outside boilerplate.
    Part,
}

impl Guarded {
    fn check(self, url: &str, text: &str) -> Result<(), CheckFailure> {
        if self == Self::Document || text.trim().is_empty() {
            return guard::check_text(url, text);
        }
        match guard::document_words(text) {
            0 => Err(CheckFailure::BoilerplateOnly { url: url.to_owned(), words: 0 }),
            _ => Ok(()),
        }
    }
}

/// Returns the text of one fetched page, checked by the guards.
pub fn page_text(source: &SourceDeclaration, page: &FetchEvidence) -> Result<String, CheckFailure> {
    guarded_text(source, page, Guarded::Document)
}

/// Returns the text of one fetched page, checked by the guards for the role `guarded` sets.
fn guarded_text(
    source: &SourceDeclaration,
    page: &FetchEvidence,
    guarded: Guarded,
) -> Result<String, CheckFailure> {
    let content_type = page.content_type.as_deref();
    let url = page.final_url.clone();

    let success = (200..300).contains(&page.status);
    if success && page.body.iter().all(u8::is_ascii_whitespace) {
        let reason = "the response body is empty; open the page in a browser to see whether the \
                      address still serves the document"
            .to_owned();
        return Err(CheckFailure::Unreadable { url, reason });
    }

    if pdf::is_pdf(&page.body, content_type) && success {
        let text = pdf::pdf_text(&page.body)
            .map_err(|reason| CheckFailure::Unreadable { url: url.clone(), reason })?;
        return match guarded.check(&url, &text) {
            Ok(()) => Ok(text),
            Err(CheckFailure::EmptyExtraction { .. }) => {
                let reason = "no text could be read from the PDF; it may hold scanned pages or \
                              write its text in a way the PDF reader does not support"
                    .to_owned();
                Err(CheckFailure::Unreadable { url, reason })
            }
            Err(failure) => Err(failure),
        };
    }

    if is_plain_text(content_type) && success {
        let text = plain_text(&decode_body(&page.body, content_type).text);
        guarded.check(&url, &text)?;
        return Ok(text);
    }

    if let Some(reason) = not_a_document(&page.body, content_type)
        && success
    {
        return Err(CheckFailure::Unreadable { url, reason });
    }

    let html = decode_body(&page.body, content_type).text;
    if let Some(depth) = nesting::depth_over(&html, PRE_PARSE_MAX_DEPTH) {
        let source_url = page.final_url.clone();
        return Err(ExtractError::TooDeep { source_url, depth, limit: MAX_DEPTH }.into());
    }
    let document = Html::parse_document(&html);
    let parsed = guard::ParsedPage::new(&document);
    if let Some(marker) = guard::bot_wall_marker_in(page.status, &html, &parsed) {
        tracing::warn!(url, status = page.status, marker, "bot wall");
        return Err(CheckFailure::BotWall { url, status: page.status, marker });
    }
    if !success {
        let retry_after = page.header("retry-after").map(str::to_owned);
        return Err(CheckFailure::HttpStatus { url, status: page.status, retry_after });
    }
    if let Some(marker) = guard::not_found_marker_in(&parsed) {
        tracing::warn!(url, status = page.status, marker, "page not found");
        return Err(CheckFailure::NotFoundPage { url, status: page.status, marker });
    }
    if let Some(marker) = guard::sign_in_marker_in(&parsed)
        && !sign_in_form_left_out(&document, source)
    {
        tracing::warn!(url, status = page.status, marker, "sign-in page");
        return Err(CheckFailure::SignInPage { url, status: page.status, marker });
    }

    drop(parsed);
    let text = match extract_page(document, &page.final_url, source) {
        Ok(text) => text,
        Err(error @ ExtractError::SelectorMatchedNothing { .. }) => {
            return Err(browser_or(&html, source, &url, CheckFailure::Extraction(error)));
        }
        Err(error) => return Err(error.into()),
    };

    if let Err(failure) = guarded.check(&url, &text) {
        return Err(browser_or(&html, source, &url, failure));
    }
    Ok(text)
}

/// Returns whether the source's rules leave out every password field of a page that looks like a
/// sign-in page as a whole, as when a short policy carries a sign-in form in its header. The
/// extracted text must still pass the guards, which a sign-in page's few words do not.
fn sign_in_form_left_out(page: &Html, source: &SourceDeclaration) -> bool {
    let password = Selector::parse(guard::PASSWORD_FIELD).expect("the password selector is valid");
    extract::selection_contains(page, source, &password) == Some(false)
}

/// Media types read as HTML, besides any `text/*` type.
const HTML_TYPES: &[&str] = &["application/xhtml+xml", "application/xml"];

/// Returns why `body` is not a document to extract text from: a declared media type that is
/// neither text, HTML nor PDF (an image, an archive, `application/octet-stream`), or, when no
/// usable type is declared, bytes with NUL characters, which no text page contains.
fn not_a_document(body: &[u8], content_type: Option<&str>) -> Option<String> {
    let essence = content_type
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .filter(|essence| !essence.is_empty());
    match essence {
        Some(essence) if essence.starts_with("text/") || HTML_TYPES.contains(&essence.as_str()) => {
            None
        }
        Some(essence) if essence != "application/octet-stream" => Some(format!(
            "the server sent {essence}, not a text, HTML or PDF document; check that the URL \
             names the terms page itself"
        )),
        _ => body.contains(&0).then(|| {
            "the body is binary data, not a text, HTML or PDF document; check that the URL \
             names the terms page itself"
                .to_owned()
        }),
    }
}

/// Returns whether the server sent the page as plain text.
fn is_plain_text(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/plain"))
}

/// Returns a plain-text page as version text: its lines kept, line endings made `\n`, trailing
/// spaces and surrounding blank lines dropped. Select and remove rules name HTML elements, so
/// they do not apply to it.
fn plain_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Returns "needs a browser" when the page looks script-rendered, else `failure`.
fn browser_or(
    html: &str,
    source: &SourceDeclaration,
    url: &str,
    failure: CheckFailure,
) -> CheckFailure {
    let words = match &failure {
        CheckFailure::BoilerplateOnly { words, .. } => *words,
        _ => 0,
    };
    match guard::needs_browser_reason(html, source, words) {
        Some(reason) => CheckFailure::NeedsBrowser { url: url.to_owned(), reason },
        None => failure,
    }
}
