use clausewatch_watcher::declaration::SourceDeclaration;
use clausewatch_watcher::guard::{
    CheckFailure, ClauseDrop, bot_wall_marker, check_text, clause_drop, needs_browser_reason,
};

const CLOUDFLARE: &str = r#"<!DOCTYPE html><html><head><title>Just a moment...</title></head>
<body><div id="challenge-stage">Checking your browser before accessing example.com.</div>
<noscript>Enable JavaScript and cookies to continue</noscript>
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>"#;

const ACCESS_DENIED: &str = "<html><head><title>Access Denied</title></head><body><h1>Access \
    Denied</h1>You don't have permission to access this server. Reference #18.5f</body></html>";

const CAPTCHA: &str = r#"<html><head><title>Terms</title></head><body><form>
<div class="g-recaptcha" data-sitekey="x"></div><p>Please verify you are human.</p></form></body></html>"#;

fn source(execute_client_scripts: bool) -> SourceDeclaration {
    SourceDeclaration {
        url: "https://example.com/terms".to_owned(),
        select: Vec::new(),
        remove: Vec::new(),
        filters: Vec::new(),
        execute_client_scripts,
    }
}

#[test]
fn cloudflare_challenge_with_200_is_wall() {
    let marker = bot_wall_marker(200, CLOUDFLARE);

    assert_eq!(marker.as_deref(), Some("title contains \"just a moment\""));
}

#[test]
fn access_denied_page_is_a_bot_wall() {
    assert!(bot_wall_marker(403, ACCESS_DENIED).is_some());
}

#[test]
fn captcha_form_is_a_bot_wall() {
    let marker = bot_wall_marker(200, CAPTCHA).expect("captcha page is a wall");

    assert!(marker.contains("g-recaptcha"), "got {marker}");
}

#[test]
fn corpus_snapshots_are_not_bot_walls() {
    let dir = crate::corpus::data_dir();
    for case in crate::corpus::cases(&dir) {
        for page in &case.pages {
            let html = std::fs::read_to_string(dir.join(&page.snapshot)).unwrap();
            let marker = bot_wall_marker(200, &html);
            assert_eq!(marker, None, "{} taken for a wall", page.snapshot);
        }
    }
}

#[test]
fn empty_text_is_refused() {
    let failure = check_text("https://example.com/terms", " \n\n ").unwrap_err();

    assert_eq!(
        failure,
        CheckFailure::EmptyExtraction { url: "https://example.com/terms".to_owned() }
    );
}

#[test]
fn boilerplate_only_text_is_refused() {
    let text = "Skip to content\n\nWe use cookies to improve your experience.\n\n\
                © 2026 Example Inc. All rights reserved.\n\nLoading…";

    let failure = check_text("https://example.com/terms", text).unwrap_err();

    // "Loading…" is boilerplate too, so no word of document text is left.
    assert_eq!(
        failure,
        CheckFailure::BoilerplateOnly { url: "https://example.com/terms".to_owned(), words: 0 }
    );
}

#[test]
fn cookie_policy_paragraphs_are_document_text() {
    let text = "Cookie Policy\n\nWe use cookies and similar technologies to remember your \
                settings, keep you signed in and measure how the service is used.\n\n\
                You can refuse cookies that are not strictly necessary in the cookie settings \
                at the bottom of every page, and change your choice at any time.";

    assert_eq!(check_text("https://example.com/cookies", text), Ok(()));
}

#[test]
fn long_terms_titled_captcha_are_not_a_wall() {
    let clause = "<p>You may use the service only in line with these terms and the law.</p>";
    let html = format!(
        "<html><head><title>hCaptcha Terms of Service</title></head><body>{}</body></html>",
        clause.repeat(40)
    );

    assert_eq!(bot_wall_marker(200, &html), None);
    assert!(bot_wall_marker(403, &html).is_some(), "a blocking status still counts the title");
}

#[test]
fn short_real_terms_pass() {
    let text = "1. You must be 13 or older to use the service.\n\n\
                2. We may end your account if you break these terms, after giving you notice.";

    assert_eq!(check_text("https://example.com/terms", text), Ok(()));
}

#[test]
fn script_rendered_page_needs_browser() {
    let html = r#"<html><body><div id="root"></div><noscript>You need to enable JavaScript to run
        this app.</noscript></body></html>"#;

    let reason = needs_browser_reason(html, &source(false), 0).expect("page needs a browser");

    assert!(reason.contains("enable javascript"), "got {reason}");
}

#[test]
fn declared_client_scripts_name_the_setting() {
    let reason = needs_browser_reason("<body></body>", &source(true), 0).unwrap();

    assert!(reason.contains("executeClientScripts"), "got {reason}");
}

/// Counts clauses as the paragraphs of a text, standing in for the segmenter.
fn paragraphs(text: &str) -> usize {
    text.split("\n\n").filter(|part| !part.trim().is_empty()).count()
}

#[test]
fn losing_more_than_half_the_clauses_asks_refetch() {
    let previous = "1. A\n\n2. B\n\n3. C\n\n4. D\n\n5. E";
    let new = "1. A\n\n2. B";

    assert_eq!(
        clause_drop(previous, new, paragraphs),
        Some(ClauseDrop { previous_clauses: 5, new_clauses: 2 })
    );
}

#[test]
fn losing_exactly_half_the_clauses_is_accepted() {
    let previous = "1. A\n\n2. B\n\n3. C\n\n4. D";
    let new = "1. A\n\n2. B";

    assert_eq!(clause_drop(previous, new, paragraphs), None);
}
