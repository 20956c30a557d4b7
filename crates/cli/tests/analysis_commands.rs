//! The analysis subcommands through the real binary on the real corpus: `changes --json`
//! fields, `compare`, `note`, `checklist`, `review` and `audit`.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{json, netflix_dir, run, stderr, stdout};

const AI_ITEM: &str = "engage in any of the foregoing in connection with";

fn ai_change(dir: &Path) -> Value {
    let changes = json(dir, &["changes", "Netflix", "Terms of Service", "--since", "2025-04-17"]);
    let changes = changes.as_array().expect("array");
    changes
        .iter()
        .find(|c| {
            c["kind"] == "added" && c["text_after"].as_str().is_some_and(|t| t.starts_with(AI_ITEM))
        })
        .expect("the AI item was added on 2025-04-17")
        .clone()
}

#[test]
fn changes_json_keeps_its_fields_and_adds_severity() {
    let dir = netflix_dir();

    let change = ai_change(dir.path());

    for field in [
        "clause_id",
        "kind",
        "substantive",
        "aspects",
        "marker_before",
        "marker_after",
        "heading_before",
        "heading_after",
        "text_before",
        "text_after",
        "summary",
        "recorded_before",
        "recorded_at",
        "severity",
        "severity_reason",
        "categories",
    ] {
        assert!(change.get(field).is_some(), "missing field {field}");
    }
    assert_eq!(change["severity"], "critical");
    assert_eq!(change["categories"], serde_json::json!(["ai-machine-learning"]));
    assert_eq!(
        change["summary"],
        "New restriction on using the service or its content to train, test or benchmark \
         machine-learning tools (clause 4.6 (viii))."
    );
}

#[test]
fn compare_lists_platforms_without_the_clause() {
    let dir = netflix_dir();

    let comparison = json(dir.path(), &["compare", "arbitration"]);

    // The latest Netflix terms and privacy policy have no arbitration clause.
    assert_eq!(comparison["adoption"], "found in 0 of 1 platform");
    assert_eq!(comparison["platforms"][0]["found"], false);
    let output = run(dir.path(), &["compare", "arbitration"]);
    assert!(stdout(&output).contains("no such clause"));
}

#[test]
fn note_checklist_review_and_audit_round_trip() {
    let dir = netflix_dir();
    let change = ai_change(dir.path());
    let clause = change["clause_id"].as_str().unwrap();

    // The head of the empty log is the genesis hash; it stays valid as entries are added.
    let empty = json(dir.path(), &["audit", "verify"]);
    let genesis = empty["head_hash"].as_str().unwrap().to_owned();
    assert_eq!(genesis, "0".repeat(64));
    let note = json(dir.path(), &["note", "add", clause, "Bans use for model training."]);
    let after_note = run(dir.path(), &["audit", "verify", "--head", &genesis]);
    assert!(after_note.status.success(), "{}", stderr(&after_note));
    assert!(stdout(&after_note).contains("intact: 1 entry;"), "{}", stdout(&after_note));
    assert_eq!(note["needs_review"], false);
    let checklist =
        json(dir.path(), &["checklist", "open", "ai-machine-learning", "--clause", clause]);
    let item = checklist["items"][0]["id"].as_i64().unwrap().to_string();
    let updated = json(
        dir.path(),
        &["checklist", "set", &item, "--status", "non-complying", "--risk", "high"],
    );
    assert_eq!(updated["status"], "non_complying");
    let checklist_id = checklist["id"].as_i64().unwrap().to_string();
    let evidence = ["checklist", "set", &item, "--evidence", "Counsel memo of 2026-05-02"];
    let set = run(dir.path(), &evidence);
    assert!(set.status.success());
    assert_eq!(
        stdout(&set),
        format!("Item {item} is non-complying.\nEvidence: Counsel memo of 2026-05-02\n"),
        "the command confirms the field it set and no other"
    );
    let shown = stdout(&run(dir.path(), &["checklist", "show", &checklist_id]));
    assert!(
        shown.contains(&format!("Item {item} evidence: Counsel memo of 2026-05-02")),
        "{shown}"
    );
    assert!(shown.contains("non-complying"), "statuses are written as the help lists them");
    let review =
        json(dir.path(), &["review", clause, "2025-04-17", "acknowledged", "--reason", "seen"]);
    assert_eq!(review["state"], "acknowledged");
    let listed = stdout(&run(dir.path(), &["changes", "Netflix", "Terms of Service"]));
    assert!(listed.contains("  Review: acknowledged"), "the text form shows the review state");
    let history = stdout(&run(dir.path(), &["clause", clause]));
    assert!(history.contains("  Severity: critical. Review: acknowledged."), "{history}");

    let report = json(dir.path(), &["audit", "verify"]);
    assert_eq!(report["intact"], true);
    assert_eq!(report["entries"], 5);
    let head = report["head_hash"].as_str().unwrap().to_owned();
    assert!(run(dir.path(), &["audit", "verify", "--head", &head]).status.success());
    let mistyped = run(dir.path(), &["audit", "verify", "--head", "zzz"]);
    assert!(!mistyped.status.success());
    assert!(stderr(&mistyped).contains("invalid head hash \"zzz\""), "{}", stderr(&mistyped));
    let export = run(dir.path(), &["audit", "export"]);
    let csv = stdout(&export);
    assert_eq!(csv.lines().count(), 6, "{csv}");
    assert!(csv.contains(",review.set,"), "{csv}");
    let entries = json(dir.path(), &["audit", "export"]);
    let entries = entries.as_array().expect("the JSON export is an array");
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[4]["action"], "review.set");
    assert_eq!(entries[4]["hash"], head.as_str());

    let database = dir.path().join("clausewatch.sqlite3");
    let connection = rusqlite::Connection::open(database).unwrap();
    connection.execute("DELETE FROM audit_log WHERE id = 5", []).unwrap();
    let cut = run(dir.path(), &["audit", "verify", "--head", &head]);
    assert!(run(dir.path(), &["audit", "verify"]).status.success(), "a shorter chain verifies");
    assert!(!cut.status.success(), "the kept head is gone");
    assert!(stderr(&cut).contains(&format!("no audit entry has the head hash {head}")));
    assert!(stdout(&cut).contains("Audit log cut short"), "{}", stdout(&cut));
    let cut_json = run(dir.path(), &["--json", "audit", "verify", "--head", &head]);
    assert!(!cut_json.status.success());
    let cut_report: serde_json::Value = serde_json::from_str(&stdout(&cut_json)).unwrap();
    assert_eq!(cut_report["intact"], false);
    assert_eq!(cut_report["chain_intact"], true);
    assert_eq!(cut_report["head_found"], false);
    assert_eq!(cut_report["entries"], 4);
    connection.execute("UPDATE audit_log SET details = '{}' WHERE id = 3", []).unwrap();
    drop(connection);
    let output = run(dir.path(), &["audit", "verify"]);
    assert!(!output.status.success());
    assert!(stdout(&output).contains("broken at entry 3"), "{}", stdout(&output));
}

