//! Named filters that declarations may ask for. Open Terms Archive filters are per-platform
//! scripts; this product implements its own equivalents one by one. To add one, write a
//! function over the parsed page and list its name in `IMPLEMENTED`. Until then a declaration
//! naming it gets a warning and the text is extracted without it.

/// Names of the filters this product implements.
// TODO(filters): add tracking-parameter and redirect-link filters once a platform in use needs
// them; the corpus names removeTrackingIDs and removeRedirectFromLinks.
const IMPLEMENTED: &[&str] = &[];

/// Returns true when the product implements the filter `name`.
pub fn is_implemented(name: &str) -> bool {
    IMPLEMENTED.contains(&name)
}
