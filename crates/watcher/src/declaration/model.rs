//! The parsed form of an Open Terms Archive declaration: which pages make up each document and
//! which parts of them hold its text. Parsing lives in `parse.rs`; add a field here first, then
//! read it there.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

/// One platform's declaration: its name and, per document type, how to obtain the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub platform: String,
    pub documents: BTreeMap<String, DocumentDeclaration>,
}

/// How to obtain one document: one source, or several combined in order.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentDeclaration {
    /// The pages in the order their texts are joined. A single-page document has one source.
    pub sources: Vec<SourceDeclaration>,
}

/// One page of a document, with the rules that find its text.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDeclaration {
    pub url: String,
    /// Parts of the page that hold the text, in document order. Empty means the whole body.
    pub select: Vec<SelectorRule>,
    /// Parts removed before selection (menus, banners, language pickers).
    pub remove: Vec<SelectorRule>,
    /// Named filters this product implements, in declaration order.
    pub filters: Vec<String>,
    /// True when the page only shows its text after running its scripts in a browser.
    pub execute_client_scripts: bool,
}

/// A rule naming part of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectorRule {
    /// Every element matching a CSS selector.
    Css(String),
    /// Everything between two boundaries, each placed before or after an element.
    Range { start: RangeBoundary, end: RangeBoundary },
}

/// One end of a range: just before, or just after, the first element matching a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeBoundary {
    Before(String),
    After(String),
}

impl RangeBoundary {
    /// Returns the CSS selector that places this boundary.
    pub fn selector(&self) -> &str {
        match self {
            Self::Before(selector) | Self::After(selector) => selector,
        }
    }
}

/// Earlier declarations of a platform, per document type, each valid until a date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeclarationHistory {
    pub documents: BTreeMap<String, Vec<HistoricalDeclaration>>,
}

/// A declaration that was in force until `valid_until` (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoricalDeclaration {
    pub valid_until: DateTime<Utc>,
    pub document: DocumentDeclaration,
}

/// Something in a declaration that was skipped rather than applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclarationWarning {
    /// A filter this product does not implement; the text is extracted without it.
    UnknownFilter { document_type: String, url: String, filter: String },
    /// A key the declaration format does not have; its value is not used. `place` names the
    /// service, the document type and the file.
    UnknownKey { document_type: String, key: String, place: String },
}

impl std::fmt::Display for DeclarationWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownFilter { document_type, url, filter } => write!(
                f,
                "filter `{filter}` of {document_type} ({url}) is not implemented and was skipped; \
                 the extracted text may keep what it was meant to remove"
            ),
            Self::UnknownKey { key, place, .. } => write!(
                f,
                "key `{key}` of {place} is not part of the declaration format and was \
                 ignored; check its spelling against fetch, select, remove, filter, \
                 executeClientScripts and combine"
            ),
        }
    }
}
