//! Places blocks on pages top to bottom, breaking pages between lines and table rows.
//!
//! A heading moves to the next page unless the first line (or first table row) of the block
//! after it fits under it, so no heading is left alone at a page's foot. Widow and orphan
//! control for paragraphs would go in [`Flow::place_paragraph`].

use crate::fonts::FontSet;
use crate::layout::blocks::Block;
use crate::layout::geometry::{Geometry, sizes};
use crate::layout::{Item, Page, table};
use crate::text::{Line, Span, Style, wrap};

/// Gap between a heading and the content under it, in points.
const HEADING_GAP: f32 = 3.0;

/// Height taken by a horizontal rule, which is drawn across its middle, in points.
const RULE_HEIGHT: f32 = 8.0;

/// Lays out `blocks` on as many pages as they need; always returns at least one page.
pub fn flow_blocks(fonts: &FontSet, geometry: Geometry, blocks: &[Block]) -> Vec<Page> {
    let mut flow = Flow::new(fonts, geometry);
    for (index, block) in blocks.iter().enumerate() {
        flow.place(block, &blocks[index + 1..]);
    }
    flow.pages
}

/// The pages placed so far and the position of the next line.
pub struct Flow<'a> {
    pub fonts: &'a FontSet,
    pub geometry: Geometry,
    pub pages: Vec<Page>,
    /// Top of the next line, in points below the page's top edge.
    pub y: f32,
}

impl<'a> Flow<'a> {
    /// Returns a flow positioned at the top of an empty first page.
    pub fn new(fonts: &'a FontSet, geometry: Geometry) -> Flow<'a> {
        Flow { fonts, geometry, pages: vec![Page::default()], y: geometry.margin_top }
    }

    /// Places one block; the blocks `after` it are consulted to keep a heading with what
    /// follows it.
    fn place(&mut self, block: &Block, after: &[Block]) {
        match block {
            Block::Heading { text, style, space_before } => {
                self.place_heading(text, *style, *space_before, after);
            }
            Block::Paragraph { spans, indent, space_after } => {
                self.place_paragraph(spans, *indent);
                self.y += space_after;
            }
            Block::Table(table) => table::place_table(self, table),
            Block::Space(height) => {
                if !self.at_page_top() {
                    self.y = (self.y + height).min(self.geometry.body_bottom());
                }
            }
            Block::Rule => {
                self.ensure(RULE_HEIGHT);
                let (x1, x2) = (self.geometry.margin_left, self.geometry.right());
                let y = self.y + RULE_HEIGHT / 2.0;
                self.push(Item::Rule { x1, x2, y, thickness: 0.6 });
                self.y += RULE_HEIGHT;
            }
        }
    }

    fn place_heading(&mut self, text: &str, style: Style, space_before: f32, after: &[Block]) {
        let lines = wrap(self.fonts, &[Span::new(text, style)], self.geometry.body_width());
        let height: f32 = lines.iter().map(line_height).sum();
        let before = if self.at_page_top() { 0.0 } else { space_before };
        let following = self.following_height(after);

        self.ensure(before + height + HEADING_GAP + following);
        if !self.at_page_top() {
            self.y += before;
        }
        for line in &lines {
            self.place_line(line, self.geometry.margin_left);
        }
        self.y += HEADING_GAP;
    }

    /// Places wrapped lines, each on the current page if it fits and on a new one if not.
    pub fn place_paragraph(&mut self, spans: &[Span], indent: f32) {
        let width = self.geometry.body_width() - indent;
        for line in wrap(self.fonts, spans, width) {
            self.ensure(line_height(&line));
            self.place_line(&line, self.geometry.margin_left + indent);
        }
    }

    /// Returns the height a block needs before its first possible page break.
    /// Returns the height from the end of a heading to the end of the first line of content
    /// after it. That is the spaces, rules and headings in between (a section's heading and
    /// then its first subheading), and then that line or first table row.
    fn following_height(&self, after: &[Block]) -> f32 {
        let mut height = 0.0;
        for block in after {
            match block {
                Block::Space(space) => height += space,
                Block::Rule => height += RULE_HEIGHT,
                Block::Heading { style, space_before, .. } => {
                    height += space_before + style.size * sizes::LEADING + HEADING_GAP;
                }
                content => return height + self.start_height(content),
            }
        }
        height
    }

    fn start_height(&self, block: &Block) -> f32 {
        match block {
            Block::Heading { style, .. } => style.size * sizes::LEADING,
            Block::Paragraph { spans, indent, .. } => {
                let width = self.geometry.body_width() - indent;
                wrap(self.fonts, spans, width).first().map_or(0.0, line_height)
            }
            Block::Table(table) => table::start_height(self, table),
            Block::Space(_) | Block::Rule => 0.0,
        }
    }

    /// Places one line with its top at the current y and moves below it.
    pub fn place_line(&mut self, line: &Line, x: f32) {
        self.draw_line(line, x, self.y);
        self.y += line_height(line);
    }

    /// Draws one line with its top at `top`, leaving the current y alone.
    pub fn draw_line(&mut self, line: &Line, x: f32, top: f32) {
        let baseline = self.baseline(line, top);
        for fragment in &line.fragments {
            let item = Item::Text { x: x + fragment.x, baseline, fragment: fragment.clone() };
            self.push(item);
        }
    }

    /// Returns the baseline of `line` placed with its top at `top`, centring the face's
    /// ascent and descent in the line height.
    fn baseline(&self, line: &Line, top: f32) -> f32 {
        let Some(first) = line.fragments.first() else {
            return top;
        };
        let size = line.max_size();
        let ascent = self.fonts.ascent_em(first.style.face) * size;
        let descent = self.fonts.descent_em(first.style.face) * size;
        top + (line_height(line) - ascent - descent) / 2.0 + ascent
    }

    /// Starts a new page unless `height` more points fit on this one (or it is still empty).
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.geometry.body_bottom() && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Returns the space left on the current page.
    pub fn remaining(&self) -> f32 {
        self.geometry.body_bottom() - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geometry.margin_top;
    }

    pub fn at_page_top(&self) -> bool {
        self.y <= self.geometry.margin_top + 0.01
    }

    pub fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a flow always has a page").items.push(item);
    }
}

