//! The asset files parse, cover the required categories and link only to existing ids.

use std::path::Path;

use clausewatch_analysis::{AnalysisError, Classifier, Regulations, Taxonomy, check_links};

const REQUIRED_CATEGORIES: [&str; 17] = [
    "ai-machine-learning",
    "scraping-data-mining",
    "content-licence",
    "arbitration",
    "unilateral-change",
    "unilateral-termination",
    "content-removal",
    "limitation-of-liability",
    "indemnification",
    "jurisdiction",
    "choice-of-law",
    "contract-by-using",
    "privacy-by-reference",
    "data-sharing",
    "data-retention",
    "children",
    "automatic-renewal",
];

fn assets_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets"))
}

#[test]
fn taxonomy_has_every_required_category() {
    let taxonomy = Taxonomy::embedded();
    assert!(!taxonomy.version.is_empty(), "taxonomy needs a version");
    for id in REQUIRED_CATEGORIES {
        assert!(taxonomy.category(id).is_some(), "missing category {id}");
    }
}

#[test]
fn every_category_has_rules_checklist_and_regulations() {
    for category in &Taxonomy::embedded().categories {
        assert!(!category.rules.is_empty(), "{} has no detection rule", category.id);
        assert!(!category.checklist.is_empty(), "{} has no checklist item", category.id);
        assert!(!category.regulations.is_empty(), "{} links no regulation", category.id);
        assert!(!category.description.is_empty(), "{} has no description", category.id);
    }
}

#[test]
fn embedded_rules_compile() {
    assert!(Classifier::new(Taxonomy::embedded()).is_ok());
}

#[test]
fn categories_and_checklists_link_existing_regulations() {
    let result = check_links(Taxonomy::embedded(), Regulations::embedded());
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

#[test]
fn check_links_names_a_dangling_checklist_source() {
    let mut taxonomy = Taxonomy::embedded().clone();
    taxonomy.categories[0].checklist[0].source = "no-such-regulation".to_owned();

    let message = check_links(&taxonomy, Regulations::embedded()).unwrap_err().to_string();

    assert!(message.contains("no-such-regulation"), "{message}");
    assert!(message.contains(&taxonomy.categories[0].id), "{message}");
}

#[test]
fn every_risk_assessment_names_a_known_category_and_source() {
    let regulations = Regulations::embedded();
    assert!(!regulations.risks.is_empty(), "no enforcement-risk assessments");
    for risk in &regulations.risks {
        assert!(Taxonomy::embedded().category(&risk.category).is_some(), "{}", risk.category);
        assert!(!risk.sources.is_empty(), "assessment of {} cites nothing", risk.category);
    }
}

#[test]
fn unverified_regulations_carry_a_note() {
    let regulations = Regulations::embedded();
    assert_eq!(regulations.as_of.len(), 10, "as_of is a YYYY-MM-DD date");
    for regulation in &regulations.regulations {
        if !regulation.verified {
            assert!(regulation.note.is_some(), "{} is unverified without a note", regulation.id);
        }
        assert!(regulation.source_url.starts_with("https://"), "{}", regulation.id);
    }
}

#[test]
fn verified_regulations_say_what_was_checked() {
    let regulations = Regulations::embedded();
    for regulation in regulations.regulations.iter().filter(|regulation| regulation.verified) {
        let note = regulation.note.as_deref().unwrap_or_default();
        assert!(!note.trim().is_empty(), "{} is verified without a note", regulation.id);
        assert!(
            note.contains(&regulation.source_url),
            "{} note does not name the address it was checked against",
            regulation.id
        );
    }
}

#[test]
fn taxonomy_loads_from_a_path() {
    let taxonomy = Taxonomy::load(&assets_dir().join("taxonomy.toml")).unwrap();
    assert_eq!(taxonomy.categories.len(), Taxonomy::embedded().categories.len());
}

#[test]
fn regulations_load_from_a_path() {
    let library = Regulations::load(&assets_dir().join("regulations.toml")).unwrap();
    assert_eq!(library.regulations.len(), Regulations::embedded().regulations.len());
}

#[test]
fn missing_taxonomy_file_names_the_path() {
    let error = Taxonomy::load(Path::new("/nonexistent/taxonomy.toml")).unwrap_err();
    assert!(matches!(error, AnalysisError::Read { .. }));
    assert!(error.to_string().contains("/nonexistent/taxonomy.toml"));
}

#[test]
fn invalid_pattern_names_category_and_rule() {
    let text = r#"
        version = "test"
        [[category]]
        id = "broken"
        name = "Broken"
        description = "A category with an invalid pattern."
        subject = "nothing"
        baseline_severity = "low"
        [[category.rule]]
        name = "unclosed group"
        all = ['(unclosed']
    "#;
    let taxonomy = Taxonomy::from_toml_str(text, "inline").unwrap();

    let message = Classifier::new(&taxonomy).unwrap_err().to_string();

    assert!(message.contains("broken"), "{message}");
    assert!(message.contains("unclosed group"), "{message}");
}

#[test]
fn duplicate_category_id_is_rejected() {
    let category = r#"
        [[category]]
        id = "twice"
        name = "Twice"
        description = "Duplicated."
        subject = "nothing"
        baseline_severity = "low"
    "#;
    let text = format!("version = \"test\"\n{category}{category}");

    let error = Taxonomy::from_toml_str(&text, "inline").unwrap_err();

    assert!(matches!(error, AnalysisError::DuplicateId { .. }));
    assert!(error.to_string().contains("twice"));
}

#[test]
fn category_named_ignores_case() {
    let taxonomy = Taxonomy::embedded();

    for name in ["arbitration", "ARBITRATION", " Arbitration and class-action waiver "] {
        let found = taxonomy.category_named(name).map(|category| category.id.as_str());
        assert_eq!(found, Some("arbitration"), "{name:?}");
    }
    assert!(taxonomy.category_named("arbitrage").is_none());
}

#[test]
fn category_name_with_direction_override_is_rejected() {
    let text = include_str!("../../../assets/taxonomy.toml");
    let name = "name = \"AI and machine-learning use\"";
    assert!(text.contains(name), "the taxonomy names its first category {name}");

    // Each value as a TOML basic string: a right-to-left override, a line break, only spaces.
    for bad in [r#""AI \u202Eesu""#, r#""AI\nuse""#, r#""  ""#] {
        let edited = text.replacen(name, &format!("name = {bad}"), 1);

        let error = Taxonomy::from_toml_str(&edited, "edited.toml").unwrap_err().to_string();

        assert!(error.contains("invalid name"), "{bad:?}: {error}");
        assert!(error.contains("\"ai-machine-learning\""), "{bad:?}: {error}");
    }
}

#[test]
fn category_ids_differing_in_case_are_duplicates() {
    let text = include_str!("../../../assets/taxonomy.toml");
    let id = "id = \"content-licence\"";
    assert!(text.contains(id), "the taxonomy has the category {id}");
    let edited = text.replacen(id, "id = \"ARBITRATION\"", 1);

    let error = Taxonomy::from_toml_str(&edited, "edited.toml").unwrap_err();

    assert!(matches!(error, AnalysisError::DuplicateId { kind: "category", .. }), "{error}");
}
