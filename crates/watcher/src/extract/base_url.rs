//! The base URL that a page's relative links are resolved against. As in a browser, the first
//! HTML `<base>` element with an `href` outside a template sets it, resolved against the page's
//! own address. Without one, or when its address is invalid or a `data:` or `javascript:` URL,
//! which the HTML standard does not accept as a base, the page's own address is the base.

use scraper::{Html, Selector};
use url::Url;

/// The HTML namespace. An SVG or MathML element named `base` sets no base URL.
const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Returns the base URL of `page`, fetched from `page_url`.
pub(super) fn document_base(page: &Html, page_url: &Url) -> Url {
    let selector = Selector::parse("base[href]").expect("`base[href]` is a valid selector");
    let first = page.select(&selector).find(|base| {
        let in_template = base.ancestors().any(|node| {
            node.value().as_element().is_some_and(|element| element.name() == "template")
        });
        &*base.value().name.ns == HTML_NAMESPACE && !in_template
    });
    let Some(href) = first.and_then(|base| base.attr("href")) else {
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
    fn template_and_svg_bases_ignored() {
        let in_template = r#"<head><template><base href="/tmpl/"></template></head><p>x</p>"#;
        let in_svg = r#"<body><svg><base href="/svg/"></base></svg><p>x</p></body>"#;

        assert_eq!(base_of(in_template), PAGE);
        assert_eq!(base_of(in_svg), PAGE);
        assert_eq!(base_of(&format!("{in_svg}<base href=\"/en/\">")), "https://example.test/en/");
    }

    #[test]
    fn unusable_base_keeps_page_url() {
        assert_eq!(base_of("<p>no base</p>"), PAGE);
        assert_eq!(base_of(r#"<base href="javascript:alert(1)">"#), PAGE);
        assert_eq!(base_of(r#"<base href="data:text/html,x">"#), PAGE);
        assert_eq!(base_of(r#"<base href="http://[bad">"#), PAGE);
    }
}
