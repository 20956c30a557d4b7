//! Converts links to inline markdown links. Spaces at the edges of the link text are moved
//! outside the brackets, as Open Terms Archive versions have them, so that `OpenAI’s<a> Terms
//! of Use</a>` keeps its space before the link instead of losing it.

use htmd::Element;
use htmd::element_handler::{HandlerResult, Handlers};

/// Returns the markdown of an `a` element; an anchor without `href` keeps only its text.
pub fn anchor_handler(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    let attribute = |wanted: &str| {
        element
            .attrs
            .iter()
            .find(|attribute| attribute.name.local.as_ref() == wanted)
            .map(|attribute| attribute.value.to_string())
    };

    let Some(href) = attribute("href") else {
        return Some(content.into());
    };

    let text = content.trim();
    let leading = &content[..content.len() - content.trim_start().len()];
    let trailing = &content[content.trim_end().len()..];
    if text.is_empty() {
        // A link with no text (an icon, an anchor target) carries nothing to read.
        return Some(format!("{leading}{trailing}").into());
    }

    let destination = href.replace('(', "\\(").replace(')', "\\)");
    let title = attribute("title")
        .filter(|title| !title.is_empty())
        .map(|title| format!(" \"{}\"", title.replace('"', "\\\"")))
        .unwrap_or_default();

    Some(format!("{leading}[{text}]({destination}{title}){trailing}").into())
}
