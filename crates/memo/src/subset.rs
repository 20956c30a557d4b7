//! Font subsetting: each embedded face keeps only the glyphs the memo draws.
//!
//! printpdf 0.12 subsets fonts only with its `text_layout` feature, which more than doubles
//! the crate's build time. Its font parser already depends on allsorts, so this module
//! calls allsorts' subsetter directly and hands printpdf a smaller face with a Unicode cmap
//! of its own. Text stays real text, because printpdf writes `/ToUnicode` from the
//! characters it is given.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use crate::error::FontError;
use crate::fonts::{Face, FontSet};

/// Returns `face` reduced to the glyphs of `chars` plus glyph 0 (.notdef).
pub fn subset_face(
    fonts: &FontSet,
    face: Face,
    chars: &BTreeSet<char>,
) -> Result<ParsedFont, FontError> {
    let (name, bytes) = face.file();
    let error = |message: String| FontError { face: name, message };

    let full = fonts.parsed(face);
    let used: BTreeSet<u16> = chars
        .iter()
        .filter_map(|ch| full.lookup_glyph_index(u32::from(*ch)))
        .filter(|glyph| *glyph != 0)
        .collect();
    // allsorts requires .notdef first and no duplicates.
    let glyphs: Vec<u16> = std::iter::once(0).chain(used).collect();

    let font_data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|err| error(format!("not a readable font file: {err}")))?;
    let provider =
        font_data.table_provider(0).map_err(|err| error(format!("no font tables: {err}")))?;
    let subset_bytes = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|err| error(format!("subsetting {} glyphs failed: {err}", glyphs.len())))?;

    let mut warnings = Vec::new();
    ParsedFont::from_bytes(&subset_bytes, 0, &mut warnings)
        .ok_or_else(|| error(format!("the subset face does not parse: {warnings:?}")))
}
