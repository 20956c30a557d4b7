use chrono::{DateTime, Utc};
use clausewatch_watcher::declaration::{
    DeclarationError, DeclarationWarning, RangeBoundary, SelectorRule, in_force_at,
    parse_declaration, parse_history,
};

fn fixture(name: &str) -> String {
    let path = crate::corpus::data_dir().join("declarations").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn at(date: &str) -> DateTime<Utc> {
    date.parse().expect("test dates are RFC 3339")
}

fn css(selector: &str) -> SelectorRule {
    SelectorRule::Css(selector.to_owned())
}

#[test]
fn single_page_document_reads_url_and_selector() {
    let parsed = parse_declaration(&fixture("GitHub.json"), "GitHub.json").unwrap();
    let declaration = parsed.declaration;

    assert_eq!(declaration.platform, "GitHub");
    assert_eq!(declaration.documents.len(), 3);
    let terms = &declaration.documents["Terms of Service"];
    assert_eq!(terms.sources.len(), 1);
    assert_eq!(
        terms.sources[0].url,
        "https://docs.github.com/en/free-pro-team@latest/github/site-policy/github-terms-of-service"
    );
    assert_eq!(terms.sources[0].select, vec![css("#article-contents")]);
    assert!(terms.sources[0].remove.is_empty());
    assert!(parsed.warnings.is_empty());
}

#[test]
fn combined_pages_inherit_document_rules() {
    let parsed = parse_declaration(&fixture("ChatGPT.json"), "ChatGPT.json").unwrap();
    let terms = &parsed.declaration.documents["Terms of Service"];

    let urls: Vec<&str> = terms.sources.iter().map(|source| source.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://openai.com/policies/eu-terms-of-use/",
            "https://openai.com/policies/service-terms/"
        ]
    );
    for source in &terms.sources {
        assert_eq!(source.select, vec![css("main")]);
        assert_eq!(
            source.remove,
            vec![css("select[name=\"Locale Select\"]"), css("main .sr-only")]
        );
        assert!(source.execute_client_scripts);
    }
}

#[test]
fn combined_page_keeps_its_own_rules() {
    let parsed = parse_declaration(&fixture("Claude.ai.json"), "Claude.ai.json").unwrap();
    let policy = &parsed.declaration.documents["Acceptable Use Policy"];

    assert_eq!(policy.sources.len(), 3);
    assert_eq!(policy.sources[0].select, vec![css("main")]);
    assert!(policy.sources[0].remove.is_empty());
    assert_eq!(policy.sources[1].select, vec![css(".article")]);
    assert_eq!(policy.sources[1].remove, vec![css(".avatar__info"), css(".related_articles")]);
}

#[test]
fn range_rules_read_both_boundaries() {
    let parsed = parse_declaration(&fixture("X.json"), "X.json").unwrap();
    let deceased = &parsed.declaration.documents["Deceased Users"];

    let expected = SelectorRule::Range {
        start: RangeBoundary::Before("h1".to_owned()),
        end: RangeBoundary::After("[class*=\"rich-text-v\"]".to_owned()),
    };
    assert_eq!(deceased.sources[0].select, vec![expected]);
}

#[test]
fn unknown_filter_is_reported_by_name() {
    let parsed = parse_declaration(&fixture("Zoom.json"), "Zoom.json").unwrap();

    assert_eq!(
        parsed.warnings,
        vec![DeclarationWarning::UnknownFilter {
            document_type: "Terms of Service".to_owned(),
            url: "https://zoom.us/terms".to_owned(),
            filter: "removeAmpDeviceId".to_owned(),
        }]
    );
    let terms = &parsed.declaration.documents["Terms of Service"];
    assert!(terms.sources[0].filters.is_empty(), "skipped filters are not kept as applied");
    assert!(parsed.warnings[0].to_string().contains("`removeAmpDeviceId`"));
}

#[test]
fn unknown_filters_of_every_combined_page_are_reported() {
    let parsed = parse_declaration(&fixture("X.json"), "X.json").unwrap();

    let community: Vec<_> = parsed
        .warnings
        .iter()
        .filter(|warning| match warning {
            DeclarationWarning::UnknownFilter { document_type, filter, .. } => {
                document_type == "Community Guidelines" && filter == "useXHelpCenterBaseURL"
            }
            DeclarationWarning::UnknownKey { .. } => false,
        })
        .collect();
    let pages = parsed.declaration.documents["Community Guidelines"].sources.len();
    assert_eq!(community.len(), pages, "each combined page inherits the filter");
}

