//! Loader of the labelled clause corpus: `sentences/<Company>.txt` and `tags/<Company>.txt`,
//! one line per sentence, and the fixed split of its documents.
//!
//! This is the one module of the crate that reads files for evaluation.

use std::collections::BTreeSet;
use std::path::Path;

use crate::AnalysisError;

/// Documents whose sentences were read while writing and tuning the rules.
///
/// The split takes every other document in alphabetical order and was fixed before any rule
/// was written.
pub const TUNING_DOCUMENTS: [&str; 15] = [
    "Electronic_Arts",
    "Facebook",
    "Garmin",
    "Grindr",
    "Klarna",
    "Mysugr",
    "Pinterest",
    "Revolut",
    "Ryanair",
    "Spotify",
    "Tripadvisor",
    "Uber",
    "WhatsApp",
    "Yahoo",
    "Zoom",
];

/// Documents never read while tuning; the reported figures come from these.
pub const HELD_OUT_DOCUMENTS: [&str; 15] = [
    "Endomondo",
    "Flo",
    "Google",
    "Instagram",
    "Microsoft",
    "Oculus",
    "Quora",
    "Rovio",
    "Skyscanner",
    "Terravision",
    "Twitch",
    "Weebly",
    "WorldOfWarcraft",
    "YouTube",
    "Zynga",
];

/// One sentence and the dataset codes of its labels, without the degree digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    pub text: String,
    pub codes: BTreeSet<String>,
}

/// The labelled sentences of one document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledDocument {
    pub name: String,
    pub sentences: Vec<LabelledSentence>,
}

/// Loads the named documents from `dir` (the folder holding `sentences/` and `tags/`).
pub fn load_clause_labels(
    dir: &Path,
    names: &[&str],
) -> Result<Vec<LabelledDocument>, AnalysisError> {
    names.iter().map(|name| load_document(dir, name)).collect()
}

/// Returns the names of the documents in `dir` (the stems of `sentences/<Name>.txt`), sorted.
pub fn document_names(dir: &Path) -> Result<Vec<String>, AnalysisError> {
    let sentences = dir.join("sentences");
    let entries = std::fs::read_dir(&sentences).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => {
            AnalysisError::NoLabelledDocuments { folder: dir.to_owned() }
        }
        _ => AnalysisError::Read { path: sentences.clone(), source },
    })?;

    let mut names = Vec::new();
    for entry in entries {
        let path =
            entry.map_err(|source| AnalysisError::Read { path: sentences.clone(), source })?.path();
        if path.extension().is_some_and(|extension| extension == "txt")
            && let Some(stem) = path.file_stem().and_then(|stem| stem.to_str())
        {
            names.push(stem.to_owned());
        }
    }
    if names.is_empty() {
        return Err(AnalysisError::NoLabelledDocuments { folder: dir.to_owned() });
    }
    names.sort_unstable();
    Ok(names)
}

/// Loads one document and pairs each sentence with its tag line.
fn load_document(dir: &Path, name: &str) -> Result<LabelledDocument, AnalysisError> {
    let sentences_path = dir.join("sentences").join(format!("{name}.txt"));
    let tags_path = dir.join("tags").join(format!("{name}.txt"));
    let sentences = read(&sentences_path)?;
    let tags = read(&tags_path)?;

    let sentence_lines: Vec<&str> = sentences.lines().collect();
    let tag_lines: Vec<&str> = tags.lines().collect();
    if sentence_lines.len() != tag_lines.len() {
        return Err(AnalysisError::LabelMismatch {
            path: tags_path,
            sentences: sentence_lines.len(),
            tags: tag_lines.len(),
        });
    }

    let sentences = sentence_lines
        .iter()
        .zip(&tag_lines)
        .map(|(text, tags)| LabelledSentence { text: (*text).to_owned(), codes: codes(tags) })
        .collect();

    Ok(LabelledDocument { name: name.to_owned(), sentences })
}

/// Returns the codes of a tag line: "ltd2 ter3" gives {"ltd", "ter"}.
fn codes(tags: &str) -> BTreeSet<String> {
    tags.split_whitespace()
        .map(|tag| tag.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned())
        .collect()
}

fn read(path: &Path) -> Result<String, AnalysisError> {
    std::fs::read_to_string(path)
        .map_err(|source| AnalysisError::Read { path: path.to_owned(), source })
}
