//! Paper sizes, margins and the type sizes shared by every section.

use serde::{Deserialize, Serialize};

/// Paper size of the memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Page dimensions and margins, in points (1/72 in).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    /// Distance from the top edge to the first line of body text; the running header sits
    /// inside this margin.
    pub margin_top: f32,
    /// Distance from the bottom edge to the last line of body text; the page number sits
    /// inside this margin.
    pub margin_bottom: f32,
}

/// 25 mm, the usual side margin of a business letter on A4.
const MARGIN_SIDE: f32 = 25.0 * 72.0 / 25.4;

impl Geometry {
    /// Returns the geometry of `size` with the memo's margins.
    pub fn for_size(size: PageSize) -> Geometry {
        let (width, height) = match size {
            PageSize::A4 => (210.0 * 72.0 / 25.4, 297.0 * 72.0 / 25.4),
            PageSize::Letter => (612.0, 792.0),
        };
        Geometry {
            width,
            height,
            margin_left: MARGIN_SIDE,
            margin_right: MARGIN_SIDE,
            margin_top: 72.0,
            margin_bottom: 68.0,
        }
    }

    /// Returns the width available to body text.
    pub fn body_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }

    /// Returns the x of the right margin.
    pub fn right(&self) -> f32 {
        self.width - self.margin_right
    }

    /// Returns the y below which no body text may reach.
    pub fn body_bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }

    /// Returns the height available to body text on one page.
    pub fn body_height(&self) -> f32 {
        self.body_bottom() - self.margin_top
    }
}

/// Type sizes in points. Nothing is set smaller than 9 pt, so the memo stays legible printed.
pub mod sizes {
    pub const TITLE: f32 = 18.0;
    pub const HEADING: f32 = 13.0;
    pub const SUBHEADING: f32 = 11.0;
    pub const BODY: f32 = 10.0;
    pub const TABLE: f32 = 9.0;
    pub const RUNNING: f32 = 9.0;
    /// Line height as a multiple of the font size.
    pub const LEADING: f32 = 1.35;
}
