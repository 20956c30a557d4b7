//! Writes laid-out pages as a PDF: running header, "Page N of M", fonts and metadata.
//!
//! The output depends only on the memo: font resource names are fixed, the creation date is
//! the memo's date and the trailer `/ID` is a SHA-256 of the page content, where printpdf
//! would otherwise put a per-process counter. Page decorations are added in
//! [`running_items`].

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Op, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use crate::error::MemoError;
use crate::fonts::{Face, FontSet};
use crate::layout::geometry::sizes;
use crate::layout::{Geometry, Item, Page};
use crate::model::MemoHeader;
use crate::sections::format_date;
use crate::subset::subset_face;
use crate::text::{Fragment, Mark, Style};

/// Returns the PDF bytes of `pages`, adding the running header and page numbers.
pub fn write_pdf(
    fonts: &FontSet,
    geometry: Geometry,
    header: &MemoHeader,
    mut pages: Vec<Page>,
) -> Result<Vec<u8>, MemoError> {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        page.items.extend(running_items(fonts, geometry, header, index + 1, count));
    }

    let mut doc = PdfDocument::new(&header.subject);
    set_metadata(&mut doc, header);
    let font_ids = embed_fonts(fonts, &mut doc, &pages)?;
    let pdf_pages: Vec<PdfPage> =
        pages.iter().map(|page| page_ops(geometry, &font_ids, page)).collect();
    doc.with_pages(pdf_pages);

    let mut warnings = Vec::new();
    let mut lopdf_doc = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    for warning in &warnings {
        tracing::debug!(?warning, "printpdf warning while building the memo");
    }
    let id = lopdf::Object::String(content_digest(&pages), lopdf::StringFormat::Hexadecimal);
    lopdf_doc.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    lopdf_doc.compress();

    let mut bytes = Vec::new();
    lopdf_doc.save_to(&mut bytes).map_err(|err| MemoError::Serialize(err.to_string()))?;
    Ok(bytes)
}

fn set_metadata(doc: &mut PdfDocument, header: &MemoHeader) {
    let info = &mut doc.metadata.info;
    info.document_title = format!("{} — {}", header.platform, header.subject);
    info.author = header.from.clone();
    info.subject = header.subject.clone();
    info.creator = "Clausewatch".to_owned();
    info.producer = "Clausewatch (printpdf)".to_owned();

    let midnight = header.date.and_hms_opt(0, 0, 0).map(|time| time.and_utc().timestamp());
    if let Some(date) = midnight.and_then(|ts| printpdf::DateTime::from_unix_timestamp(ts).ok()) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
}

/// Returns the running header, its rule and the footer of page `number` of `count`.
fn running_items(
    fonts: &FontSet,
    geometry: Geometry,
    header: &MemoHeader,
    number: usize,
    count: usize,
) -> Vec<Item> {
    let style = Style::new(Face::SansRegular, sizes::RUNNING);
    let bold = Style::new(Face::SansBold, sizes::RUNNING);
    let (left, right) = (geometry.margin_left, geometry.right());
    let header_baseline = geometry.margin_top - 30.0;
    let footer_baseline = geometry.height - geometry.margin_bottom + 36.0;

    let date = format_date(&header.date);
    let date_width = fonts.width(style.face, style.size, &date);
    let title = format!("{} · {}", header.platform, header.subject);
    let title = fit(fonts, style, &title, geometry.body_width() - date_width - 18.0);
    let page_label = format!("Page {number} of {count}");
    let page_width = fonts.width(style.face, style.size, &page_label);

    let mut items = vec![
        text_item(fonts, left, header_baseline, title, style),
        text_item(fonts, right - date_width, header_baseline, date, style),
        Item::Rule { x1: left, x2: right, y: header_baseline + 6.0, thickness: 0.4 },
        text_item(fonts, right - page_width, footer_baseline, page_label, style),
    ];
    if header.privileged {
        let marking = "Privileged & Confidential".to_owned();
        items.push(text_item(fonts, left, footer_baseline, marking, bold));
    }
    items
}

