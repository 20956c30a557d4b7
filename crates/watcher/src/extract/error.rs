//! Errors of extraction. Each names the source URL and the rule at fault. The guards turn them
//! into check failures so that no version is recorded from a page whose rules no longer fit.

/// The reason the text of a page could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error(
        "selector `{selector}` matched nothing on {source_url}; the page layout may have changed, \
         so update the source's selectors (`clausewatch source add … --select CSS`, the \
         Platforms view, or its declaration file)"
    )]
    SelectorMatchedNothing { source_url: String, selector: String },

    #[error(
        "selector `{selector}` matches only parts of {source_url} that the source's remove \
         rules ({remove}) take out, so nothing is left to read; change the selectors or the \
         remove rules (`clausewatch source add … --select CSS --remove CSS`, the Platforms \
         view, or its declaration file)"
    )]
    SelectionRemoved { source_url: String, selector: String, remove: String },

    #[error(
        "range on {source_url} ends (`{end}`) before it starts (`{start}`); swap or correct its \
         boundaries in the declaration"
    )]
    InvalidRange { source_url: String, start: String, end: String },

    #[error("selector `{selector}` of {source_url} is not valid CSS ({reason})")]
    InvalidSelector { source_url: String, selector: String, reason: String },

    #[error("base URL {url:?} of the page is not a valid absolute URL ({reason})")]
    InvalidBaseUrl { url: String, reason: String },

    #[error(
        "{source_url} nests elements {depth} deep, more than the {limit} that extraction reads; \
         the page is malformed or built to break parsers, so look at it in a browser"
    )]
    TooDeep { source_url: String, depth: usize, limit: usize },
}
