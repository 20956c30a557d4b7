//! A cheap estimate of how deep a page nests its elements, read from the markup before parsing.
//!
//! The HTML parser checks the stack of open elements at many start tags, so its time grows with
//! the page's length times its depth. A page nested tens of thousands of elements deep (a
//! broken generator, or a page built to stall parsers) took seconds of CPU before extraction
//! rejected it for its depth. This scan counts start and end tags in one pass and lets a check
//! reject such a page before parsing it.
//!
//! An element left open nests what follows it in the parsed page as well, so the count follows
//! the parser, except for elements that the parser closes on its own. Those open no level here:
//! void elements (`br`, `img`), elements with optional end tags (`p`, `li`, `td`), elements a
//! second one of the same kind closes (`a`, `button`), and the contents of `script`, `style`
//! and comments. The scan is only used with a limit far above [`super::MAX_DEPTH`]; pages
//! between the two are parsed and measured exactly.

/// Elements that never have content, so they open no level.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag HTML lets pages leave out, or that a second one of the same kind
/// closes, so an unclosed one opens no level here.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt",
    "rp", "colgroup", "caption", "html", "head", "body", "a", "button", "nobr", "form",
];

/// Returns the estimated deepest nesting of `html` when it exceeds `limit`, else `None`.
pub fn depth_over(html: &str, limit: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
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
        let name = html[at + name_start..at + name_start + name_len].to_ascii_lowercase();
        let tag_end = index_of(b'>', rest).map_or(rest.len(), |end| end + 1);
        let self_closing = tag_end >= 2 && rest[tag_end - 2] == b'/';
        at += tag_end;

        if closing {
            if !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if name == "script" || name == "style" {
            let end_tag = format!("</{name}");
            let after = &bytes[at..];
            at += find_ignore_case(after, end_tag.as_bytes()).unwrap_or(after.len());
            continue;
        }
        if self_closing || VOID.contains(&name.as_str()) || OPTIONAL_END.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }

    (deepest > limit).then_some(deepest)
}

fn index_of(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&byte| byte == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle))
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
        assert_eq!(depth_over(&nested("div", 5000), 2000), Some(5000));
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
    fn self_closing_and_void_tags_open_no_level() {
        let page = "<svg><path/></svg><img src=a>".repeat(5000);

        assert_eq!(depth_over(&page, 10), None);
    }
}
