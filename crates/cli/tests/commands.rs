//! The command line as a user meets it: tables, JSON and errors.

mod common;

use common::{corpus_data_dir, run, stderr, stdout};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let output = run(corpus_data_dir(), &all);
    assert!(output.status.success(), "{args:?} failed: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("valid JSON")
}

#[test]
fn changes_json_has_the_documented_fields() {
    let changes = json(&[
        "changes",
        "Netflix",
        "Terms of Service",
        "--since",
        "2026-04-11",
        "--until",
        "2026-04-11",
    ]);
    let changes = changes.as_array().expect("an array");
    assert!(!changes.is_empty());
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
    ] {
        assert!(changes[0].get(field).is_some(), "missing field {field}");
    }
    assert!(changes.iter().all(|c| c["recorded_at"] == "2026-04-11T00:43:52Z"));
    let ml = changes
        .iter()
        .find(|c| c["text_after"].as_str().is_some_and(|t| t.contains("machine learning tool")))
        .expect("the machine-learning clause");
    assert_eq!(ml["marker_before"], "(viii)");
    assert_eq!(ml["marker_after"], "(ix)");
    assert_eq!(ml["substantive"], false);
}

#[test]
fn substantive_filter_drops_formatting() {
    let all = json(&[
        "changes",
        "Reddit",
        "Terms of Service",
        "--since",
        "2026-05-27",
        "--until",
        "2026-05-27",
    ]);
    let substantive = json(&[
        "changes",
        "Reddit",
        "Terms of Service",
        "--since",
        "2026-05-27",
        "--until",
        "2026-05-27",
        "--substantive",
    ]);
    let all = all.as_array().expect("array");
    let substantive = substantive.as_array().expect("array");
    let expected = all.iter().filter(|c| c["substantive"] == true).count();
    assert!(expected > 0 && expected < all.len());
    assert_eq!(substantive.len(), expected);
}

#[test]
fn clause_history_reads_the_renumbering() {
    let changes = json(&[
        "changes",
        "Netflix",
        "Terms of Service",
        "--since",
        "2025-04-17",
        "--until",
        "2025-04-17",
    ]);
    let id = changes
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["text_after"].as_str().is_some_and(|t| t.contains("machine learning tool")))
        .and_then(|c| c["clause_id"].as_str())
        .expect("the clause id")
        .to_owned();
    let output = run(corpus_data_dir(), &["clause", &id]);
    let text = stdout(&output);
    assert!(
        text.contains("First recorded 2025-04-17T18:11:07Z (absent on 2024-09-01T06:10:53Z)"),
        "{text}"
    );
    assert!(
        text.contains("Renumbered and moved from 4.6 (viii) to 1.8 (ix); wording unchanged."),
        "{text}"
    );
}

#[test]
fn clause_id_in_capitals_names_the_clause() {
    let hits = json(&["search", "\"machine learning tool\""]);
    let id = hits.as_array().expect("array")[0]["clause_id"].as_str().expect("id").to_owned();

    let lower = run(corpus_data_dir(), &["clause", &id]);
    let upper = run(corpus_data_dir(), &["clause", &id.to_uppercase()]);
    let notes = run(corpus_data_dir(), &["note", "list", &id.to_uppercase()]);

    assert!(lower.status.success(), "{}", stderr(&lower));
    assert_eq!(stdout(&upper), stdout(&lower));
    assert!(notes.status.success(), "{}", stderr(&notes));
}

#[test]
fn as_of_rejects_impossible_day() {
    let output = run(corpus_data_dir(), &["as-of", "Netflix", "Terms of Service", "2026-02-30"]);

    assert!(!output.status.success());
    assert_eq!(
        stderr(&output).trim(),
        "error: invalid DATE \"2026-02-30\": that day does not exist; give a date as YYYY-MM-DD, \
         for example 2025-04-17"
    );
}

#[test]
fn versions_lists_counts() {
    let versions = json(&["versions", "GitHub", "Terms of Service"]);
    let versions = versions.as_array().expect("array");
    assert_eq!(versions.len(), 13);
    assert_eq!(versions[0]["recorded_at"], "2023-04-25T18:30:03Z");
    assert!(versions.iter().all(|v| v["clauses"].as_u64().unwrap_or(0) > 50));
}

