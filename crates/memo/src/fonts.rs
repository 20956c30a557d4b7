//! The font faces a memo uses, compiled in from `assets/fonts`, and their advance widths.
//!
//! Every width the layout computes comes from the faces' `hmtx` advances, the same numbers
//! printpdf writes into the PDF's `/W` arrays, so a measured line is exactly as wide as the
//! drawn one. To add a face, add a [`Face`] variant, its file in [`Face::file`] and in `ALL`.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::FontError;

/// A font face of the memo's type scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    SerifRegular,
    SerifBold,
    SerifItalic,
    SansRegular,
    SansBold,
    Mono,
}

impl Face {
    pub const ALL: [Face; 6] = [
        Face::SerifRegular,
        Face::SerifBold,
        Face::SerifItalic,
        Face::SansRegular,
        Face::SansBold,
        Face::Mono,
    ];

    /// Returns the file name in `assets/fonts` and the face's TrueType bytes.
    pub fn file(self) -> (&'static str, &'static [u8]) {
        match self {
            Face::SerifRegular => {
                ("DejaVuSerif.ttf", include_bytes!("../../../assets/fonts/DejaVuSerif.ttf"))
            }
            Face::SerifBold => (
                "DejaVuSerif-Bold.ttf",
                include_bytes!("../../../assets/fonts/DejaVuSerif-Bold.ttf"),
            ),
            Face::SerifItalic => (
                "DejaVuSerif-Italic.ttf",
                include_bytes!("../../../assets/fonts/DejaVuSerif-Italic.ttf"),
            ),
            Face::SansRegular => {
                ("DejaVuSans.ttf", include_bytes!("../../../assets/fonts/DejaVuSans.ttf"))
            }
            Face::SansBold => {
                ("DejaVuSans-Bold.ttf", include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"))
            }
            Face::Mono => {
                ("DejaVuSansMono.ttf", include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"))
            }
        }
    }

    /// Returns the face's position in [`Face::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Characters below this code point have their advances in a table; the rest are looked up.
const TABLE_LIMIT: u16 = 0x250;

/// Parsed faces with their advance widths, built once per process.
pub struct FontSet {
    faces: Vec<ParsedFont>,
    /// Advances in em of the characters below [`TABLE_LIMIT`], per face: the layout measures
    /// every character of a memo, and most are Latin.
    latin_advances: Vec<Vec<f32>>,
}

static FONT_SET: OnceLock<Result<FontSet, FontError>> = OnceLock::new();

impl FontSet {
    /// Returns the process-wide font set, parsing the compiled-in faces on first use.
    pub fn get() -> Result<&'static FontSet, FontError> {
        FONT_SET.get_or_init(FontSet::parse).as_ref().map_err(Clone::clone)
    }

    /// Parses every face of [`Face::ALL`].
    fn parse() -> Result<FontSet, FontError> {
        let mut faces = Vec::with_capacity(Face::ALL.len());
        for face in Face::ALL {
            let (name, bytes) = face.file();
            let mut warnings = Vec::new();
            let parsed =
                ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| FontError {
                    face: name,
                    message: format!("printpdf could not parse the face: {warnings:?}"),
                })?;
            faces.push(parsed);
        }

        let latin_advances = faces
            .iter()
            .map(|font| {
                (0..u32::from(TABLE_LIMIT))
                    .map(|code| {
                        let ch = char::from_u32(code).unwrap_or('\u{0}');
                        lookup_advance_em(font, ch)
                    })
                    .collect()
            })
            .collect();

        Ok(FontSet { faces, latin_advances })
    }

    /// Returns the parsed face, with its whole glyph set.
    pub fn parsed(&self, face: Face) -> &ParsedFont {
        &self.faces[face.index()]
    }

    /// Returns the advance of `ch` in em units (1.0 is the font size).
    ///
    /// A character the face lacks is drawn as glyph 0 (.notdef), so it is measured as one too.
    pub fn advance_em(&self, face: Face, ch: char) -> f32 {
        match self.latin_advances[face.index()].get(ch as usize) {
            Some(advance) => *advance,
            None => lookup_advance_em(self.parsed(face), ch),
        }
    }

    /// Returns the face's ascent above the baseline in em units.
    pub fn ascent_em(&self, face: Face) -> f32 {
        let font = self.parsed(face);
        f32::from(font.font_metrics.ascent) / f32::from(font.units_per_em)
    }

    /// Returns the face's descent below the baseline in em units, as a positive number.
    pub fn descent_em(&self, face: Face) -> f32 {
        let font = self.parsed(face);
        -f32::from(font.font_metrics.descent) / f32::from(font.units_per_em)
    }

    /// Returns the width of `text` in points at `size` points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        text.chars().map(|ch| self.advance_em(face, ch)).sum::<f32>() * size
    }
}

/// Looks up the advance of `ch` in em units in the face's cmap and `hmtx`.
fn lookup_advance_em(font: &ParsedFont, ch: char) -> f32 {
    let glyph = font.lookup_glyph_index(u32::from(ch)).unwrap_or(0);
    let units = font.get_glyph_width(glyph).unwrap_or(0);
    f32::from(units) / f32::from(font.units_per_em)
}
