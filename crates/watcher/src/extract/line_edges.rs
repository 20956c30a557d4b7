//! Drops the white space a browser does not show at the start and end of each line of text:
//! at the edges of a block (a paragraph, a list item, a heading) and around a line break.
//!
//! The markdown converter decides whether to escape a leading `-`, `+`, `#` or `1.` from the raw
//! text, before it trims. Without this step, indenting a page's HTML (`<p>⏎  - You must</p>`)
//! turned an escaped dash into a list item, and a reformatted page read as a changed text.
//! Preformatted elements keep their white space. Extend [`BLOCKS`] or [`INLINE_CONTENT`] when a
//! new element needs it.

use markup5ever_rcdom::{Handle, NodeData};

/// Elements that start and end a line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Blocks whose white space is shown as written.
const PREFORMATTED: &[&str] = &["listing", "plaintext", "pre", "xmp"];

/// Elements shown as content of their own, so that white space beside them is shown. Their
/// own text, such as a `textarea`'s, keeps its white space.
const INLINE_CONTENT: &[&str] = &[
    "audio", "button", "canvas", "embed", "iframe", "img", "input", "math", "object", "select",
    "svg", "textarea", "video",
];

/// The walk's position in the current line.
struct Line {
    /// Nothing shown yet since the line began.
    at_start: bool,
    /// The last text of the line, whose trailing white space goes when the line ends.
    last_text: Option<Handle>,
}

impl Line {
    /// Ends the line: its last text loses its trailing white space, and a new line begins.
    fn end(&mut self) {
        if let Some(text) = self.last_text.take()
            && let NodeData::Text { contents } = &text.data
        {
            let mut contents = contents.borrow_mut();
            let trailing = contents.len() - contents.trim_end_matches(is_html_space).len();
            contents.pop_back(u32::try_from(trailing).unwrap_or(0));
        }
        self.at_start = true;
    }
}

/// Trims the white space at the edges of every line of text under `document`.
pub fn trim_line_edges(document: &Handle) {
    let mut line = Line { at_start: true, last_text: None };

    walk(document, &mut line);
    line.end();
}

fn walk(node: &Handle, line: &mut Line) {
    match &node.data {
        NodeData::Text { contents } => {
            let mut contents = contents.borrow_mut();
            if line.at_start {
                let leading = contents.len() - contents.trim_start_matches(is_html_space).len();
                contents.pop_front(u32::try_from(leading).unwrap_or(0));
            }
            if !contents.is_empty() {
                line.at_start = false;
                line.last_text = Some(node.clone());
            }
        }
        NodeData::Element { name, .. } => {
            let name = &*name.local;
            if PREFORMATTED.contains(&name) || name == "br" {
                line.end();
                return;
            }
            if INLINE_CONTENT.contains(&name) {
                line.at_start = false;
                line.last_text = None;
                return;
            }

            let block = BLOCKS.contains(&name);
            if block {
                line.end();
            }
            for child in node.children.borrow().iter() {
                walk(child, line);
            }
            if block {
                line.end();
            }
        }
        _ => {
            for child in node.children.borrow().iter() {
                walk(child, line);
            }
        }
    }
}

/// Returns whether `c` is white space in HTML's sense; a no-break space is shown, so it stays.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

#[cfg(test)]
mod tests {
    use crate::declaration::{SelectorRule, SourceDeclaration};
    use crate::extract::extract_html;

    const URL: &str = "http://127.0.0.1:9/terms";

    fn extracted(body: &str) -> String {
        let source = SourceDeclaration {
            url: URL.to_owned(),
            select: vec![SelectorRule::Css("main".to_owned())],
            remove: Vec::new(),
            filters: Vec::new(),
            execute_client_scripts: false,
        };
        extract_html(&format!("<main>{body}</main>"), URL, &source).expect("extracts")
    }

    #[test]
    fn indented_html_reads_as_written_flat() {
        let cases = [
            ("<p>\n   - You must pay.\n   </p><p>Next.</p>", "<p>- You must pay.</p><p>Next.</p>"),
            ("<h2>\n  1. Account\n</h2>", "<h2>1. Account</h2>"),
            ("<p>Line one \n<br>\n   + Building two</p>", "<p>Line one<br>+ Building two</p>"),
            ("<p>\n  <span> # Fees</span> apply </p>", "<p><span># Fees</span> apply</p>"),
            ("<ul>\n  <li>\n    * Taxes\n  </li>\n</ul>", "<ul><li>* Taxes</li></ul>"),
        ];

        for (indented, flat) in cases {
            assert_eq!(extracted(indented), extracted(flat), "{indented:?}");
        }
    }

    #[test]
    fn leading_dash_stays_escaped() {
        assert_eq!(extracted("<p>\n  - You must pay.</p>"), "\\- You must pay.");
    }

    #[test]
    fn no_break_space_is_kept() {
        let text = extracted("<p>Fees</p><p>&nbsp;apply</p>");

        assert_eq!(text, "Fees\n\n\u{a0}apply");
    }

    #[test]
    fn preformatted_text_keeps_spaces() {
        let text = extracted("<p>Intro</p><pre>  indented\n    deeper</pre>");

        assert!(text.contains("  indented\n    deeper"), "{text:?}");
    }

    #[test]
    fn space_between_inline_parts_stays() {
        assert_eq!(extracted("<p><b>Fees</b> <i>apply</i></p>"), "**Fees** _apply_");
    }
}