/// Shortens `text` with an ellipsis until it is at most `width` points wide.
fn fit(fonts: &FontSet, style: Style, text: &str, width: f32) -> String {
    if fonts.width(style.face, style.size, text) <= width {
        return text.to_owned();
    }
    let mut shortened: String = text.to_owned();
    while !shortened.is_empty()
        && fonts.width(style.face, style.size, &format!("{shortened}…")) > width
    {
        shortened.pop();
    }
    format!("{}…", shortened.trim_end())
}

fn text_item(fonts: &FontSet, x: f32, baseline: f32, text: String, style: Style) -> Item {
    let width = fonts.width(style.face, style.size, &text);
    Item::Text { x, baseline, fragment: Fragment { x: 0.0, width, text, style } }
}

/// Subsets and embeds every face the pages use; returns the resource id of each face.
fn embed_fonts(
    fonts: &FontSet,
    doc: &mut PdfDocument,
    pages: &[Page],
) -> Result<BTreeMap<Face, FontId>, MemoError> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for item in pages.iter().flat_map(|page| &page.items) {
        if let Item::Text { fragment, .. } = item {
            used.entry(fragment.style.face).or_default().extend(fragment.text.chars());
        }
    }

    let mut ids = BTreeMap::new();
    for (face, chars) in used {
        let parsed = subset_face(fonts, face, &chars)?;
        // Fixed names keep the output identical from one run to the next.
        let id = FontId(format!("F{}", face.index() + 1));
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(parsed));
        ids.insert(face, id);
    }
    Ok(ids)
}

/// Returns the drawing operations of one page, in PDF coordinates (origin bottom-left).
fn page_ops(geometry: Geometry, font_ids: &BTreeMap<Face, FontId>, page: &Page) -> PdfPage {
    let black = Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None });
    let mut ops = vec![Op::SetOutlineColor { col: black.clone() }, Op::SetFillColor { col: black }];
    let flip = |y: f32| geometry.height - y;

    for item in &page.items {
        match item {
            Item::Text { x, baseline, fragment } => {
                let style = fragment.style;
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(font_ids[&style.face].clone()),
                        size: Pt(style.size),
                    },
                    Op::SetTextCursor { pos: Point { x: Pt(*x), y: Pt(flip(*baseline)) } },
                    Op::ShowText { items: vec![TextItem::Text(fragment.text.clone())] },
                    Op::EndTextSection,
                ]);
                if let Some(offset) = mark_offset(style) {
                    let y = flip(*baseline) + offset;
                    ops.extend(rule_ops(*x, *x + fragment.width, y, style.size * 0.06));
                }
            }
            Item::Rule { x1, x2, y, thickness } => {
                ops.extend(rule_ops(*x1, *x2, flip(*y), *thickness));
            }
        }
    }
    // The boxes are set in points: `PdfPage::new` takes millimetres, and the round trip
    // turns US Letter's 792 pt into 792.001.
    let page_box = Rect::from_wh(Pt(geometry.width), Pt(geometry.height));
    PdfPage { media_box: page_box.clone(), trim_box: page_box.clone(), crop_box: page_box, ops }
}

/// Returns the height of a fragment's mark line above its baseline, if it has one.
fn mark_offset(style: Style) -> Option<f32> {
    match style.mark {
        Mark::None => None,
        Mark::Underline => Some(-0.14 * style.size),
        // About half the x-height of DejaVu Serif (0.52 em), through the middle of lowercase.
        Mark::StrikeThrough => Some(0.27 * style.size),
    }
}

fn rule_ops(x1: f32, x2: f32, y: f32, thickness: f32) -> [Op; 2] {
    let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    [
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine { line: PdfLine { points: vec![point(x1), point(x2)], is_closed: false } },
    ]
}

/// Returns a SHA-256 of the pages' text and positions, used as the PDF's `/ID`.
fn content_digest(pages: &[Page]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for page in pages {
        hasher.update(b"page");
        for item in &page.items {
            match item {
                Item::Text { x, baseline, fragment } => {
                    hasher.update(x.to_le_bytes());
                    hasher.update(baseline.to_le_bytes());
                    hasher.update(fragment.text.as_bytes());
                }
                Item::Rule { x1, x2, y, thickness } => {
                    for value in [x1, x2, y, thickness] {
                        hasher.update(value.to_le_bytes());
                    }
                }
            }
        }
    }
    hasher.finalize()[..16].to_vec()
}