#[test]
fn checklist_rejects_an_unknown_status() {
    let dir = netflix_dir();
    let output = run(dir.path(), &["checklist", "open", "arbitration", "--platform", "Netflix"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let output = run(dir.path(), &["checklist", "set", "1", "--status", "done"]);

    assert!(!output.status.success());
    assert!(stderr(&output).contains("invalid status \"done\""), "{}", stderr(&output));
    assert!(stderr(&output).contains("requires-review"), "{}", stderr(&output));
}

#[test]
fn checklist_set_needs_a_field() {
    let dir = netflix_dir();
    let output = run(dir.path(), &["checklist", "open", "arbitration", "--platform", "Netflix"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let output = run(dir.path(), &["checklist", "set", "1"]);

    assert!(!output.status.success());
    assert!(stderr(&output).contains("--status"), "{}", stderr(&output));
    let history = json(dir.path(), &["checklist", "history", "1"]);
    assert_eq!(history.as_array().map(Vec::len), Some(0), "{history}");
}

#[test]
fn checklist_list_counts_items_under_review_as_open() {
    let dir = netflix_dir();
    let opened = json(dir.path(), &["checklist", "open", "arbitration", "--platform", "Netflix"]);
    let items: Vec<String> = opened["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap().to_string())
        .collect();
    json(dir.path(), &["checklist", "set", &items[0], "--status", "requires-review"]);
    json(dir.path(), &["checklist", "set", &items[1], "--status", "complying"]);

    let listed = stdout(&run(dir.path(), &["checklist", "list"]));

    // Columns are aligned, so the count starts where its heading starts.
    let header = listed.lines().find(|line| line.contains("Assessed")).expect("a header row");
    let at = header.find("Assessed").expect("the Assessed heading");
    let column = header[..at].chars().count();
    let row = listed.lines().find(|line| line.contains("Netflix")).expect("the checklist row");
    let cell: String = row.chars().skip(column).take_while(|c| !c.is_whitespace()).collect();
    assert_eq!(cell, "1", "{listed}");
}

#[test]
fn second_checklist_for_the_same_subject_needs_again() {
    let dir = netflix_dir();
    let open = ["checklist", "open", "arbitration", "--platform", "Netflix"];
    assert!(run(dir.path(), &open).status.success());

    let twice = run(dir.path(), &open);
    let again = run(dir.path(), &[&open[..], &["--again"]].concat());
    let other = run(
        dir.path(),
        &[
            "checklist",
            "open",
            "arbitration",
            "--platform",
            "Netflix",
            "--document",
            "Terms of Service",
        ],
    );

    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("checklist 1 already covers arbitration"),
        "{}",
        stderr(&twice)
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(other.status.success(), "a document is another subject: {}", stderr(&other));
    let listed = json(dir.path(), &["checklist", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
}

#[test]
fn audit_export_takes_out_like_memo() {
    let dir = netflix_dir();
    let file = dir.path().join("audit.csv");

    let output = run(dir.path(), &["audit", "export", "--out", file.to_str().unwrap()]);

    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(&file).expect("the CSV file");
    assert!(csv.starts_with("id,at,actor,action,entity,details,previous_hash,hash"), "{csv}");

    assert!(!stderr(&output).contains("Warning"), "{}", stderr(&output));
    let again = run(dir.path(), &["audit", "export", "--out", file.to_str().unwrap()]);

    assert!(!again.status.success(), "an existing export is kept");
    assert!(stderr(&again).contains("choose a new file name for the export"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&file).expect("the CSV file"), csv);
}

#[test]
fn audit_export_warns_of_a_broken_chain() {
    let dir = netflix_dir();
    json(dir.path(), &["platform", "rename", "Netflix", "Netflix Inc"]);
    let database = dir.path().join("clausewatch.sqlite3");
    let connection = rusqlite::Connection::open(database).unwrap();
    connection.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1", []).unwrap();

    let export = run(dir.path(), &["audit", "export"]);

    assert!(export.status.success(), "{}", stderr(&export));
    assert!(stdout(&export).contains(",mallory,"), "the log is exported as stored");
    assert!(stderr(&export).contains("hash chain is broken at entry 1;"), "{}", stderr(&export));
}

#[test]
fn review_can_be_cleared() {
    let dir = netflix_dir();
    let change = ai_change(dir.path());
    let clause = change["clause_id"].as_str().unwrap();
    json(dir.path(), &["review", clause, "2025-04-17", "dismissed"]);

    let cleared =
        json(dir.path(), &["review", clause, "2025-04-17", "unreviewed", "--reason", "by mistake"]);
    let again = json(dir.path(), &["review", clause, "2025-04-17", "unreviewed"]);

    assert_eq!(cleared["cleared"], true);
    assert_eq!(again["cleared"], false);
    let history = stdout(&run(dir.path(), &["clause", clause]));
    assert!(!history.contains("Review: dismissed"), "{history}");
    let entries = json(dir.path(), &["audit", "export"]);
    let actions: Vec<&str> =
        entries.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["review.set", "review.clear"]);
}

#[test]
fn checklist_history_shows_statuses_as_typed() {
    let dir = netflix_dir();
    let output = run(dir.path(), &["checklist", "open", "arbitration", "--platform", "Netflix"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let set = ["checklist", "set", "1", "--status", "non-complying", "--due", "2027-01-01"];
    let output = run(dir.path(), &set);
    assert!(output.status.success(), "{}", stderr(&output));

    let table = stdout(&run(dir.path(), &["checklist", "history", "1"]));

    let status_row = table.lines().find(|line| line.contains("status")).expect("a status row");
    assert!(status_row.contains("unassessed"), "{status_row}");
    assert!(status_row.contains("non-complying"), "{status_row}");
    assert!(!table.contains("non_complying"), "{table}");
    assert!(table.contains("due date"), "{table}");
}

#[test]
fn clause_marks_unverified_citations() {
    let dir = netflix_dir();
    let change = ai_change(dir.path());
    let clause = change["clause_id"].as_str().unwrap();

    let analysis = json(dir.path(), &["clause", clause]);
    let text = stdout(&run(dir.path(), &["clause", clause]));

    let regulations: Vec<&serde_json::Value> = analysis["analysis"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .flat_map(|category| category["regulations"].as_array().expect("regulations"))
        .collect();
    let unverified = regulations.iter().filter(|r| r["verified"] == false).count();
    assert!(unverified > 0, "the AI clause links at least one unverified citation");
    assert_eq!(text.matches(" (unverified)").count(), unverified, "{text}");
    assert!(text.contains("was not yet checked against the official text"), "{text}");
}

#[test]
fn import_reports_a_removed_review() {
    let archive = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let folder = archive.path().join("Acme").join("Terms");
    std::fs::create_dir_all(&folder).unwrap();
    let clause = |period: &str| {
        format!("# Terms\n\n1. You may cancel your membership {period} from the Account page.\n")
    };
    std::fs::write(folder.join("2026-01-01T00-00-00Z.md"), clause("at any time")).unwrap();
    std::fs::write(folder.join("2026-03-01T00-00-00Z.md"), clause("today")).unwrap();
    json(data.path(), &["import", archive.path().to_str().unwrap()]);
    let changes = json(data.path(), &["changes", "Acme", "Terms"]);
    let reworded = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["substantive"] == true)
        .expect("a reworded clause");
    let clause_id = reworded["clause_id"].as_str().unwrap();
    json(data.path(), &["review", clause_id, "2026-03-01", "reviewed"]);

    // A third wording in between leaves no change from "at any time" to "today".
    let later = tempfile::tempdir().unwrap();
    let later_folder = later.path().join("Acme").join("Terms");
    std::fs::create_dir_all(&later_folder).unwrap();
    std::fs::write(later_folder.join("2026-02-01T00-00-00Z.md"), clause("within 30 days")).unwrap();
    let output = run(data.path(), &["import", later.path().to_str().unwrap()]);

    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("Reviews removed because the reviewed change no longer exists: 1."),
        "{text}"
    );
    assert!(!text.contains("Reviews moved"), "{text}");
}