#[test]
fn older_documents_key_is_read() {
    let json = r#"{
        "name": "Example",
        "documents": {
            "Privacy Policy": { "fetch": "https://example.com/privacy", "select": "article" }
        }
    }"#;

    let parsed = parse_declaration(json, "Example.json").unwrap();

    let policy = &parsed.declaration.documents["Privacy Policy"];
    assert_eq!(policy.sources[0].url, "https://example.com/privacy");
    assert_eq!(policy.sources[0].select, vec![css("article")]);
}

#[test]
fn range_with_two_starts_is_rejected() {
    let json = r#"{ "name": "Example", "terms": { "Terms of Service": {
        "fetch": "https://example.com/terms",
        "select": [{ "startBefore": "h1", "startAfter": "h2", "endBefore": "footer" }]
    } } }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(
        matches!(&error, DeclarationError::InvalidRangeRule { side: "start", .. }),
        "got {error}"
    );
}

#[test]
fn invalid_selector_is_rejected_with_its_text() {
    let json = r#"{ "name": "Example", "terms": { "Terms of Service": {
        "fetch": "https://example.com/terms", "select": "main[[" } } }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(error.to_string().contains("`main[[`"), "got {error}");
}

#[test]
fn history_gives_declaration_in_force() {
    let current = parse_declaration(&fixture("Netflix.json"), "Netflix.json").unwrap().declaration;
    let history =
        parse_history(&fixture("Netflix.history.json"), "Netflix.history.json").unwrap().history;
    let select_at = |date: &str| {
        in_force_at(&current, Some(&history), "Terms of Service", at(date)).unwrap().sources[0]
            .select
            .clone()
    };

    // Valid until 2020-12-08T16:00Z: the whole body.
    assert_eq!(select_at("2020-12-01T00:00:00Z"), vec![css("body")]);
    // Valid until 2021-03-03T11:26:52+04:00, that is 07:26:52Z.
    assert_eq!(
        select_at("2021-03-03T07:26:51Z"),
        vec![css("section.kb-article.kb-article-variant.gradient")]
    );
    assert_eq!(select_at("2021-03-03T07:26:52Z"), vec![css(".kb-title"), css(".kb-article")]);
}

#[test]
fn history_without_valid_until_is_rejected() {
    let json =
        r#"{ "Terms of Service": [ { "fetch": "https://example.com", "select": "main" } ] }"#;

    let error = parse_history(json, "Example.history.json").unwrap_err();

    assert!(matches!(error, DeclarationError::MissingValidUntil { .. }), "got {error}");
}

#[test]
fn invalid_selector_names_file_service_and_document() {
    let json = r#"{ "name": "Example", "terms": { "Privacy Policy": {
        "fetch": "https://example.com/privacy", "remove": ["nav", "div>>"] } } }"#;

    let error = parse_declaration(json, "declarations/Example.json").unwrap_err();

    let DeclarationError::InvalidSelector { at, selector, .. } = &error else {
        panic!("expected an invalid selector, got {error}");
    };
    assert_eq!(at.file.as_deref(), Some("declarations/Example.json"));
    assert_eq!(at.service.as_deref(), Some("Example"));
    assert_eq!(at.document_type, "Privacy Policy");
    assert_eq!(selector, "div>>");
    let message = error.to_string();
    assert!(
        message.starts_with("Example Privacy Policy in declarations/Example.json"),
        "{message}"
    );
}

#[test]
fn duplicate_document_key_is_rejected() {
    let json = r#"{
        "name": "Example",
        "terms": {
            "Terms of Service": { "fetch": "https://example.com/terms", "select": "main" },
            "Terms of Service": { "fetch": "https://example.com/tos", "select": "article" }
        }
    }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    let DeclarationError::DuplicateKey { file, key, line, .. } = &error else {
        panic!("expected a duplicate key, got {error}");
    };
    assert_eq!(file, "Example.json");
    assert_eq!(key, "Terms of Service");
    assert_eq!(*line, 5);
    assert!(error.to_string().contains("`Terms of Service` twice in `terms`"), "{error}");
}

