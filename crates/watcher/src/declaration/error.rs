//! Errors met while reading a declaration file. Each names the file or document type and the
//! value at fault, so the declaration can be corrected by hand.

/// A declaration or history file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeclarationError {
    #[error("declaration {file} is not valid declaration JSON: {source}")]
    Json { file: String, source: serde_json::Error },

    #[error("declaration {file} has neither a `terms` nor a `documents` key; add the documents")]
    NoDocuments { file: String },

    #[error("{document_type} has no `fetch` URL; give one on the document or each combined page")]
    MissingFetch { document_type: String },

    #[error(
        "{document_type} has an invalid selector `{selector}` ({reason}); write a CSS selector"
    )]
    InvalidSelector { document_type: String, selector: String, reason: String },

    #[error(
        "{document_type} has a range whose {side} is missing or doubled; give exactly one of \
         `{side}Before` and `{side}After`"
    )]
    InvalidRangeRule { document_type: String, side: &'static str },

    #[error("{document_type} has a history entry without `validUntil`; add its end date")]
    MissingValidUntil { document_type: String },

    #[error("{document_type} has an invalid `validUntil` {value:?} ({source}); use RFC 3339")]
    InvalidValidUntil { document_type: String, value: String, source: chrono::ParseError },
}
