//! Extraction: from a decoded page and its source rules to markdown text. `rules.rs` applies
//! `remove` and `select`, `dom.rs` copies the selection into the converter's tree with links
//! made absolute against the page's base URL (`base_url.rs`), `line_edges.rs` drops the white
//! space a browser does not show at the edges of lines, `markdown.rs` converts it. Combined
//! documents join their pages with `SOURCE_SEPARATOR`.

mod anchor;
mod base_url;
mod dom;
mod error;
pub mod filters;
mod line_edges;
mod markdown;
pub mod nesting;
mod ordered_list;
mod rules;
pub(crate) mod selector_error;
mod table;

pub use error::ExtractError;

use std::borrow::Cow;

use scraper::{ElementRef, Html, Selector};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
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
    extract_page(Html::parse_document(html), page_url, source)
}

/// Like [`extract_html`] for a page already parsed, so a check that has read the page for its
/// guards does not parse it again (parsing is the largest cost of a changed page).
pub fn extract_page(
    mut page: Html,
    page_url: &str,
    source: &SourceDeclaration,
) -> Result<String, ExtractError> {
    let page_address = Url::parse(page_url).map_err(|error| ExtractError::InvalidBaseUrl {
        url: page_url.to_owned(),
        reason: error.to_string(),
    })?;
    let base = base_url::document_base(&page, &page_address);

    let depth = max_depth(&page);
    if depth > MAX_DEPTH {
        return Err(ExtractError::TooDeep {
            source_url: source.url.clone(),
            depth,
            limit: MAX_DEPTH,
        });
    }
    rules::remove(&mut page, &source.remove, &source.url)?;
    let (selected, positions) = match rules::select(&page, &source.select, &source.url) {
        Err(ExtractError::SelectorMatchedNothing { source_url, selector })
            if rules::matches_removed(&page, &selector) =>
        {
            let remove = source.remove.iter().map(rules::describe).collect::<Vec<_>>().join(", ");
            return Err(ExtractError::SelectionRemoved { source_url, selector, remove });
        }
        selection => selection?,
    };
    let tree = dom::selected_tree(&page, &selected, &positions, &base);
    line_edges::trim_line_edges(&tree);
    let markdown = markdown::converter().tree_to_markdown(&tree);

    Ok(markdown.trim().to_owned())
}

/// Returns whether what `source`'s rules keep of `page` contains an element matching `target`,
/// or `None` when the rules keep the whole page, fail on it, or keep a range, whose contents are
/// not tested here. The page is copied, since the remove rules change it.
pub fn selection_contains(
    page: &Html,
    source: &SourceDeclaration,
    target: &Selector,
) -> Option<bool> {
    if source.select.is_empty() && source.remove.is_empty() {
        return None;
    }
    let mut page = page.clone();
    rules::remove(&mut page, &source.remove, &source.url).ok()?;
    let (selected, _) = rules::select(&page, &source.select, &source.url).ok()?;

    let mut contains = false;
    for part in selected {
        let rules::Selected::Node(id) = part else { return None };
        let element = page.tree.get(id).and_then(ElementRef::wrap)?;
        contains |= target.matches(&element) || element.select(target).next().is_some();
    }
    Some(contains)
}

/// The deepest element nesting extraction accepts. Serialization and markdown conversion
/// recurse once per level, so a page nested 2,000 deep overflowed a worker thread's stack.
/// The terms pages of the bundled corpus nest far less than this.
pub const MAX_DEPTH: usize = 400;

/// The estimated nesting (see [`nesting`]) above which a page is rejected before parsing,
/// because parsing it would take seconds.
pub const PRE_PARSE_MAX_DEPTH: usize = 4 * MAX_DEPTH;

/// Returns the deepest nesting of nodes in `page`, walking the tree without recursion.
fn max_depth(page: &Html) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(page.tree.root(), 0_usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(node.children().map(|child| (child, depth + 1)));
    }
    deepest
}

/// Returns `text` in Unicode's composed form (NFC). A page can write "é" as one character or as
/// "e" and a combining accent, and a site that switches between the two shows the same text, so
/// without this every accented word would read as reworded.
pub(crate) fn composed(text: Cow<'_, str>) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    Cow::Owned(text.nfc().collect())
}

/// Joins the texts of a combined document's pages in declaration order.
pub fn combine<S: AsRef<str>>(texts: &[S]) -> String {
    let parts: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    parts.join(SOURCE_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::SourceDeclaration;

    fn nested(depth: usize) -> String {
        format!(
            "<html><body>{}<p>Terms.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    fn whole_page() -> SourceDeclaration {
        SourceDeclaration {
            url: "http://127.0.0.1:9/terms".to_owned(),
            select: Vec::new(),
            remove: Vec::new(),
            filters: Vec::new(),
            execute_client_scripts: false,
        }
    }

    #[test]
    fn deep_page_within_limit_extracts() {
        let text = extract_html(&nested(MAX_DEPTH - 10), "http://127.0.0.1:9/terms", &whole_page());

        assert_eq!(text.expect("extracted"), "Terms.");
    }

    #[test]
    fn page_nested_past_limit_is_an_error() {
        let error = extract_html(&nested(3_000), "http://127.0.0.1:9/terms", &whole_page());

        match error {
            Err(ExtractError::TooDeep { depth, limit, .. }) => {
                assert_eq!(limit, MAX_DEPTH);
                // html, body and the paragraph come on top of the nested divs.
                assert!(depth >= 3_000, "{depth}");
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn links_resolve_against_base_element() {
        let html = r#"<html><head><base href="https://127.0.0.1:9/en/"></head>
            <body><p>Read the <a href="privacy">privacy policy</a>.</p></body></html>"#;

        let text = extract_html(html, "http://127.0.0.1:9/terms", &whole_page());

        assert_eq!(
            text.expect("extracted"),
            "Read the [privacy policy](https://127.0.0.1:9/en/privacy)."
        );
    }
}
