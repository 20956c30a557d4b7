//! The active rule set of a store: a reviewed taxonomy applied to the store stays active for
//! versions imported later and after reopening, an invalid one changes nothing, and applying
//! the built-in rules returns to them.

mod common;

use std::path::Path;

use clausewatch_analysis::Taxonomy;
use clausewatch_store::Store;
use clausewatch_store::active_rules::RuleSource;
use sha2::Digest;

use common::{corpus, empty_store, import_time};

fn rule_set_names(store: &Store) -> Vec<String> {
    store.rule_sets().expect("rule sets").into_iter().map(|(name, _)| name).collect()
}

/// Returns the built-in taxonomy text under another version.
fn reviewed_text(version: &str) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/taxonomy.toml"),
    )
    .expect("taxonomy file");
    let built_in = format!("version = \"{}\"", Taxonomy::embedded().version);
    assert!(text.contains(&built_in), "taxonomy file names its version as {built_in}");
    text.replacen(&built_in, &format!("version = \"{version}\""), 1)
}

#[test]
fn reviewed_rules_classify_later_imports() {
    let (dir, mut store) = empty_store();
    store.import_archive(&corpus().join("Netflix"), import_time()).expect("import");
    let text = reviewed_text("reviewed-1");

    store
        .apply_rules(
            RuleSource::Reviewed { text: &text, origin: "reviewed.toml" },
            "alice",
            import_time(),
        )
        .expect("apply");
    store.import_archive(&corpus().join("Reddit"), import_time()).expect("import");
    drop(store);
    let store = Store::open_in(dir.path()).expect("reopen");

    assert_eq!(rule_set_names(&store), ["reviewed-1"]);
    let active = store.active_rules().expect("active rules");
    assert_eq!(active.origin(), Some("reviewed.toml"));
    assert_eq!(active.rules().version(), "reviewed-1");

    let entries = store.audit_entries().expect("audit entries");
    let applied: Vec<_> = entries.iter().filter(|entry| entry.action == "rules.apply").collect();
    assert_eq!(applied.len(), 1, "one entry for the one rule change");
    assert_eq!(applied[0].actor, "alice");
    let details: serde_json::Value = serde_json::from_str(&applied[0].details).expect("JSON");
    assert_eq!(details["rule_set"], "reviewed-1");
    assert_eq!(details["origin"], "reviewed.toml");
    let digest = sha2::Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(details["text_sha256"], hex.as_str());
}

#[test]
fn built_in_rules_replace_reviewed_ones() {
    let (_dir, mut store) = empty_store();
    store.import_archive(&corpus().join("Netflix"), import_time()).expect("import");
    let text = reviewed_text("reviewed-2");
    store
        .apply_rules(
            RuleSource::Reviewed { text: &text, origin: "reviewed.toml" },
            "alice",
            import_time(),
        )
        .expect("apply");

    store.apply_rules(RuleSource::Embedded, "alice", import_time()).expect("apply built-in rules");

    assert_eq!(rule_set_names(&store), [Taxonomy::embedded().version.clone()]);
    assert_eq!(store.active_rules().expect("active rules").origin(), None);
}

#[test]
fn invalid_rules_change_nothing() {
    let (_dir, mut store) = empty_store();
    store.import_archive(&corpus().join("Netflix"), import_time()).expect("import");
    let built_in = Taxonomy::embedded().version.clone();
    // The built-in version over other rules would make stored rows ambiguous.
    let changed = reviewed_text(&built_in).replacen("name = \"", "name = \"Reviewed ", 1);
    let broken = reviewed_text("reviewed-3").replacen("all = [", "all = [\n    '(unclosed',", 1);

    let same_version = store.apply_rules(
        RuleSource::Reviewed { text: &changed, origin: "same.toml" },
        "alice",
        import_time(),
    );
    let bad_pattern = store.apply_rules(
        RuleSource::Reviewed { text: &broken, origin: "broken.toml" },
        "alice",
        import_time(),
    );

    let message = same_version.expect_err("same version rejected").to_string();
    assert!(message.contains("same.toml"), "{message}");
    assert!(message.contains("version of its own"), "{message}");
    let message = bad_pattern.expect_err("bad pattern rejected").to_string();
    assert!(message.contains("broken.toml"), "{message}");
    assert!(message.contains("(unclosed"), "{message}");
    let entries = store.audit_entries().expect("audit entries");
    assert!(entries.iter().all(|entry| entry.action != "rules.apply"), "nothing was applied");
    assert_eq!(rule_set_names(&store), [built_in]);
    assert_eq!(store.active_rules().expect("active rules").origin(), None);
}

#[test]
fn active_version_with_other_rules_is_rejected() {
    let (_dir, mut store) = empty_store();
    store.import_archive(&corpus().join("Netflix"), import_time()).expect("import");
    let first = reviewed_text("reviewed-1");
    let changed = first.replacen("name = \"", "name = \"Reviewed ", 1);
    store
        .apply_rules(
            RuleSource::Reviewed { text: &first, origin: "first.toml" },
            "alice",
            import_time(),
        )
        .expect("first reviewed rules apply");

    let reused = store.apply_rules(
        RuleSource::Reviewed { text: &changed, origin: "second.toml" },
        "alice",
        import_time(),
    );

    let message = reused.expect_err("a reused version is rejected").to_string();
    assert!(message.contains("second.toml"), "{message}");
    assert!(message.contains("first.toml"), "{message}");
    assert_eq!(store.active_rules().expect("active rules").origin(), Some("first.toml"));
    assert_eq!(rule_set_names(&store), ["reviewed-1"]);
}

#[test]
fn version_on_two_lines_is_rejected() {
    let (_dir, mut store) = empty_store();
    let text = reviewed_text("a\\nb");

    let result = store.apply_rules(
        RuleSource::Reviewed { text: &text, origin: "lines.toml" },
        "alice",
        import_time(),
    );

    let message = result.expect_err("a version with a line break is rejected").to_string();
    assert!(message.contains("lines.toml"), "{message}");
    assert!(message.contains("control characters"), "{message}");
}

#[test]
fn reviewed_rules_may_drop_a_category() {
    use clausewatch_store::checklists::{ChecklistScope, SameSubject};

    let (_dir, mut store) = empty_store();
    store.import_archive(&corpus().join("Netflix"), import_time()).expect("import");
    let scope = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    let taxonomy = Taxonomy::embedded();
    let opened = store
        .open_checklist(taxonomy, "children", &scope, SameSubject::Refuse, "alice", import_time())
        .expect("checklist opens");
    let text = reviewed_text("reviewed-without-children");
    let start = text.find("[[category]]\nid = \"children\"").expect("children category");
    let end = text[start + 1..].find("\n[[category]]").map_or(text.len(), |at| start + 1 + at);
    let without = format!("{}{}", &text[..start], &text[end..]);

    store
        .apply_rules(
            RuleSource::Reviewed { text: &without, origin: "without-children.toml" },
            "alice",
            import_time(),
        )
        .expect("a taxonomy without a built-in category applies");

    let active = store.active_rules().expect("active rules");
    assert!(active.rules().taxonomy.category("children").is_none());
    assert_eq!(active.rules().version(), "reviewed-without-children");
    let checklists = store.checklists().expect("checklists list");
    assert_eq!(checklists.len(), 1);
    assert_eq!(checklists[0].id, opened.id, "the checklist opened before stays");
}
