use chrono::{TimeZone, Utc};
use clausewatch_watcher::check::version_text;
use clausewatch_watcher::declaration::{DocumentDeclaration, SelectorRule, parse_declaration};
use clausewatch_watcher::extract::ExtractError;
use clausewatch_watcher::fetch::{FetchEvidence, sha256_hex};
use clausewatch_watcher::guard::{CheckFailure, ParsedPage};

fn declaration(platform: &str, document_type: &str) -> DocumentDeclaration {
    let path = crate::corpus::data_dir().join(format!("declarations/{platform}.json"));
    let json = std::fs::read_to_string(path).unwrap();
    let parsed = parse_declaration(&json, platform).unwrap();
    parsed.declaration.documents[document_type].clone()
}

fn evidence(url: &str, status: u16, content_type: &str, body: Vec<u8>) -> FetchEvidence {
    FetchEvidence {
        url: url.to_owned(),
        final_url: url.to_owned(),
        status,
        headers: Vec::new(),
        content_type: Some(content_type.to_owned()),
        sha256: sha256_hex(&body),
        body,
        fetched_at: Utc.with_ymd_and_hms(2026, 4, 28, 0, 30, 15).unwrap(),
    }
}

fn snapshot(path: &str) -> Vec<u8> {
    std::fs::read(crate::corpus::data_dir().join("snapshots").join(path)).unwrap()
}

#[test]
fn github_terms_become_version_text() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(
        &document.sources[0].url,
        200,
        "text/html; charset=utf-8",
        snapshot("GitHub/Terms of Service/2026-04-28T00-30-15Z.html"),
    );

    let text = version_text(&document, &[page]).unwrap();

    assert!(text.starts_with("Thank you for using GitHub! We're happy you're here."));
    assert!(text.contains("J. AI Features, Training, and Your Data"));
}

#[test]
fn decomposed_accents_read_as_composed() {
    let document = declaration("GitHub", "Terms of Service");
    let page = |text: &str| {
        let html = format!(
            "<html><head><title>Conditions</title></head><body><div id=\"article-contents\"><h1>Conditions \
             g{text}n{text}rales</h1><p>1. Ces conditions r{text}gissent l'utilisation du \
             service et forment un contrat entre vous et nous, {text}crit en fran{}ais.</p>\
             <p>2. Vous devez avoir au moins seize ans pour cr{text}er un compte et utiliser \
             le service dans le respect de ces conditions.</p></div></body></html>",
            "\u{e7}"
        );
        evidence(&document.sources[0].url, 200, "text/html; charset=utf-8", html.into_bytes())
    };

    let composed = version_text(&document, &[page("\u{e9}")]).unwrap();
    let decomposed = version_text(&document, &[page("e\u{301}")]).unwrap();

    assert_eq!(decomposed, composed);
    assert!(composed.contains("g\u{e9}n\u{e9}rales"), "{composed}");
    assert!(!composed.contains('\u{301}'));
}

/// Returns a short policy page whose header carries a sign-in form, with its declaration's rules
/// set to `select` and `remove`.
fn policy_with_sign_in_form(select: &[&str], remove: &[&str]) -> (DocumentDeclaration, Vec<u8>) {
    let mut document = declaration("GitHub", "Terms of Service");
    let css = |rules: &[&str]| rules.iter().map(|rule| SelectorRule::Css((*rule).into())).collect();
    document.sources[0].select = css(select);
    document.sources[0].remove = css(remove);
    let clauses: String = (1..=6)
        .map(|number| {
            format!(
                "<p>{number}. You may not use the service or its content to build, train, test \
                 or benchmark machine-learning tools, except as clause {number} allows.</p>"
            )
        })
        .collect();
    let html = format!(
        "<html><head><title>AI Use Policy</title></head><body><nav><form>\
         <input name=\"email\"><input type=\"password\" name=\"pw\"><button>Sign in</button>\
         </form></nav><main><h1>AI Use Policy</h1>{clauses}</main></body></html>"
    );
    (document, html.into_bytes())
}

