use clausewatch_watcher::declaration::{RangeBoundary, SelectorRule, SourceDeclaration};
use clausewatch_watcher::extract::{ExtractError, combine, extract_html};

const URL: &str = "https://example.com/legal/terms";

fn source(select: Vec<SelectorRule>, remove: Vec<SelectorRule>) -> SourceDeclaration {
    SourceDeclaration {
        url: URL.to_owned(),
        select,
        remove,
        filters: Vec::new(),
        execute_client_scripts: false,
    }
}

fn css(selector: &str) -> SelectorRule {
    SelectorRule::Css(selector.to_owned())
}

fn range(start: RangeBoundary, end: RangeBoundary) -> SelectorRule {
    SelectorRule::Range { start, end }
}

const PAGE: &str = r##"<html><head><title>Terms</title><script>var x = 1;</script></head><body>
<nav>Home | Products</nav>
<main>
  <h1>Terms of Service</h1>
  <p class="banner">Cookies help us.</p>
  <h2>1. Accounts</h2>
  <p>You must be <em>13</em> or older. See <a href="/privacy">the policy</a> and <a href="#fees">fees</a>.</p>
  <h2 id="fees">2. Fees</h2>
  <ol><li>Plans renew monthly.</li><li>Taxes are extra.</li></ol>
  <footer class="share">Share this page</footer>
</main>
</body></html>"##;

#[test]
fn selected_part_becomes_markdown() {
    let text =
        extract_html(PAGE, URL, &source(vec![css("main")], vec![css(".banner"), css(".share")]))
            .unwrap();

    let expected = "Terms of Service\n================\n\n\
                    1\\. Accounts\n------------\n\n\
                    You must be _13_ or older. See [the policy](https://example.com/privacy) and \
                    [fees](#fees).\n\n\
                    2\\. Fees\n--------\n\n\
                    1.  Plans renew monthly.\n2.  Taxes are extra.";
    assert_eq!(text, expected);
}

#[test]
fn range_selects_between_boundaries() {
    let rule =
        range(RangeBoundary::After("h1".to_owned()), RangeBoundary::Before("#fees".to_owned()));

    let text = extract_html(PAGE, URL, &source(vec![rule], vec![])).unwrap();

    assert!(text.starts_with("Cookies help us."), "got {text:?}");
    assert!(text.contains("You must be _13_ or older."));
    assert!(!text.contains("Terms of Service"), "the start boundary element is outside");
    assert!(!text.contains("Fees"), "the end boundary element is outside");
}

#[test]
fn range_removal_drops_covered_part() {
    let rule = range(
        RangeBoundary::Before(".banner".to_owned()),
        RangeBoundary::Before("#fees".to_owned()),
    );

    let text = extract_html(PAGE, URL, &source(vec![css("main")], vec![rule])).unwrap();

    assert!(!text.contains("Accounts"));
    assert!(!text.contains("Cookies"));
    assert!(text.contains("2\\. Fees"));
}

#[test]
fn range_ending_before_start_names_source() {
    let rule =
        range(RangeBoundary::Before("#fees".to_owned()), RangeBoundary::After("h1".to_owned()));

    let error = extract_html(PAGE, URL, &source(vec![rule], vec![])).unwrap_err();

    assert_eq!(
        error,
        ExtractError::InvalidRange {
            source_url: URL.to_owned(),
            start: "#fees".to_owned(),
            end: "h1".to_owned(),
        }
    );
    assert!(error.to_string().contains(URL));
}

#[test]
fn selector_matching_nothing_is_an_error() {
    let error =
        extract_html(PAGE, URL, &source(vec![css("#article-contents")], vec![])).unwrap_err();

    assert_eq!(
        error,
        ExtractError::SelectorMatchedNothing {
            source_url: URL.to_owned(),
            selector: "#article-contents".to_owned(),
        }
    );
}

#[test]
fn no_select_rule_takes_body_without_scripts() {
    let text = extract_html(PAGE, URL, &source(vec![], vec![])).unwrap();

    assert!(text.starts_with("Home | Products"), "got {text:?}");
    assert!(!text.contains("var x"));
}

#[test]
fn several_selectors_keep_rule_order() {
    let text = extract_html(PAGE, URL, &source(vec![css("ol"), css("h1")], vec![])).unwrap();

    assert_eq!(
        text,
        "1.  Plans renew monthly.\n2.  Taxes are extra.\n\nTerms of Service\n================"
    );
}

#[test]
fn table_without_header_gets_empty_header() {
    let page = "<main><table><tr><td>Entity</td><td>Anthropic, PBC</td></tr>\
                <tr><td>Law</td><td>California<br>USA</td></tr></table></main>";

    let text = extract_html(page, URL, &source(vec![css("main")], vec![])).unwrap();

    // A `br` is a hard break (two spaces and a newline); inside a cell the newline becomes `<br>`.
    assert_eq!(
        text,
        "|     |     |\n| --- | --- |\n| Entity | Anthropic, PBC |\n| Law | California  <br>USA |"
    );
}

