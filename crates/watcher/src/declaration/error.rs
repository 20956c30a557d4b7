//! Errors met while reading a declaration file. Each names the file, the service and the
//! document type of the value at fault, so the declaration can be corrected by hand.

use std::fmt;

/// The place of a value in a declaration: the document type, the service that declares it and
/// the file it was read from. Rules read back from the store have no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationLocation {
    pub file: Option<String>,
    /// The declared service name; `None` in a history file, which does not repeat it.
    pub service: Option<String>,
    pub document_type: String,
}

impl fmt::Display for DeclarationLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.service {
            Some(service) => write!(f, "{service} {}", self.document_type)?,
            None => write!(f, "{}", self.document_type)?,
        }
        match &self.file {
            Some(file) => write!(f, " in {file}"),
            None => Ok(()),
        }
    }
}

/// A declaration or history file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeclarationError {
    #[error("declaration {file} is not valid declaration JSON: {source}")]
    Json { file: String, source: serde_json::Error },

    #[error(
        "declaration {file} has the key `{key}` twice{place} (the second at line {line}); a JSON \
         reader keeps only the last, so remove or rename one of them"
    )]
    DuplicateKey { file: String, key: String, place: String, line: usize },

    #[error(
        "declaration {file} is a JSON list; a declaration is one object with `name` and `terms`, \
         so write one file per service"
    )]
    NotAnObject { file: String },

    #[error("declaration {file} has neither a `terms` nor a `documents` key; add the documents")]
    NoDocuments { file: String },

    #[error("declaration {file} lists no documents under `{key}`; add one or remove the file")]
    EmptyDocuments { file: String, key: &'static str },

    #[error(
        "declaration {file} has both a `terms` and a `documents` key; `documents` is the older \
         name of `terms`, so move its entries into `terms` and remove it"
    )]
    TermsAndDocuments { file: String },

    #[error("{at} has no `fetch` URL; give one on the document or each combined page")]
    MissingFetch { at: DeclarationLocation },

    #[error("{at} has an invalid selector `{selector}` ({reason}); write a CSS selector")]
    InvalidSelector { at: DeclarationLocation, selector: String, reason: String },

    #[error(
        "{at} has a range whose {side} is missing or doubled; give exactly one of \
         `{side}Before` and `{side}After`"
    )]
    InvalidRangeRule { at: DeclarationLocation, side: &'static str },

    #[error("{at} has a history entry without `validUntil`; add its end date")]
    MissingValidUntil { at: DeclarationLocation },

    #[error("{at} has an invalid `validUntil` {value:?} ({source}); use RFC 3339")]
    InvalidValidUntil { at: DeclarationLocation, value: String, source: chrono::ParseError },
}
