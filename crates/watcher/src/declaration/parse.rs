//! Reads Open Terms Archive declaration files (`<Platform>.json`, with the current `terms` key
//! or the older `documents` key) and their histories (`<Platform>.history.json`). A new key of
//! the format goes into `RawSource` and is carried into the model in `source_from_raw`.
//!
//! A file is rejected, naming it, when one object has the same key twice, and when it has both
//! `terms` and `documents`. Merging the two would hide which entry wins for a document type
//! declared in both. Every other error names the file, the service and the document type.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::duplicates::find_duplicate_key;
use super::error::{DeclarationError, DeclarationLocation};
use super::model::{
    Declaration, DeclarationHistory, DeclarationWarning, DocumentDeclaration,
    HistoricalDeclaration, RangeBoundary, SelectorRule, SourceDeclaration,
};
use crate::extract::filters;
use crate::extract::selector_error::selector_reason;

/// A parsed declaration with what was skipped while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDeclaration {
    pub declaration: Declaration,
    pub warnings: Vec<DeclarationWarning>,
}

/// A parsed history with what was skipped while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedHistory {
    pub history: DeclarationHistory,
    pub warnings: Vec<DeclarationWarning>,
}

// Unknown top-level keys (`importedFrom`, …) describe the file, not the documents: ignored.
#[derive(Deserialize)]
#[serde(expecting = "a declaration object with `name` and `terms`")]
struct RawDeclaration {
    name: String,
    terms: Option<BTreeMap<String, RawSource>>,
    documents: Option<BTreeMap<String, RawSource>>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
struct RawSource {
    fetch: Option<String>,
    select: Option<RawRules>,
    remove: Option<RawRules>,
    filter: Option<Vec<RawFilter>>,
    execute_client_scripts: Option<bool>,
    combine: Option<Vec<RawSource>>,
    valid_until: Option<String>,
    /// Keys the format does not have, such as a misspelt "selekt". Each is reported.
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_json::Value>,
}

// `Many` comes first: serde would otherwise read a list of strings as a range, whose fields it
// can fill from a sequence.
#[derive(Deserialize, Clone)]
#[serde(
    untagged,
    expecting = "`select` and `remove` must each be a CSS selector, a range object \
                 ({\"startBefore\" or \"startAfter\", \"endBefore\" or \"endAfter\"}) or a list \
                 of these; the value"
)]
enum RawRules {
    Many(Vec<RawRule>),
    One(RawRule),
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawRule {
    Css(String),
    Range(RawRange),
}

#[derive(Deserialize, Clone)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawRange {
    start_before: Option<String>,
    start_after: Option<String>,
    end_before: Option<String>,
    end_after: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawFilter {
    Name(String),
    WithParams { name: String },
}

impl RawFilter {
    fn name(&self) -> &str {
        match self {
            Self::Name(name) | Self::WithParams { name } => name,
        }
    }
}

/// Parses a `<Platform>.json` declaration. `file` names the file in error messages.
pub fn parse_declaration(json: &str, file: &str) -> Result<ParsedDeclaration, DeclarationError> {
    // Some editors save UTF-8 with a byte order mark. RFC 8259 (section 8.1) lets a JSON
    // reader ignore it.
    parse(json.strip_prefix('\u{feff}').unwrap_or(json), Some(file))
}

/// Parses a declaration that was not read from a file, such as a stored source's rules. Its
/// errors name the service and document type only.
pub(crate) fn parse_unfiled_declaration(json: &str) -> Result<ParsedDeclaration, DeclarationError> {
    parse(json, None)
}

fn parse(json: &str, file: Option<&str>) -> Result<ParsedDeclaration, DeclarationError> {
    let file_name = || file.unwrap_or("of the stored source").to_owned();
    // Stored rules are written from a `serde_json::Value`, whose objects cannot repeat a key.
    if let Some(file) = file {
        check_duplicate_keys(json, file)?;
    }
    if json.trim_start().starts_with('[') {
        return Err(DeclarationError::NotAnObject { file: file_name() });
    }
    let raw: RawDeclaration = serde_json::from_str(json)
        .map_err(|source| DeclarationError::Json { file: file_name(), source })?;

    // The `documents` key is the name older declarations used for what is now `terms`.
    let raw_key_is_documents = raw.terms.is_none();
    let documents = match (raw.terms, raw.documents) {
        (Some(_), Some(_)) => {
            return Err(DeclarationError::TermsAndDocuments { file: file_name() });
        }
        (Some(documents), None) | (None, Some(documents)) => documents,
        (None, None) => return Err(DeclarationError::NoDocuments { file: file_name() }),
    };
    if documents.is_empty() {
        let key = if raw_key_is_documents { "documents" } else { "terms" };
        return Err(DeclarationError::EmptyDocuments { file: file_name(), key });
    }

    let mut warnings = Vec::new();
    let mut parsed = BTreeMap::new();
    for (document_type, source) in documents {
        let at = DeclarationLocation {
            file: file.map(str::to_owned),
            service: Some(raw.name.clone()),
            document_type: document_type.clone(),
        };
        let document = document_from_raw(&at, &source, &mut warnings)?;
        parsed.insert(document_type, document);
    }

    let declaration = Declaration { platform: raw.name, documents: parsed };
    Ok(ParsedDeclaration { declaration, warnings })
}

/// Parses a `<Platform>.history.json` file of earlier declarations, oldest validity first.
pub fn parse_history(json: &str, file: &str) -> Result<ParsedHistory, DeclarationError> {
    check_duplicate_keys(json, file)?;
    let raw: BTreeMap<String, Vec<RawSource>> = serde_json::from_str(json)
        .map_err(|source| DeclarationError::Json { file: file.to_owned(), source })?;

    let mut warnings = Vec::new();
    let mut documents = BTreeMap::new();
    for (document_type, entries) in raw {
        let at = DeclarationLocation {
            file: Some(file.to_owned()),
            service: None,
            document_type: document_type.clone(),
        };
        let mut history = Vec::with_capacity(entries.len());
        for entry in &entries {
            let valid_until = parse_valid_until(&at, entry.valid_until.as_deref())?;
            let document = document_from_raw(&at, entry, &mut warnings)?;
            history.push(HistoricalDeclaration { valid_until, document });
        }
        history.sort_by_key(|entry| entry.valid_until);
        documents.insert(document_type, history);
    }

    Ok(ParsedHistory { history: DeclarationHistory { documents }, warnings })
}

fn check_duplicate_keys(json: &str, file: &str) -> Result<(), DeclarationError> {
    let Some(duplicate) = find_duplicate_key(json) else {
        return Ok(());
    };
    let place = match duplicate.path.is_empty() {
        true => String::new(),
        false => format!(" in `{}`", duplicate.path.join(".")),
    };
    Err(DeclarationError::DuplicateKey {
        file: file.to_owned(),
        key: duplicate.key,
        place,
        line: duplicate.line,
    })
}

fn parse_valid_until(
    at: &DeclarationLocation,
    value: Option<&str>,
) -> Result<DateTime<Utc>, DeclarationError> {
    let value = value.ok_or_else(|| DeclarationError::MissingValidUntil { at: at.clone() })?;

    DateTime::parse_from_rfc3339(value).map(|date| date.with_timezone(&Utc)).map_err(|source| {
        DeclarationError::InvalidValidUntil { at: at.clone(), value: value.to_owned(), source }
    })
}

fn document_from_raw(
    at: &DeclarationLocation,
    raw: &RawSource,
    warnings: &mut Vec<DeclarationWarning>,
) -> Result<DocumentDeclaration, DeclarationError> {
    report_unknown_keys(at, raw, warnings);
    let sources = match &raw.combine {
        // Each combined page inherits the document's rules unless it declares its own.
        Some(pages) if !pages.is_empty() => pages
            .iter()
            .map(|page| {
                report_unknown_keys(at, page, warnings);
                source_from_raw(at, &inherit(raw, page), warnings)
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => vec![source_from_raw(at, raw, warnings)?],
    };

    Ok(DocumentDeclaration { sources })
}

fn inherit(document: &RawSource, page: &RawSource) -> RawSource {
    RawSource {
        fetch: page.fetch.clone(),
        select: page.select.clone().or_else(|| document.select.clone()),
        remove: page.remove.clone().or_else(|| document.remove.clone()),
        filter: page.filter.clone().or_else(|| document.filter.clone()),
        execute_client_scripts: page.execute_client_scripts.or(document.execute_client_scripts),
        combine: None,
        valid_until: None,
        unknown: page.unknown.clone(),
    }
}

/// Adds a warning for each key of `raw` that the declaration format does not have.
fn report_unknown_keys(
    at: &DeclarationLocation,
    raw: &RawSource,
    warnings: &mut Vec<DeclarationWarning>,
) {
    for key in raw.unknown.keys() {
        warnings.push(DeclarationWarning::UnknownKey {
            document_type: at.document_type.clone(),
            key: key.clone(),
            place: at.to_string(),
        });
    }
}

fn source_from_raw(
    at: &DeclarationLocation,
    raw: &RawSource,
    warnings: &mut Vec<DeclarationWarning>,
) -> Result<SourceDeclaration, DeclarationError> {
    let url = raw
        .fetch
        .as_deref()
        .map(|url| url.trim().to_owned())
        .ok_or_else(|| DeclarationError::MissingFetch { at: at.clone() })?;

    let select = rules_from_raw(at, raw.select.as_ref())?;
    let remove = rules_from_raw(at, raw.remove.as_ref())?;
    let document_type = at.document_type.as_str();

    let mut kept_filters = Vec::new();
    for filter in raw.filter.iter().flatten() {
        let name = filter.name();
        if filters::is_implemented(name) {
            kept_filters.push(name.to_owned());
            continue;
        }

        // The caller shows the warning; a log line at the default level would repeat it.
        tracing::debug!(document_type, url = %url, filter = name, "declared filter not implemented");
        warnings.push(DeclarationWarning::UnknownFilter {
            document_type: document_type.to_owned(),
            url: url.clone(),
            filter: name.to_owned(),
        });
    }

    Ok(SourceDeclaration {
        url,
        select,
        remove,
        filters: kept_filters,
        execute_client_scripts: raw.execute_client_scripts.unwrap_or(false),
    })
}

fn rules_from_raw(
    at: &DeclarationLocation,
    raw: Option<&RawRules>,
) -> Result<Vec<SelectorRule>, DeclarationError> {
    let rules: Vec<&RawRule> = match raw {
        None => Vec::new(),
        Some(RawRules::One(rule)) => vec![rule],
        Some(RawRules::Many(rules)) => rules.iter().collect(),
    };

    rules.into_iter().map(|rule| rule_from_raw(at, rule)).collect()
}

fn rule_from_raw(
    at: &DeclarationLocation,
    raw: &RawRule,
) -> Result<SelectorRule, DeclarationError> {
    match raw {
        RawRule::Css(selector) => {
            check_selector(at, selector)?;
            Ok(SelectorRule::Css(selector.clone()))
        }
        RawRule::Range(range) => {
            let start = boundary(at, "start", &range.start_before, &range.start_after)?;
            let end = boundary(at, "end", &range.end_before, &range.end_after)?;
            Ok(SelectorRule::Range { start, end })
        }
    }
}

fn boundary(
    at: &DeclarationLocation,
    side: &'static str,
    before: &Option<String>,
    after: &Option<String>,
) -> Result<RangeBoundary, DeclarationError> {
    let boundary = match (before, after) {
        (Some(selector), None) => RangeBoundary::Before(selector.clone()),
        (None, Some(selector)) => RangeBoundary::After(selector.clone()),
        _ => {
            return Err(DeclarationError::InvalidRangeRule { at: at.clone(), side });
        }
    };

    check_selector(at, boundary.selector())?;
    Ok(boundary)
}

fn check_selector(at: &DeclarationLocation, selector: &str) -> Result<(), DeclarationError> {
    scraper::Selector::parse(selector).map(|_| ()).map_err(|error| {
        DeclarationError::InvalidSelector {
            at: at.clone(),
            selector: selector.to_owned(),
            reason: selector_reason(&error),
        }
    })
}
