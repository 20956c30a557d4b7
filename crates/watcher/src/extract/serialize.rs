//! Writes the selected parts of a page back to HTML for the markdown converter. Links are made
//! absolute against the page URL on the way out, except in-page anchors, so the text keeps
//! working links. Scripts, styles and templates are dropped because they contain no text.

use ego_tree::NodeRef;
use scraper::{Html, Node};
use url::Url;

use super::rules::{Positions, Selected, Span};

/// Elements whose content is never text of the document.
const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "head"];

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Returns the HTML of the selected parts, in the order given.
pub fn to_html(page: &Html, selected: &[Selected], base: &Url) -> String {
    let positions = Positions::of(page);
    let mut out = String::new();
    for part in selected {
        match part {
            Selected::Node(id) => {
                if let Some(node) = page.tree.get(*id) {
                    write_node(node, base, &mut out);
                }
            }
            Selected::Range(span) => {
                write_span(page.tree.root(), &positions, *span, base, &mut out)
            }
        }
    }
    out
}

/// Writes the part of `node` inside `span`; ancestors partly inside become empty shells.
fn write_span(
    node: NodeRef<'_, Node>,
    positions: &Positions,
    span: Span,
    base: &Url,
    out: &mut String,
) {
    let (open, close) = positions.bounds(node.id());
    if close <= span.start || open >= span.end {
        return;
    }

    if open >= span.start && close <= span.end {
        write_node(node, base, out);
        return;
    }

    let element = node.value().as_element();
    if let Some(element) = element {
        if SKIPPED.contains(&element.name()) {
            return;
        }
        write_start_tag(element, base, out);
    }
    for child in node.children() {
        write_span(child, positions, span, base, out);
    }
    if let Some(element) = element {
        write_end_tag(element.name(), out);
    }
}

fn write_node(node: NodeRef<'_, Node>, base: &Url, out: &mut String) {
    match node.value() {
        Node::Text(text) => escape_into(&text.text, false, out),
        Node::Element(element) => {
            if SKIPPED.contains(&element.name()) {
                return;
            }
            write_start_tag(element, base, out);
            for child in node.children() {
                write_node(child, base, out);
            }
            write_end_tag(element.name(), out);
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                write_node(child, base, out);
            }
        }
        _ => {}
    }
}

fn write_start_tag(element: &scraper::node::Element, base: &Url, out: &mut String) {
    out.push('<');
    out.push_str(element.name());
    for (name, value) in element.attrs() {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        if element.name() == "a" && name == "href" {
            escape_into(&absolute_href(value, base), true, out);
        } else {
            escape_into(value, true, out);
        }
        out.push('"');
    }
    out.push('>');
}

fn write_end_tag(name: &str, out: &mut String) {
    if VOID.contains(&name) {
        return;
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Returns `href` resolved against the page URL; in-page anchors and unparsable values stay.
fn absolute_href(href: &str, base: &Url) -> String {
    if href.is_empty() || href.starts_with('#') {
        return href.to_owned();
    }
    base.join(href).map(String::from).unwrap_or_else(|_| href.to_owned())
}

fn escape_into(text: &str, attribute: bool, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' if !attribute => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
}
