//! Copies the selected parts of a parsed page into the tree the markdown converter walks, so the
//! page is parsed once. Links are made absolute against the page's base URL on the way, except
//! in-page anchors, so the text keeps working links. Scripts, styles, templates and comments are
//! left out because they contain no text.
//!
//! The copy is the tree that parsing the selected parts written out as HTML would give. The
//! parts go under `html` and `body`, neighbouring texts are joined and line breaks become `\n`.
//! The newline that opens a `pre` is dropped. Three differences are kept on purpose. A table
//! part selected without its table (cells, rows) becomes a block, where that parse ran the texts
//! of neighbouring cells together. Text inside elements whose content a parser reads raw
//! (`iframe`, `xmp`) keeps its characters instead of their escaped form. Texts are put in
//! Unicode's composed form (NFC), as a site may switch between writing an accent as part of its
//! letter and as a combining mark after it. A new rule for what to keep goes in [`copy_node`].

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use ego_tree::NodeRef;
use markup5ever::{Attribute, LocalName, Namespace, QualName, ns};
use markup5ever_rcdom::{Handle, Node as DomNode, NodeData};
use scraper::{Html, Node};
use url::Url;

use super::composed;
use super::rules::{Positions, Selected, Span};

/// Elements whose content is never text of the document.
const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "head"];

/// Elements whose first newline the HTML parser drops.
const NEWLINE_DROPPED: &[&str] = &["pre", "listing", "textarea"];

/// Parts of a table. Outside a table the HTML parser ignores their tags, and the markdown
/// converter reads them only inside one.
const TABLE_PARTS: &[&str] =
    &["caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"];

/// Destination of copied nodes: an element of the copy, and whether it is inside a table.
#[derive(Clone)]
struct Target {
    node: Handle,
    in_table: bool,
}

/// Returns a document holding the selected parts, in the order given, in its body.
pub fn selected_tree(
    page: &Html,
    selected: &[Selected],
    positions: &Positions,
    base: &Url,
) -> Handle {
    let document = DomNode::new(NodeData::Document);
    let html = html_element("html");
    append(&document, html.clone());
    append(&html, html_element("head"));
    let body = html_element("body");
    append(&html, body.clone());
    let body = Target { node: body, in_table: false };

    for part in selected {
        match part {
            Selected::Node(id) => {
                if let Some(node) = page.tree.get(*id) {
                    copy_node(node, base, &body);
                }
            }
            Selected::Range(span) => copy_span(page.tree.root(), positions, *span, base, &body),
        }
    }
    document
}

/// Copies the part of `node` inside `span`; ancestors partly inside become empty shells.
fn copy_span(
    node: NodeRef<'_, Node>,
    positions: &Positions,
    span: Span,
    base: &Url,
    parent: &Target,
) {
    let (open, close) = positions.bounds(node.id());
    if close <= span.start || open >= span.end {
        return;
    }

    if open >= span.start && close <= span.end {
        copy_node(node, base, parent);
        return;
    }

    let shell = match node.value().as_element() {
        Some(element) if SKIPPED.contains(&element.name()) => return,
        Some(element) => kept_element(element, base, parent),
        None => parent.clone(),
    };
    for child in node.children() {
        copy_span(child, positions, span, base, &shell);
    }
}

fn copy_node(node: NodeRef<'_, Node>, base: &Url, parent: &Target) {
    match node.value() {
        Node::Text(text) => append_text(&parent.node, &text.text),
        Node::Element(element) => {
            if SKIPPED.contains(&element.name()) {
                return;
            }
            let copy = kept_element(element, base, parent);
            for child in node.children() {
                copy_node(child, base, &copy);
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                copy_node(child, base, parent);
            }
        }
        _ => {}
    }
}

/// Appends an empty copy of `element` to `parent` and returns it as the target of the
/// element's content. A table part outside a table becomes a `div`, so that each cell or row
/// selected on its own reads as a paragraph.
fn kept_element(element: &scraper::node::Element, base: &Url, parent: &Target) -> Target {
    let copy = if TABLE_PARTS.contains(&element.name()) && !parent.in_table {
        html_element("div")
    } else {
        copied_element(element, base)
    };
    append(&parent.node, copy.clone());
    Target { node: copy, in_table: parent.in_table || element.name() == "table" }
}

/// Returns an empty copy of `element` with its attributes, its link made absolute.
fn copied_element(element: &scraper::node::Element, base: &Url) -> Handle {
    let attributes = element
        .attrs()
        .map(|(name, value)| {
            let href;
            let value = if element.name() == "a" && name == "href" {
                href = absolute_href(value, base);
                href.as_str()
            } else {
                value
            };
            Attribute {
                name: QualName::new(None, ns!(), LocalName::from(name)),
                value: with_newlines(value).as_ref().into(),
            }
        })
        .collect();
    let namespace = Namespace::from(&*element.name.ns);
    element_in(namespace, element.name(), attributes)
}

/// Returns an empty HTML element without attributes.
fn html_element(name: &str) -> Handle {
    element_in(ns!(html), name, Vec::new())
}

fn element_in(namespace: Namespace, name: &str, attributes: Vec<Attribute>) -> Handle {
    DomNode::new(NodeData::Element {
        name: QualName::new(None, namespace, LocalName::from(name)),
        attrs: RefCell::new(attributes),
        template_contents: RefCell::new(None),
        mathml_annotation_xml_integration_point: false,
    })
}