/// Returns the height of a line: its largest font size times the leading.
pub fn line_height(line: &Line) -> f32 {
    let size = line.max_size();
    let size = if size > 0.0 { size } else { sizes::BODY };
    size * sizes::LEADING
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::PageSize;

    fn page_texts(page: &Page) -> Vec<String> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { fragment, .. } => Some(fragment.text.clone()),
                Item::Rule { .. } => None,
            })
            .collect()
    }

    #[test]
    fn heading_moves_with_next_line() {
        let fonts = FontSet::get().expect("compiled-in fonts parse");
        let geometry = Geometry::for_size(PageSize::A4);
        // "top" takes 13.5 pt (10 pt × 1.35), so 40 pt are left at the page's foot: room for
        // the heading's 14 pt space, 17.55 pt line and 3 pt gap (34.55 pt), but not for the
        // 13.5 pt body line under it as well.
        let filler = Block::Space(geometry.body_height() - 13.5 - 40.0);
        let blocks = [Block::text("top"), filler, Block::heading("Heading"), Block::text("body")];

        let pages = flow_blocks(fonts, geometry, &blocks);

        assert_eq!(pages.len(), 2);
        assert_eq!(page_texts(&pages[0]), vec!["top"]);
        assert_eq!(page_texts(&pages[1]), vec!["Heading", "body"]);
    }

    #[test]
    fn heading_moves_with_line_after_space() {
        let fonts = FontSet::get().expect("compiled-in fonts parse");
        let geometry = Geometry::for_size(PageSize::A4);
        // As above, 40 pt are left at the page's foot: room for the heading (34.55 pt) but not
        // for the 6 pt space and the 13.5 pt body line under it as well.
        let filler = Block::Space(geometry.body_height() - 13.5 - 40.0);
        let blocks = [
            Block::text("top"),
            filler,
            Block::heading("Heading"),
            Block::Space(6.0),
            Block::text("body"),
        ];

        let pages = flow_blocks(fonts, geometry, &blocks);

        assert_eq!(pages.len(), 2);
        assert_eq!(page_texts(&pages[0]), vec!["top"]);
        assert_eq!(page_texts(&pages[1]), vec!["Heading", "body"]);
    }

    #[test]
    fn heading_moves_with_subheading_and_line() {
        let fonts = FontSet::get().expect("compiled-in fonts parse");
        let geometry = Geometry::for_size(PageSize::A4);
        // 60 pt are left at the page's foot: room for the heading (34.55 pt) and for the
        // subheading after it, but not for the body line under the subheading as well.
        let filler = Block::Space(geometry.body_height() - 13.5 - 60.0);
        let blocks = [
            Block::text("top"),
            filler,
            Block::heading("Section"),
            Block::subheading("Part"),
            Block::text("body"),
        ];

        let pages = flow_blocks(fonts, geometry, &blocks);

        assert_eq!(pages.len(), 2);
        assert_eq!(page_texts(&pages[0]), vec!["top"]);
        assert_eq!(page_texts(&pages[1]), vec!["Section", "Part", "body"]);
    }

    #[test]
    fn paragraph_continues_on_next_page() {
        let fonts = FontSet::get().expect("compiled-in fonts parse");
        let geometry = Geometry::for_size(PageSize::A4);
        let filler = Block::Space(geometry.body_height() - 13.5 - 20.0);
        let blocks = [Block::text("top"), filler, Block::text("one\ntwo")];

        let pages = flow_blocks(fonts, geometry, &blocks);

        // 20 pt are left after "top" and the filler: "one" fits (13.5 pt), "two" does not.
        assert_eq!(page_texts(&pages[0]), vec!["top", "one"]);
        assert_eq!(page_texts(&pages[1]), vec!["two"]);
    }
}