#[test]
fn sign_in_form_in_header_fails_whole_page() {
    let (document, html) = policy_with_sign_in_form(&[], &[]);
    let page = evidence(&document.sources[0].url, 200, "text/html", html);

    let failure = version_text(&document, &[page]).unwrap_err();

    assert!(matches!(failure, CheckFailure::SignInPage { .. }), "{failure:?}");
}

#[test]
fn rules_leaving_out_sign_in_form_keep_policy() {
    for (select, remove) in [(&["main"][..], &[][..]), (&[][..], &["nav"][..])] {
        let (document, html) = policy_with_sign_in_form(select, remove);
        let page = evidence(&document.sources[0].url, 200, "text/html", html);

        let text = version_text(&document, &[page]).unwrap();

        assert!(text.starts_with("AI Use Policy\n"), "{select:?} {remove:?}: {text}");
        assert!(text.contains("6\\. You may not use the service"), "{select:?} {remove:?}");
    }
}

#[test]
fn sign_in_form_inside_selection_fails() {
    let (document, html) = policy_with_sign_in_form(&["body"], &[]);
    let page = evidence(&document.sources[0].url, 200, "text/html", html);

    let failure = version_text(&document, &[page]).unwrap_err();

    assert!(matches!(failure, CheckFailure::SignInPage { .. }), "{failure:?}");
}

#[test]
fn plain_text_page_keeps_its_lines() {
    let document = declaration("GitHub", "Terms of Service");
    let body = "Terms of Service\r\n\r\n1. You must be 13 or older to use the service.  \r\n\
                2. We may end your account if you break these terms, after notice.\r\n\
                3. These terms are governed by the law of the State of Delaware.\r\n";
    let page = evidence(&document.sources[0].url, 200, "text/plain; charset=utf-8", body.into());

    let text = version_text(&document, &[page]).unwrap();

    assert_eq!(
        text,
        "Terms of Service\n\n1. You must be 13 or older to use the service.\n\
         2. We may end your account if you break these terms, after notice.\n\
         3. These terms are governed by the law of the State of Delaware."
    );
}

#[test]
fn short_part_of_combined_document_is_kept() {
    let document = declaration("ChatGPT", "Terms of Service");
    let heading = format!(
        "<html><head><title>Terms</title></head><body>{}</body></html>",
        "<h1>Terms of Use</h1>"
    );
    let pages = [
        evidence(&document.sources[0].url, 200, "text/html", heading.into_bytes()),
        evidence(
            &document.sources[1].url,
            200,
            "text/html",
            snapshot("ChatGPT/Terms of Service/2026-06-29T10-30-01Z--policies-service-terms.html"),
        ),
    ];
    let mut only_heading = document.clone();
    only_heading.sources[0].select = Vec::new();

    let text = version_text(&only_heading, &pages).unwrap();

    assert!(
        text.starts_with(
            "Terms of Use
"
        ),
        "{}",
        &text[..80]
    );
    assert!(text.len() > 1000, "the second page's text follows");
}

#[test]
fn boilerplate_part_of_combined_document_fails() {
    let document = declaration("ChatGPT", "Terms of Service");
    let banner = "<html><body><p>© 2026 Example. All rights reserved.</p></body></html>";
    let pages = [
        evidence(&document.sources[0].url, 200, "text/html", banner.into()),
        evidence(
            &document.sources[1].url,
            200,
            "text/html",
            snapshot("ChatGPT/Terms of Service/2026-06-29T10-30-01Z--policies-service-terms.html"),
        ),
    ];
    let mut banner_only = document.clone();
    banner_only.sources[0].select = Vec::new();
    // Otherwise a page without text is reported as needing a browser.
    banner_only.sources[0].execute_client_scripts = false;

    let failure = version_text(&banner_only, &pages).unwrap_err();

    assert!(matches!(failure, CheckFailure::BoilerplateOnly { words: 0, .. }), "{failure:?}");
}

