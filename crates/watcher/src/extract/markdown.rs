//! Converts selected HTML to markdown in the style of Open Terms Archive versions (setext
//! headings, `*` bullets, `_` emphasis, pipe tables), so texts recorded here and there compare
//! line by line. Adjust the converter options or add a handler here when that style changes.

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BulletListMarker, HeadingStyle, HrStyle, Options};
use htmd::{Element, HtmlToMarkdown};

use super::anchor::anchor_handler;
use super::ordered_list::ordered_list_handler;
use super::table::table_handler;

/// Returns a converter configured like Open Terms Archive's.
pub fn converter() -> HtmlToMarkdown {
    let options = Options {
        heading_style: HeadingStyle::Setex,
        bullet_list_marker: BulletListMarker::Asterisk,
        ul_bullet_spacing: 3,
        ol_number_spacing: 2,
        hr_style: HrStyle::Dashes,
        ..Options::default()
    };

    HtmlToMarkdown::builder()
        .options(options)
        .add_handler(vec!["em", "i"], emphasis_handler)
        .add_handler(vec!["a"], anchor_handler)
        .add_handler(vec!["table"], table_handler)
        .add_handler(vec!["ol"], ordered_list_handler)
        .build()
}

/// Returns emphasis written with underscores; the spaces around the content stay outside the
/// markers, where markdown needs them.
fn emphasis_handler(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return Some(content.into());
    }

    let leading = &content[..content.len() - content.trim_start().len()];
    let trailing = &content[content.trim_end().len()..];
    Some(format!("{leading}_{trimmed}_{trailing}").into())
}
