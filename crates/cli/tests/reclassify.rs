//! `clausewatch reclassify` through the real binary on a store of the whole corpus. A reviewed
//! taxonomy file replaces the stored analysis and keeps review states, and the built-in rules
//! come back without a file. An invalid or missing file fails with a message naming it.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{corpus, json, run, stderr};

const SCRAPING: &str = "scraping-data-mining";

fn taxonomy_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/taxonomy.toml");
    std::fs::read_to_string(path).expect("taxonomy file")
}

/// Returns the `version = "…"` line of the built-in taxonomy.
fn version_line(text: &str) -> &str {
    text.lines().find(|line| line.starts_with("version = ")).expect("version line")
}

/// Writes the built-in taxonomy under version `version`, with every rule of the scraping
/// category vetoed, and returns its path.
fn write_reviewed(dir: &Path, version: &str) -> PathBuf {
    let text = taxonomy_text();
    let id_line = format!("id = \"{SCRAPING}\"");
    assert!(text.contains(&id_line), "the taxonomy has the scraping category");
    let reviewed = text
        .replacen(version_line(&text), &format!("version = \"{version}\""), 1)
        .replacen(&id_line, &format!("{id_line}\nnone = ['(?s).']"), 1);
    let path = dir.join("reviewed-taxonomy.toml");
    std::fs::write(&path, reviewed).expect("write taxonomy");
    path
}

/// Returns how many change records of every document carry `category`.
fn changes_in(data_dir: &Path, category: &str) -> usize {
    let platforms = json(data_dir, &["platforms"]);
    let mut count = 0;
    for platform in platforms.as_array().expect("array") {
        let name = platform["name"].as_str().expect("platform name");
        for document in platform["documents"].as_array().expect("documents") {
            let doc_type = document["document"].as_str().expect("document name");
            let changes = json(data_dir, &["changes", name, doc_type]);
            count += changes
                .as_array()
                .expect("array")
                .iter()
                .filter(|change| {
                    change["categories"].as_array().unwrap().contains(&category.into())
                })
                .count();
        }
    }
    count
}

fn rule_set_names(report: &Value) -> Vec<String> {
    report["rule_sets"]
        .as_array()
        .expect("rule_sets")
        .iter()
        .map(|entry| entry["rule_set"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn reviewed_taxonomy_replaces_analysis() {
    let data = tempfile::tempdir().expect("folder");
    let files = tempfile::tempdir().expect("folder");
    let corpus = corpus();
    let output = run(data.path(), &["import", corpus.to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "import failed: {}", stderr(&output));
    let changes = json(data.path(), &["changes", "Netflix", "Terms of Service"]);
    let change = &changes.as_array().expect("array")[0];
    let clause = change["clause_id"].as_str().expect("clause id");
    let version = change["recorded_at"].as_str().expect("time");
    json(data.path(), &["review", clause, version, "reviewed"]);
    assert!(changes_in(data.path(), SCRAPING) > 0, "the corpus has scraping clauses");
    let path = write_reviewed(files.path(), "reviewed-1");

    let report = json(data.path(), &["reclassify", "--taxonomy", path.to_str().unwrap()]);

    assert_eq!(report["rule_set"], "reviewed-1");
    assert_eq!(report["taxonomy"], path.to_str().unwrap());
    assert_eq!(rule_set_names(&report), ["reviewed-1"]);
    assert!(report["rule_sets"][0]["rows"].as_u64().unwrap() > 0);
    assert_eq!(changes_in(data.path(), SCRAPING), 0);
    let after = json(data.path(), &["changes", "Netflix", "Terms of Service"]);
    let kept = after
        .as_array()
        .expect("array")
        .iter()
        .find(|record| record["clause_id"] == clause && record["recorded_at"] == version)
        .expect("the reviewed record");
    assert_eq!(kept["review_state"], "reviewed");

    // Without a file, the built-in rules come back.
    let report = json(data.path(), &["reclassify"]);
    let built_in = version_line(&taxonomy_text()).trim_start_matches("version = ").replace('"', "");

    assert_eq!(report["taxonomy"], "built-in");
    assert_eq!(rule_set_names(&report), [built_in]);
    assert!(changes_in(data.path(), SCRAPING) > 0);
}

#[test]
fn invalid_taxonomy_names_the_file() {
    let data = tempfile::tempdir().expect("folder");
    let files = tempfile::tempdir().expect("folder");
    let path = files.path().join("broken-taxonomy.toml");
    let broken = taxonomy_text().replacen("all = [", "all = [\n    '(unclosed',", 1);
    std::fs::write(&path, broken).expect("write taxonomy");

    let output = run(data.path(), &["reclassify", "--taxonomy", path.to_str().unwrap()]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(message.contains("invalid pattern \"(unclosed\""), "{message}");
}

#[test]
fn missing_taxonomy_names_the_file() {
    let data = tempfile::tempdir().expect("folder");
    let path = data.path().join("absent.toml");

    let output = run(data.path(), &["reclassify", "--taxonomy", path.to_str().unwrap()]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(message.contains("could not read the taxonomy file"), "{message}");
}

#[test]
fn reviewed_names_reach_compare_and_checklists() {
    let data = tempfile::tempdir().expect("folder");
    let files = tempfile::tempdir().expect("folder");
    let corpus = corpus();
    let output = run(data.path(), &["import", corpus.to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "import failed: {}", stderr(&output));
    let text = taxonomy_text();
    let built_in_name = "name = \"Arbitration and class-action waiver\"";
    assert!(text.contains(built_in_name), "the taxonomy names the arbitration category");
    let reviewed = text.replacen(version_line(&text), "version = \"reviewed-names\"", 1).replacen(
        built_in_name,
        "name = \"Dispute resolution (reviewed)\"",
        1,
    );
    let path = files.path().join("renamed.toml");
    std::fs::write(&path, reviewed).expect("write taxonomy");
    json(data.path(), &["reclassify", "--taxonomy", path.to_str().unwrap()]);

    let comparison = json(data.path(), &["compare", "arbitration"]);
    let checklist =
        json(data.path(), &["checklist", "open", "arbitration", "--platform", "Netflix"]);

    assert_eq!(comparison["name"], "Dispute resolution (reviewed)");
    assert_eq!(checklist["rule_set"], "reviewed-names");
    let id = checklist["id"].to_string();
    let show_output = run(data.path(), &["checklist", "show", &id]);
    let list_output = run(data.path(), &["checklist", "list"]);
    let shown_text = String::from_utf8_lossy(&show_output.stdout);
    assert!(shown_text.contains("— Dispute resolution (reviewed) for Netflix"), "{shown_text}");
    assert!(String::from_utf8_lossy(&list_output.stdout).contains("Dispute resolution (reviewed)"));
}