#[test]
fn combined_document_joins_pages_in_order() {
    let document = declaration("ChatGPT", "Terms of Service");
    let pages: Vec<FetchEvidence> = [
        "ChatGPT/Terms of Service/2026-06-29T10-30-01Z--policies-eu-terms-of-use.html",
        "ChatGPT/Terms of Service/2026-06-29T10-30-01Z--policies-service-terms.html",
    ]
    .iter()
    .zip(&document.sources)
    .map(|(path, source)| evidence(&source.url, 200, "text/html", snapshot(path)))
    .collect();

    let text = version_text(&document, &pages).unwrap();

    let separator = text.find("\n\n- - -\n\n").expect("pages are separated");
    assert!(text[..separator].contains("Terms of Use"));
    assert!(text[separator..].contains("OpenAI Academy is a free learning hub"));
}

#[test]
fn challenge_with_200_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let wall = "<html><head><title>Just a moment...</title></head><body>Checking your browser \
                </body></html>";
    let page = evidence(&document.sources[0].url, 200, "text/html", wall.as_bytes().to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    assert!(matches!(failure, CheckFailure::BotWall { status: 200, .. }), "got {failure}");
}

#[test]
fn error_status_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(&document.sources[0].url, 500, "text/html", b"<p>Oops</p>".to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    assert_eq!(
        failure,
        CheckFailure::HttpStatus {
            url: document.sources[0].url.clone(),
            status: 500,
            retry_after: None
        }
    );
}

#[test]
fn selector_miss_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(&document.sources[0].url, 200, "text/html", b"<main>Moved</main>".to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    assert_eq!(
        failure,
        CheckFailure::Extraction(ExtractError::SelectorMatchedNothing {
            source_url: document.sources[0].url.clone(),
            selector: "#article-contents".to_owned(),
        })
    );
}

#[test]
fn script_only_page_needs_browser() {
    let document = declaration("ChatGPT", "Terms of Service");
    let shell =
        b"<html><body><div id=\"__next\"></div><script src=\"/app.js\"></script></body></html>";
    let pages: Vec<FetchEvidence> = document
        .sources
        .iter()
        .map(|source| evidence(&source.url, 200, "text/html", shell.to_vec()))
        .collect();

    let failure = version_text(&document, &pages).unwrap_err();

    let CheckFailure::NeedsBrowser { url, reason } = failure else {
        panic!("expected a browser failure, got {failure}");
    };
    assert_eq!(url, "https://openai.com/policies/eu-terms-of-use/");
    assert!(reason.contains("executeClientScripts"), "got {reason}");
}

#[test]
fn pdf_document_goes_through_text_extraction() {
    let document = declaration("ChatGPT", "Law Enforcement Guidelines");
    let pdf = crate::pdf::simple_pdf(&[
        "OpenAI Law Enforcement Policy",
        "We disclose user data only in response to valid legal process.",
        "Emergency requests are reviewed case by case by our team.",
        "Requests must come from an official government email address.",
    ]);
    let page = evidence(&document.sources[0].url, 200, "application/pdf", pdf);

    let text = version_text(&document, &[page]).unwrap();

    assert_eq!(
        text,
        "OpenAI Law Enforcement Policy\n\
         We disclose user data only in response to valid legal process.\n\
         Emergency requests are reviewed case by case by our team.\n\
         Requests must come from an official government email address."
    );
}

