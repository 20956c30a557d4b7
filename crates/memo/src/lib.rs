//! PDF layout of compliance memos.
//!
//! [`render_pdf`] turns a [`Memo`] (plain structs, see [`model`]) into PDF bytes and
//! [`write_pdf_file`] writes them atomically. The crate does not know where the memo's data
//! comes from. Text is laid out with the advance widths of the DejaVu faces in
//! `assets/fonts`, which are embedded as subsets, so every word is real, searchable text.
//!
//! ```no_run
//! # fn run(memo: &clausewatch_memo::Memo) -> Result<(), clausewatch_memo::MemoError> {
//! let options = clausewatch_memo::RenderOptions::default(); // A4
//! clausewatch_memo::write_pdf_file(memo, &options, std::path::Path::new("memo.pdf"))?;
//! # Ok(()) }
//! ```
//!
//! Layout lives in [`layout`] (page flow, tables), memo sections in `sections`, PDF output
//! in `pdf`.

mod error;
mod fonts;
mod glyphs;
pub mod layout;
pub mod model;
mod pdf;
mod sections;
mod subset;
mod text;
mod write;

use std::path::Path;

pub use error::{FontError, MemoError};
pub use glyphs::{code_points, unprintable_chars, unprintable_in};
pub use layout::PageSize;
pub use model::*;
pub use sections::HEADINGS;

use crate::fonts::FontSet;
use crate::layout::Geometry;

/// Options of the layout that are not part of the memo itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RenderOptions {
    pub page_size: PageSize,
}

/// Renders `memo` as a PDF and returns its bytes. The same memo always gives the same bytes.
pub fn render_pdf(memo: &Memo, options: &RenderOptions) -> Result<Vec<u8>, MemoError> {
    let fonts = FontSet::get()?;
    let geometry = Geometry::for_size(options.page_size);

    let blocks = sections::memo_blocks(memo);
    let pages = layout::flow::flow_blocks(fonts, geometry, &blocks);
    let page_count = pages.len();
    let bytes = pdf::write_pdf(fonts, geometry, &memo.header, pages)?;

    tracing::debug!(
        platform = %memo.header.platform,
        pages = page_count,
        bytes = bytes.len(),
        "memo rendered"
    );
    Ok(bytes)
}

/// Renders `memo` and writes it to `path` atomically: a temporary file in the same folder is
/// renamed over `path`, so readers never see a partial memo and a failure leaves none.
pub fn write_pdf_file(memo: &Memo, options: &RenderOptions, path: &Path) -> Result<(), MemoError> {
    let bytes = render_pdf(memo, options)?;
    write::write_atomically(path, &bytes)
}
