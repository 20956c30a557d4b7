//! The base URL that a page's relative links are resolved against. As in a browser, the first
//! `<base>` element with an `href` sets it, resolved against the page's own address. Without
//! one, or when its address is invalid or a `data:` or `javascript:` URL, which the HTML
//! standard does not accept as a base, the page's own address is the base.

use scraper::{Html, Selector};
use url::Url;

/// Returns the base URL of `page`, fetched from `page_url`.
pub(super) fn document_base(page: &Html, page_url: &Url) -> Url {
    let selector = Selector::parse("base[href]").expect("`base[href]` is a valid selector");
    let Some(href) = page.select(&selector).next().and_then(|base| base.attr("href")) else {
        return page_url.clone();
    };

    match page_url.join(href) {
        Ok(base) if !matches!(base.scheme(), "data" | "javascript") => base,
        Ok(_) | Err(_) => {
            tracing::debug!(page_url = %page_url, href, "page's base address ignored");
            page_url.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://example.test/legal/terms";

    fn base_of(html: &str) -> String {
        let page = Html::parse_document(html);
        document_base(&page, &Url::parse(PAGE).unwrap()).to_string()
    }

    #[test]
    fn absolute_base_replaces_page_url() {
        let html = r#"<head><base href="https://cdn.example.test/site/"></head><p>x</p>"#;

        assert_eq!(base_of(html), "https://cdn.example.test/site/");
    }

    #[test]
    fn relative_base_resolves_against_page() {
        assert_eq!(base_of(r#"<base href="/en/">"#), "https://example.test/en/");
        assert_eq!(base_of(r#"<base href=" ../docs/ ">"#), "https://example.test/docs/");
    }

    #[test]
    fn first_base_with_href_counts() {
        let html = r#"<base target="_blank"><base href="/one/"><base href="/two/">"#;

        assert_eq!(base_of(html), "https://example.test/one/");
    }

    #[test]
    fn unusable_base_keeps_page_url() {
        assert_eq!(base_of("<p>no base</p>"), PAGE);
        assert_eq!(base_of(r#"<base href="javascript:alert(1)">"#), PAGE);
        assert_eq!(base_of(r#"<base href="data:text/html,x">"#), PAGE);
        assert_eq!(base_of(r#"<base href="http://[bad">"#), PAGE);
    }
}