#[test]
fn duplicate_rule_key_is_rejected() {
    let json = r#"{ "name": "Example", "terms": { "Terms of Service": {
        "fetch": "https://example.com/terms", "select": "main", "select": "article" } } }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(
        matches!(&error, DeclarationError::DuplicateKey { key, .. } if key == "select"),
        "got {error}"
    );
    assert!(error.to_string().contains("in `terms.Terms of Service`"), "{error}");
}

#[test]
fn terms_and_documents_together_are_rejected() {
    let json = r#"{
        "name": "Example",
        "terms": { "Terms of Service": { "fetch": "https://example.com/terms" } },
        "documents": { "Privacy Policy": { "fetch": "https://example.com/privacy" } }
    }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(
        matches!(&error, DeclarationError::TermsAndDocuments { file } if file == "Example.json"),
        "got {error}"
    );
}

#[test]
fn empty_terms_are_rejected() {
    let json = r#"{ "name": "Example", "terms": {} }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(
        matches!(&error, DeclarationError::EmptyDocuments { file, .. } if file == "Example.json"),
        "got {error}"
    );
    assert!(error.to_string().contains("Example.json"), "{error}");
}

#[test]
fn empty_documents_key_is_named() {
    let json = r#"{ "name": "Example", "documents": {} }"#;

    let error = parse_declaration(json, "Example.json").unwrap_err();

    assert!(error.to_string().contains("under `documents`"), "{error}");
}

#[test]
fn list_instead_of_object_says_what_is_expected() {
    for json in ["[]", r#" [{"name": "Foo", "terms": {}}]"#] {
        let error = parse_declaration(json, "Example.json").unwrap_err();

        let message = error.to_string();
        assert!(message.contains("Example.json is a JSON list"), "{json}: {message}");
    }
}

#[test]
fn number_instead_of_object_says_what_is_expected() {
    let error = parse_declaration("42", "Example.json").unwrap_err();

    let message = error.to_string();
    assert!(message.contains("a declaration object with `name` and `terms`"), "{message}");
    assert!(!message.contains("RawDeclaration"), "{message}");
}

#[test]
fn unknown_keys_are_reported() {
    let json = r#"{
        "name": "Acme",
        "terms": {
            "Terms of Service": { "fetch": "http://127.0.0.1:9/terms", "selekt": "main" },
            "Privacy Policy": {
                "combine": [{ "fetch": "http://127.0.0.1:9/a", "remvoe": ".ad" }],
                "select": "main"
            }
        }
    }"#;

    let parsed = parse_declaration(json, "Acme.json").unwrap();

    let keys: Vec<(&str, &str)> = parsed
        .warnings
        .iter()
        .map(|warning| match warning {
            DeclarationWarning::UnknownKey { document_type, key, .. } => {
                (document_type.as_str(), key.as_str())
            }
            other => panic!("unexpected warning {other}"),
        })
        .collect();
    assert_eq!(keys, vec![("Privacy Policy", "remvoe"), ("Terms of Service", "selekt")]);
    let message = parsed.warnings[1].to_string();
    assert!(message.contains("`selekt` of Acme Terms of Service in Acme.json"), "{message}");
}

#[test]
fn byte_order_mark_is_skipped() {
    let declaration = r#"{"name": "Acme", "terms": {"Terms": {"fetch": "http://127.0.0.1:9/t"}}}"#;
    let json = format!("\u{feff}{declaration}");

    let parsed = parse_declaration(&json, "Acme.json").unwrap();

    assert_eq!(parsed.declaration.platform, "Acme");
}

#[test]
fn number_as_selector_names_the_rule() {
    let json =
        r#"{"name":"Acme","terms":{"Terms of Service":{"fetch":"http://127.0.0.1/t","select":5}}}"#;

    let Err(error) = parse_declaration(json, "Acme.json") else { panic!("5 is no selector") };
    let error = error.to_string();

    assert!(error.contains("`select` and `remove` must each be a CSS selector"), "{error}");
    assert!(error.contains("line 1 column"), "{error}");
    assert!(!error.contains("untagged"), "{error}");
}