#[test]
fn combined_pages_are_separated() {
    assert_eq!(combine(&["First page.", "Second page."]), "First page.\n\n- - -\n\nSecond page.");
}

/// Returns the change records between the texts `main` selects in two pages.
fn page_changes(old: &str, new: &str) -> Vec<clausewatch_core::ChangeRecord> {
    let text = |page: &str| extract_html(page, URL, &source(vec![css("main")], vec![])).unwrap();
    let old = clausewatch_core::segment(&text(old));
    let new = clausewatch_core::segment(&text(new));
    clausewatch_core::compare(&old, &new, &clausewatch_core::align(&old, &new))
}

#[test]
fn ordered_list_with_own_markers_is_renumbered() {
    let old = "<main><p>You agree not to:</p><ol><li>(i) copy the service;</li>\
               <li>(ii) resell access to it.</li></ol></main>";
    let new = "<main><p>You agree not to:</p><ol><li>(i) copy the service;</li>\
               <li>(ii) scrape the service;</li><li>(iii) resell access to it.</li></ol></main>";

    let records = page_changes(old, new);

    assert_eq!(records.len(), 2, "{records:#?}");
    assert_eq!(records[0].kind, clausewatch_core::ChangeKind::Added);
    assert_eq!(records[0].text_after.as_deref(), Some("scrape the service;"));
    let shifted = &records[1];
    assert!(!shifted.substantive, "{shifted:#?}");
    assert_eq!(shifted.aspects, [clausewatch_core::Aspect::Renumbered]);
    assert_eq!(shifted.marker_before.as_deref(), Some("(ii)"));
    assert_eq!(shifted.marker_after.as_deref(), Some("(iii)"));
}

#[test]
fn corpus_depth_below_parse_limit() {
    let snapshots = crate::corpus::data_dir().join("snapshots");
    let mut deepest = 0;
    let mut pending = vec![snapshots];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let html = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let estimate = clausewatch_watcher::extract::nesting::depth_over(&html, 0);
            deepest = deepest.max(estimate.unwrap_or(0));
        }
    }

    // The estimate of every stored terms page is below the exact limit, let alone the
    // pre-parse one, so the scan never rejects a page the parser would accept.
    assert!(deepest > 0, "no snapshot was read");
    assert!(deepest < clausewatch_watcher::extract::MAX_DEPTH, "deepest estimate {deepest}");
}

#[test]
fn removed_part_is_not_selected() {
    let page = r#"<main><p class="t">Kept first.</p>
        <div class="old"><p class="t">Removed.</p></div><p class="t">Kept second.</p></main>"#;

    let text = extract_html(page, URL, &source(vec![css("p.t")], vec![css(".old")])).unwrap();

    assert_eq!(text, "Kept first.\n\nKept second.");
}

#[test]
fn selection_in_removed_part_fails() {
    let page = "<main><p>Only paragraph.</p></main>";

    let error = extract_html(page, URL, &source(vec![css("p")], vec![css("body")])).unwrap_err();

    assert!(
        matches!(&error, ExtractError::SelectionRemoved { selector, remove, .. }
            if selector == "p" && remove == "body"),
        "{error:?}"
    );
    assert!(error.to_string().contains("remove rules (body) take out"), "{error}");
}

#[test]
fn default_selection_removed_names_body() {
    let page = "<main><p>Only paragraph.</p></main>";

    let error = extract_html(page, URL, &source(Vec::new(), vec![css("body")])).unwrap_err();

    assert!(
        matches!(&error, ExtractError::SelectionRemoved { selector, .. } if selector == "body"),
        "{error:?}"
    );
}

#[test]
fn missing_selection_not_blamed_on_removal() {
    let page = "<main><p>Only paragraph.</p></main>";

    let error = extract_html(page, URL, &source(vec![css("article")], vec![css("nav")]));

    assert!(
        matches!(&error, Err(ExtractError::SelectorMatchedNothing { selector, .. })
            if selector == "article"),
        "{error:?}"
    );
}

#[test]
fn removed_range_boundary_matches_nothing() {
    let page = r#"<main><h2 id="a">A</h2><div class="old"><h2 id="b">B</h2></div></main>"#;
    let rule = range(RangeBoundary::After("#a".to_owned()), RangeBoundary::Before("#b".to_owned()));

    let error = extract_html(page, URL, &source(vec![rule], vec![css(".old")])).unwrap_err();

    assert!(matches!(error, ExtractError::SelectorMatchedNothing { .. }), "{error:?}");
}

#[test]
fn part_inside_earlier_selection_not_repeated() {
    let page = r#"<main><p class="x">Alpha.</p><p>Beta.</p><p class="x">Gamma.</p></main>"#;

    let nested = extract_html(page, URL, &source(vec![css("main"), css("p.x")], vec![])).unwrap();
    let twice = extract_html(page, URL, &source(vec![css("p.x"), css("p.x")], vec![])).unwrap();

    assert_eq!(nested, "Alpha.\n\nBeta.\n\nGamma.");
    assert_eq!(twice, "Alpha.\n\nGamma.");
}
