//! Errors of the analysis layer. Each variant names the file or rule at fault so that a
//! reviewer editing an asset file can find the bad line.

use std::path::PathBuf;

/// An error raised while loading rules, regulations or evaluation data.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("failed to read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },

    #[error("invalid TOML in {origin}: {source}")]
    Toml { origin: String, source: Box<toml::de::Error> },

    #[error(
        "invalid pattern {pattern:?} in rule {rule:?} of category {category:?}: {source}; \
         fix the regular expression in the taxonomy file"
    )]
    Pattern { category: String, rule: String, pattern: String, source: Box<regex::Error> },

    #[error("rule {rule:?} of category {category:?} has no patterns in `all`; add at least one")]
    EmptyRule { category: String, rule: String },

    #[error("duplicate {kind} id {id:?} in {origin}; ids must be unique, whatever their case")]
    DuplicateId { kind: &'static str, id: String, origin: String },

    #[error("{0}")]
    Links(String),

    #[error(
        "invalid {field} {value:?} of category {category:?} in {origin}: it is empty or contains \
         a line break, another control character or an invisible formatting character (a \
         direction override, a zero-width space); give it on one line without them"
    )]
    UnreadableName { field: &'static str, value: String, category: String, origin: String },

    #[error(
        "{path}: line counts differ ({sentences} sentences, {tags} tag lines); \
         each sentence needs exactly one tag line"
    )]
    LabelMismatch { path: PathBuf, sentences: usize, tags: usize },

    #[error(
        "{folder} holds no labelled documents (sentences/<Name>.txt with tags/<Name>.txt); \
         give the folder that contains `sentences` and `tags`"
    )]
    NoLabelledDocuments { folder: PathBuf },
}