#[test]
fn binary_bodies_are_not_versions() {
    let document = declaration("GitHub", "Terms of Service");
    let url = &document.sources[0].url;
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    binary.extend_from_slice(b"<p>You may not use the service.</p>");
    let cases = [
        ("image/png", binary.clone(), "the server sent image/png"),
        ("application/zip; name=terms.zip", binary.clone(), "the server sent application/zip"),
        ("application/octet-stream", binary.clone(), "the body is binary data"),
        ("", binary, "the body is binary data"),
    ];

    for (content_type, body, reason) in cases {
        let page = evidence(url, 200, content_type, body);

        match version_text(&document, &[page]) {
            Err(CheckFailure::Unreadable { reason: found, .. }) => {
                assert!(found.starts_with(reason), "{content_type}: {found}");
            }
            other => panic!("{content_type}: expected Unreadable, got {other:?}"),
        }
    }
}

#[test]
fn html_sent_as_octet_stream_is_read() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(
        &document.sources[0].url,
        200,
        "application/octet-stream",
        snapshot("GitHub/Terms of Service/2026-04-28T00-30-15Z.html"),
    );

    let text = version_text(&document, &[page]).unwrap();

    assert!(text.contains("J. AI Features, Training, and Your Data"));
}

#[test]
fn empty_body_is_unreadable_not_a_selector_problem() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(&document.sources[0].url, 200, "text/html", b" \n".to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    let message = failure.to_string();
    assert!(matches!(failure, CheckFailure::Unreadable { .. }), "{message}");
    assert!(message.contains("the response body is empty"), "{message}");
    assert!(!message.contains("select"), "{message}");
}

#[test]
fn pdf_without_text_is_unreadable() {
    let document = declaration("ChatGPT", "Law Enforcement Guidelines");
    let pdf = crate::pdf::simple_pdf(&[]);
    let page = evidence(&document.sources[0].url, 200, "application/pdf", pdf);

    let failure = version_text(&document, &[page]).unwrap_err();

    let message = failure.to_string();
    assert!(message.contains("no text could be read from the PDF"), "{message}");
    assert!(!message.contains("select"), "{message}");
}

#[test]
fn very_deep_page_is_rejected_before_parsing() {
    let document = declaration("GitHub", "Terms of Service");
    let depth = 20_000;
    let html =
        format!("<html><body>{}x{}</body></html>", "<b>".repeat(depth), "</b>".repeat(depth));
    let page = evidence(&document.sources[0].url, 200, "text/html", html.into_bytes());

    let failure = version_text(&document, &[page]).unwrap_err();

    // Parsing this page took seconds. The estimate from the markup counts `html` and `body`
    // too.
    assert!(
        matches!(failure, CheckFailure::Extraction(ExtractError::TooDeep { depth: 20_002, .. })),
        "{failure}"
    );
}

#[test]
fn redirect_without_location_says_so() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(&document.sources[0].url, 302, "text/html", b"<p>Moved</p>".to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    let message = failure.to_string();
    assert!(message.contains("HTTP 302; a redirect without a Location header"), "{message}");
}

/// Returns a soft 404: an error page served with status 200, inside a navigation menu of
/// 1,000 words.
fn soft_not_found(title: &str, message: &str) -> Vec<u8> {
    let menu: String =
        (0..500).map(|index| format!("<a href=\"/p{index}\">Product {index}</a> ")).collect();
    format!("<html><head><title>{title}</title></head><body><nav>{menu}</nav><main><h1>{message}</h1></main></body></html>")
        .into_bytes()
}

#[test]
fn soft_not_found_title_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let body = soft_not_found("Page not found · GitHub", "Nothing here.");
    let page = evidence(&document.sources[0].url, 200, "text/html", body);

    let failure = version_text(&document, &[page]).unwrap_err();

    let CheckFailure::NotFoundPage { status, marker, .. } = &failure else {
        panic!("expected a not-found page, got {failure}");
    };
    assert_eq!(*status, 200);
    assert_eq!(marker, "title contains \"page not found\"");
    assert!(failure.to_string().contains("give the source its new address"), "{failure}");
}

