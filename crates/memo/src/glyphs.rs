//! Characters of a memo that some of its faces cannot draw.
//!
//! The DejaVu faces cover Latin, Greek and Cyrillic scripts but no Chinese, Japanese or Korean
//! characters and few symbols. A character no face has is drawn as the empty box of glyph 0,
//! so the reader of the PDF would not see that text was lost. [`unprintable_chars`] finds such
//! characters so that the memo can list them and its writer can warn.

use std::collections::BTreeSet;

use crate::error::FontError;
use crate::fonts::{Face, FontSet};
use crate::model::Memo;

/// Returns the distinct characters of `memo`'s text that a face of the memo has no glyph for,
/// in the order they first appear. Line breaks and tabs are layout, not text, and are skipped.
pub fn unprintable_chars(memo: &Memo) -> Result<Vec<char>, FontError> {
    let fonts = FontSet::get()?;
    // The model serialises to plain strings, so every printed text is one of them.
    let value = serde_json::to_value(memo).unwrap_or(serde_json::Value::Null);

    let mut seen = BTreeSet::new();
    let mut missing = Vec::new();
    visit_strings(&value, &mut |text| {
        for ch in text.chars() {
            if matches!(ch, '\n' | '\r' | '\t') || !seen.insert(ch) {
                continue;
            }
            if !has_glyph(fonts, ch) {
                missing.push(ch);
            }
        }
    });
    Ok(missing)
}

/// Returns the distinct characters of `text` that a face of the memo has no glyph for, in the
/// order they first appear, as [`unprintable_chars`] does for a whole memo.
pub fn unprintable_in(text: &str) -> Result<Vec<char>, FontError> {
    let fonts = FontSet::get()?;
    let mut missing = Vec::new();
    for ch in text.chars() {
        if !matches!(ch, '\n' | '\r' | '\t') && !missing.contains(&ch) && !has_glyph(fonts, ch) {
            missing.push(ch);
        }
    }
    Ok(missing)
}

/// Returns code points as the memo prints them: "U+65E5, U+672C".
pub fn code_points(chars: &[char]) -> String {
    let names: Vec<String> = chars.iter().map(|ch| format!("U+{:04X}", u32::from(*ch))).collect();
    names.join(", ")
}

/// Returns whether every face can draw `ch`. The model does not say which face sets which
/// text, and the faces differ (DejaVu Sans has ✓, DejaVu Serif does not), so a character that
/// one face lacks is reported: it may print as a box.
fn has_glyph(fonts: &FontSet, ch: char) -> bool {
    let glyph = |face: Face| fonts.parsed(face).lookup_glyph_index(u32::from(ch)).unwrap_or(0);
    !ch.is_control() && Face::ALL.iter().all(|face| glyph(*face) != 0)
}

fn visit_strings(value: &serde_json::Value, visit: &mut impl FnMut(&str)) {
    match value {
        serde_json::Value::String(text) => visit(text),
        serde_json::Value::Array(items) => items.iter().for_each(|item| visit_strings(item, visit)),
        serde_json::Value::Object(fields) => {
            fields.values().for_each(|field| visit_strings(field, visit));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_check_tells_scripts_apart() {
        let fonts = FontSet::get().unwrap();

        for ch in ['a', 'é', 'Ω', 'Ж', '§', '–'] {
            assert!(has_glyph(fonts, ch), "{ch} is drawn");
        }
        for ch in ['日', '한', '✓', '\u{1}'] {
            assert!(!has_glyph(fonts, ch), "{ch:?} has no glyph");
        }
    }

    #[test]
    fn code_points_are_zero_padded() {
        assert_eq!(code_points(&['日', '\u{1}']), "U+65E5, U+0001");
    }
}