/// Appends `text` to `parent`, joined to a text that ends its children.
fn append_text(parent: &Handle, text: &str) {
    let text = composed(with_newlines(text));
    let mut text = text.as_ref();
    // The parser drops a newline only right after the start tag. The text that loses it is kept
    // even when empty, so that a later text, which did not follow the tag, keeps its own.
    let first = parent.children.borrow().is_empty();
    if first && drops_first_newline(parent) {
        text = text.strip_prefix('\n').unwrap_or(text);
    } else if text.is_empty() {
        return;
    }

    if let Some(last) = parent.children.borrow().last()
        && let NodeData::Text { contents } = &last.data
    {
        contents.borrow_mut().push_slice(text);
        return;
    }
    append(parent, DomNode::new(NodeData::Text { contents: RefCell::new(text.into()) }));
}

/// Returns `text` with its line breaks as `\n`, as the parser's input stream turns `\r\n` and a
/// lone `\r` (which a character reference can put in the tree) into `\n`.
fn with_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

fn drops_first_newline(parent: &Handle) -> bool {
    match &parent.data {
        NodeData::Element { name, .. } => NEWLINE_DROPPED.contains(&&*name.local),
        _ => false,
    }
}

fn append(parent: &Handle, child: Handle) {
    child.parent.set(Some(Rc::downgrade(parent)));
    parent.children.borrow_mut().push(child);
}

/// Returns `href` resolved against the page's base URL; in-page anchors and unparsable values
/// stay.
fn absolute_href(href: &str, base: &Url) -> String {
    if href.is_empty() || href.starts_with('#') {
        return href.to_owned();
    }
    base.join(href).map(String::from).unwrap_or_else(|_| href.to_owned())
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};
    use url::Url;

    use super::{Handle, NodeData, Positions, Selected, selected_tree};
    use crate::declaration::{SelectorRule, SourceDeclaration};
    use crate::extract::extract_html;
    use crate::extract::markdown::converter;

    const URL: &str = "http://127.0.0.1:9/terms";

    /// Extracts the parts of `page` that `select` matches.
    fn extracted(page: &str, select: &str) -> String {
        let source = SourceDeclaration {
            url: URL.to_owned(),
            select: vec![SelectorRule::Css(select.to_owned())],
            remove: Vec::new(),
            filters: Vec::new(),
            execute_client_scripts: false,
        };
        extract_html(page, URL, &source).expect("the selector matches")
    }

    /// Returns what the converter makes of `html` parsed as a page: the reference, the selected
    /// parts written out as HTML by hand.
    fn parsed(html: &str) -> String {
        converter().convert(html).expect("converts").trim().to_owned()
    }

    #[test]
    fn cells_without_table_are_paragraphs() {
        let page = "<table><tr><td>Fees</td><td>apply</td></tr><tr><td>Taxes</td></tr></table>";

        assert_eq!(extracted(page, "td"), parsed("<p>Fees</p><p>apply</p><p>Taxes</p>"));
        assert_eq!(extracted(page, "tr"), parsed("<p>Fees</p><p>apply</p><p>Taxes</p>"));
    }

    #[test]
    fn selected_table_keeps_rows() {
        let page = "<div><table><tr><th>Plan</th></tr><tr><td>Basic</td></tr></table></div>";

        let text = extracted(page, "div");

        assert_eq!(
            text,
            parsed("<div><table><tr><th>Plan</th></tr><tr><td>Basic</td></tr></table></div>")
        );
        assert!(text.contains("| Plan |"), "{text}");
    }

    #[test]
    fn carriage_return_becomes_newline() {
        let page = "<pre>line one&#13;\nline two</pre>";

        let text = extracted(page, "pre");

        assert_eq!(text, parsed("<pre>line one\r\nline two</pre>"));
        assert!(!text.contains('\r'), "{text:?}");
    }

    #[test]
    fn pre_drops_one_leading_newline() {
        // Parsed, this `pre` contains "\n" and "\nTerms" around the comment. Written out, that is
        // "<pre>\n\nTerms</pre>", whose first newline a parser drops.
        let page = Html::parse_document("<pre>\n\n<!-- note -->\nTerms</pre>");
        let written = Html::parse_document("<pre>\n\nTerms</pre>");
        let pre = Selector::parse("pre").expect("valid selector");
        let id = page.select(&pre).next().expect("the page has a pre").id();
        let base = Url::parse(URL).expect("valid URL");

        let positions = Positions::of(&page);

        let tree = selected_tree(&page, &[Selected::Node(id)], &positions, &base);

        let expected: String = written.select(&pre).flat_map(|pre| pre.text()).collect();
        assert_eq!(expected, "\nTerms");
        assert_eq!(text_of(&tree), expected);
    }

    /// Returns the text of every text node under `node`, in order.
    fn text_of(node: &Handle) -> String {
        match &node.data {
            NodeData::Text { contents } => contents.borrow().to_string(),
            _ => node.children.borrow().iter().map(text_of).collect(),
        }
    }

    #[test]
    fn links_absolute_anchors_kept() {
        let page = r##"<p>See <a href="/privacy">privacy</a> and <a href="#fees">fees</a>.</p>"##;

        let text = extracted(page, "p");

        assert_eq!(
            text,
            parsed(
                r##"<p>See <a href="http://127.0.0.1:9/privacy">privacy</a> and <a href="#fees">fees</a>.</p>"##
            )
        );
        assert!(text.contains("(http://127.0.0.1:9/privacy)"), "{text}");
    }
}