#[test]
fn short_not_found_message_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let body = "<html><head><title>Acme</title></head><body><h1>Sorry, we couldn’t find that \
                page.</h1><p>Try the home page.</p></body></html>";
    let page = evidence(&document.sources[0].url, 200, "text/html", body.as_bytes().to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    assert!(
        matches!(&failure, CheckFailure::NotFoundPage { marker, .. }
            if marker.starts_with("page says \"couldn't find that page\"")),
        "got {failure}"
    );
}

/// Returns a page with the site's navigation and footer around `main`, about 200 words of
/// menus in all.
fn inside_site_menus(title: &str, head: &str, main: &str) -> Vec<u8> {
    let links: String = (0..45)
        .map(|index| format!("<a href=\"/l{index}\">Link number {index} item</a> "))
        .collect();
    format!(
        "<html><head><title>{title}</title>{head}</head><body><nav>{links}</nav>\
         <main>{main}</main><footer><p>Example Corp, 1 Main Street. Careers, press, \
         investors, help centre, accessibility and cookie settings.</p></footer></body></html>"
    )
    .into_bytes()
}

#[test]
fn not_found_inside_site_menus_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let main = "<h1>Oops!</h1><p>We can't find the page you're looking for.</p>";
    let body = inside_site_menus("Example Corp", "", main);
    let page = evidence(&document.sources[0].url, 200, "text/html", body);

    let failure = version_text(&document, &[page]).unwrap_err();

    let CheckFailure::NotFoundPage { marker, .. } = &failure else {
        panic!("expected a not-found page, got {failure}");
    };
    assert!(marker.starts_with("page says \"page you're looking for\""), "{marker}");
}

#[test]
fn challenge_inside_site_menus_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let head = "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1\"></script>";
    let main = "<h1>example.com</h1><p>Verify you are human by completing the action below.</p>";
    let body = inside_site_menus("Example Corp", head, main);
    let page = evidence(&document.sources[0].url, 200, "text/html", body);

    let failure = version_text(&document, &[page]).unwrap_err();

    let CheckFailure::BotWall { marker, .. } = &failure else {
        panic!("expected a bot wall, got {failure}");
    };
    assert!(marker.contains("challenge-platform"), "{marker}");
}

#[test]
fn sign_in_words_inside_title_names_pass() {
    let clauses: String = (1..=12)
        .map(|number| format!("<p>{number}. You may use the service under rule {number}.</p>"))
        .collect();
    for title in ["Acme Design Inc. \u{2014} Terms of Service", "Catalog Inc. Terms of Service"] {
        let body =
            format!("<html><head><title>{title}</title></head><body>{clauses}</body></html>");
        let page = scraper::Html::parse_document(&body);

        let marker = clausewatch_watcher::guard::sign_in_marker_in(&ParsedPage::new(&page));

        assert_eq!(marker, None, "{title}");
    }
}

/// Returns a sign-in page of about 80 words with a password field.
fn sign_in_page(title: &str) -> Vec<u8> {
    let help = "Use the email address and password of your account. ".repeat(6);
    format!(
        "<html><head><title>{title}</title></head><body><main><h1>Welcome back</h1>\
         <form><label>Email <input type=\"email\"></label>\
         <label>Password <input type=\"PASSWORD\"></label><button>Sign in</button></form>\
         <p>{help}</p><p>Forgot your password? Reset it from the link we email you.</p>\
         </main></body></html>"
    )
    .into_bytes()
}

#[test]
fn sign_in_page_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let page = evidence(&document.sources[0].url, 200, "text/html", sign_in_page("Example"));

    let failure = version_text(&document, &[page]).unwrap_err();

    let CheckFailure::SignInPage { status, marker, .. } = &failure else {
        panic!("expected a sign-in page, got {failure}");
    };
    assert_eq!(*status, 200);
    assert!(marker.starts_with("a password field and "), "{marker}");
    assert!(failure.to_string().contains("give the source its new address"), "{failure}");
}

