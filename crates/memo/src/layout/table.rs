//! Tables: wrapped cells, rules between rows and the header row repeated on every page.
//!
//! Page breaks fall between rows. Only a row taller than a whole page is split, between
//! lines of its cells, and the header is repeated above its continuation too.

use crate::fonts::Face;
use crate::layout::Item;
use crate::layout::blocks::Table;
use crate::layout::flow::{Flow, line_height};
use crate::layout::geometry::sizes;
use crate::text::{Line, Span, Style, wrap};

/// Horizontal padding inside a cell, in points.
const PAD_X: f32 = 3.0;
/// Vertical padding inside a cell, in points.
const PAD_Y: f32 = 2.5;
/// Space after a table, in points.
const SPACE_AFTER: f32 = 8.0;

/// The wrapped lines of each cell of one row.
type RowLines = Vec<Vec<Line>>;

/// Column positions and widths of a table on the page.
struct Columns {
    x: Vec<f32>,
    width: Vec<f32>,
}

impl Columns {
    fn new(flow: &Flow, table: &Table) -> Columns {
        let total = flow.geometry.body_width();
        let width: Vec<f32> = table.widths.iter().map(|share| share * total).collect();
        let x = width
            .iter()
            .scan(flow.geometry.margin_left, |left, column| {
                let start = *left;
                *left += column;
                Some(start)
            })
            .collect();
        Columns { x, width }
    }

    /// Wraps each cell to its column, less the padding.
    fn wrap_row(&self, flow: &Flow, cells: &[Vec<Span>]) -> RowLines {
        self.width
            .iter()
            .enumerate()
            .map(|(index, width)| match cells.get(index) {
                Some(spans) => wrap(flow.fonts, spans, width - 2.0 * PAD_X),
                None => Vec::new(),
            })
            .collect()
    }
}

/// Returns the height a table needs at the foot of a page: the header row and the whole first
/// row, so the header is never left alone. A first row taller than a page is split anyway,
/// so then only its first line counts.
pub fn start_height(flow: &Flow, table: &Table) -> f32 {
    let columns = Columns::new(flow, table);
    let header = row_height(&columns.wrap_row(flow, &header_cells(table)));
    let Some(cells) = table.rows.first() else {
        return header;
    };

    let lines = columns.wrap_row(flow, cells);
    let whole_row = row_height(&lines);
    if whole_row <= flow.geometry.body_height() - header {
        return header + whole_row;
    }
    let first_line =
        lines.iter().filter_map(|cell| cell.first()).map(line_height).fold(0.0, f32::max);
    header + 2.0 * PAD_Y + first_line
}

/// Places `table` at the current position, continuing it over as many pages as it needs.
pub fn place_table(flow: &mut Flow, table: &Table) {
    let columns = Columns::new(flow, table);
    let header = columns.wrap_row(flow, &header_cells(table));
    let header_height = row_height(&header);

    flow.ensure(start_height(flow, table));
    draw_header(flow, &columns, &header);

    for cells in &table.rows {
        let row = columns.wrap_row(flow, cells);
        let height = row_height(&row);
        if height > flow.remaining() {
            if height <= flow.geometry.body_height() - header_height {
                flow.new_page();
                draw_header(flow, &columns, &header);
            } else {
                place_split_row(flow, &columns, &header, row);
                continue;
            }
        }
        draw_row(flow, &columns, &row, 0.25);
    }

    flow.y += SPACE_AFTER;
}

/// Places a row taller than a page, moving to a new page whenever the next line does not fit.
fn place_split_row(flow: &mut Flow, columns: &Columns, header: &RowLines, row: RowLines) {
    let mut remaining = row;
    loop {
        let room = flow.remaining() - 2.0 * PAD_Y;
        let (part, rest): (RowLines, RowLines) =
            remaining.into_iter().map(|cell| split_cell(cell, room)).unzip();

        if part.iter().any(|cell| !cell.is_empty()) {
            draw_row(flow, columns, &part, 0.25);
        }
        if rest.iter().all(Vec::is_empty) {
            return;
        }

        flow.new_page();
        draw_header(flow, columns, header);
        remaining = rest;
    }
}

/// Splits a cell's lines into those that fit in `room` points and the rest.
fn split_cell(lines: Vec<Line>, room: f32) -> (Vec<Line>, Vec<Line>) {
    let mut used = 0.0;
    let mut count = 0;
    for line in &lines {
        used += line_height(line);
        if used > room {
            break;
        }
        count += 1;
    }
    let mut part = lines;
    let rest = part.split_off(count);
    (part, rest)
}

fn draw_header(flow: &mut Flow, columns: &Columns, header: &RowLines) {
    let (x1, x2) = (flow.geometry.margin_left, flow.geometry.right());
    flow.push(Item::Rule { x1, x2, y: flow.y, thickness: 0.8 });
    draw_row(flow, columns, header, 0.5);
}

/// Draws a row at the current y, a rule of `rule` points under it, and moves below it.
fn draw_row(flow: &mut Flow, columns: &Columns, row: &RowLines, rule: f32) {
    let top = flow.y;
    for (index, cell) in row.iter().enumerate() {
        let mut y = top + PAD_Y;
        for line in cell {
            flow.draw_line(line, columns.x[index] + PAD_X, y);
            y += line_height(line);
        }
    }

    flow.y = top + row_height(row);
    let (x1, x2) = (flow.geometry.margin_left, flow.geometry.right());
    flow.push(Item::Rule { x1, x2, y: flow.y, thickness: rule });
}

/// Returns the height of a row: its tallest cell plus padding, and one line when all are empty.
fn row_height(row: &RowLines) -> f32 {
    let tallest =
        row.iter().map(|cell| cell.iter().map(line_height).sum::<f32>()).fold(0.0, f32::max);
    let tallest = if tallest > 0.0 { tallest } else { sizes::TABLE * sizes::LEADING };
    tallest + 2.0 * PAD_Y
}

fn header_cells(table: &Table) -> Vec<Vec<Span>> {
    let style = Style::new(Face::SansBold, sizes::TABLE);
    table.header.iter().map(|title| vec![Span::new(title.as_str(), style)]).collect()
}
