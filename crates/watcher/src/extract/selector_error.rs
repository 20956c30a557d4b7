//! Plain reasons for CSS selectors the parser rejects.
//!
//! The selector parser words some rejections as its own failure ("Unexpected error occurred.
//! Please report this to the developer" and a debug dump), though the selector is at fault.
//! [`selector_reason`] turns each into one line a user can act on. A kind of rejection that
//! deserves its own words gets a case there.

use scraper::error::SelectorErrorKind;

/// Returns why `error` rejected a selector, in one line.
pub(crate) fn selector_reason(error: &SelectorErrorKind) -> String {
    let SelectorErrorKind::UnexpectedSelectorParseError(kind) = error else {
        let text = error.to_string();
        return text.lines().next().unwrap_or_default().trim().to_owned();
    };

    // The kind is an enum of the `selectors` crate, which this crate does not name, so it is
    // told apart by its variant name, such as `UnsupportedPseudoClassOrElement`.
    let name = format!("{kind:?}");
    let variant = name.split(['(', ' ', '{']).next().unwrap_or_default();
    match variant {
        "UnsupportedPseudoClassOrElement" => {
            "a pseudo-class or pseudo-element that is not supported".to_owned()
        }
        "EmptySelector" => "an empty selector".to_owned(),
        "DanglingCombinator" => "a combinator with nothing after it".to_owned(),
        "NoQualifiedNameInAttributeSelector"
        | "UnexpectedTokenInAttributeSelector"
        | "ExpectedBarInAttr"
        | "BadValueInAttr"
        | "InvalidQualNameInAttr" => {
            "an attribute selector that is not `[name]` or `[name=\"value\"]`".to_owned()
        }
        "PseudoElementExpectedColon" | "PseudoElementExpectedIdent" | "NoIdentForPseudo" => {
            "a colon without a pseudo-class or pseudo-element name after it".to_owned()
        }
        "ClassNeedsIdent" => "a full stop without a class name after it".to_owned(),
        "ExpectedNamespace" | "ExplicitNamespaceUnexpectedToken" => {
            "a namespace prefix (`ns|name`), which declarations do not use".to_owned()
        }
        _ => "a selector the parser cannot read".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::selector_reason;

    fn reason(css: &str) -> String {
        let error = scraper::Selector::parse(css).expect_err("the selector is invalid");
        selector_reason(&error)
    }

    #[test]
    fn unsupported_pseudo_class_is_named() {
        let text = reason("div::foo(bar)");

        assert_eq!(text, "a pseudo-class or pseudo-element that is not supported");
    }

    #[test]
    fn attribute_selector_reason_names_the_forms() {
        let text = reason("a[=x]");

        assert_eq!(text, "an attribute selector that is not `[name]` or `[name=\"value\"]`");
    }

    #[test]
    fn reasons_are_one_line_without_developer_advice() {
        for css in ["div::foo(bar)", "div >", "", "[", "a:nth-child(x)", "::", "p,,p"] {
            let text = reason(css);

            assert!(!text.contains('\n'), "{css:?} gave {text:?}");
            assert!(!text.contains("developer"), "{css:?} gave {text:?}");
            assert!(!text.is_empty(), "{css:?} gave an empty reason");
        }
    }
}
