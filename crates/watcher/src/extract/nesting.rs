//! A cheap estimate of how deep a page nests its elements, read from the markup before parsing.
//!
//! The HTML parser checks the stack of open elements at many start tags, so its time grows with
//! the page's length times its depth. A page nested tens of thousands of elements deep (a
//! broken generator, or a page built to stall parsers) took seconds of CPU before extraction
//! rejected it for its depth. This scan counts start and end tags in one pass and lets a check
//! reject such a page before parsing it.
//!
//! The scan keeps a stack of open elements, as the parser does, and follows the parser's two
//! main ways of closing elements. An end tag closes its element and every element still open
//! inside it (`</td>` closes a `<span>` left open in the cell). A start tag of an element whose
//! end tag pages may leave out closes the open one of its kind (`<li>` after `<li>`). Void
//! elements (`br`, `img`), self-closing tags and the contents of `script`, `style` and comments
//! open no level. Other rules of the parser, such as a block closing an open `<p>`, are left out, so the
//! estimate can be above the parsed depth. It is only used with a limit far above
//! [`super::MAX_DEPTH`]; pages between the two are parsed and measured exactly.

/// Elements that never have content, so they open no level.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that a start tag of the same kind closes when one is still open: those whose end
/// tag pages may leave out, and those the parser never nests in themselves.
const CLOSED_BY_OWN_KIND: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt",
    "rp", "colgroup", "caption", "a", "button", "nobr", "form",
];

/// How many of the innermost open elements an end tag, or a start tag of
/// [`CLOSED_BY_OWN_KIND`], searches for the element it closes. A stray end tag far from any
/// match closes nothing, which keeps the scan linear on pathological pages.
const MATCH_WINDOW: usize = 64;

/// Returns the estimated deepest nesting of `html` when it exceeds `limit`, else `None`.
pub fn depth_over(html: &str, limit: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut deepest = 0;
    let mut at = 0;

    while let Some(offset) = index_of(b'<', &bytes[at..]) {
        at += offset + 1;
        let rest = &bytes[at..];

        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len =
            rest[name_start..].iter().take_while(|byte| byte.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = &html[at + name_start..at + name_start + name_len];
        let tag_end = index_of(b'>', rest).map_or(rest.len(), |end| end + 1);
        let self_closing = tag_end >= 2 && rest[tag_end - 2] == b'/';
        at += tag_end;

        if closing {
            close(&mut open, name);
            continue;
        }
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            let end_tag = format!("</{name}");
            let after = &bytes[at..];
            at += find_ignore_case(after, end_tag.as_bytes()).unwrap_or(after.len());
            continue;
        }
        if self_closing || is_one_of(name, VOID) {
            continue;
        }
        if is_one_of(name, CLOSED_BY_OWN_KIND) {
            close(&mut open, name);
        }
        open.push(name);
        deepest = deepest.max(open.len());
    }

    (deepest > limit).then_some(deepest)
}

/// Closes the innermost open element named `name`, and every element opened inside it, when it
/// is among the [`MATCH_WINDOW`] innermost.
fn close(open: &mut Vec<&str>, name: &str) {
    let found =
        open.iter().rev().take(MATCH_WINDOW).position(|open| open.eq_ignore_ascii_case(name));
    if let Some(from_top) = found {
        open.truncate(open.len() - from_top - 1);
    }
}

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|listed| name.eq_ignore_ascii_case(listed))
}

fn index_of(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Returns the offset of `needle`, which starts with `<`, in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'<', haystack).find(|&at| {
        haystack.get(at..at + needle.len()).is_some_and(|found| found.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(tag: &str, depth: usize) -> String {
        format!(
            "<html><body>{}x{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    }

    #[test]
    fn deep_page_is_over_the_limit() {
        assert_eq!(depth_over(&nested("div", 5000), 2000), Some(5002), "html and body count too");
    }

    #[test]
    fn closed_nesting_below_the_limit_passes() {
        assert_eq!(depth_over(&nested("div", 300), 2000), None);
    }

    #[test]
    fn unclosed_paragraphs_and_items_open_no_level() {
        let page = format!("<ul>{}</ul>{}", "<li>item".repeat(5000), "<p>text<br>".repeat(5000));

        assert_eq!(depth_over(&page, 10), None);
    }

    #[test]
    fn script_and_comment_contents_are_skipped() {
        let tags = "<div>".repeat(5000);
        let page = format!("<script>var s = '{tags}';</script><!-- {tags} --><main>x</main>");

        assert_eq!(depth_over(&page, 10), None);
    }

    #[test]
    fn cell_end_closes_spans_left_open() {
        let rows = "<tr><td><span class=\"c\">Cookie</td><td>text</td></tr>".repeat(5000);
        let page = format!("<table>{rows}</table>");

        assert_eq!(depth_over(&page, 10), None);
    }

    #[test]
    fn paragraph_end_closes_font_left_open() {
        let page = "<p><font face=\"Arial\">text</p>".repeat(5000);

        assert_eq!(depth_over(&page, 10), None);
    }

    #[test]
    fn self_closing_and_void_tags_open_no_level() {
        let page = "<svg><path/></svg><img src=a>".repeat(5000);

        assert_eq!(depth_over(&page, 10), None);
    }
}
