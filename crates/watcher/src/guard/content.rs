//! The content of a page as the wall guards read it: its visible text outside the landmarks
//! around the content. An error or wall page served inside the site's own menus and footer then
//! reads as short as it is, and a footer's cookie links do not make a short page a consent wall.
//!
//! Navigation and asides are always left out. A header or a footer is left out where the
//! HTML-to-ARIA mapping makes it a banner or content-info landmark: outside any article, aside,
//! main, nav or section element. So an article's own header stays. Elements with the ARIA role
//! of such a landmark are left out too.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

/// Returns the text nodes of the page's content, in document order.
pub(super) fn content_texts(page: &Html) -> Vec<&str> {
    let selector = Selector::parse("body").expect("`body` is a valid selector");
    let Some(body) = page.select(&selector).next() else { return Vec::new() };

    let mut texts = Vec::new();
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(*body, false)];
    while let Some((node, in_section)) = stack.pop() {
        let mut children_in_section = in_section;
        match node.value() {
            Node::Element(element) => {
                if !holds_content(element, in_section) {
                    continue;
                }
                let name = element.name();
                children_in_section |=
                    matches!(name, "article" | "aside" | "main" | "nav" | "section");
            }
            Node::Text(text) => texts.push(&**text),
            _ => {}
        }
        stack.extend(node.children().rev().map(|child| (child, children_in_section)));
    }
    texts
}

/// Returns whether an element's text can be page content: not a script, style or template,
/// nor a landmark around the content. `in_section` is true inside sectioning content or
/// `main`.
fn holds_content(element: &scraper::node::Element, in_section: bool) -> bool {
    let name = element.name();
    let hidden = matches!(name, "script" | "style" | "noscript" | "template");
    let landmark = match name {
        "nav" | "aside" => true,
        "header" | "footer" => !in_section,
        _ => false,
    };
    let landmark_role = element.attr("role").is_some_and(|roles| {
        roles.split_ascii_whitespace().any(|role| {
            let role = role.to_ascii_lowercase();
            matches!(role.as_str(), "navigation" | "banner" | "contentinfo" | "complementary")
        })
    });
    !(hidden || landmark || landmark_role)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_of(body: &str) -> String {
        let page = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        content_texts(&page).join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn site_landmarks_left_out() {
        let body = "<header>Logo Menu</header><nav>Home About</nav><main><p>Terms apply.</p></main>\
                    <aside>Related</aside><footer>Cookie preferences</footer>";

        assert_eq!(content_of(body), "Terms apply.");
    }

    #[test]
    fn article_header_and_footer_kept() {
        let body = "<main><article><header><h1>Terms</h1><p>Intro.</p></header><p>Body.</p>\
                    <footer>Last updated May 2026.</footer></article></main>";

        assert_eq!(content_of(body), "Terms Intro. Body. Last updated May 2026.");
    }

    #[test]
    fn landmark_roles_left_out() {
        let body = "<div role=\"navigation\">Links</div><div role=\"region BANNER\">Site</div>\
                    <div role=\"main\"><p>Clause one.</p></div>";

        assert_eq!(content_of(body), "Clause one.");
    }

    #[test]
    fn scripts_and_templates_left_out() {
        let body = "<p>Shown.</p><script>var hidden = 1;</script><template><p>Later</p></template>\
                    <noscript>Enable scripts</noscript>";

        assert_eq!(content_of(body), "Shown.");
    }
}
