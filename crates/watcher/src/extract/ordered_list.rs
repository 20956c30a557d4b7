//! Converts ordered lists the way Open Terms Archive versions show them: every marker is the
//! number, a dot and two spaces (`10.  `), with no padding to align numbers of different
//! widths, and continuation lines are indented by four spaces.

use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, Node};
use markup5ever_rcdom::NodeData;

/// Returns the markdown of an `ol` element.
pub fn ordered_list_handler(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let start = element
        .attrs
        .iter()
        .find(|attribute| attribute.name.local.as_ref() == "start")
        .and_then(|attribute| attribute.value.trim().parse::<i64>().ok())
        .unwrap_or(1);

    let items: Vec<Rc<Node>> = element
        .node
        .children
        .borrow()
        .iter()
        .filter(|child| is_list_item(child))
        .cloned()
        .collect();

    let mut out = String::new();
    for (number, item) in (start..).zip(items.iter()) {
        let content = handlers.walk_children(item).content;
        let content = content.trim_start_matches('\n');
        let content = content.trim_end_matches('\n');
        out.push_str(&format!("{number}.  "));
        out.push_str(&content.replace('\n', "\n    "));
        out.push('\n');
    }

    Some(format!("\n\n{}\n\n", out.trim_end_matches('\n')).into())
}

fn is_list_item(node: &Node) -> bool {
    matches!(&node.data, NodeData::Element { name, .. } if name.local.as_ref() == "li")
}