#[test]
fn as_of_prints_the_text_in_force() {
    let output = run(corpus_data_dir(), &["as-of", "Netflix", "Terms of Service", "2026-01-01"]);
    let text = stdout(&output);
    assert!(output.status.success());
    assert!(text.contains("Version recorded 2025-12-10T12:45:43Z; superseded by the version recorded 2026-04-11T00:43:52Z."), "{text}");
    assert!(text.contains("(viii) engage in any of the foregoing"));
}

#[test]
fn diff_marks_words_without_colour() {
    let output = run(
        corpus_data_dir(),
        &["diff", "Reddit", "Terms of Service", "2026-04-01", "2026-05-27", "--substantive"],
    );
    let text = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("{+or considered unfair +}"), "{text}");
    assert!(!text.contains("Formatting changed"), "formatting hidden with --substantive");
}

#[test]
fn search_lists_hits_with_clause_ids() {
    let hits = json(&["search", "arbitration", "--limit", "10"]);
    let hits = hits.as_array().expect("array");
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["clause_id"].as_str().is_some_and(|id| id.starts_with('c')));
        assert!(hit["text"].as_str().is_some_and(|t| t.to_lowercase().contains("arbitrat")));
        // The JSON snippet is plain text, and each highlight range contains a matched word.
        let snippet: Vec<char> = hit["snippet"].as_str().expect("snippet").chars().collect();
        assert!(!snippet.contains(&'\u{2}'), "{snippet:?}");
        assert!(!snippet.contains(&'\u{3}'), "{snippet:?}");
        let highlights = hit["highlights"].as_array().expect("highlights");
        assert!(!highlights.is_empty(), "{hit}");
        for range in highlights {
            let offset = |index: usize| usize::try_from(range[index].as_u64().unwrap()).unwrap();
            let word: String = snippet[offset(0)..offset(1)].iter().collect();
            assert!(word.to_lowercase().starts_with("arbitrat"), "{word}");
        }
    }

    let output = run(corpus_data_dir(), &["search", "arbitration", "--limit", "3"]);
    let text = String::from_utf8_lossy(&output.stdout).to_lowercase();
    assert!(text.contains("[arbitration]"), "matches in brackets in the table: {text}");
    assert!(!text.contains('\u{2}'), "no match marks left in the table: {text}");
}

