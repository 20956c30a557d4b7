//! Extraction: from a decoded page and its source rules to markdown text. `rules.rs` applies
//! `remove` and `select`, `serialize.rs` writes the selection back to HTML with absolute links,
//! `markdown.rs` converts it. Combined documents join their pages with `SOURCE_SEPARATOR`.

mod anchor;
mod error;
pub mod filters;
mod markdown;
mod ordered_list;
mod rules;
mod serialize;
mod table;

pub use error::ExtractError;

use scraper::Html;
use url::Url;

use crate::declaration::SourceDeclaration;

/// Put between the texts of the pages of a combined document, so one page's last paragraph
/// and the next page's first do not run together. It is a thematic break, as in Open Terms
/// Archive versions, so that texts recorded there compare line by line.
pub const SOURCE_SEPARATOR: &str = "\n\n- - -\n\n";

/// Returns the markdown text that `source` selects in `html`, a page fetched from `page_url`.
pub fn extract_html(
    html: &str,
    page_url: &str,
    source: &SourceDeclaration,
) -> Result<String, ExtractError> {
    let base = Url::parse(page_url).map_err(|error| ExtractError::InvalidBaseUrl {
        url: page_url.to_owned(),
        reason: error.to_string(),
    })?;

    let mut page = Html::parse_document(html);
    rules::remove(&mut page, &source.remove, &source.url)?;
    let selected = rules::select(&page, &source.select, &source.url)?;
    let selected_html = serialize::to_html(&page, &selected, &base);

    let markdown = markdown::converter().convert(&selected_html).map_err(|error| {
        ExtractError::Markdown { source_url: source.url.clone(), reason: error.to_string() }
    })?;

    Ok(markdown.trim().to_owned())
}

/// Joins the texts of a combined document's pages in declaration order.
pub fn combine<S: AsRef<str>>(texts: &[S]) -> String {
    let parts: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    parts.join(SOURCE_SEPARATOR)
}
