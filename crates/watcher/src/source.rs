//! Converts between stored sources and declarations. The store keeps a source's pages with
//! their rules in the Open Terms Archive declaration format; [`document_declaration`] reads
//! them back through the declaration parser, so stored rules get the same checks as a file.
//! [`source_pages`] writes a parsed declaration in that format. A new field of
//! [`SourceDeclaration`] must be written by `page_json` and carried by [`source_pages`].

use serde_json::{Value, json};

use clausewatch_store::sources::SourcePage;

use crate::declaration::{
    DeclarationError, DocumentDeclaration, RangeBoundary, SelectorRule, parse_unfiled_declaration,
};

/// Returns the declaration of a stored source's pages, checking every selector. Errors name
/// the platform and document.
pub fn document_declaration(
    platform: &str,
    document: &str,
    pages: &[SourcePage],
) -> Result<DocumentDeclaration, DeclarationError> {
    let entry = match pages {
        [page] => page_json(page),
        _ => json!({ "combine": pages.iter().map(page_json).collect::<Vec<_>>() }),
    };
    let file = json!({ "name": platform, "terms": { document: entry } }).to_string();

    let mut parsed = parse_unfiled_declaration(&file)?;
    let declaration = parsed.declaration.documents.remove(document);
    Ok(declaration.expect("the document written above is parsed back"))
}

/// Returns the stored form of a parsed declaration's pages.
pub fn source_pages(document: &DocumentDeclaration) -> Vec<SourcePage> {
    document
        .sources
        .iter()
        .map(|source| SourcePage {
            url: source.url.clone(),
            select: source.select.iter().map(rule_json).collect(),
            remove: source.remove.iter().map(rule_json).collect(),
            filters: source.filters.clone(),
            execute_client_scripts: source.execute_client_scripts,
        })
        .collect()
}

/// Returns one page of a source with CSS `select` and `remove` rules, as `source add` gives.
pub fn css_page(url: &str, select: &[String], remove: &[String]) -> SourcePage {
    SourcePage {
        url: url.to_owned(),
        select: select.iter().cloned().map(Value::String).collect(),
        remove: remove.iter().cloned().map(Value::String).collect(),
        filters: Vec::new(),
        execute_client_scripts: false,
    }
}

fn page_json(page: &SourcePage) -> Value {
    let mut entry = json!({ "fetch": page.url });
    if !page.select.is_empty() {
        entry["select"] = Value::Array(page.select.clone());
    }
    if !page.remove.is_empty() {
        entry["remove"] = Value::Array(page.remove.clone());
    }
    if !page.filters.is_empty() {
        entry["filter"] = json!(page.filters);
    }
    if page.execute_client_scripts {
        entry["executeClientScripts"] = Value::Bool(true);
    }
    entry
}

fn rule_json(rule: &SelectorRule) -> Value {
    match rule {
        SelectorRule::Css(selector) => Value::String(selector.clone()),
        SelectorRule::Range { start, end } => {
            let (start_key, start_selector) = match start {
                RangeBoundary::Before(selector) => ("startBefore", selector),
                RangeBoundary::After(selector) => ("startAfter", selector),
            };
            let (end_key, end_selector) = match end {
                RangeBoundary::Before(selector) => ("endBefore", selector),
                RangeBoundary::After(selector) => ("endAfter", selector),
            };
            json!({ start_key: start_selector, end_key: end_selector })
        }
    }
}