#[test]
fn unknown_platform_fails_with_the_known_names() {
    let output = run(corpus_data_dir(), &["versions", "Netflx", "Terms of Service"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("unknown platform \"Netflx\""), "{message}");
    assert!(message.contains("Netflix"), "{message}");
}

#[test]
fn ambiguous_date_fails_with_candidates() {
    let output = run(
        corpus_data_dir(),
        &["diff", "Netflix", "Terms of Service", "2021-02-23", "2021-03-03"],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("2021-02-23 is ambiguous"), "{message}");
    assert!(message.contains("2021-02-23T07:50:03Z, 2021-02-23T13:21:54Z"), "{message}");
}

#[test]
fn missing_path_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("folder");
    let output = run(dir.path(), &["import", "/nonexistent/versions"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("/nonexistent/versions does not exist"),
        "{}",
        stderr(&output)
    );
    let listed = run(dir.path(), &["--json", "platforms"]);
    assert_eq!(stdout(&listed).trim(), "[]");
}

#[test]
fn invalid_dates_are_named() {
    let output = run(
        corpus_data_dir(),
        &["changes", "Netflix", "Terms of Service", "--since", "17/04/2025"],
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("invalid --since \"17/04/2025\""), "{}", stderr(&output));
}

#[test]
fn changes_since_a_recorded_time() {
    let all = json(&["changes", "Netflix", "Privacy Policy"]);
    let all = all.as_array().expect("array");
    // Two versions of this policy were recorded on 2021-02-23, at 07:50:14 and 13:21:54.
    let times = |changes: &[serde_json::Value]| -> Vec<String> {
        changes.iter().map(|change| change["recorded_at"].as_str().unwrap().to_owned()).collect()
    };
    let expected: Vec<String> = times(all)
        .into_iter()
        .filter(|time| time.as_str() >= "2021-02-23T13:21:54Z" && time.starts_with("2021-02-23"))
        .collect();
    assert!(!expected.is_empty());
    assert!(times(all).iter().any(|time| time == "2021-02-23T07:50:14Z"));

    let bounded = json(&[
        "changes",
        "Netflix",
        "Privacy Policy",
        "--since",
        "2021-02-23T13:21:54Z",
        "--until",
        "2021-02-23",
    ]);
    assert_eq!(times(bounded.as_array().expect("array")), expected);
}

#[test]
fn as_of_warns_about_terms_not_yet_in_force() {
    let output = run(corpus_data_dir(), &["as-of", "Reddit", "Terms of Service", "2026-06-15"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("Version recorded 2026-05-27T00:47:47Z"), "{text}");
    assert!(text.contains("The text states the date 2026-07-01."), "{text}");
    assert!(text.contains("may announce terms that were not yet in force on 2026-06-15"), "{text}");
}

#[test]
fn search_query_may_start_with_exclusion() {
    let all = json(&["search", "arbitration", "--limit", "500"]);
    let all = all.as_array().expect("array");
    let without = json(&["search", "-class arbitration", "--limit", "500"]);
    let without = without.as_array().expect("array");

    // The word itself, as the index splits words, not "classes" or "classified".
    let mentions_class = |hit: &&serde_json::Value| {
        let text = hit["text"].as_str().unwrap_or_default().to_lowercase();
        text.split(|c: char| !c.is_alphanumeric()).any(|word| word == "class")
    };
    assert!(all.iter().any(|hit| mentions_class(&hit)), "some arbitration clauses say class");
    assert!(!without.is_empty());
    assert!(!without.iter().any(|hit| mentions_class(&hit)), "-class leaves them out");
    assert!(without.len() < all.len());
}

#[test]
fn search_limit_zero_is_rejected() {
    let output = run(corpus_data_dir(), &["search", "arbitration", "--limit", "0"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("invalid --limit 0"), "{}", stderr(&output));
}

#[test]
fn errors_do_not_repeat_their_cause() {
    let dir = tempfile::tempdir().expect("folder");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("file");
    let output = run(&file, &["platforms"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("could not create the data directory"), "{message}");
    assert_eq!(message.matches("os error").count(), 1, "{message}");
}

#[test]
fn import_reports_bad_files_and_keeps_the_rest() {
    let dir = tempfile::tempdir().expect("folder");
    let tree = tempfile::tempdir().expect("versions folder");
    let folder = tree.path().join("Acme/Terms of Service");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join("2025-01-01T00-00-00Z.md"), "You may cancel.\n").expect("file");
    std::fs::write(folder.join("2025-02-01T00-00-00Z.MD"), "You shall cancel.\n").expect("file");
    std::fs::write(folder.join("2025-03-01T00-00-00Z.md"), [0x66, 0xff]).expect("file");
    std::fs::write(folder.join("notes.txt"), "to do").expect("file");
    let root = tree.path().to_str().expect("UTF-8 path");

    let output = run(dir.path(), &["--json", "import", root]);
    let text = run(dir.path(), &["import", root]);

    assert!(!output.status.success(), "a failed file makes the command fail");
    let import: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    assert_eq!(import["documents"][0]["added"].as_array().map(Vec::len), Some(2));
    let failed = import["failed"].as_array().expect("failed files");
    assert_eq!(failed.len(), 1);
    let bad = folder.join("2025-03-01T00-00-00Z.md");
    assert_eq!(failed[0]["path"], bad.display().to_string());
    assert!(failed[0]["reason"].as_str().expect("a reason").contains("UTF-8"));
    let skipped = import["skipped"].as_array().expect("skipped files");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["path"], folder.join("notes.txt").display().to_string());
    assert!(stderr(&output).contains("1 file was not imported"), "{}", stderr(&output));

    assert!(!text.status.success());
    let listed = stdout(&text);
    assert!(listed.contains(&format!("failed: {}: not UTF-8", bad.display())), "{listed}");
    assert!(listed.contains("skipped: "), "{listed}");
    assert!(listed.contains("0 versions added"), "the second run finds them stored: {listed}");
    let platforms = run(dir.path(), &["--json", "platforms"]);
    let platforms: Value = serde_json::from_str(&stdout(&platforms)).expect("valid JSON");
    assert_eq!(platforms[0]["documents"][0]["versions"], 2);
}

#[test]
fn import_counts_case_variant_folders_once() {
    let dir = tempfile::tempdir().expect("folder");
    let tree = tempfile::tempdir().expect("versions folder");
    for (folder, name, text) in [
        ("Acme/Terms of Service", "2025-01-01T00-00-00Z.md", "You may cancel.\n"),
        ("ACME/terms of service", "2025-02-01T00-00-00Z.md", "You shall cancel.\n"),
    ] {
        let folder = tree.path().join(folder);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join(name), text).expect("file");
    }
    let root = tree.path().to_str().expect("UTF-8 path");

    let listed = stdout(&run(dir.path(), &["import", root]));

    assert!(listed.contains("2 versions added across 1 document."), "{listed}");
    let rows = listed.to_lowercase().matches("terms of service").count();
    assert_eq!(rows, 1, "one row: {listed}");
}

/// Runs `args` with standard output closed before anything is read, as `| head -1` does once
/// it has its line, and returns the exit status and standard error.
fn run_into_closed_pipe(args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child = common::clausewatch(corpus_data_dir())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("clausewatch starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("clausewatch ends");
    (output.status, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn closed_pipe_ends_json_quietly() {
    let (status, stderr) =
        run_into_closed_pipe(&["--json", "changes", "Netflix", "Terms of Service"]);

    assert!(status.success(), "exit status {status}");
    assert_eq!(stderr, "");
}

#[test]
fn closed_pipe_ends_table_quietly() {
    let (status, stderr) = run_into_closed_pipe(&["changes", "Netflix", "Terms of Service"]);

    assert!(status.success(), "exit status {status}");
    assert_eq!(stderr, "");
}

#[test]
fn change_table_shows_each_severity() {
    let records = json(&["changes", "Netflix", "Terms of Service"]);
    let rated: Vec<(String, String)> = records
        .as_array()
        .expect("an array of changes")
        .iter()
        .filter(|record| record["severity"].as_str().is_some_and(|level| level != "none"))
        .map(|record| {
            let level = record["severity"].as_str().unwrap_or_default().to_owned();
            let reason = record["severity_reason"].as_str().unwrap_or_default().to_owned();
            (level, reason)
        })
        .collect();
    assert!(!rated.is_empty(), "the history has rated changes");

    let output = run(corpus_data_dir(), &["changes", "Netflix", "Terms of Service"]);
    let table = stdout(&output);
    let lines: Vec<&str> =
        table.lines().filter(|line| line.trim_start().starts_with("Severity ")).collect();

    assert_eq!(lines.len(), rated.len());
    for (line, (level, reason)) in lines.iter().zip(&rated) {
        assert_eq!(line.trim(), format!("Severity {level}: {reason}"));
    }
}

#[test]
fn json_error_is_json_on_stderr() {
    let output = run(corpus_data_dir(), &["--json", "versions", "Nope", "Terms of Service"]);

    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    let error: Value = serde_json::from_str(stderr(&output).trim()).expect("one JSON object");
    assert_eq!(error["code"], "not_found");
    let message = error["message"].as_str().expect("a message");
    assert!(message.contains("\"Nope\""), "{message}");
}

#[test]
fn json_usage_error_is_json_too() {
    let output = run(corpus_data_dir(), &["--json", "note", "confirm", "abc"]);

    assert_eq!(output.status.code(), Some(2), "a usage error keeps clap's status");
    let error: Value = serde_json::from_str(stderr(&output).trim()).expect("one JSON object");
    assert_eq!(error["code"], "usage");
    let message = error["message"].as_str().expect("a message");
    assert!(message.starts_with("invalid value 'abc' for '<ID>'"), "{message}");
}

#[test]
fn json_bad_argument_is_invalid_input() {
    let args = ["--json", "changes", "Netflix", "Terms of Service", "--since", "yesterday"];
    let output = run(corpus_data_dir(), &args);

    let error: Value = serde_json::from_str(stderr(&output).trim()).expect("one JSON object");
    assert_eq!(error["code"], "invalid_input");
}