#[test]
fn sign_in_title_records_no_version() {
    let document = declaration("GitHub", "Terms of Service");
    let body = "<html><head><title>Log in to Example</title></head><body><main>\
                <h1>Continue to Example</h1><p>Continue with your work account to reach the \
                page you asked for.</p><a href=\"/sso\">Continue with single sign-on</a>\
                </main></body></html>";
    let page = evidence(&document.sources[0].url, 200, "text/html", body.as_bytes().to_vec());

    let failure = version_text(&document, &[page]).unwrap_err();

    assert!(
        matches!(&failure, CheckFailure::SignInPage { marker, .. }
            if marker.starts_with("title contains \"log in\"")),
        "got {failure}"
    );
}

#[test]
fn terms_with_header_sign_in_form_pass() {
    let clauses: String = (1..=40)
        .map(|number| {
            format!(
                "<p>{number}. You agree that the provider may suspend access to the service if \
                 you break rule {number} of these terms.</p>"
            )
        })
        .collect();
    let body = format!(
        "<html><head><title>Terms of Service</title></head><body><header><form>\
         <input type=\"password\"><button>Log in</button></form></header>\
         <main>{clauses}</main></body></html>"
    );
    let page = scraper::Html::parse_document(&body);

    assert_eq!(clausewatch_watcher::guard::sign_in_marker_in(&ParsedPage::new(&page)), None);
}

/// Returns a terms page of `count` numbered rules of 10 words each inside the site's menus,
/// with `extra` in `main` before the rules and a footer link to cookie preferences.
fn rules_inside_menus(count: usize, extra: &str) -> String {
    let rules: String = (1..=count)
        .map(|number| format!("<p>{number}. You may use the service under rule {number} here.</p>"))
        .collect();
    let main = format!("{extra}<h1>Community rules</h1>{rules}");
    let page = String::from_utf8(inside_site_menus("Community rules", "", &main)).unwrap();
    page.replace("</body>", "<footer><a href=\"/cookies\">Cookie preferences</a></footer></body>")
}

#[test]
fn short_terms_with_cookie_footer_pass() {
    // About 110 words of content; the menus and footer add about 200.
    let html = rules_inside_menus(10, "");
    let page = scraper::Html::parse_document(&html);
    let parsed = ParsedPage::new(&page);

    assert_eq!(clausewatch_watcher::guard::bot_wall_marker_in(200, &html, &parsed), None);
    assert_eq!(clausewatch_watcher::guard::not_found_marker_in(&parsed), None);
}

#[test]
fn terms_with_menus_and_sign_in_form_pass() {
    // About 260 words of content, under the sign-in limit alone, and 200 words of menus.
    let form = "<header><form><input type=\"password\"><button>Log in</button></form></header>";
    let html = rules_inside_menus(25, form);
    let page = scraper::Html::parse_document(&html);

    let marker = clausewatch_watcher::guard::sign_in_marker_in(&ParsedPage::new(&page));

    assert_eq!(marker, None);
}

#[test]
fn stored_snapshots_pass_page_guards() {
    let root = crate::corpus::data_dir().join("snapshots");
    let mut checked = 0;
    for platform in std::fs::read_dir(&root).unwrap() {
        for document in std::fs::read_dir(platform.unwrap().path()).unwrap() {
            for file in std::fs::read_dir(document.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|extension| extension != "html") {
                    continue;
                }
                let html = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                let page = scraper::Html::parse_document(&html);
                let marker =
                    clausewatch_watcher::guard::not_found_marker_in(&ParsedPage::new(&page));
                assert_eq!(marker, None, "{}", path.display());
                let marker = clausewatch_watcher::guard::sign_in_marker_in(&ParsedPage::new(&page));
                assert_eq!(marker, None, "{}", path.display());
                let parsed = ParsedPage::new(&page);
                let marker = clausewatch_watcher::guard::bot_wall_marker_in(200, &html, &parsed);
                assert_eq!(marker, None, "{}", path.display());
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 30, "every stored HTML snapshot is read");
}
