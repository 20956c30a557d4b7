//! Page layout: blocks of styled text and tables flowed onto fixed-size pages.
//!
//! Sections describe what to print as [`Block`]s; [`flow::flow_blocks`] places them on pages
//! as positioned [`Item`]s, with y measured downward from the page's top edge. Only the PDF
//! writer knows PDF coordinates. A new kind of content is a new [`Block`] variant and its
//! placement in `flow.rs`.

pub mod blocks;
pub mod flow;
pub mod geometry;
pub mod table;

pub use blocks::{Block, Table};
pub use geometry::{Geometry, PageSize};

use crate::text::Fragment;

/// One laid-out page, before the running header and footer are added.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Something drawn on a page, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub enum Item {
    /// A fragment of text whose baseline is `baseline` points below the top edge.
    Text { x: f32, baseline: f32, fragment: Fragment },
    /// A horizontal rule from `x1` to `x2`.
    Rule { x1: f32, x2: f32, y: f32, thickness: f32 },
}
