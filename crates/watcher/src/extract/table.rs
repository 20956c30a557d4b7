//! Converts HTML tables to pipe tables the way Open Terms Archive versions show them: the first
//! row is the header when it is made of `th` cells or sits in `thead`. Otherwise an empty header
//! row is added. Line breaks inside a cell become `<br>`, so each row stays on one line.

use std::rc::Rc;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, Node};
use markup5ever_rcdom::NodeData;

/// Stands for an empty header cell, so the row still parses as a table.
const EMPTY_HEADER_CELL: &str = "   ";

/// Returns the pipe table for a `table` element, or lets the default handler take a table that
/// has no rows.
pub fn table_handler(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let mut rows = Vec::new();
    collect_rows(element.node, false, &mut rows);
    if rows.is_empty() {
        return handlers.fallback(element);
    }

    let mut lines: Vec<String> = Vec::with_capacity(rows.len() + 2);
    let first_is_header = rows[0].in_head || rows[0].all_header_cells;
    let columns = rows.iter().map(|row| row.cells.len()).max().unwrap_or(0);

    if !first_is_header {
        lines.push(render_row(&vec![EMPTY_HEADER_CELL.to_owned(); columns]));
        lines.push(separator(columns));
    }
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row.cells.iter().map(|cell| cell_text(handlers, cell)).collect();
        lines.push(render_row(&cells));
        if index == 0 && first_is_header {
            lines.push(separator(cells.len()));
        }
    }

    Some(format!("\n\n{}\n\n", lines.join("\n")).into())
}

struct Row {
    cells: Vec<Rc<Node>>,
    in_head: bool,
    all_header_cells: bool,
}

/// Collects the rows of a table, looking through row groups but not into nested tables.
fn collect_rows(node: &Rc<Node>, in_head: bool, rows: &mut Vec<Row>) {
    for child in node.children.borrow().iter() {
        match tag_name(child).as_deref() {
            Some("tr") => {
                let cells: Vec<Rc<Node>> = child
                    .children
                    .borrow()
                    .iter()
                    .filter(|cell| matches!(tag_name(cell).as_deref(), Some("td" | "th")))
                    .cloned()
                    .collect();
                let all_header_cells = !cells.is_empty()
                    && cells.iter().all(|cell| tag_name(cell).as_deref() == Some("th"));
                rows.push(Row { cells, in_head, all_header_cells });
            }
            Some("thead") => collect_rows(child, true, rows),
            Some("tbody" | "tfoot") => collect_rows(child, in_head, rows),
            _ => {}
        }
    }
}

fn cell_text(handlers: &dyn Handlers, cell: &Rc<Node>) -> String {
    let content = handlers.walk_children(cell).content;
    content.trim().replace('\n', "<br>").replace('|', "\\|")
}

fn render_row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        line.push(' ');
        line.push_str(cell);
        line.push_str(" |");
    }
    line
}

fn separator(columns: usize) -> String {
    render_row(&vec!["---".to_owned(); columns])
}

fn tag_name(node: &Node) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}
